// topologySpreadConstraints with whenUnsatisfiable: DoNotSchedule, as the
// PodTopologySpread filter applies them: matching pods counted per topology
// domain once per scheduling attempt (PreFilter), then per node the skew
// the pod would make against the emptiest domain (Filter).
// Sources: pkg/scheduler/framework/plugins/podtopologyspread/{common,filtering,plugin}.go
// (filterTopologySpreadConstraints, mergeLabelSetWithSelector, calPreFilterState,
// nodeLabelsMatchSpreadConstraints, matchNodeInclusionPolicies, countPodsMatchSelector,
// minMatchNum, Filter, updateWithPod).

import { labelSelectorAsSelector, selectorMatches, selectsEverything, type Requirement, type Selector } from './labels';
import type { NodeInfo } from './nodeInfo';
import { matchesNodeSelectorAndAffinity, type FilterResult } from './scheduling';
import { findMatchingUntoleratedTaint } from './tolerations';
import type { Node, Pod } from './types';

export const podTopologySpreadReasons = {
  missingLabel: "node(s) didn't match pod topology spread constraints (missing required label)",
  skew: "node(s) didn't match pod topology spread constraints",
} as const;

/** A DoNotSchedule constraint with its defaults filled in. */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  /** Default 1. */
  minDomains: number;
  /** Default Honor: only nodes the pod's nodeSelector and required node affinity accept count. */
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Default Ignore: tainted nodes count. */
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/**
 * `filterTopologySpreadConstraints` for DoNotSchedule: the pod's own
 * constraints (the cluster's system defaults are all ScheduleAnyway, so a
 * pod without constraints has none here). matchLabelKeys the pod carries
 * are ANDed into the selector by the scheduler in v1.32; a null selector
 * stays match-nothing.
 */
export function doNotScheduleConstraints(pod: Pod): SpreadConstraint[] {
  const listed = pod.spec?.topologySpreadConstraints;
  const labels = pod.metadata?.labels ?? {};
  const result: SpreadConstraint[] = [];
  for (const c of Array.isArray(listed) ? listed : []) {
    if (c?.whenUnsatisfiable !== 'DoNotSchedule') continue;
    const parsed = labelSelectorAsSelector(c.labelSelector);
    let selector: Selector = parsed.ok ? parsed.selector : { kind: 'nothing' };
    const keys = (Array.isArray(c.matchLabelKeys) ? c.matchLabelKeys : []).filter((k) => Object.prototype.hasOwnProperty.call(labels, k));
    if (keys.length > 0 && selector.kind === 'requirements') {
      const merged: Requirement[] = [...keys.map((key) => ({ key, operator: '=' as const, values: [labels[key]] })), ...selector.requirements];
      selector = { kind: 'requirements', requirements: merged };
    }
    result.push({
      maxSkew: Number(c.maxSkew),
      topologyKey: c.topologyKey,
      selector,
      minDomains: typeof c.minDomains === 'number' ? c.minDomains : 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
    });
  }
  return result;
}

export interface PodTopologySpreadState {
  constraints: SpreadConstraint[];
  /** Matching pods per domain, `key\0value`; every eligible node's domain has an entry, 0 included. */
  matchNum: Map<string, number>;
  /** Per topology key: how many domains, and the emptiest one's count. */
  domains: Map<string, { count: number; min: number }>;
}

function withDomains(constraints: SpreadConstraint[], matchNum: Map<string, number>): PodTopologySpreadState {
  const domains = new Map<string, { count: number; min: number }>();
  for (const [k, n] of matchNum) {
    const key = k.slice(0, k.indexOf('\0'));
    const d = domains.get(key);
    if (d) {
      d.count++;
      d.min = Math.min(d.min, n);
    } else {
      domains.set(key, { count: 1, min: n });
    }
  }
  return { constraints, matchNum, domains };
}

const pairKey = (key: string, value: string) => `${key}\0${value}`;

const hasLabel = (node: Node, key: string) => Object.prototype.hasOwnProperty.call(node.metadata?.labels ?? {}, key);

