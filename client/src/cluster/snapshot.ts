// A live copy of a cluster's nodes, pods and PodDisruptionBudgets for views:
// three informers (list, then watch), indexed by node and namespace so that a
// view asks for "the pods on node-1" or "the budgets over this pod" without
// scanning everything. Changes are reported one object at a time, as the
// watches deliver them; views batch them.

import { pdbsForPod } from '../../../server/src/k8s/eviction';
import { pdbSelectsPod } from '../../../server/src/k8s/pdb';
import type { KubeObject, Node, Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import type { Cluster } from './connection';
import type { ClusterFailure } from './failure';
import { Informer, defaultInformerTiming, type InformerHandlers, type InformerState, type InformerTiming } from './informer';
import { budgetsSource, nodesSource, podsSource } from './sources';

export type ChangeType = 'added' | 'modified' | 'deleted';

export type SnapshotChange =
  | { resource: 'node'; type: ChangeType; object: Node; previous?: Node }
  | { resource: 'pod'; type: ChangeType; object: Pod; previous?: Pod }
  | { resource: 'pdb'; type: ChangeType; object: PodDisruptionBudget; previous?: PodDisruptionBudget };

export type SnapshotResource = SnapshotChange['resource'];

/** How current the copy is: `live` while every watch runs (or polls), else the failure that interrupted one. */
export type SnapshotHealth = { live: true } | { live: false; resource: SnapshotResource; failure?: ClusterFailure };

export interface SnapshotHandlers {
  changed?(change: SnapshotChange): void;
  health?(health: SnapshotHealth): void;
}

const nameOf = (obj: KubeObject) => obj.metadata?.name ?? '';
const namespaceOf = (obj: KubeObject) => obj.metadata?.namespace ?? '';

/** Objects grouped by a key (a node name, a namespace), each group keyed by namespace/name. */
class Groups<T extends KubeObject> {
  private readonly groups = new Map<string, Map<string, T>>();

  add(group: string, obj: T): void {
    let members = this.groups.get(group);
    if (!members) this.groups.set(group, (members = new Map()));
    members.set(`${namespaceOf(obj)}/${nameOf(obj)}`, obj);
  }

  remove(group: string, obj: T): void {
    const members = this.groups.get(group);
    if (!members) return;
    members.delete(`${namespaceOf(obj)}/${nameOf(obj)}`);
    if (members.size === 0) this.groups.delete(group);
  }

  members(group: string): T[] {
    return [...(this.groups.get(group)?.values() ?? [])];
  }

  keys(): string[] {
    return [...this.groups.keys()];
  }
}

const keyOf = (obj: KubeObject) => `${namespaceOf(obj)}/${nameOf(obj)}`;

/**
 * Nodes, pods and budgets, indexed by node and namespace, kept current by
 * applying changes. ClusterSnapshot feeds it from watches; a view reads it.
 */
export class ClusterObjects {
  private readonly nodeMap = new Map<string, Node>();
  private readonly podMap = new Map<string, Pod>();
  private readonly budgetMap = new Map<string, PodDisruptionBudget>();
  private readonly podsByNode = new Groups<Pod>();
  private readonly podsByNamespace = new Groups<Pod>();
  private readonly budgetsByNamespace = new Groups<PodDisruptionBudget>();

  apply(change: SnapshotChange): void {
    switch (change.resource) {
      case 'node':
        if (change.type === 'deleted') this.nodeMap.delete(nameOf(change.object));
        else this.nodeMap.set(nameOf(change.object), change.object);
        return;
      case 'pod': {
        const file = (pod: Pod, groups: (g: Groups<Pod>, group: string) => void) => {
          // Pods bound to no node are filed under '' (no node has an empty name).
          groups(this.podsByNode, pod.spec?.nodeName ?? '');
          groups(this.podsByNamespace, namespaceOf(pod));
        };
        const old = change.previous ?? this.podMap.get(keyOf(change.object));
        if (old) file(old, (g, group) => g.remove(group, old));
        if (change.type === 'deleted') return void this.podMap.delete(keyOf(change.object));
        this.podMap.set(keyOf(change.object), change.object);
        file(change.object, (g, group) => g.add(group, change.object));
        return;
      }
      case 'pdb': {
        const old = change.previous ?? this.budgetMap.get(keyOf(change.object));
        if (old) this.budgetsByNamespace.remove(namespaceOf(old), old);
        if (change.type === 'deleted') return void this.budgetMap.delete(keyOf(change.object));
        this.budgetMap.set(keyOf(change.object), change.object);
        this.budgetsByNamespace.add(namespaceOf(change.object), change.object);
      }
    }
  }

  nodes(): Node[] {
    return [...this.nodeMap.values()];
  }

  node(name: string): Node | undefined {
    return this.nodeMap.get(name);
  }

  pods(): Pod[] {
    return [...this.podMap.values()];
  }

  pod(namespace: string, name: string): Pod | undefined {
    return this.podMap.get(`${namespace}/${name}`);
  }

  podsOnNode(node: string): Pod[] {
    return node ? this.podsByNode.members(node) : [];
  }

  /** Pods bound to no node: waiting for the scheduler (Pending), or that fit nowhere. */
  unscheduledPods(): Pod[] {
    return this.podsByNode.members('');
  }

  podsInNamespace(namespace: string): Pod[] {
    return this.podsByNamespace.members(namespace);
  }

  /** The namespaces that have pods. */
  namespaces(): string[] {
    return this.podsByNamespace.keys();
  }

  budgets(): PodDisruptionBudget[] {
    return [...this.budgetMap.values()];
  }

  budget(namespace: string, name: string): PodDisruptionBudget | undefined {
    return this.budgetMap.get(`${namespace}/${name}`);
  }

  budgetsInNamespace(namespace: string): PodDisruptionBudget[] {
    return this.budgetsByNamespace.members(namespace);
  }

  /** The budgets whose selector matches the pod: what the eviction subresource will consult. */
  budgetsFor(pod: Pod): PodDisruptionBudget[] {
    return pdbsForPod(pod, this.budgetsInNamespace(namespaceOf(pod)));
  }

  podsSelectedBy(pdb: PodDisruptionBudget): Pod[] {
    return this.podsInNamespace(namespaceOf(pdb)).filter((pod) => pdbSelectsPod(pdb, pod));
  }
}

/** The cluster's nodes, pods and budgets, listed and then followed by watches. */
export class ClusterSnapshot extends ClusterObjects {
  private readonly informers: [Informer<Node>, Informer<Pod>, Informer<PodDisruptionBudget>];
  private readonly interrupted = new Map<SnapshotResource, ClusterFailure | undefined>();

  constructor(
    cluster: Cluster,
    private readonly handlers: SnapshotHandlers,
    timing: InformerTiming = defaultInformerTiming,
  ) {
    super();
    this.informers = [
      new Informer(cluster, nodesSource, this.follow<Node>('node'), timing),
      new Informer(cluster, podsSource(), this.follow<Pod>('pod'), timing),
      new Informer(cluster, budgetsSource, this.follow<PodDisruptionBudget>('pdb'), timing),
    ];
  }

  private follow<T extends KubeObject>(resource: SnapshotResource): InformerHandlers<T> {
    const tell = (type: ChangeType, object: T, previous?: T) => {
      const change = { resource, type, object, ...(previous ? { previous } : {}) } as SnapshotChange;
      this.apply(change);
      this.handlers.changed?.(change);
    };
    return {
      added: (obj) => tell('added', obj),
      modified: (obj, previous) => tell('modified', obj, previous),
      deleted: (obj) => tell('deleted', obj),
      state: (state, failure) => this.stateChanged(resource, state, failure),
    };
  }

  private stateChanged(resource: SnapshotResource, state: InformerState, failure?: ClusterFailure): void {
    if (state === 'retrying') this.interrupted.set(resource, failure);
    else this.interrupted.delete(resource);
    this.handlers.health?.(this.health);
  }

  get health(): SnapshotHealth {
    const first = this.interrupted.entries().next();
    if (first.done) return { live: true };
    const [resource, failure] = first.value;
    return { live: false, resource, ...(failure ? { failure } : {}) };
  }

  /**
   * List nodes, pods and budgets, and keep following them until `signal`
   * aborts. Resolves once all three are listed, or with the first failure
   * (then nothing is followed).
   */
  async start(signal: AbortSignal): Promise<{ ok: true } | { ok: false; failure: ClusterFailure }> {
    const life = new AbortController();
    const stop = () => life.abort();
    signal.addEventListener('abort', stop, { once: true });
    if (signal.aborted) life.abort();
    const results = await Promise.all(this.informers.map((informer) => informer.start(life.signal)));
    for (const result of results) {
      if (result.ok) continue;
      life.abort();
      signal.removeEventListener('abort', stop);
      return { ok: false, failure: result.failure };
    }
    return { ok: true };
  }
}
