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

export class ClusterSnapshot {
  private readonly nodeInformer: Informer<Node>;
  private readonly podInformer: Informer<Pod>;
  private readonly budgetInformer: Informer<PodDisruptionBudget>;
  private readonly podsByNode = new Groups<Pod>();
  private readonly podsByNamespace = new Groups<Pod>();
  private readonly budgetsByNamespace = new Groups<PodDisruptionBudget>();
  private readonly interrupted = new Map<SnapshotResource, ClusterFailure | undefined>();

  constructor(
    cluster: Cluster,
    private readonly handlers: SnapshotHandlers,
    timing: InformerTiming = defaultInformerTiming,
  ) {
    this.nodeInformer = new Informer(cluster, nodesSource, this.follow<Node>('node', () => []), timing);
    this.podInformer = new Informer(cluster, podsSource(), this.follow<Pod>('pod', (pod) => {
      const node = pod.spec?.nodeName;
      return node ? [[this.podsByNode, node], [this.podsByNamespace, namespaceOf(pod)]] : [[this.podsByNamespace, namespaceOf(pod)]];
    }), timing);
    this.budgetInformer = new Informer(cluster, budgetsSource, this.follow<PodDisruptionBudget>('pdb', (pdb) => [[this.budgetsByNamespace, namespaceOf(pdb)]]), timing);
  }

  /** Informer handlers that keep the object filed under its groups (`groupsOf`) and pass each change on. */
  private follow<T extends KubeObject>(resource: SnapshotResource, groupsOf: (obj: T) => [Groups<T>, string][]): InformerHandlers<T> {
    const file = (obj: T) => groupsOf(obj).forEach(([groups, group]) => groups.add(group, obj));
    const unfile = (obj: T) => groupsOf(obj).forEach(([groups, group]) => groups.remove(group, obj));
    const tell = (type: ChangeType, object: T, previous?: T) =>
      this.handlers.changed?.({ resource, type, object, ...(previous ? { previous } : {}) } as SnapshotChange);
    return {
      added: (obj) => {
        file(obj);
        tell('added', obj);
      },
      modified: (obj, previous) => {
        unfile(previous);
        file(obj);
        tell('modified', obj, previous);
      },
      deleted: (obj) => {
        unfile(obj);
        tell('deleted', obj);
      },
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
    const results = await Promise.all([this.nodeInformer.start(life.signal), this.podInformer.start(life.signal), this.budgetInformer.start(life.signal)]);
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) {
      life.abort();
      signal.removeEventListener('abort', stop);
      return { ok: false, failure: failed.failure };
    }
    return { ok: true };
  }

  nodes(): Node[] {
    return this.nodeInformer.list();
  }

  node(name: string): Node | undefined {
    return this.nodeInformer.get(undefined, name);
  }

  pods(): Pod[] {
    return this.podInformer.list();
  }

  pod(namespace: string, name: string): Pod | undefined {
    return this.podInformer.get(namespace, name);
  }

  podsOnNode(node: string): Pod[] {
    return this.podsByNode.members(node);
  }

  podsInNamespace(namespace: string): Pod[] {
    return this.podsByNamespace.members(namespace);
  }

  /** The namespaces that have pods. */
  namespaces(): string[] {
    return this.podsByNamespace.keys();
  }

  budgets(): PodDisruptionBudget[] {
    return this.budgetInformer.list();
  }

  budget(namespace: string, name: string): PodDisruptionBudget | undefined {
    return this.budgetInformer.get(namespace, name);
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
