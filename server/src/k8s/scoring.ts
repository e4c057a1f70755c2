// Where the scheduler puts a pod among the nodes that fit: the default
// profile's score plugins, each normalized to 0..100, weighted and summed.
// Sources: pkg/scheduler/apis/config/v1/default_plugins.go (weights),
// pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go (Score),
// .../nodeaffinity/node_affinity.go (Score), .../noderesources/{least_allocated,
// balanced_allocation,resource_allocation}.go, .../podtopologyspread/scoring.go
// with the system default constraints (.../podtopologyspread/plugin.go),
// .../helper/normalize_score.go, pkg/scheduler/schedule_one.go (selectHost).
// ImageLocality and InterPodAffinity score 0 everywhere here (no node images,
// no pod affinity), so they are left out.

import { selectorMatches, type Selector } from './labels';
import { matchesNodeSelectorAndAffinity, nodeAllocatable, nodeSelectorTermMatches, nodeUsage, nonZeroDefaults, podRequest, type NodeCapacity, type NodeUsage, type ResourceRequest } from './scheduling';
import { toleratesTaint } from './tolerations';
import type { Node, Pod } from './types';

export const maxNodeScore = 100;

/** The default profile's score plugin weights (v1.32). */
export const scoreWeights = {
  TaintToleration: 3,
  NodeAffinity: 2,
  PodTopologySpread: 2,
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
} as const;

export type ScorePlugin = keyof typeof scoreWeights;

export const hostnameLabel = 'kubernetes.io/hostname';
export const zoneLabel = 'topology.kubernetes.io/zone';

/** The system default spreading (`ScheduleAnyway`) every pod of a ReplicaSet or StatefulSet gets. */
const systemDefaultConstraints = [
  { topologyKey: hostnameLabel, maxSkew: 3 },
  { topologyKey: zoneLabel, maxSkew: 5 },
];

/** A node with the pods bound to it (terminating ones included). */
export interface CandidateNode {
  node: Node;
  pods: Pod[];
  /** `nodeUsage(pods)` and `nodeUsage(pods, nonZeroDefaults)`, when the caller keeps them already. */
  requested?: NodeUsage;
  nonZeroRequested?: NodeUsage;
  /** `nodeAllocatable(node)`, when the caller keeps it already. */
  allocatable?: NodeCapacity;
}

export interface NodeScore {
  node: string;
  /** The weighted sum the scheduler ranks by. */
  total: number;
  /** Each plugin's normalized score (0..100), before weighting. */
  scores: Record<ScorePlugin, number>;
}

/** `helper.DefaultNormalizeScore`: scale to the maximum, optionally reversed. */
function defaultNormalizeScore(raw: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...raw);
  if (max === 0) return raw.map((s) => (reverse ? maxNodeScore : s));
  return raw.map((s) => {
    const v = Math.floor((maxNodeScore * s) / max);
    return reverse ? maxNodeScore - v : v;
  });
}

/** TaintToleration: fewer untolerated PreferNoSchedule taints is better. */
function taintTolerationScores(pod: Pod, nodes: CandidateNode[]): number[] {
  const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  const raw = nodes.map(
    ({ node }) => (node.spec?.taints ?? []).filter((taint) => taint.effect === 'PreferNoSchedule' && !tolerations.some((t) => toleratesTaint(t, taint))).length,
  );
  return defaultNormalizeScore(raw, true);
}

/** NodeAffinity: the summed weights of the preferred terms a node matches. */
function nodeAffinityScores(pod: Pod, nodes: CandidateNode[]): number[] {
  const terms = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const raw = nodes.map(({ node }) =>
    terms.reduce((sum, t) => (t?.weight && t.preference && nodeSelectorTermMatches(t.preference, node) ? sum + t.weight : sum), 0),
  );
  return defaultNormalizeScore(raw, false);
}

type Fraction = [requested: number, allocatable: number];

/** cpu and memory as (requested incl. the pod, allocatable); resources the node does not report are skipped. */
function resourceFractions(node: CandidateNode, pod: ResourceRequest, nonMissing?: ResourceRequest): Fraction[] {
  const alloc = node.allocatable ?? nodeAllocatable(node.node);
  const used = (nonMissing ? node.nonZeroRequested : node.requested) ?? nodeUsage(node.pods, nonMissing);
  const parts: Fraction[] = [
    [used.milliCPU + pod.milliCPU, alloc.milliCPU],
    [used.memory + pod.memory, alloc.memory],
  ];
  return parts.filter(([, a]) => Number.isFinite(a) && a > 0);
}

/** NodeResourcesFit with the LeastAllocated strategy, on non-zero requests. */
function leastAllocatedScores(pod: Pod, nodes: CandidateNode[]): number[] {
  const request = podRequest(pod.spec, nonZeroDefaults);
  return nodes.map((n) => {
    const parts = resourceFractions(n, request, nonZeroDefaults);
    if (parts.length === 0) return 0;
    const sum = parts.reduce((s, [r, a]) => s + (r > a ? 0 : Math.floor(((a - r) * maxNodeScore) / a)), 0);
    return Math.floor(sum / parts.length);
  });
}

