// The simulated cluster: the API (ClusterApi) over the store, with the API
// server's defaulting, admission, validation and write semantics, and the
// control plane's controllers, which settle after every call and after the
// timers of each instant, before anything else can happen. What a controller
// does later (the disruption controller reacts after a latency, the kubelet
// after start-up delays) waits on the clock's timers.
//
// Making one: `new SimCluster(options)` is an empty cluster (namespaces
// default and kube-system); `buildCluster({ objects, startMs, warmUpMs })`
// (scenario.ts) loads a scenario. On wall time, as the sandbox runs it:
//   const { cluster, report } = buildCluster({ objects, startMs: Date.now(), warmUpMs: 60_000 });
//   const driver = new RealTimeDriver(cluster.clock, (ms) => cluster.advanceTo(ms), { speed });
//   driver.start();  // and driver.catchUp() before serving each request
// so that the scenario's pods are already running, with real ages, when the first client looks.

import { v1beta1EmptySelectorKey, policyV1beta1 } from '../k8s/pdb';
import { alreadyExists, badRequest, conflict, forbidden, internalError, notFound } from '../k8s/status';
import { rfc3339 } from '../k8s/time';
import type { DeleteOptions, Eviction, KubeObject, LabelSelector, ObjectMeta, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus, Status, StorageClass, Workload } from '../k8s/types';
import { invalidStatus } from '../k8s/validation';
import { resourceForKind, type ClusterApi, type ResourceInfo, type ResourceName, type Result, type WatchEvent, type WriteOptions } from './api';
import { VirtualClock } from './clock';
import { controllerNames, type Controller, type ControllerName, type SimContext } from './context';
import { DaemonSetController } from './controllers/daemonSet';
import { DeploymentController } from './controllers/deployment';
import { DisruptionController } from './controllers/disruption';
import { EphemeralVolumeController } from './controllers/ephemeralVolume';
import { GarbageCollector } from './controllers/garbageCollector';
import { JobController } from './controllers/job';
import { Kubelet } from './controllers/kubelet';
import { NamespaceController } from './controllers/namespace';
import { NodeLifecycleController } from './controllers/nodeLifecycle';
import { PersistentVolumeController } from './controllers/persistentVolume';
import { PodGarbageCollector } from './controllers/podGC';
import { ReplicaSetController } from './controllers/replicaSet';
import { Scheduler } from './controllers/scheduler';
import { StatefulSetController } from './controllers/statefulSet';
import { TaintEvictionController } from './controllers/taintEviction';
import { admitCreate, applyDefaults, generateJobSelector, podQOSClass } from './defaults';
import { deleteObject, type DeletionStore } from './deletion';
import { EventRecorder } from './events';
import { prepareRestore, type Restorable } from './restore';
import { knobDefaults, type PodTimings } from './knobs';
import { evictPod, type EvictionHost } from './eviction';
import { apiVersionOf, copy, infoOf, jsonEqual, workloadKinds } from './objects';
import { generateName, SeededRandom } from './random';
import { decodeError } from './schema';
import { ObjectStore, type Change } from './store';
import { validateCreate, validateUpdate } from './validation';

export interface ClusterOptions {
  /** Where the virtual clock starts (ms since the epoch); 2026-01-01T00:00:00Z by default. */
  startMs?: number;
  /** Seeds names and uids, so that a run can be repeated exactly. */
  seed?: number;
  /** How many changes are kept for watches to resume from. */
  historyLimit?: number;
  /**
   * Controllers that do not run, as if the control plane had them off (a
   * kube-controller-manager that is down leaves PDB statuses unprocessed;
   * no kubelet leaves pods Pending).
   */
  disabledControllers?: ControllerName[];
  /**
   * Milliseconds the disruption controller takes to act on a change (default
   * defaultDisruptionLatencyMs, 100). 0 updates PDB statuses within the call
   * that changed their pods, which no real cluster does.
   */
  disruptionLatencyMs?: number;
  /** The kubelet's timings for pods whose annotations give none (default knobDefaults: 1 s pull, 2 s start-up, 2 s shutdown). */
  podTimings?: Partial<PodTimings>;
}

