// The cluster tree as data: which elements exist under which, and which of
// them a change from the watches touches, so the view refreshes those and no
// others. No VS Code here: clusterTree.ts shows it, treeItems.ts words it.
//
//   kube-eviction-sandbox  (the context, and the namespaces shown)
//   Nodes                  > node-1 > its pods
//                          > Pending > the pods bound to no node
//   Namespaces             > default > its pods
//   PodDisruptionBudgets   > web-pdb
//   History                > Drain of node node-2 > why a budget holds it, what unblocks it
//
// A namespace filter hides the pods and budgets of other namespaces (nodes
// are not namespaced: all are shown).
// Elements are kept (one object per id) while the view may hold them: VS Code
// knows a tree element by its identity, so a refresh must name the same object.

import type { ContextAccess } from '../cluster/access';
import type { SnapshotChange } from '../cluster/snapshot';
import type { HistoryEntry } from '../history';
import type { KubeObject, Node, Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';

export type { ContextAccess };

/** What the tree reads of the cluster (a ClusterSnapshot). */
export interface ClusterView {
  nodes(): Node[];
  node(name: string): Node | undefined;
  pod(namespace: string, name: string): Pod | undefined;
  podsOnNode(node: string): Pod[];
  /** Pods bound to no node. */
  unscheduledPods(): Pod[];
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

/** What the view shows of the session's actions (an ActionHistory). */
export interface HistoryView {
  entries(): readonly HistoryEntry[];
  entry(id: number): HistoryEntry | undefined;
}

export type Group = 'nodes' | 'namespaces' | 'budgets' | 'history';

export type TreeElement =
  | { readonly kind: 'context'; readonly id: string }
  | { readonly kind: 'group'; readonly id: string; readonly group: Group }
  | { readonly kind: 'node'; readonly id: string; readonly name: string }
  | { readonly kind: 'namespace'; readonly id: string; readonly name: string }
  /** Under Nodes: the pods bound to no node. */
  | { readonly kind: 'unscheduled'; readonly id: string }
  /** A pod appears twice: under its node (or Pending) and under its namespace. */
  | { readonly kind: 'pod'; readonly id: string; readonly namespace: string; readonly name: string; readonly under: 'node' | 'namespace' }
  | { readonly kind: 'pdb'; readonly id: string; readonly namespace: string; readonly name: string }
  /** An action of the session (History). */
  | { readonly kind: 'entry'; readonly id: string; readonly entry: number }
  /** Under a held action: why it is held (`cause`), or what would release it (the remedy's index). */
  | { readonly kind: 'detail'; readonly id: string; readonly entry: number; readonly detail: 'cause' | number };

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
  podUnderNode: (node: string | undefined, namespace: string, name: string) => (node ? `node:${node}/pod:${namespace}/${name}` : `unscheduled/pod:${namespace}/${name}`),
  unscheduled: 'unscheduled',
  /** A pod's node, or the Pending element for a pod bound to none. */
  nodeOf: (node: string | undefined) => (node ? `node:${node}` : 'unscheduled'),
  entry: (id: number) => `history:${id}`,
  detail: (id: number, detail: 'cause' | number) => `history:${id}/${detail}`,
  podUnderNamespace: (namespace: string, name: string) => `namespace:${namespace}/pod:${name}`,
  pdb: (namespace: string, name: string) => `pdb:${namespace}/${name}`,
};

export class ClusterTreeModel {
  private readonly elements = new Map<string, TreeElement>();

  private readonly shows: (namespace: string) => boolean;

  constructor(
    readonly view: ClusterView,
    readonly scope?: ViewScope,
    readonly history?: HistoryView,
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

  /** The pods bound to no node that the view shows. */
  unscheduledPods(): Pod[] {
    return this.view.unscheduledPods().filter((p) => this.shows(namespaceOf(p)));
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
    const id = under === 'node' ? ids.podUnderNode(pod.spec?.nodeName, namespace, name) : ids.podUnderNamespace(namespace, name);
    return this.keep({ kind: 'pod', id, namespace, name, under });
  }

  pdbElement(pdb: PodDisruptionBudget): TreeElement {
    return this.keep({ kind: 'pdb', id: ids.pdb(namespaceOf(pdb), nameOf(pdb)), namespace: namespaceOf(pdb), name: nameOf(pdb) });
  }

  unscheduledElement(): TreeElement {
    return this.keep({ kind: 'unscheduled', id: ids.unscheduled });
  }

  entryElement(entry: number): TreeElement {
    return this.keep({ kind: 'entry', id: ids.entry(entry), entry });
  }

  private detailElement(entry: number, detail: 'cause' | number): TreeElement {
    return this.keep({ kind: 'detail', id: ids.detail(entry, detail), entry, detail });
  }

  roots(): TreeElement[] {
    const shown = this.history?.entries().length ? [...groups, 'history' as const] : groups;
    return [...(this.scope ? [this.keep<TreeElement>({ kind: 'context', id: ids.context })] : []), ...shown.map((g) => this.group(g))];
  }

  children(element: TreeElement): TreeElement[] {
    switch (element.kind) {
      case 'group':
        switch (element.group) {
          case 'nodes':
            return [...sortedBy(this.view.nodes().map(nameOf), (n) => n).map((n) => this.nodeElement(n)), ...(this.unscheduledPods().length ? [this.unscheduledElement()] : [])];
          case 'namespaces':
            return sortedBy(this.namespaces(), (n) => n).map((n) => this.namespaceElement(n));
          case 'budgets':
            return sortedBy(this.budgets(), (p) => `${namespaceOf(p)}/${nameOf(p)}`).map((p) => this.pdbElement(p));
          case 'history':
            return (this.history?.entries() ?? []).map((e) => this.entryElement(e.id));
        }
        return [];
      case 'node':
        return sortedBy(this.podsOnNode(element.name), (p) => `${namespaceOf(p)}/${nameOf(p)}`).map((p) => this.podElement(p, 'node'));
      case 'unscheduled':
        return sortedBy(this.unscheduledPods(), (p) => `${namespaceOf(p)}/${nameOf(p)}`).map((p) => this.podElement(p, 'node'));
      case 'namespace':
        return sortedBy(this.view.podsInNamespace(element.name), nameOf).map((p) => this.podElement(p, 'namespace'));
      case 'entry': {
        const held = this.history?.entry(element.entry)?.held;
        return held ? [this.detailElement(element.entry, 'cause'), ...held.remedies.map((_, i) => this.detailElement(element.entry, i))] : [];
      }
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
      case 'unscheduled':
        return this.group('nodes');
      case 'entry':
        return this.group('history');
      case 'detail':
        return this.entryElement(element.entry);
      case 'pod': {
        if (element.under === 'namespace') return this.namespaceElement(element.namespace);
        const node = this.view.pod(element.namespace, element.name)?.spec?.nodeName;
        return node ? this.nodeElement(node) : this.unscheduledElement();
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

  /** The kept elements of a history entry (undefined: the branch, whose entries came or went). */
  historyTouched(entry: number | undefined): TreeElement[] {
    const id = entry === undefined ? ids.group('history') : ids.entry(entry);
    const element = this.elements.get(id);
    // The branch itself is not there until its first entry: then the roots change.
    return element ? [element] : [];
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
        const underNode = (node: string | undefined) => [ids.podUnderNode(node, namespace, name)];
        if (change.type === 'modified' && before === after) {
          refresh.push(...underNode(after), ids.podUnderNamespace(namespace, name));
          break;
        }
        // The pod came, went, or moved: the lists (and counts) of its node(s), or of Pending, and namespace change.
        for (const node of new Set(change.type === 'modified' ? [before, after] : [after])) refresh.push(ids.nodeOf(node));
        // Pending shows under Nodes only while it has pods: its first came, or its last went.
        const unscheduled = this.view.unscheduledPods().length;
        const pendingChanged = (change.type !== 'modified' ? !after : !before || !after) && unscheduled <= 1;
        if (pendingChanged) refresh.push(ids.group('nodes'));
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
        for (const pod of selected) refresh.push(ids.podUnderNode(pod.spec?.nodeName, namespace, nameOf(pod)), ids.podUnderNamespace(namespace, nameOf(pod)));
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
