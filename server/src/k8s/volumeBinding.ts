// The pod's claims as the VolumeRestrictions and VolumeBinding filters see
// them: missing, lost or deleted claims and unbound Immediate claims keep
// the pod off every node (PreFilter); a bound claim's volume must be
// usable from the node (its node affinity); a WaitForFirstConsumer claim
// needs a volume it can bind there, or a provisioner that can make one there.
// Sources: pkg/scheduler/framework/plugins/volumerestrictions/volume_restrictions.go
// (PreFilter, readWriteOncePodPVCsForPod, satisfyReadWriteOncePod),
// pkg/scheduler/framework/plugins/volumebinding/{volume_binding,binder}.go
// (podHasPVCs, GetPodVolumeClaims, GetEligibleNodes, FindPodVolumes,
// checkBoundClaims, findMatchingVolumes, checkVolumeProvisions, the ErrReason strings).

import { ephemeralClaimName, type NodeInfo, type SchedulingSnapshot } from './nodeInfo';
import {
  claimClass,
  claimRequest,
  findMatchingVolume,
  isClaimFullyBound,
  isDelayBinding,
  localVolumeNodeNames,
  matchesAllowedTopologies,
  noProvisioner,
  volumeAnnotations,
  volumeFitsNode,
} from './persistentVolumes';
import type { FilterResult } from './scheduling';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from './types';

export const volumeBindingReasons = {
  nodeConflict: 'node(s) had volume node affinity conflict',
  bindConflict: "node(s) didn't find available persistent volumes to bind",
  notEnoughSpace: 'node(s) did not have enough free storage',
  pvNotExist: 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)',
  unboundImmediate: 'pod has unbound immediate PersistentVolumeClaims',
  readWriteOncePodConflict: 'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode',
} as const;

/** The lister's NotFound text, which the plugins pass on as their message. */
export const claimNotFound = (name: string) => `persistentvolumeclaim ${JSON.stringify(name)} not found`;

/** A PreFilter's outcome: Skip, reject the pod on every node, or state for Filter (with the nodes it narrows to, if any). */
export type PreFilterOutcome<S> = { skip: true } | { reject: string } | { state: S; nodeNames?: Set<string> };

/** VolumeRestrictions' PreFilter: every claim named by a persistentVolumeClaim volume exists; a ReadWriteOncePod claim is used by no other pod. */
export function volumeRestrictionsPreFilter(pod: Pod, snapshot: SchedulingSnapshot): PreFilterOutcome<ReadWriteOncePodState> {
  const ns = pod.metadata?.namespace ?? '';
  const claims = new Set<string>();
  for (const v of pod.spec?.volumes ?? []) {
    if (!v?.persistentVolumeClaim) continue;
    const name = v.persistentVolumeClaim.claimName;
    const claim = snapshot.claim(ns, name);
    if (!claim) return { reject: claimNotFound(name) };
    if ((claim.spec?.accessModes ?? []).includes('ReadWriteOncePod')) claims.add(name);
  }
  if (claims.size === 0) return { skip: true };
  const conflicts = [...claims].filter((name) => snapshot.nodes.some((n) => n.pvcRefCounts.has(`${ns}/${name}`))).length;
  return { state: { claims, conflicts } };
}

/** The pod's ReadWriteOncePod claims (by name) and how many of them placed pods use. */
export interface ReadWriteOncePodState {
  claims: Set<string>;
  conflicts: number;
}

export function volumeRestrictionsFilter(state: ReadWriteOncePodState): FilterResult | undefined {
  return state.conflicts > 0 ? { fits: false, reasons: [volumeBindingReasons.readWriteOncePodConflict], unresolvable: false } : undefined;
}

export interface VolumeBindingState {
  boundClaims: PersistentVolumeClaim[];
  /** Unbound WaitForFirstConsumer claims, bound or provisioned once the pod has a node. */
  delayedClaims: PersistentVolumeClaim[];
}

/** The claim each claim-backed volume of the pod names: persistentVolumeClaim, or a generic ephemeral volume's `<pod>-<volume>`. */
function podClaims(pod: Pod): { name: string; ephemeral: boolean }[] {
  const claims: { name: string; ephemeral: boolean }[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v?.persistentVolumeClaim) claims.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v?.ephemeral) claims.push({ name: ephemeralClaimName(pod, v.name ?? ''), ephemeral: true });
  }
  return claims;
}

/** Whether a generic ephemeral volume's claim was made for this pod (`VolumeIsForPod`). */
function claimOwnedBy(claim: PersistentVolumeClaim, pod: Pod): boolean {
  return (claim.metadata?.ownerReferences ?? []).some((r) => r?.controller && r.uid === pod.metadata?.uid);
}

/**
 * VolumeBinding's PreFilter (`podHasPVCs`, `GetPodVolumeClaims`): claims
 * sorted into bound and delayed; the bound claims' local volumes narrow the
 * nodes to theirs (`GetEligibleNodes`).
 */