/** What `restore` loaded and what it could not. */
export interface RestoreReport {
  restored: number;
  /** Objects of kinds the simulator does not model, or that are not objects, one line each. */
  skipped: string[];
}

/** Kinds whose metadata.generation counts spec changes. */
const generationKinds = new Set(['PodDisruptionBudget', ...workloadKinds]);
/** Namespaces the NamespaceLifecycle admission plugin refuses to delete. */
const immortalNamespaces = new Set(['default', 'kube-system', 'kube-public']);
/** How many controller rounds a single settle may take before it is cut off (a controller livelock). */
const maxSettleRounds = 10_000;

const emptyPdbStatus = (): PodDisruptionBudgetStatus => ({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });

function isEmptySelector(s: LabelSelector | null | undefined): boolean {
  return !!s && Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0;
}

/**
 * The policy/v1beta1 → v1 conversion of a PDB selector: `{}` in v1beta1
 * selected nothing and is stored as an Exists requirement on a reserved
 * key; on a v1 write, requirements on that key are dropped unless the
 * selector is exactly that form (pkg/apis/policy/v1beta1/conversion.go,
 * pkg/registry/policy/poddisruptionbudget/strategy.go).
 */
function convertPdbSelector(pdb: PodDisruptionBudget, fromApiVersion: string | undefined): void {
  const spec = pdb.spec;
  if (!spec) return;
  if (fromApiVersion === policyV1beta1) {
    if (isEmptySelector(spec.selector)) spec.selector = { matchExpressions: [{ key: v1beta1EmptySelectorKey, operator: 'Exists' }] };
    return;
  }
  const exprs = spec.selector?.matchExpressions ?? [];
  const exactlyReserved = exprs.length === 1 && exprs[0]?.key === v1beta1EmptySelectorKey && exprs[0]?.operator === 'Exists' && Object.keys(spec.selector?.matchLabels ?? {}).length === 0;
  if (!exactlyReserved && exprs.some((e) => e?.key === v1beta1EmptySelectorKey)) {
    spec.selector = { ...spec.selector, matchExpressions: exprs.filter((e) => e?.key !== v1beta1EmptySelectorKey) };
  }
}

const isObject = (v: unknown): boolean => !!v && typeof v === 'object' && !Array.isArray(v);

export class SimCluster implements ClusterApi {
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  /** Problems the simulator met in itself (a controller that threw, a livelock cut off); empty when all is well. */
  readonly diagnostics: string[] = [];
  private readonly store: ObjectStore;
  private readonly recorder: EventRecorder;
  private readonly controllers: Controller[];
  private readonly taintEviction?: TaintEvictionController;
  private settling = false;