/** `matchNodeInclusionPolicies`: whether a node's pods count towards a constraint. */
function nodeIncluded(c: SpreadConstraint, pod: Pod, node: Node): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !matchesNodeSelectorAndAffinity(pod.spec, node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) return false;
  return true;
}

/** `countPodsMatchSelector`: same namespace, not terminating; a selector that is literally `{}` counts nothing. */
function countsTowards(c: SpreadConstraint, candidate: Pod, namespace: string): boolean {
  if (selectsEverything(c.selector)) return false;
  return !candidate.metadata?.deletionTimestamp && (candidate.metadata?.namespace ?? '') === namespace && selectorMatches(c.selector, candidate.metadata?.labels);
}

/**
 * PreFilter: matching pods per domain over every node that carries all the
 * constraints' topology keys and passes the constraint's inclusion
 * policies, whatever else keeps the pod off it. Undefined (Skip) without a
 * DoNotSchedule constraint.
 */
export function podTopologySpreadPreFilter(pod: Pod, nodes: readonly NodeInfo[]): PodTopologySpreadState | undefined {
  const constraints = doNotScheduleConstraints(pod);
  if (constraints.length === 0) return undefined;
  const namespace = pod.metadata?.namespace ?? '';
  const matchNum = new Map<string, number>();
  for (const { node, pods } of nodes) {
    if (!constraints.every((c) => hasLabel(node, c.topologyKey))) continue;
    for (const c of constraints) {
      if (!nodeIncluded(c, pod, node)) continue;
      const k = pairKey(c.topologyKey, node.metadata!.labels![c.topologyKey]);
      let n = matchNum.get(k) ?? 0;
      for (const p of pods) if (countsTowards(c, p, namespace)) n++;
      matchNum.set(k, n);
    }
  }
  return withDomains(constraints, matchNum);
}

/** The state as if some pods on `node` were gone (the RemovePod extension, for preemption's dry run). */
export function podTopologySpreadWithout(s: PodTopologySpreadState, pod: Pod, removed: readonly Pod[], node: Node): PodTopologySpreadState {
  if (!s.constraints.every((c) => hasLabel(node, c.topologyKey))) return s;
  const matchNum = new Map(s.matchNum);
  for (const p of removed) {
    if ((p.metadata?.namespace ?? '') !== (pod.metadata?.namespace ?? '')) continue;
    for (const c of s.constraints) {
      if (!selectorMatches(c.selector, p.metadata?.labels) || !nodeIncluded(c, pod, node)) continue;
      const k = pairKey(c.topologyKey, node.metadata!.labels![c.topologyKey]);
      matchNum.set(k, (matchNum.get(k) ?? 0) - 1);
    }
  }
  return withDomains(s.constraints, matchNum);
}

/** `minMatchNum`: the emptiest domain's count, or 0 while there are fewer domains than minDomains; undefined without any domain. */
function minMatchNum(s: PodTopologySpreadState, c: SpreadConstraint): number | undefined {
  const d = s.domains.get(c.topologyKey);
  if (!d) return undefined;
  return d.count < c.minDomains ? 0 : d.min;
}

/**
 * Filter, constraint by constraint in spec order: a node without the
 * topology key is unresolvable; otherwise the domain's count, plus one if
 * the pod matches the selector itself, minus the global minimum, must not
 * exceed maxSkew. v1.32 skips a constraint no eligible node has a domain for.
 */
export function podTopologySpreadFilter(s: PodTopologySpreadState, pod: Pod, info: NodeInfo): FilterResult | undefined {
  const labels = info.node.metadata?.labels ?? {};
  for (const c of s.constraints) {
    if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return { fits: false, reasons: [podTopologySpreadReasons.missingLabel], unresolvable: true };
    const min = minMatchNum(s, c);
    if (min === undefined) continue;
    const self = selectorMatches(c.selector, pod.metadata?.labels) ? 1 : 0;
    const skew = (s.matchNum.get(pairKey(c.topologyKey, labels[c.topologyKey])) ?? 0) + self - min;
    if (skew > c.maxSkew) return { fits: false, reasons: [podTopologySpreadReasons.skew], unresolvable: false };
  }
  return undefined;
}