export function volumeBindingPreFilter(pod: Pod, snapshot: SchedulingSnapshot): PreFilterOutcome<VolumeBindingState> {
  const ns = pod.metadata?.namespace ?? '';
  const wanted = podClaims(pod);
  if (wanted.length === 0) return { skip: true };
  const claims: PersistentVolumeClaim[] = [];
  for (const { name, ephemeral } of wanted) {
    const claim = snapshot.claim(ns, name);
    if (!claim) return { reject: ephemeral ? `waiting for ephemeral volume controller to create the persistentvolumeclaim ${JSON.stringify(name)}` : claimNotFound(name) };
    if (claim.status?.phase === 'Lost') return { reject: `persistentvolumeclaim ${JSON.stringify(claim.metadata?.name)} bound to non-existent persistentvolume ${JSON.stringify(claim.spec?.volumeName ?? '')}` };
    if (claim.metadata?.deletionTimestamp) return { reject: `persistentvolumeclaim ${JSON.stringify(claim.metadata?.name)} is being deleted` };
    if (ephemeral && !claimOwnedBy(claim, pod)) return { reject: `PVC ${ns}/${name} was not created for pod ${ns}/${pod.metadata?.name ?? ''} (pod is not owner)` };
    claims.push(claim);
  }
  const state: VolumeBindingState = { boundClaims: [], delayedClaims: [] };
  const storageClass = (n: string) => snapshot.storageClass(n);
  for (const claim of claims) {
    if (isClaimFullyBound(claim)) state.boundClaims.push(claim);
    else if (!claim.spec?.volumeName && isDelayBinding(claim, storageClass)) state.delayedClaims.push(claim);
    else return { reject: volumeBindingReasons.unboundImmediate };
  }
  const nodeNames = eligibleNodes(state.boundClaims, snapshot);
  return nodeNames ? { state, nodeNames } : { state };
}

/** `GetEligibleNodes`: the intersection of the bound local volumes' nodes; undefined when none narrows (or a volume is missing). */
function eligibleNodes(bound: readonly PersistentVolumeClaim[], snapshot: SchedulingSnapshot): Set<string> | undefined {
  let eligible: Set<string> | undefined;
  for (const claim of bound) {
    const pv = snapshot.volume(claim.spec?.volumeName ?? '');
    if (!pv) return undefined;
    const names = localVolumeNodeNames(pv);
    if (names.length === 0) continue;
    eligible = eligible ? new Set(names.filter((n) => eligible!.has(n))) : new Set(names);
  }
  return eligible;
}

/** What binding the pod's delayed claims on a node takes: static volumes to bind, claims to provision. */
export interface PodVolumes {
  staticBindings: { claim: PersistentVolumeClaim; volume: PersistentVolume }[];
  dynamicProvisions: PersistentVolumeClaim[];
}

/** `FindPodVolumes`: the node's conflict reasons (in the binder's order), and how the delayed claims would be satisfied there. */
export function findPodVolumes(state: VolumeBindingState, node: Node, snapshot: SchedulingSnapshot): { reasons: string[]; volumes: PodVolumes } {
  const volumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
  let boundSatisfied = true;
  let boundFound = true;
  let unboundSatisfied = true;
  let sufficientStorage = true;
  const reasons = () => [
    ...(boundSatisfied ? [] : [volumeBindingReasons.nodeConflict]),
    ...(unboundSatisfied ? [] : [volumeBindingReasons.bindConflict]),
    ...(sufficientStorage ? [] : [volumeBindingReasons.notEnoughSpace]),
    ...(boundFound ? [] : [volumeBindingReasons.pvNotExist]),
  ];
  // checkBoundClaims: the first missing or mismatched volume decides.
  for (const claim of state.boundClaims) {
    const pv = snapshot.volume(claim.spec?.volumeName ?? '');
    if (!pv) {
      boundFound = false;
      break;
    }
    if (!volumeFitsNode(pv, node.metadata?.labels)) {
      boundSatisfied = false;
      break;
    }
  }
  if (state.delayedClaims.length === 0) return { reasons: reasons(), volumes };
  const toProvision: PersistentVolumeClaim[] = [];
  const toMatch: PersistentVolumeClaim[] = [];
  for (const claim of state.delayedClaims) {
    const selected = claim.metadata?.annotations?.[volumeAnnotations.selectedNode];
    if (selected === undefined) {
      toMatch.push(claim);
    } else if (selected !== node.metadata?.name) {
      unboundSatisfied = false;
      return { reasons: reasons(), volumes };
    } else {
      toProvision.push(claim);
    }
  }
  // findMatchingVolumes: smallest requests first, each volume chosen once.
  const chosen = new Set<string>();
  for (const claim of [...toMatch].sort((a, b) => claimRequest(a) - claimRequest(b))) {
    const pv = findMatchingVolume(claim, snapshot.volumesOfClass(claimClass(claim)), node, chosen, true);
    if (!pv) {
      unboundSatisfied = false;
      toProvision.push(claim);
      continue;
    }
    chosen.add(pv.metadata?.name ?? '');
    volumes.staticBindings.push({ claim, volume: pv });
  }
  // checkVolumeProvisions: a class with a provisioner whose allowed topologies include the node.
  if (toProvision.length > 0) {
    for (const claim of toProvision) {
      const sc = snapshot.storageClass(claimClass(claim));
      if (!sc?.provisioner || sc.provisioner === noProvisioner || !matchesAllowedTopologies(sc, node.metadata?.labels)) {
        unboundSatisfied = false;
        volumes.dynamicProvisions = [];
        return { reasons: reasons(), volumes };
      }
      volumes.dynamicProvisions.push(claim);
    }
    unboundSatisfied = true;
  }
  return { reasons: reasons(), volumes };
}

export function volumeBindingFilter(state: VolumeBindingState, info: NodeInfo, snapshot: SchedulingSnapshot): FilterResult | undefined {
  const { reasons } = findPodVolumes(state, info.node, snapshot);
  return reasons.length ? { fits: false, reasons, unresolvable: true } : undefined;
}