  constructor(options: ClusterOptions = {}) {
    this.clock = new VirtualClock(options.startMs);
    this.random = new SeededRandom(options.seed ?? 1);
    this.store = new ObjectStore(options.historyLimit);
    this.recorder = new EventRecorder({
      now: () => this.now(),
      get: (r, ns, n) => this.store.get(r, ns, n),
      put: (r, o) => this.store.put(r, o),
      remove: (r, ns, n) => this.store.remove(r, ns, n),
      list: (r) => this.store.list(r),
    });
    const disabled = new Set(options.disabledControllers ?? []);
    const ctx = this.controllerContext();
    const all: Record<ControllerName, () => Controller> = {
      namespace: () => new NamespaceController(ctx, (name) => void this.store.remove('namespaces', undefined, name)),
      garbagecollector: () => new GarbageCollector(ctx, (uid) => this.store.dependents(uid)),
      podgc: () => new PodGarbageCollector(ctx),
      kubelet: () => new Kubelet(ctx, { ...knobDefaults, ...options.podTimings }),
      nodelifecycle: () => new NodeLifecycleController(ctx),
      deployment: () => new DeploymentController(ctx),
      replicaset: () => new ReplicaSetController(ctx),
      statefulset: () => new StatefulSetController(ctx),
      daemonset: () => new DaemonSetController(ctx),
      job: () => new JobController(ctx),
      'ephemeral-volume': () => new EphemeralVolumeController(ctx),
      'persistentvolume-binder': () => new PersistentVolumeController(ctx),
      scheduler: () => new Scheduler(ctx),
      'taint-eviction': () => new TaintEvictionController(ctx),
      disruption: () => new DisruptionController(ctx, options.disruptionLatencyMs),
    };
    this.controllers = controllerNames.filter((n) => !disabled.has(n)).map((n) => all[n]());
    this.taintEviction = this.controllers.find((c): c is TaintEvictionController => c instanceof TaintEvictionController);
    this.clock.afterInstant = () => this.settle();
    this.store.observe((c: Change) => {
      for (const controller of this.controllers) controller.observe(c);
    });
    for (const name of ['default', 'kube-system']) this.createObject(infoOf('namespaces'), undefined, { metadata: { name } }, false);
    this.settle();
  }

  // ---- ClusterApi ----

  now(): number {
    return this.clock.now();
  }

  resourceVersion(): string {
    return String(this.store.resourceVersion());
  }

  list(resource: ResourceName, namespace?: string, select?: (obj: KubeObject) => boolean): KubeObject[] {
    const stored = this.store.list(resource, namespace);
    return (select ? stored.filter(select) : stored).map((o) => copy(o));
  }

  get(resource: ResourceName, namespace: string | undefined, name: string): Result<KubeObject> {
    const info = infoOf(resource);
    const obj = this.store.get(resource, info.namespaced ? namespace : undefined, name);
    return obj ? { ok: true, value: copy(obj) } : { ok: false, status: notFound(resource, info.group, name) };
  }

  create(resource: ResourceName, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions): Result<KubeObject> {
    return this.api(() => this.createObject(infoOf(resource), namespace, obj, !!opts?.dryRun));
  }

  update(resource: ResourceName, namespace: string | undefined, name: string, obj: KubeObject, subresource?: 'status', opts?: WriteOptions): Result<KubeObject> {
    return this.api(() => this.updateObject(infoOf(resource), namespace, name, obj, subresource, !!opts?.dryRun));
  }

  delete(resource: ResourceName, namespace: string | undefined, name: string, options: DeleteOptions = {}, opts?: WriteOptions): Result<KubeObject | Status> {
    return this.api(() => this.deleteOne(infoOf(resource), namespace, name, options, !!opts?.dryRun));
  }

  evict(namespace: string, name: string, body: Eviction, queryDryRun: string[]): { status: Status; headers: Record<string, string> } {
    try {
      this.settle();
      if (!isObject(body)) return { status: badRequest('the body of an eviction must be an Eviction object'), headers: {} };
      const decode = decodeError('Eviction', body);
      if (decode) return { status: decode, headers: {} };
      return evictPod(this.evictionHost, namespace, name, body, queryDryRun ?? []);
    } catch (e) {
      return { status: this.internal(e), headers: {} };
    } finally {
      this.settle();
    }
  }

  watch(resource: ResourceName, namespace: string | undefined, sinceResourceVersion: string | undefined, listener: (e: WatchEvent) => void, interest?: (obj: KubeObject, previous?: KubeObject) => boolean): Result<() => void> {
    return this.store.watch(resource, namespace, sinceResourceVersion, listener, interest);
  }

  // ---- simulation ----

