// What the live cluster of the editor's current context tells the rules: its
// complete node list (untolerated-taint) and the labels of its pods by
// namespace (pdb-selects-nothing). The VS Code client sends these facts (see
// ClusterFacts); the engine keeps one LiveCluster and, when new facts come,
// re-runs only the rules that read what moved.
import { selectorMatches, type Selector } from '../k8s/labels';
import type { Labels, Taint } from '../k8s/types';
import { NodeClasses } from './nodeClasses';
import { anchorsOf, labelAnchor, labelsKey } from './labelIndex';

/** A node as the scheduling rules read it: no status, no capacity. */
export interface ClusterNodeFacts {
  name: string;
  labels: Labels;
  taints: Taint[];
  unschedulable: boolean;
}

/** A set of labels that at least one pod of the namespace carries. */
export interface ClusterPodLabels {
  namespace: string;
  labels: Labels;
}

export interface ClusterFacts {
  /** The kubeconfig context the facts come from, named in messages. */
  context: string;
  nodes: ClusterNodeFacts[];
  /** Each distinct label set of each namespace once: replicas share theirs, so this stays small. */
  pods: ClusterPodLabels[];
}

/** What moved between two sets of facts: whether the nodes did, and the namespaces whose pods did ('all' for another context). */
export interface ClusterChange {
  nodes: boolean;
  pods: 'all' | ReadonlySet<string>;
}

export const noClusterChange: ClusterChange = { nodes: false, pods: new Set() };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function labelsFrom(value: unknown): Labels {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function taintsFrom(value: unknown): Taint[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(isRecord)
    .filter((t) => typeof t['key'] === 'string' && typeof t['effect'] === 'string')
    .map((t) => ({ key: t['key'] as string, effect: t['effect'] as string, ...(typeof t['value'] === 'string' && t['value'] ? { value: t['value'] } : {}) }));
}

/**
 * Facts from a client's notification, which is JSON from another process:
 * anything malformed is dropped rather than trusted. Undefined for `null`
 * (no live cluster) or for something that is not facts at all.
 */
export function clusterFactsFrom(raw: unknown): ClusterFacts | undefined {
  if (!isRecord(raw) || typeof raw['context'] !== 'string' || !Array.isArray(raw['nodes']) || !Array.isArray(raw['pods'])) return undefined;
  return {
    context: raw['context'],
    nodes: raw['nodes']
      .filter(isRecord)
      .filter((n) => typeof n['name'] === 'string' && n['name'])
      .map((n) => ({ name: n['name'] as string, labels: labelsFrom(n['labels']), taints: taintsFrom(n['taints']), unschedulable: n['unschedulable'] === true })),
    pods: raw['pods'].filter(isRecord).filter((p) => typeof p['namespace'] === 'string').map((p) => ({ namespace: p['namespace'] as string, labels: labelsFrom(p['labels']) })),
  };
}

/** A namespace's distinct pod label sets, indexed by label for selectors that need one (see anchorsOf). */
interface NamespacePods {
  labelSets: Labels[];
  byLabel: Map<string, Labels[]>;
}

export class LiveCluster {
  readonly context: string;
  /** The nodes in the API's shape, by name, in classes (the core's scheduling predicates judge a class once). */
  readonly nodeClasses: NodeClasses;
  private readonly nodesKey: string;
  private readonly podLabels = new Map<string, NamespacePods>();
  private readonly podsKey = new Map<string, string>();

  constructor(facts: ClusterFacts) {
    this.context = facts.context;
    const nodes = [...facts.nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.nodeClasses = new NodeClasses(
      nodes.map((n) => ({
        name: n.name,
        node: { apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: n.labels }, spec: { taints: n.taints, ...(n.unschedulable ? { unschedulable: true } : {}) } },
      })),
    );
    this.nodesKey = JSON.stringify(nodes.map((n) => [n.name, labelsKey(n.labels), n.taints, n.unschedulable]));
    const keys = new Map<string, Set<string>>();
    for (const { namespace, labels } of facts.pods) {
      let seen = keys.get(namespace);
      if (!seen) keys.set(namespace, (seen = new Set()));
      const key = labelsKey(labels);
      if (seen.has(key)) continue;
      seen.add(key);
      let pods = this.podLabels.get(namespace);
      if (!pods) this.podLabels.set(namespace, (pods = { labelSets: [], byLabel: new Map() }));
      pods.labelSets.push(labels);
      for (const [k, v] of Object.entries(labels)) {
        const anchor = labelAnchor(k, v);
        const list = pods.byLabel.get(anchor);
        if (list) list.push(labels);
        else pods.byLabel.set(anchor, [labels]);
      }
    }
    for (const [namespace, seen] of keys) this.podsKey.set(namespace, [...seen].sort().join('\n'));
  }

  /** Whether any pod of the namespace runs on the cluster. */
  hasPods(namespace: string): boolean {
    return this.podLabels.has(namespace);
  }

  /** Whether some pod of the namespace carries labels the selector matches. */
  hasPodMatching(namespace: string, selector: Selector): boolean {
    const pods = this.podLabels.get(namespace);
    if (!pods) return false;
    const anchors = anchorsOf(selector);
    const candidates = anchors ? anchors.flatMap((anchor) => pods.byLabel.get(anchor) ?? []) : pods.labelSets;
    return candidates.some((labels) => selectorMatches(selector, labels));
  }

  /** What the rules would see differently going from `before` to `after` (either may be absent: no live cluster). */
  static change(before: LiveCluster | undefined, after: LiveCluster | undefined): ClusterChange {
    if (!before && !after) return noClusterChange;
    if (!before || !after || before.context !== after.context) return { nodes: true, pods: 'all' };
    const namespaces = new Set<string>();
    for (const namespace of new Set([...before.podsKey.keys(), ...after.podsKey.keys()])) {
      if (before.podsKey.get(namespace) !== after.podsKey.get(namespace)) namespaces.add(namespace);
    }
    return { nodes: before.nodesKey !== after.nodesKey, pods: namespaces };
  }
}
