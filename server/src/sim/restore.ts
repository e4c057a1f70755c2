// Objects as another cluster holds them, made ready to load into the
// simulator as they are (SimCluster.restore): with their status, uids,
// owner references and timestamps. Prepared once, they can be loaded into
// any number of simulators (the drain planner plays several): they are
// frozen, and a simulator shares them until it writes a new version. Their
// specs and statuses are not copied but shared, and frozen with them: hand
// over objects nothing will change (a listing's, say).
//
// What preparing does: kinds the simulator does not model are set aside;
// defaults fill what a hand-written object leaves out (nothing is
// validated: the cluster they come from accepted them); bookkeeping nothing
// here reads is dropped (managedFields, kubectl's last-applied copy); and
// the revision names of DaemonSet and StatefulSet pods are translated into
// the simulator's (it keeps no ControllerRevisions and names a revision by
// its own hash of the template), so that pods the cluster had rolled out
// are not rolled out again.

import type { KubeObject, ObjectMeta, Pod, Workload } from '../k8s/types';
import { getControllerOf } from '../k8s/pods';
import { resourceForKind, type ResourceInfo } from './api';
import { daemonSetRevision } from './controllers/daemonSet';
import { statefulSetRevision } from './controllers/statefulSet';
import { applyDefaults } from './defaults';
import { apiVersionOf, copy, deepFreeze } from './objects';

/** Objects ready for SimCluster.restore: frozen, in load order (owners before what they own, budgets last). */
export interface Restorable {
  readonly objects: readonly KubeObject[];
  /** What was set aside, one line each. */
  readonly skipped: readonly string[];
}

const restoreOrder = ['Namespace', 'Node', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'Pod', 'PodDisruptionBudget'];
/** `kubectl apply`'s copy of the last applied manifest: large, and read by nothing in a simulation. */
const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
const revisionLabel = 'controller-revision-hash';

const isObject = (v: unknown): v is KubeObject => !!v && typeof v === 'object' && !Array.isArray(v);

/** Whether the object lacks what the API server fills in: a hand-written one, not one a cluster served. */
function undefaulted(kind: string, obj: KubeObject): boolean {
  const w = obj as Workload & Pod;
  if (kind === 'Pod') return w.spec?.schedulerName === undefined;
  if (w.spec?.template) return w.spec.template.spec?.schedulerName === undefined;
  return kind === 'Namespace' && !(obj as { spec?: unknown }).spec;
}

/** A new top level and metadata over the input's own spec and status (shared, and frozen with the result). */
function normalize(info: ResourceInfo, input: KubeObject): KubeObject {
  const { managedFields: _managed, resourceVersion: _rv, ...meta } = (input.metadata ?? {}) as ObjectMeta & { managedFields?: unknown };
  if (info.namespaced) meta.namespace ||= 'default';
  else delete meta.namespace;
  if (meta.annotations?.[lastAppliedAnnotation] !== undefined) {
    const { [lastAppliedAnnotation]: _dropped, ...annotations } = meta.annotations;
    meta.annotations = annotations;
  }
  const obj: KubeObject = { ...input, apiVersion: apiVersionOf(info), kind: info.kind, metadata: meta };
  if (!undefaulted(info.kind, obj)) return obj;
  const defaulted = copy(obj);
  applyDefaults(info.kind, defaulted);
  return defaulted;
}

/**
 * The simulator's name for the revision each up-to-date pod of a DaemonSet
 * or StatefulSet is at, by the pod's current name for it. A StatefulSet says
 * which revision is current (status.updateRevision); a DaemonSet whose
 * status counts every scheduled pod as updated has all of them current, and
 * otherwise the pods of its current generation are (pod-template-generation).
 */
function revisionRenames(objects: readonly KubeObject[]): Map<string, (pod: Pod) => string | undefined> {
  const renames = new Map<string, (pod: Pod) => string | undefined>();
  for (const obj of objects) {
    const w = obj as Workload;
    const status = (w.status ?? {}) as Record<string, unknown>;
    const uid = w.metadata?.uid;
    if (!uid) continue;
    if (w.kind === 'StatefulSet' && typeof status.updateRevision === 'string') {
      const ours = statefulSetRevision(w);
      renames.set(uid, (pod) => (pod.metadata?.labels?.[revisionLabel] === status.updateRevision ? ours : undefined));
    } else if (w.kind === 'DaemonSet') {
      const ours = daemonSetRevision(w);
      const allUpdated = Number(status.updatedNumberScheduled ?? 0) >= Number(status.currentNumberScheduled ?? 0);
      const generation = String(w.metadata?.generation ?? '');
      renames.set(uid, (pod) => (allUpdated || pod.metadata?.labels?.['pod-template-generation'] === generation ? ours : undefined));
    }
  }
  return renames;
}

export function prepareRestore(input: readonly unknown[]): Restorable {
  const skipped: string[] = [];
  const normalized: KubeObject[] = [];
  for (const o of input) {
    const info = isObject(o) ? resourceForKind(o.kind ?? '') : undefined;
    if (!isObject(o) || !info || info.resource === 'events' || !o.metadata?.name) {
      skipped.push(isObject(o) ? `${o.kind ?? '<no kind>'} ${o.metadata?.name ?? '<no name>'}: ${info && info.resource !== 'events' ? 'no name' : `kind ${JSON.stringify(o.kind ?? '')} is not simulated`}` : 'not an object');
      continue;
    }
    normalized.push(normalize(info, o));
  }
  const renames = revisionRenames(normalized);
  for (const obj of normalized) {
    const owner = obj.kind === 'Pod' ? getControllerOf(obj) : undefined;
    const ours = owner?.uid ? renames.get(owner.uid)?.(obj as Pod) : undefined;
    if (ours) obj.metadata = { ...obj.metadata, labels: { ...obj.metadata?.labels, [revisionLabel]: ours } };
  }
  const rank = (o: KubeObject) => {
    const i = restoreOrder.indexOf(o.kind ?? '');
    return i < 0 ? restoreOrder.length : i;
  };
  const objects = normalized.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i).map(({ o }) => deepFreeze(o));
  return { objects, skipped };
}
