// The contract between the cluster simulator (server/src/sim) and its
// Kubernetes REST face (server/src/sandbox). The simulator is in process and
// synchronous: every call completes (with what the controllers do at once)
// before it returns, so two requests can never interleave inside one
// decision, just as two evictions racing for one PDB allowance on a real
// server are serialised by the status write's resourceVersion.

import type { DeleteOptions, Eviction, KubeObject, Status } from '../k8s/types';

/** The resources the simulator serves, in their REST names. */
export type ResourceName =
  | 'namespaces'
  | 'nodes'
  | 'pods'
  | 'events'
  | 'deployments'
  | 'replicasets'
  | 'statefulsets'
  | 'daemonsets'
  | 'jobs'
  | 'poddisruptionbudgets'
  | 'persistentvolumeclaims'
  | 'persistentvolumes'
  | 'storageclasses';

export interface ResourceInfo {
  resource: ResourceName;
  group: '' | 'apps' | 'batch' | 'policy' | 'storage.k8s.io';
  version: 'v1';
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  /** The subresources served (`status`, `eviction`, `scale`). */
  subresources: string[];
}

export const resources: readonly ResourceInfo[] = [
  { resource: 'namespaces', group: '', version: 'v1', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status'] },
  { resource: 'nodes', group: '', version: 'v1', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status'] },
  { resource: 'pods', group: '', version: 'v1', kind: 'Pod', namespaced: true, shortNames: ['po'], subresources: ['status', 'eviction'] },
  { resource: 'events', group: '', version: 'v1', kind: 'Event', namespaced: true, shortNames: ['ev'], subresources: [] },
  { resource: 'deployments', group: 'apps', version: 'v1', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], subresources: ['status', 'scale'] },
  { resource: 'replicasets', group: 'apps', version: 'v1', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], subresources: ['status', 'scale'] },
  { resource: 'statefulsets', group: 'apps', version: 'v1', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'], subresources: ['status', 'scale'] },
  { resource: 'daemonsets', group: 'apps', version: 'v1', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], subresources: ['status'] },
  { resource: 'jobs', group: 'batch', version: 'v1', kind: 'Job', namespaced: true, shortNames: [], subresources: ['status'] },
  { resource: 'poddisruptionbudgets', group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'], subresources: ['status'] },
  { resource: 'persistentvolumeclaims', group: '', version: 'v1', kind: 'PersistentVolumeClaim', namespaced: true, shortNames: ['pvc'], subresources: ['status'] },
  { resource: 'persistentvolumes', group: '', version: 'v1', kind: 'PersistentVolume', namespaced: false, shortNames: ['pv'], subresources: ['status'] },
  { resource: 'storageclasses', group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', namespaced: false, shortNames: ['sc'], subresources: [] },
];

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return resources.find((r) => r.kind === kind);
}

export type Result<T> = { ok: true; value: T } | { ok: false; status: Status };

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
  /** The object as it was before this change (MODIFIED, DELETED): whether it was in a filtered watch's selection. */
  previous?: KubeObject;
}

export interface WriteOptions {
  /** `?dryRun=All`: validate and answer, change nothing. */
  dryRun?: boolean;
}

/** Time as the simulator sees it: virtual in tests, wall time times a speed factor in the sandbox. */
export interface Clock {
  /** Milliseconds since the epoch, on the simulator's clock. */
  now(): number;
}

/**
 * What the REST face needs of the simulator. Objects are returned as
 * copies in their v1 wire form (apiVersion and kind set, metadata with uid,
 * resourceVersion, creationTimestamp). Errors are the Status objects the
 * real API server would send.
 */
export interface ClusterApi {
  readonly clock: Clock;
  /** The cluster-wide resourceVersion, for list responses and watch starts. */
  resourceVersion(): string;
  /** Copies of the objects, in one namespace or all; `select` (given the stored, frozen object) picks which are copied. */
  list(resource: ResourceName, namespace?: string, select?: (obj: KubeObject) => boolean): KubeObject[];
  get(resource: ResourceName, namespace: string | undefined, name: string): Result<KubeObject>;
  /** POST. Admission (defaults, DefaultTolerationSeconds, generation) and validation run here. */
  create(resource: ResourceName, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions): Result<KubeObject>;
  /**
   * PUT of the whole object or of its `status` subresource. The REST face
   * applies PATCH bodies (all three patch types) to the current object and
   * sends the result here, so patch semantics live there and update
   * semantics (resourceVersion conflicts, generation bumps, immutable
   * fields) live here.
   */
  update(resource: ResourceName, namespace: string | undefined, name: string, obj: KubeObject, subresource?: 'status', opts?: WriteOptions): Result<KubeObject>;
  /** DELETE with graceful deletion semantics; answers the object (terminating) or a Success Status once gone. */
  delete(resource: ResourceName, namespace: string | undefined, name: string, options: DeleteOptions, opts?: WriteOptions): Result<KubeObject | Status>;
  /** POST …/pods/{name}/eviction. `headers` carries Retry-After when the Status has retryAfterSeconds. */
  evict(namespace: string, name: string, body: Eviction, queryDryRun: string[]): { status: Status; headers: Record<string, string> };
  /**
   * Events after `sinceResourceVersion` (or from now when absent) for one
   * resource, optionally one namespace. Returns the unsubscribe function.
   * A resourceVersion too old to replay answers `{ ok: false }` with the 410
   * Gone Status ("too old resource version").
   */
  watch(
    resource: ResourceName,
    namespace: string | undefined,
    sinceResourceVersion: string | undefined,
    listener: (e: WatchEvent) => void,
    /** Which changes the listener wants, judged on the stored (frozen) object and its state before, ahead of any copy; all when absent. */
    interest?: (obj: KubeObject, previous?: KubeObject) => boolean,
  ): Result<() => void>;
}