  /**
   * Loads objects as another cluster holds them (a snapshot of a live
   * cluster): with their status, uids, owner references and timestamps, not
   * as a client creates them (`create`, which scenarios use, resets all of
   * that). The controllers then find them already there: the workload
   * controllers own the pods that name them, the kubelets adopt the pods
   * running on their nodes as they are, the scheduler places only pods
   * still unbound, the disruption controller recomputes the budgets.
   * Objects prepared once (restore.ts) can be loaded into many simulators;
   * namespaces the objects use are made when the snapshot lacks them.
   */
  restore(input: Restorable | readonly unknown[]): RestoreReport {
    const { objects, skipped } = Array.isArray(input) ? prepareRestore(input) : (input as Restorable);
    const namespaces = new Set(objects.filter((o) => o.kind === 'Namespace').map((n) => n.metadata?.name));
    for (const obj of objects) {
      const ns = obj.metadata?.namespace;
      if (!ns || namespaces.has(ns) || this.store.get('namespaces', undefined, ns)) continue;
      namespaces.add(ns);
      this.store.put('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: this.random.uuid(), creationTimestamp: rfc3339(this.now()), labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as KubeObject);
    }
    for (const obj of objects) {
      const meta = obj.metadata ?? {};
      // The frozen object is shared; only what the store stamps (resourceVersion) is new.
      this.store.put(resourceForKind(obj.kind ?? '')!.resource, { ...obj, metadata: { ...meta, uid: meta.uid || this.random.uuid(), creationTimestamp: meta.creationTimestamp || rfc3339(this.now()) } });
    }
    this.settle();
    return { restored: objects.length, skipped: [...skipped] };
  }

  /** Moves the virtual clock forward, running what falls due (controllers settle after each timer). */
  advance(ms: number): void {
    this.clock.advance(ms);
  }

  advanceTo(ms: number): void {
    this.clock.advanceTo(ms);
  }

  /** Runs the controllers until none has work left. */
  settle(): void {
    if (this.settling) return;
    this.settling = true;
    try {
      for (let round = 0; round < maxSettleRounds; round++) {
        const busy = this.controllers.filter((c) => c.pending());
        if (busy.length === 0) return;
        for (const c of busy) {
          try {
            c.work();
          } catch (e) {
            this.diagnostics.push(`controller ${c.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          }
        }
      }
      this.diagnostics.push(`controllers did not settle after ${maxSettleRounds} rounds`);
    } finally {
      this.settling = false;
    }
  }

  /** When the taint eviction controller will delete a pod, if it has scheduled that. */
  taintEvictionAt(namespace: string, name: string): number | undefined {
    return this.taintEviction?.scheduledAt(namespace, name);
  }

  // ---- what controllers see (SimContext) ----

  private controllerContext(): SimContext {
    const store = this.store;
    return {
      now: () => this.now(),
      random: this.random,
      // Controllers settle once the timers due at an instant have run (clock.afterInstant).
      schedule: (atMs, run) =>
        this.clock.schedule(atMs, () => {
          try {
            run();
          } catch (e) {
            this.diagnostics.push(`timer failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          }
        }),
      cancel: (timer) => this.clock.cancel(timer),
      get: <T extends KubeObject>(resource: ResourceName, namespace: string | undefined, name: string) =>
        store.get(resource, infoOf(resource).namespaced ? namespace : undefined, name) as T | undefined,
      list: <T extends KubeObject>(resource: ResourceName, namespace?: string) => store.list(resource, namespace) as T[],
      create: (resource, obj) => this.createObject(infoOf(resource), obj.metadata?.namespace, obj, false),
      modify: (resource, current, mutate) => this.modify(resource, current, mutate),
      delete: (resource, namespace, name, options = {}) => this.deleteOne(infoOf(resource), namespace, name, options, false),
      event: (involved, type, reason, message, component) => this.recorder.record(involved, type, reason, message, component),
    };
  }

  /** A controller's write: the latest object, changed by `mutate`, written only if it differs. */
  private modify<T extends KubeObject>(resource: ResourceName, current: T, mutate: (draft: T) => void): T | undefined {
    const latest = this.store.get(resource, current.metadata?.namespace, current.metadata?.name ?? '') as T | undefined;
    if (!latest) return undefined;
    const draft = copy(latest);
    mutate(draft);
    if (jsonEqual(draft, latest)) return latest;
    if (generationKinds.has(latest.kind ?? '') && !jsonEqual((draft as Workload).spec, (latest as Workload).spec)) {
      draft.metadata = { ...draft.metadata, generation: (latest.metadata?.generation ?? 0) + 1 };
    }
    return this.store.put(resource, draft) as T;
  }

  // ---- the API server ----

  /** Every API call: never a throw, always a Status; controllers settle before it returns. */
  private api<T>(call: () => Result<T>): Result<T> {
    try {
      // A client acting at the same instant as a timer sees what the controllers made of it.
      this.settle();
      return call();
    } catch (e) {
      return { ok: false, status: this.internal(e) };
    } finally {
      this.settle();
    }
  }

  private internal(e: unknown): Status {
    this.diagnostics.push(`API call failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return internalError(e instanceof Error ? e.message : String(e));
  }

  private createObject(info: ResourceInfo, namespace: string | undefined, input: KubeObject, dryRun: boolean): Result<KubeObject> {
    if (!isObject(input)) return { ok: false, status: badRequest(`${info.kind} in version "v1" cannot be handled as a ${info.kind}: the body is not an object`) };
    const decode = decodeError(info.kind, input);
    if (decode) return { ok: false, status: decode };
    const obj = copy(input);
    const fromApiVersion = obj.apiVersion;
    obj.apiVersion = apiVersionOf(info);
    obj.kind = info.kind;
    const meta: ObjectMeta = (obj.metadata ??= {});
    if (info.namespaced) {
      const ns = namespace ?? meta.namespace ?? 'default';
      if (meta.namespace && meta.namespace !== ns) return { ok: false, status: badRequest('the namespace of the provided object does not match the namespace sent on the request') };
      meta.namespace = ns;
      const nsObj = this.store.get('namespaces', undefined, ns);
      if (!nsObj) return { ok: false, status: notFound('namespaces', '', ns) };
      if (nsObj.metadata?.deletionTimestamp && info.resource !== 'events') {
        return {
          ok: false,
          status: forbidden(info.resource, info.group, meta.name ?? '', `unable to create new content in namespace ${ns} because it is being terminated`, [
            { reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' },
          ]),
        };
      }
    } else {
      delete meta.namespace;
    }
    if (!meta.name && meta.generateName) {
      for (let i = 0; i < 8 && (!meta.name || this.store.get(info.resource, meta.namespace, meta.name)); i++) meta.name = generateName(this.random, meta.generateName);
    }
    const name = meta.name ?? '';
    if (name && this.store.get(info.resource, meta.namespace, name)) return { ok: false, status: alreadyExists(info.resource, info.group, name) };
    meta.uid = this.random.uuid();
    meta.creationTimestamp = rfc3339(this.now());
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (generationKinds.has(info.kind)) meta.generation = 1;
    else delete meta.generation;
    applyDefaults(info.kind, obj);
    admitCreate(info.kind, obj, () => this.store.list('storageclasses') as StorageClass[]);
    if (info.kind === 'PodDisruptionBudget') convertPdbSelector(obj as PodDisruptionBudget, fromApiVersion);
    if (info.kind === 'Job') generateJobSelector(obj as Workload);
    const errors = validateCreate(info, obj);
    if (errors.length) return { ok: false, status: invalidStatus(info.kind, info.group, name, errors) };
    this.resetStatusOnCreate(info, obj);
    if (dryRun) return { ok: true, value: obj };
    return { ok: true, value: copy(this.store.put(info.resource, obj)) };
  }

  /** What a create keeps of the status the client sent: nodes keep it all, the rest start afresh. */
  private resetStatusOnCreate(info: ResourceInfo, obj: KubeObject & { status?: unknown }): void {
    switch (info.kind) {
      case 'Pod':
        obj.status = { phase: 'Pending', qosClass: podQOSClass((obj as Pod).spec) };
        break;
      case 'PodDisruptionBudget':
        obj.status = emptyPdbStatus();
        break;
      case 'Namespace':
        obj.status = { phase: 'Active' };
        break;
      case 'PersistentVolumeClaim':
      case 'PersistentVolume':
        obj.status = { phase: 'Pending' };
        break;
      case 'StorageClass':
        delete obj.status;
        break;
      case 'Node':
      case 'Event':
        break;
      default:
        obj.status = {};
    }
  }

  private updateObject(info: ResourceInfo, namespace: string | undefined, name: string, input: KubeObject, subresource: 'status' | undefined, dryRun: boolean): Result<KubeObject> {
    const ns = info.namespaced ? namespace : undefined;
    const existing = this.store.get(info.resource, ns, name);
    if (!existing) return { ok: false, status: notFound(info.resource, info.group, name) };
    if (!isObject(input)) return { ok: false, status: badRequest(`${info.kind} in version "v1" cannot be handled as a ${info.kind}: the body is not an object`) };
    const decode = decodeError(info.kind, input);
    if (decode) return { ok: false, status: decode };
    const body = copy(input);
    const bodyName = body.metadata?.name;
    if (bodyName && bodyName !== name) return { ok: false, status: badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`) };
    const bodyNs = body.metadata?.namespace;
    if (info.namespaced && bodyNs && bodyNs !== ns) return { ok: false, status: badRequest('the namespace of the provided object does not match the namespace sent on the request') };
    const rv = body.metadata?.resourceVersion;
    if (rv && rv !== existing.metadata?.resourceVersion) {
      return { ok: false, status: conflict(info.resource, info.group, name, 'the object has been modified; please apply your changes to the latest version and try again') };
    }
    let next: KubeObject & { spec?: unknown; status?: unknown };
    if (subresource === 'status') {
      next = copy(existing) as typeof next;
      next.status = (body as typeof next).status;
    } else {
      const fromApiVersion = body.apiVersion;
      next = body as typeof next;
      const old = existing.metadata ?? {};
      next.metadata = {
        ...next.metadata,
        name,
        ...(info.namespaced ? { namespace: ns } : {}),
        uid: old.uid,
        creationTimestamp: old.creationTimestamp,
        ...(old.deletionTimestamp ? { deletionTimestamp: old.deletionTimestamp, deletionGracePeriodSeconds: old.deletionGracePeriodSeconds } : {}),
        ...(old.generation !== undefined ? { generation: old.generation } : {}),
      };
      if (!next.metadata.deletionTimestamp) {
        delete next.metadata.deletionTimestamp;
        delete next.metadata.deletionGracePeriodSeconds;
      }
      if (info.kind !== 'Event') next.status = (existing as typeof next).status;
      next.apiVersion = apiVersionOf(info);
      next.kind = info.kind;
      applyDefaults(info.kind, next);
      if (info.kind === 'PodDisruptionBudget') convertPdbSelector(next as PodDisruptionBudget, fromApiVersion);
      const specChanged = !jsonEqual(next.spec, (existing as typeof next).spec);
      const annotationsChanged = info.kind === 'Deployment' && !jsonEqual(next.metadata.annotations, old.annotations);
      if (generationKinds.has(info.kind) && (specChanged || annotationsChanged)) next.metadata.generation = (old.generation ?? 0) + 1;
    }
    next.metadata = { ...next.metadata, resourceVersion: existing.metadata?.resourceVersion };
    const errors = validateUpdate(info, next, existing, subresource);
    if (errors.length) return { ok: false, status: invalidStatus(info.kind, info.group, name, errors) };
    if (jsonEqual(next, existing)) return { ok: true, value: copy(existing) };
    if (dryRun) return { ok: true, value: next };
    // The last finalizer gone from an object being deleted: it goes (pods once their grace period is spent).
    const meta = next.metadata;
    if (meta.deletionTimestamp && (meta.finalizers ?? []).length === 0 && (meta.deletionGracePeriodSeconds ?? 0) === 0) {
      return { ok: true, value: copy(this.store.remove(info.resource, ns, name) ?? next) };
    }
    return { ok: true, value: copy(this.store.put(info.resource, next)) };
  }

  private deleteOne(info: ResourceInfo, namespace: string | undefined, name: string, options: DeleteOptions, dryRun: boolean): Result<KubeObject | Status> {
    const ns = info.namespaced ? namespace : undefined;
    const existing = this.store.get(info.resource, ns, name);
    if (!existing) return { ok: false, status: notFound(info.resource, info.group, name) };
    if (options !== undefined && options !== null && !isObject(options)) return { ok: false, status: badRequest('DeleteOptions must be an object') };
    const decode = decodeError('DeleteOptions', options ?? {});
    if (decode) return { ok: false, status: decode };
    const opts = { ...(options ?? {}), ...(dryRun && !(options?.dryRun ?? []).length ? { dryRun: ['All'] } : {}) };
    if (info.resource === 'namespaces') return this.deleteNamespace(existing, opts);
    const result = deleteObject(this.deletionStore, info, existing, opts, (opts.dryRun ?? []).length > 0);
    return result.ok ? { ok: true, value: copy(result.value) } : result;
  }

  /** A namespace is marked Terminating; the namespace controller empties it and removes it. */
  private deleteNamespace(ns: KubeObject, options: DeleteOptions): Result<KubeObject | Status> {
    const name = ns.metadata?.name ?? '';
    if (immortalNamespaces.has(name)) return { ok: false, status: forbidden('namespaces', '', name, 'this namespace may not be deleted') };
    if (ns.metadata?.deletionTimestamp || (options.dryRun ?? []).length) return { ok: true, value: copy(ns) };
    const next = copy(ns) as KubeObject & { status?: Record<string, unknown> };
    next.metadata = { ...next.metadata, deletionTimestamp: rfc3339(this.now()) };
    next.status = { ...next.status, phase: 'Terminating' };
    return { ok: true, value: copy(this.store.put('namespaces', next)) };
  }


  private readonly deletionStore: DeletionStore = {
    now: () => this.now(),
    get: (r, ns, n) => this.store.get(r, ns, n),
    put: (r, o) => this.store.put(r, o),
    remove: (r, ns, n) => this.store.remove(r, ns, n),
    dependentsOf: (uid) => this.store.dependents(uid),
  };

  private readonly evictionHost: EvictionHost = {
    now: () => this.now(),
    namespace: (name) => this.store.get('namespaces', undefined, name),
    pod: (ns, name) => this.store.get('pods', ns, name) as Pod | undefined,
    budgets: (ns) => this.store.list('poddisruptionbudgets', ns) as PodDisruptionBudget[],
    writePod: (pod) => this.store.put('pods', pod) as Pod,
    writeBudgetStatus: (pdb, status) => {
      const name = pdb.metadata?.name ?? '';
      const current = this.store.get('poddisruptionbudgets', pdb.metadata?.namespace, name);
      if (!current) return { ok: false, status: notFound('poddisruptionbudgets', 'policy', name) };
      if (current.metadata?.resourceVersion !== pdb.metadata?.resourceVersion) {
        return { ok: false, status: conflict('poddisruptionbudgets', 'policy', name, 'the object has been modified; please apply your changes to the latest version and try again') };
      }
      return { ok: true, value: this.store.put('poddisruptionbudgets', { ...copy(current), status: status } as PodDisruptionBudget) as PodDisruptionBudget };
    },
    deletePod: (ns, name, options) => {
      const pod = this.store.get('pods', ns, name);
      if (!pod) return { ok: false, status: notFound('pods', '', name) };
      return deleteObject(this.deletionStore, infoOf('pods'), pod, options, (options.dryRun ?? []).length > 0);
    },
  };
}
