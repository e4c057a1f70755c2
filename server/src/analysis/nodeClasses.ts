// Nodes in equivalence classes: the scheduler's filters that the rules run
// (cordon, taints, node selection) read a node's taints, its cordon and its
// labels, so nodes that agree on those are judged once for all. The hostname
// label, which every node has and no two share, is left out of the class:
// only a pod whose node selection reads it (or a node's name) is judged node
// by node. What a rule concludes for a pod's scheduling constraints is kept
// (memo) as long as the nodes do not change.
import { hostnameLabel } from '../k8s/scoring';
import type { Node, PodSpec } from '../k8s/types';
import { labelsKey } from './labelIndex';
import type { ManifestObject } from './manifestFile';

export interface NodeRef {
  node: Node;
  name: string;
  /** The Node manifest, for a workspace node; none for a live cluster's. */
  object?: ManifestObject;
}

export interface NodeClass {
  /** The first member: any member would be judged alike. */
  rep: NodeRef;
  members: NodeRef[];
}

/** Class keys by node, kept while a node manifest is unchanged (an edit of a node makes a new one). */
const classKeys = new WeakMap<Node, string>();

function classKey(node: Node): string {
  let key = classKeys.get(node);
  if (key === undefined) {
    const { [hostnameLabel]: _hostname, ...labels } = node.metadata?.labels ?? {};
    classKeys.set(node, (key = JSON.stringify([node.spec?.taints ?? [], !!node.spec?.unschedulable, labelsKey(labels)])));
  }
  return key;
}

/** Whether a pod's node selection reads what tells nodes of one class apart: the hostname label or the node's name. */
export function readsNodeIdentity(spec: PodSpec | undefined): boolean {
  if (Object.hasOwn(spec?.nodeSelector ?? {}, hostnameLabel)) return true;
  const terms = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return terms.some((term) => (term.matchFields ?? []).length > 0 || (term.matchExpressions ?? []).some((r) => r.key === hostnameLabel));
}

export interface Judged<T> {
  classes: readonly (NodeClass & { value: T })[];
  /** The verdict of every node, in node order. */
  each(): readonly T[];
}

export class NodeClasses {
  /** The nodes in their order (the manifests', or by name for a live cluster). */
  readonly refs: readonly NodeRef[];
  readonly classes: readonly NodeClass[];
  private readonly classOfRef = new Map<NodeRef, NodeClass>();
  private readonly byName = new Map<string, NodeRef>();
  private readonly memos = new Map<string, Map<string, unknown>>();

  constructor(refs: readonly NodeRef[]) {
    this.refs = refs;
    const classes = new Map<string, NodeClass>();
    for (const ref of refs) {
      const key = classKey(ref.node);
      let nodeClass = classes.get(key);
      if (!nodeClass) classes.set(key, (nodeClass = { rep: ref, members: [] }));
      nodeClass.members.push(ref);
      this.classOfRef.set(ref, nodeClass);
      if (!this.byName.has(ref.name)) this.byName.set(ref.name, ref);
    }
    this.classes = [...classes.values()];
  }

  named(name: string): NodeRef | undefined {
    return this.byName.get(name);
  }

  /**
   * Judges a pod's nodes: each class once by its first member, or each node when
   * the pod's node selection tells members apart. `each()` spreads the verdicts
   * over the nodes, in their order.
   */
  judge<T>(spec: PodSpec | undefined, verdict: (ref: NodeRef) => T): Judged<T> {
    if (readsNodeIdentity(spec)) {
      const values = this.refs.map(verdict);
      return { classes: this.refs.map((ref, i) => ({ rep: ref, members: [ref], value: values[i]! })), each: () => values };
    }
    const byClass = new Map(this.classes.map((c) => [c, verdict(c.rep)]));
    let values: T[] | undefined;
    return {
      classes: this.classes.map((c) => ({ ...c, value: byClass.get(c)! })),
      each: () => (values ??= this.refs.map((ref) => byClass.get(this.classOfRef.get(ref)!)!)),
    };
  }

  /** A conclusion about these nodes, computed once per kind and key. */
  memo<T>(kind: string, key: string, compute: () => T): T {
    let byKey = this.memos.get(kind);
    if (!byKey) this.memos.set(kind, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key) as T;
    const value = compute();
    byKey.set(key, value);
    return value;
  }
}
