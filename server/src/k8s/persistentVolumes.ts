// Persistent volumes and claims: their classes, what "bound" means, which
// nodes a volume can be used from, and which volume a claim may bind. The
// scheduler's volume filters and the simulated PV controller share these.
// Sources: staging/src/k8s.io/component-helpers/storage/volume/{helpers,pv_helpers}.go
// (GetPersistentVolumeClaimClass, GetPersistentVolumeClass, CheckNodeAffinity,
// FindMatchingVolume, IsVolumeBoundToClaim, CheckVolumeModeMismatches, annotations),
// pkg/scheduler/util (GetLocalPersistentVolumeNodeNames),
// pkg/apis/core/v1/helper (MatchTopologySelectorTerms),
// staging/src/k8s.io/cloud-provider/volume/helpers/zones.go (LabelZonesToSet).

import { selectorMatches, selectorOrNothing } from './labels';
import { wholeValue } from './quantity';
import { nodeSelectorTermMatches, valuesPerTerm } from './scheduling';
import type { Labels, Node, PersistentVolume, PersistentVolumeClaim, StorageClass } from './types';

export const volumeAnnotations = {
  /** On a claim: the PV controller finished binding it (the scheduler's "fully bound"). */
  bindCompleted: 'pv.kubernetes.io/bind-completed',
  boundByController: 'pv.kubernetes.io/bound-by-controller',
  /** On a WaitForFirstConsumer claim: the node the scheduler chose, for the provisioner. */
  selectedNode: 'volume.kubernetes.io/selected-node',
  storageProvisioner: 'volume.kubernetes.io/storage-provisioner',
  betaStorageProvisioner: 'volume.beta.kubernetes.io/storage-provisioner',
  provisionedBy: 'pv.kubernetes.io/provisioned-by',
  betaStorageClass: 'volume.beta.kubernetes.io/storage-class',
  /** On a StorageClass: claims without a class get this one (DefaultStorageClass admission). */
  isDefaultClass: 'storageclass.kubernetes.io/is-default-class',
} as const;

/** The provisioner that means "no dynamic provisioning" (local volumes). */
export const noProvisioner = 'kubernetes.io/no-provisioner';

const annotation = (o: { metadata?: { annotations?: Record<string, string> } }, key: string) => o.metadata?.annotations?.[key];

/** `GetPersistentVolumeClaimClass`: the beta annotation first, then spec.storageClassName; `""` for none. */
export function claimClass(claim: PersistentVolumeClaim): string {
  return annotation(claim, volumeAnnotations.betaStorageClass) ?? claim.spec?.storageClassName ?? '';
}

/** `GetPersistentVolumeClass`. */
export function volumeClass(pv: PersistentVolume): string {
  return annotation(pv, volumeAnnotations.betaStorageClass) ?? pv.spec?.storageClassName ?? '';
}

/** `isPVCFullyBound`: volumeName set and the bind-completed annotation present. */
export function isClaimFullyBound(claim: PersistentVolumeClaim): boolean {
  return !!claim.spec?.volumeName && annotation(claim, volumeAnnotations.bindCompleted) !== undefined;
}

/** Whether the class makes claims wait for a pod (`IsDelayBindingMode`; a missing class is Immediate). */
export function isDelayBinding(claim: PersistentVolumeClaim, storageClass: (name: string) => StorageClass | undefined): boolean {
  const name = claimClass(claim);
  return !!name && storageClass(name)?.volumeBindingMode === 'WaitForFirstConsumer';
}

/** `CheckNodeAffinity`: a PV without required node affinity fits anywhere; otherwise the node's labels match one of its terms. */
export function volumeFitsNode(pv: PersistentVolume, nodeLabels: Labels | undefined): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return true;
  const node: Node = { metadata: { labels: nodeLabels ?? {} } };
  return (required.nodeSelectorTerms ?? []).some((t) => nodeSelectorTermMatches(t, node));
}