/** NodeResourcesBalancedAllocation: cpu and memory used in the same proportion is better (actual requests). */
function balancedAllocationScores(pod: Pod, nodes: CandidateNode[]): number[] {
  const request = podRequest(pod.spec);
  return nodes.map((n) => {
    const fractions = resourceFractions(n, request).map(([r, a]) => Math.min(1, r / a));
    let std = 0;
    if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
    return Math.trunc((1 - std) * maxNodeScore);
  });
}

function countMatching(pods: readonly Pod[], selector: Selector, namespace: string): number {
  // Terminating pods are bypassed (kubernetes#87621).
  return pods.filter((p) => !p.metadata?.deletionTimestamp && (p.metadata?.namespace ?? 'default') === namespace && selectorMatches(selector, p.metadata?.labels)).length;
}

/**
 * PodTopologySpread with the system default constraints: fewer pods of the
 * same workload on the node (and in its zone) is better. `spreadSelector`
 * is `helper.DefaultSelector`: the selector of the pod's ReplicaSet or
 * StatefulSet; without one the plugin skips and scores 0 everywhere.
 */
function topologySpreadScores(pod: Pod, nodes: CandidateNode[], allNodes: CandidateNode[], spreadSelector: Selector | undefined): number[] {
  if (!spreadSelector || spreadSelector.kind === 'nothing' || spreadSelector.requirements.length === 0) return nodes.map(() => 0);
  const namespace = pod.metadata?.namespace ?? 'default';
  const label = (n: Node, key: string) => n.metadata?.labels?.[key];
  // A node without the zone label still forms the pair (zone, ""), which
  // counts in the normalizing weight but never gathers pods.
  const zonePairs = new Map<string, number>();
  for (const { node } of nodes) zonePairs.set(label(node, zoneLabel) ?? '', 0);
  for (const { node, pods } of allNodes) {
    const zone = label(node, zoneLabel);
    if (zone === undefined || !zonePairs.has(zone)) continue;
    // NodeInclusionPolicy Honor (the default): only nodes the pod may be placed on count towards a domain.
    if (!matchesNodeSelectorAndAffinity(pod.spec, node)) continue;
    zonePairs.set(zone, (zonePairs.get(zone) ?? 0) + countMatching(pods, spreadSelector, namespace));
  }
  const weight = (key: string) => Math.log((key === hostnameLabel ? nodes.length : zonePairs.size) + 2);
  const raw = nodes.map(({ node, pods }) => {
    let score = 0;
    for (const c of systemDefaultConstraints) {
      const value = label(node, c.topologyKey);
      if (value === undefined) continue;
      const count = c.topologyKey === hostnameLabel ? countMatching(pods, spreadSelector, namespace) : (zonePairs.get(value) ?? 0);
      score += count * weight(c.topologyKey) + (c.maxSkew - 1);
    }
    return Math.round(score);
  });
  const max = Math.max(...raw);
  const min = Math.min(...raw);
  return raw.map((s) => (max === 0 ? maxNodeScore : Math.floor((maxNodeScore * (max + min - s)) / max)));
}

/**
 * Scores the feasible nodes for a pod, as the default profile would.
 * `allNodes` is every node of the cluster (zone counts look beyond the
 * feasible ones).
 */
export function scoreNodes(pod: Pod, feasible: CandidateNode[], allNodes: CandidateNode[], spreadSelector?: Selector): NodeScore[] {
  const perPlugin: Record<ScorePlugin, number[]> = {
    TaintToleration: taintTolerationScores(pod, feasible),
    NodeAffinity: nodeAffinityScores(pod, feasible),
    PodTopologySpread: topologySpreadScores(pod, feasible, allNodes, spreadSelector),
    NodeResourcesFit: leastAllocatedScores(pod, feasible),
    NodeResourcesBalancedAllocation: balancedAllocationScores(pod, feasible),
  };
  return feasible.map(({ node }, i) => {
    const scores = Object.fromEntries(Object.keys(scoreWeights).map((p) => [p, perPlugin[p as ScorePlugin][i]])) as Record<ScorePlugin, number>;
    const total = (Object.keys(scoreWeights) as ScorePlugin[]).reduce((sum, p) => sum + scores[p] * scoreWeights[p], 0);
    return { node: node.metadata?.name ?? '', total, scores };
  });
}

/**
 * `selectHost`: the highest total. Upstream picks at random among equal
 * totals; this picks the first in the order given, so placements are
 * reproducible.
 */
export function selectHost(scores: readonly NodeScore[]): string | undefined {
  let best: NodeScore | undefined;
  for (const s of scores) if (!best || s.total > best.total) best = s;
  return best?.node;
}
