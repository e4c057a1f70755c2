// The cluster tree as data: which elements exist under which, and which of
// them a change from the watches touches, so the view refreshes those and no
// others. No VS Code here: clusterTree.ts shows it, treeItems.ts words it.
//
//   kube-eviction-sandbox  (the context, and the namespaces shown)
//   Nodes                  > node-1 > its pods
//   Namespaces             > default > its pods
//   PodDisruptionBudgets   > web-pdb
//
// A namespace filter hides the pods and budgets of other namespaces (nodes
// are not namespaced: all are shown).
// Elements are kept (one object per id) while the view may hold them: VS Code
// knows a tree element by its identity, so a refresh must name the same object.

import type { SnapshotChange } from '../cluster/snapshot';
import type { KubeObject, Node, Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';

/** What the tree reads of the cluster (a ClusterSnapshot). */
export interface ClusterView {
  nodes(): Node[];
  node(name: string): Node | undefined;
  pod(namespace: string, name: string): Pod | undefined;
  podsOnNode(node: string): Pod[];
  podsInNamespace(namespace: string): Pod[];
  namespaces(): string[];
  budgets(): PodDisruptionBudget[];
  budget(namespace: string, name: string): PodDisruptionBudget | undefined;
  budgetsFor(pod: Pod): PodDisruptionBudget[];
  podsSelectedBy(pdb: PodDisruptionBudget): Pod[];
}

/** What the view shows besides the objects: whose cluster, and which of its namespaces. */
export interface ViewScope {
  target: { context: string; cluster: string; server: string; user?: string; namespace: string };
  /** The namespaces shown, in order; undefined: all of them. */
  namespaces?: readonly string[];
  /** What the context's user is known to be allowed to do. */
  access?: ContextAccess;
}

/**
 * What the context's user may do, as far as is known: undefined until
 * known. Learned from the API server's answers (a 403 says no); a review of
 * the user's permissions can fill it in ahead of any action.
 */
export interface ContextAccess {
  /** `create` on `pods/eviction`. */
  evict?: boolean;
  /** `patch` on nodes (cordon, uncordon, the cordon of a drain). */
  patchNodes?: boolean;
}

export type Group = 'nodes' | 'namespaces' | 'budgets';

export type TreeElement =
  | { readonly kind: 'context'; readonly id: string }
  | { readonly kind: 'group'; readonly id: string; readonly group: Group }
  | { readonly kind: 'node'; readonly id: string; readonly name: string }
  | { readonly kind: 'namespace'; readonly id: string; readonly name: string }
  /** A pod appears twice: under its node and under its namespace. */
  | { readonly kind: 'pod'; readonly id: string; readonly namespace: string; readonly name: string; readonly under: 'node' | 'namespace' }
  | { readonly kind: 'pdb'; readonly id: string; readonly namespace: string; readonly name: string };

export type PodElement = Extract<TreeElement, { kind: 'pod' }>;

const groups: readonly Group[] = ['nodes', 'namespaces', 'budgets'];
const nameOf = (obj: KubeObject) => obj.metadata?.name ?? '';
const namespaceOf = (obj: KubeObject) => obj.metadata?.namespace ?? '';
const byName = new Intl.Collator('en', { numeric: true }).compare;
const sortedBy = <T>(items: T[], key: (item: T) => string) => items.sort((a, b) => byName(key(a), key(b)));

const ids = {
  context: 'context',
  group: (group: Group) => `group:${group}`,
  node: (name: string) => `node:${name}`,
  namespace: (name: string) => `namespace:${name}`,
  podUnderNode: (node: string, namespace: string, name: string) => `node:${node}/pod:${namespace}/${name}`,
  podUnderNamespace: (namespace: string, name: string) => `namespace:${namespace}/pod:${name}`,
  pdb: (namespace: string, name: string) => `pdb:${namespace}/${name}`,
};

export class ClusterTreeModel {
  private readonly elements = new Map<string, TreeElement>();

  private readonly shows: (namespace: string) => boolean;

  constructor(
    readonly view: ClusterView,
    readonly scope?: ViewScope,
  ) {
    const shown = scope?.namespaces && new Set(scope.namespaces);
    this.shows = shown ? (namespace) => shown.has(namespace) : () => true;
  }

  /** Whether the filter shows this namespace's pods and budgets. */
  showsNamespace(namespace: string): boolean {
    return this.shows(namespace);
  }

  /** The pods on a node that the view shows. */
  podsOnNode(node: string): Pod[] {
    return this.view.podsOnNode(node).filter((p) => this.shows(namespaceOf(p)));
  }

  /** The namespaces with pods that the view shows. */
  namespaces(): string[] {
    return this.view.namespaces().filter(this.shows);
  }

  /** The budgets the view shows. */
  budgets(): PodDisruptionBudget[] {
    return this.view.budgets().filter((p) => this.shows(namespaceOf(p)));
  }

  private keep<T extends TreeElement>(element: T): T {
    const kept = this.elements.get(element.id);
    if (kept) return kept as T;
    this.elements.set(element.id, element);
    return element;
  }

  group(group: Group): TreeElement {
    return this.keep({ kind: 'group', id: ids.group(group), group });
  }

  nodeElement(name: string): TreeElement {
    return this.keep({ kind: 'node', id: ids.node(name), name });
  }

  namespaceElement(name: string): TreeElement {
    return this.keep({ kind: 'namespace', id: ids.namespace(name), name });
  }

  podElement(pod: Pod, under: 'node' | 'namespace'): PodElement {
    const namespace = namespaceOf(pod);
    const name = nameOf(pod);
    const id = under === 'node' ? ids.podUnderNode(pod.spec?.nodeName ?? '', namespace, name) : ids.podUnderNamespace(namespace, name);
    return this.keep({ kind: 'pod', id, namespace, name, under });
  }

  pdbElement(pdb: PodDisruptionBudget): TreeElement {
    return this.keep({ kind: 'pdb', id: ids.pdb(namespaceOf(pdb), nameOf(pdb)), namespace: namespaceOf(pdb), name: nameOf(pdb) });
  }

  roots(): TreeElement[] {
    return [...(this.scope ? [this.keep<TreeElement>({ kind: 'context', id: ids.context })] : []), ...groups.map((g) => this.group(g))];
  }

  children(element: TreeElement): TreeElement[] {
    switch (element.kind) {
      case 'group':
        if (element.group === 'nodes') return sortedBy(this.view.nodes().map(nameOf), (n) => n).map((n) => this.nodeElement(n));
        if (element.group === 'namespaces') return sortedBy(this.namespaces(), (n) => n).map((n) => this.namespaceElement(n));
        return sortedBy(this.budgets(), (p) => `${namespaceOf(p)}/${nameOf(p)}`).map((p) => this.pdbElement(p));
      case 'node':
        return sortedBy(this.podsOnNode(element.name), (p) => `${namespaceOf(p)}/${nameOf(p)}`).map((p) => this.podElement(p, 'node'));
      case 'namespace':
        return sortedBy(this.view.podsInNamespace(element.name), nameOf).map((p) => this.podElement(p, 'namespace'));
      default:
        return [];
    }
  }

  parent(element: TreeElement): TreeElement | undefined {
    switch (element.kind) {
      case 'context':
      case 'group':
        return undefined;
      case 'node':
        return this.group('nodes');
      case 'namespace':
        return this.group('namespaces');
      case 'pdb':
        return this.group('budgets');
      case 'pod': {
        if (element.under === 'namespace') return this.namespaceElement(element.namespace);
        const node = this.view.pod(element.namespace, element.name)?.spec?.nodeName;
        return node ? this.nodeElement(node) : this.group('nodes');
      }
    }
  }

  /** The object an element shows, undefined once it is gone (groups show the cluster). */
  objectOf(element: TreeElement): Node | Pod | PodDisruptionBudget | undefined {
    switch (element.kind) {
      case 'node':
        return this.view.node(element.name);
      case 'pod':
        return this.view.pod(element.namespace, element.name);
      case 'pdb':
        return this.view.budget(element.namespace, element.name);
      default:
        return undefined;
    }
  }

  /** Forget every element (a new cluster, or a full refresh). */
  clear(): void {
    this.elements.clear();
  }

  /** Ids whose elements a change touches; the elements themselves are looked up by the caller among those kept. */
  private touchedIds(change: SnapshotChange): { refresh: string[]; gone: string[] } {
    const refresh: string[] = [];
    const gone: string[] = [];
    switch (change.resource) {
      case 'node': {
        const name = nameOf(change.object);
        if (change.type === 'modified') refresh.push(ids.node(name));
        else refresh.push(ids.group('nodes'));
        if (change.type === 'deleted') gone.push(ids.node(name));
        break;
      }
      case 'pod': {
        const pod = change.object;
        const namespace = namespaceOf(pod);
        const name = nameOf(pod);
        const before = change.previous?.spec?.nodeName;
        const after = pod.spec?.nodeName;
        const underNode = (node: string | undefined) => (node ? [ids.podUnderNode(node, namespace, name)] : []);
        if (change.type === 'modified' && before === after) {
          refresh.push(...underNode(after), ids.podUnderNamespace(namespace, name));
          break;
        }
        // The pod came, went, or moved: the lists (and counts) of its node(s) and namespace change.
        for (const node of new Set([before, after])) if (node) refresh.push(ids.node(node));
        if (change.type === 'modified') {
          gone.push(...underNode(before));
          refresh.push(ids.podUnderNamespace(namespace, name));
          break;
        }
        refresh.push(ids.namespace(namespace));
        // The namespaces branch changes only when a namespace gains its first pod or loses its last.
        const left = this.view.podsInNamespace(namespace).length;
        if ((change.type === 'added' && left === 1) || (change.type === 'deleted' && left === 0)) refresh.push(ids.group('namespaces'));
        if (change.type === 'deleted') {
          gone.push(...underNode(after), ids.podUnderNamespace(namespace, name));
          if (left === 0) gone.push(ids.namespace(namespace));
        }
        break;
      }
      case 'pdb': {
        const pdb = change.object;
        const namespace = namespaceOf(pdb);
        if (change.type === 'modified') refresh.push(ids.pdb(namespace, nameOf(pdb)));
        else refresh.push(ids.group('budgets'));
        if (change.type === 'deleted') gone.push(ids.pdb(namespace, nameOf(pdb)));
        // The pods it covers show its allowance: those it selects now, and those it selected before.
        const selected = new Set(this.view.podsSelectedBy(pdb));
        if (change.previous) for (const pod of this.view.podsSelectedBy(change.previous)) selected.add(pod);
        for (const pod of selected) refresh.push(...(pod.spec?.nodeName ? [ids.podUnderNode(pod.spec.nodeName, namespace, nameOf(pod))] : []), ids.podUnderNamespace(namespace, nameOf(pod)));
        break;
      }
    }
    return { refresh, gone };
  }

  /**
   * The kept elements a change touches (their item or their children change),
   * and forgets the elements of objects that went away.
   */
  affectedBy(change: SnapshotChange): TreeElement[] {
    const { refresh, gone } = this.touchedIds(change);
    const affected = refresh.map((id) => this.elements.get(id)).filter((e): e is TreeElement => e !== undefined);
    for (const id of gone) this.elements.delete(id);
    return affected;
  }

  /** Drops elements whose ancestor is also listed: refreshing an element refreshes what is under it. */
  coalesce(elements: Iterable<TreeElement>): TreeElement[] {
    const listed = new Set(elements);
    return [...listed].filter((element) => {
      for (let up = this.parent(element); up; up = this.parent(up)) if (listed.has(up)) return false;
      return true;
    });
  }
}