/** `GetLocalPersistentVolumeNodeNames`: the hostnames a PV's node affinity names with `kubernetes.io/hostname In`, else none. */
export function localVolumeNodeNames(pv: PersistentVolume): string[] {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  const result = new Set<string>();
  for (const names of valuesPerTerm(terms, (t) => t?.matchExpressions, 'kubernetes.io/hostname')) for (const n of names ?? []) result.add(n);
  return [...result].sort();
}

/** `MatchTopologySelectorTerms`: no terms match every node; otherwise one term whose every expression holds. */
export function matchesAllowedTopologies(storageClass: StorageClass, nodeLabels: Labels | undefined): boolean {
  const terms = storageClass.allowedTopologies ?? [];
  if (terms.length === 0) return true;
  const labels = nodeLabels ?? {};
  return terms.some((t) => (t?.matchLabelExpressions ?? []).every((e) => Object.prototype.hasOwnProperty.call(labels, e.key) && (e.values ?? []).includes(labels[e.key])));
}

/** `IsVolumeBoundToClaim`: the PV's claimRef names the claim (and its uid, when it has one). */
export function isVolumeBoundToClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

const storageOf = (q: Record<string, string | number> | undefined) => wholeValue(q?.storage) ?? 0;

/** A claim's requested storage, in bytes. */
export const claimRequest = (claim: PersistentVolumeClaim): number => storageOf(claim.spec?.resources?.requests);

/** A volume's capacity, in bytes. */
export const volumeCapacity = (pv: PersistentVolume): number => storageOf(pv.spec?.capacity);

/** `CheckAccessModes`: the volume offers every mode the claim asks for. */
export function offersAccessModes(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const offered = new Set(pv.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((m) => offered.has(m));
}

/**
 * `FindMatchingVolume`: a volume pre-bound to the claim (if its node
 * affinity fits `node`), else the smallest Available volume of the claim's
 * class that is big enough, has its access modes and volume mode, matches
 * its selector and, on the scheduler's path (`node` given), fits the node.
 * The PV controller (no node) leaves delayed-binding claims to the scheduler.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  node: Node | undefined,
  excluded: ReadonlySet<string> = new Set(),
  delayBinding = false,
): PersistentVolume | undefined {
  const requested = claimRequest(claim);
  const wantedClass = claimClass(claim);
  const selector = claim.spec?.selector ? selectorOrNothing(claim.spec.selector) : undefined;
  const mode = (v: string | null | undefined) => v || 'Filesystem';
  let smallest: PersistentVolume | undefined;
  for (const pv of volumes) {
    if (excluded.has(pv.metadata?.name ?? '')) continue;
    if (pv.spec?.claimRef && !isVolumeBoundToClaim(pv, claim)) continue;
    if (volumeCapacity(pv) < requested) continue;
    if (mode(claim.spec?.volumeMode) !== mode(pv.spec?.volumeMode)) continue;
    if (pv.metadata?.deletionTimestamp) continue;
    const fitsNode = !node || volumeFitsNode(pv, node.metadata?.labels);
    if (isVolumeBoundToClaim(pv, claim)) return fitsNode ? pv : undefined;
    if (!node && delayBinding) continue;
    if (pv.status?.phase !== 'Available') continue;
    if (selector && !selectorMatches(selector, pv.metadata?.labels)) continue;
    if (volumeClass(pv) !== wantedClass || !fitsNode) continue;
    if (!offersAccessModes(pv, claim)) continue;
    if (!smallest || volumeCapacity(smallest) > volumeCapacity(pv)) smallest = pv;
  }
  return smallest;
}

/** `LabelZonesToSet`: `a__b` is {a, b}; an empty piece makes the whole value unusable (undefined). */
export function labelZonesToSet(value: string): Set<string> | undefined {
  const zones = new Set<string>();
  for (const piece of value.split('__')) {
    const zone = piece.trim();
    if (zone === '') return undefined;
    zones.add(zone);
  }
  return zones;
}
