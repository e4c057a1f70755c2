// What the scheduler knows of one node (framework.NodeInfo): the node, the
// pods its cache holds for it (bound pods, terminating ones included; a
// Succeeded or Failed pod is not in the cache), and what is kept up to date
// as pods come and go so that no filter has to walk them: requested
// resources, host ports in use, claims in use, and the pods with required
// anti-affinity. A scheduling snapshot is these for every node, plus the
// namespaces and storage objects the filters look up.
// Sources: pkg/scheduler/framework/types.go (NodeInfo, AddPodInfo, update, updatePVCRefCounts),
// pkg/scheduler/scheduler.go (newPodInformer: terminal pods are left out),
// pkg/scheduler/internal/cache/snapshot.go.

import { volumeClass } from './persistentVolumes';
import { isPodTerminal } from './pods';
import { HostPortInfo, hostPorts } from './nodePorts';
import { nodeAllocatable, nodeUsage, nonZeroDefaults, podRequest, type NodeCapacity, type NodeUsage } from './scheduling';
import type { Labels, Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from './types';

export interface NodeInfo {
  readonly node: Node;
  readonly name: string;
  readonly pods: Pod[];
  /** `nodeAllocatable(node)`, read once. */
  readonly allocatable: NodeCapacity;
  readonly requested: NodeUsage;
  readonly nonZeroRequested: NodeUsage;
  readonly usedPorts: HostPortInfo;
  /** `namespace/claim` → how many of the node's pods use it. */
  readonly pvcRefCounts: Map<string, number>;
  readonly podsWithRequiredAntiAffinity: Pod[];
}

export const hasRequiredAntiAffinity = (p: Pod): boolean => (p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).length > 0;

/** `PodPVCKeys`: the claims a pod's volumes use, `namespace/name` (a generic ephemeral volume's claim is `<pod>-<volume>`). */
export function podClaimKeys(pod: Pod): string[] {
  const ns = pod.metadata?.namespace ?? '';
  const keys: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    const name = v?.persistentVolumeClaim ? v.persistentVolumeClaim.claimName : v?.ephemeral ? ephemeralClaimName(pod, v.name ?? '') : undefined;
    if (name !== undefined) keys.push(`${ns}/${name}`);
  }
  return keys;
}

/** `ephemeral.VolumeClaimName`. */
export const ephemeralClaimName = (pod: Pod, volumeName: string): string => `${pod.metadata?.name ?? ''}-${volumeName}`;

export function newNodeInfo(node: Node, pods: readonly Pod[] = []): NodeInfo {
  const info: NodeInfo = {
    node,
    name: node.metadata?.name ?? '',
    pods: [],
    allocatable: nodeAllocatable(node),
    requested: nodeUsage([]),
    nonZeroRequested: nodeUsage([]),
    usedPorts: new HostPortInfo(),
    pvcRefCounts: new Map(),
    podsWithRequiredAntiAffinity: [],
  };
  for (const p of pods) addPod(info, p);
  return info;
}

function update(info: NodeInfo, pod: Pod, sign: 1 | -1): void {
  const r = podRequest(pod.spec);
  const nz = podRequest(pod.spec, nonZeroDefaults);
  info.requested.pods += sign;
  info.requested.milliCPU += sign * r.milliCPU;
  info.requested.memory += sign * r.memory;
  info.nonZeroRequested.pods += sign;
  info.nonZeroRequested.milliCPU += sign * nz.milliCPU;
  info.nonZeroRequested.memory += sign * nz.memory;
  for (const p of hostPorts(pod.spec)) info.usedPorts.add(p, sign);
  for (const key of podClaimKeys(pod)) {
    const n = (info.pvcRefCounts.get(key) ?? 0) + sign;
    if (n > 0) info.pvcRefCounts.set(key, n);
    else info.pvcRefCounts.delete(key);
  }
}

/** Adds a pod bound to the node (or assumed there); a terminal pod is not held by the cache and is ignored. */
export function addPod(info: NodeInfo, pod: Pod): void {
  if (isPodTerminal(pod)) return;
  info.pods.push(pod);
  if (hasRequiredAntiAffinity(pod)) info.podsWithRequiredAntiAffinity.push(pod);
  update(info, pod, 1);
}

/** Takes away a pod `addPod` added (the same object). */
export function removePod(info: NodeInfo, pod: Pod): void {
  const i = info.pods.indexOf(pod);
  if (i < 0) return;
  info.pods.splice(i, 1);
  const j = info.podsWithRequiredAntiAffinity.indexOf(pod);
  if (j >= 0) info.podsWithRequiredAntiAffinity.splice(j, 1);
  update(info, pod, -1);
}

/** A copy of the node's info without some of its pods (what preemption looks at once its victims are gone). */
export function withoutPods(info: NodeInfo, removed: ReadonlySet<Pod>): NodeInfo {
  return newNodeInfo(
    info.node,
    info.pods.filter((p) => !removed.has(p)),
  );
}

/** What the filters may look up beyond the nodes: read through, so a caller may back them with a live store. */
export interface SchedulingSnapshot {
  /** Every node, in a fixed order (the FitError counts them all). */
  readonly nodes: readonly NodeInfo[];
  namespace(name: string): Namespace | undefined;
  namespaces(): readonly Namespace[];
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  /** Persistent volumes of a class (`""` for volumes without one). */
  volumesOfClass(className: string): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
}

export interface SnapshotObjects {
  nodes: readonly Node[];
  pods: readonly Pod[];
  namespaces?: readonly Namespace[];
  claims?: readonly PersistentVolumeClaim[];
  volumes?: readonly PersistentVolume[];
  storageClasses?: readonly StorageClass[];
}

const byName = <T extends { metadata?: { name?: string; namespace?: string } }>(objects: readonly T[] | undefined, namespaced: boolean) =>
  new Map((objects ?? []).map((o) => [namespaced ? `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}` : (o.metadata?.name ?? ''), o]));

/** A snapshot of plain objects, listed once: pods go to the nodes they are bound to, in the nodes' order. */
export function snapshotOf(objects: SnapshotObjects): SchedulingSnapshot {
  const nodes = objects.nodes.map((n) => newNodeInfo(n));
  const index = new Map(nodes.map((n) => [n.name, n]));
  for (const p of objects.pods) {
    const n = p.spec?.nodeName ? index.get(p.spec.nodeName) : undefined;
    if (n) addPod(n, p);
  }
  const namespaces = byName(objects.namespaces, false);
  const claims = byName(objects.claims, true);
  const volumes = byName(objects.volumes, false);
  const classes = byName(objects.storageClasses, false);
  const ofClass = new Map<string, PersistentVolume[]>();
  for (const v of volumes.values()) {
    const c = volumeClass(v);
    ofClass.set(c, [...(ofClass.get(c) ?? []), v]);
  }
  return {
    nodes,
    namespace: (name) => namespaces.get(name),
    namespaces: () => [...namespaces.values()],
    claim: (ns, name) => claims.get(`${ns}/${name}`),
    volume: (name) => volumes.get(name),
    volumesOfClass: (c) => ofClass.get(c) ?? [],
    storageClass: (name) => classes.get(name),
  };
}

/** The labels of a pod's namespace as the scheduler reads them: none when the Namespace does not exist (`GetNamespaceLabelsSnapshot`). */
export function namespaceLabels(snapshot: SchedulingSnapshot, name: string): Labels {
  return snapshot.namespace(name)?.metadata?.labels ?? {};
}
