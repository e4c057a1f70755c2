// Required inter-pod affinity and anti-affinity, as the InterPodAffinity
// filter applies them: counts by topology pair computed once per scheduling
// attempt (PreFilter), then three lookups per node (Filter): the pod's
// affinity, its anti-affinity, and the anti-affinity of the pods already
// placed (symmetry). Preferred terms only score, and are not read here.
// Sources: pkg/scheduler/framework/plugins/interpodaffinity/{filtering,plugin}.go
// (PreFilter, getExistingAntiAffinityCounts, getIncomingAffinityAntiAffinityCounts,
// satisfyPodAffinity, satisfyPodAntiAffinity, satisfyExistingPodsAntiAffinity,
// mergeAffinityTermNamespacesIfNotEmpty, updateWithPod), pkg/scheduler/framework/types.go
// (AffinityTerm.Matches, newAffinityTerm, getNamespacesFromPodAffinityTerm),
// pkg/registry/core/pod/strategy.go (applyMatchLabelKeysAndMismatchLabelKeys).

import { selectorMatches, selectsEverything, selectorOrNothing, type Selector } from './labels';
import { namespaceLabels, type NodeInfo, type SchedulingSnapshot } from './nodeInfo';
import type { FilterResult } from './scheduling';
import type { LabelSelector, Labels, Node, Pod, PodAffinityTerm } from './types';

export const interPodAffinityReasons = {
  affinity: "node(s) didn't match pod affinity rules",
  antiAffinity: "node(s) didn't match pod anti-affinity rules",
  existingAntiAffinity: "node(s) didn't satisfy existing pods anti-affinity rules",
} as const;

/** `framework.AffinityTerm`: a term with its selectors compiled and its namespaces resolved. */
export interface AffinityTerm {
  namespaces: Set<string>;
  selector: Selector;
  topologyKey: string;
  namespaceSelector: Selector;
}

const nothingSelector: Selector = { kind: 'nothing' };

/** `newAffinityTerm`: no namespaces and no namespaceSelector mean the owning pod's namespace. */
function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set<string>();
  const listed = Array.isArray(term?.namespaces) ? term.namespaces : [];
  if (listed.length === 0 && (term?.namespaceSelector === null || term?.namespaceSelector === undefined)) namespaces.add(pod.metadata?.namespace ?? '');
  else for (const ns of listed) namespaces.add(ns);
  return { namespaces, selector: selectorOrNothing(term?.labelSelector), topologyKey: term?.topologyKey ?? '', namespaceSelector: selectorOrNothing(term?.namespaceSelector) };
}

const requiredTerms = (pod: Pod, kind: 'podAffinity' | 'podAntiAffinity'): PodAffinityTerm[] => {
  const terms = pod.spec?.affinity?.[kind]?.requiredDuringSchedulingIgnoredDuringExecution;
  return Array.isArray(terms) ? terms : [];
};

// Stored pods are immutable, so their compiled terms are kept with them.
const antiTermsCache = new WeakMap<Pod, AffinityTerm[]>();

/** A pod's required anti-affinity terms, compiled once per pod object. */
function requiredAntiAffinityTerms(pod: Pod): AffinityTerm[] {
  let terms = antiTermsCache.get(pod);
  if (!terms) antiTermsCache.set(pod, (terms = requiredTerms(pod, 'podAntiAffinity').map((t) => newAffinityTerm(pod, t))));
  return terms;
}

/** `AffinityTerm.Matches`: the pod's namespace is in the set or its labels match the namespaceSelector, and its labels match the selector. */
function termMatches(term: AffinityTerm, pod: Pod, nsLabels: Labels | undefined): boolean {
  const inNamespace = term.namespaces.has(pod.metadata?.namespace ?? '') || selectorMatches(term.namespaceSelector, nsLabels);
  return inNamespace && selectorMatches(term.selector, pod.metadata?.labels);
}

/**
 * `mergeAffinityTermNamespacesIfNotEmpty`: the incoming pod's non-empty
 * namespaceSelector becomes the names of the Namespaces it selects now.
 * `{}` stays, and matches every namespace, existing or not.
 */
function mergeNamespaces(term: AffinityTerm, snapshot: SchedulingSnapshot): AffinityTerm {
  if (selectsEverything(term.namespaceSelector)) return term;
  const namespaces = new Set(term.namespaces);
  if (term.namespaceSelector.kind !== 'nothing') {
    for (const ns of snapshot.namespaces()) if (selectorMatches(term.namespaceSelector, ns.metadata?.labels)) namespaces.add(ns.metadata?.name ?? '');
  }
  return { ...term, namespaces, namespaceSelector: nothingSelector };
}

/** Counts by topology pair, `key\0value`. */
type TopologyCounts = Map<string, number>;

const pairKey = (key: string, value: string) => `${key}\0${value}`;

function bump(counts: TopologyCounts, node: Node, topologyKey: string, delta: number): void {
  const labels = node.metadata?.labels ?? {};
  if (!Object.prototype.hasOwnProperty.call(labels, topologyKey)) return;
  const k = pairKey(topologyKey, labels[topologyKey]);
  const n = (counts.get(k) ?? 0) + delta;
  if (n === 0) counts.delete(k);
  else counts.set(k, n);
}

/** `podMatchesAllAffinityTerms` (the incoming pod's terms have their namespaceSelector merged, so no namespace labels). */
function matchesAllTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  return terms.length > 0 && terms.every((t) => termMatches(t, pod, undefined));
}

export interface InterPodAffinityState {
  pod: Pod;
  affinityTerms: AffinityTerm[];
  antiAffinityTerms: AffinityTerm[];
  /** The incoming pod's namespace labels, which existing pods' namespaceSelectors are matched against. */
  namespaceLabels: Labels;
  /** Existing pods that match all the pod's affinity terms, per term's topology pair. */
  affinityCounts: TopologyCounts;
  /** Existing pods that match one of the pod's anti-affinity terms, per that term's pair. */
  antiAffinityCounts: TopologyCounts;
  /** Existing pods whose own required anti-affinity terms match the pod, per the term's pair on their node. */
  existingAntiAffinityCounts: TopologyCounts;
}

/** The counts one existing pod contributes (`updateWithPod`), added with +1 or taken away with -1. */
function updateWithPod(s: InterPodAffinityState, existing: Pod, node: Node, delta: number): void {
  for (const t of requiredAntiAffinityTerms(existing)) if (termMatches(t, s.pod, s.namespaceLabels)) bump(s.existingAntiAffinityCounts, node, t.topologyKey, delta);
  if (matchesAllTerms(s.affinityTerms, existing)) for (const t of s.affinityTerms) bump(s.affinityCounts, node, t.topologyKey, delta);
  for (const t of s.antiAffinityTerms) if (termMatches(t, existing, undefined)) bump(s.antiAffinityCounts, node, t.topologyKey, delta);
}

/**
 * PreFilter: the counts over every node of the snapshot (cordoned, tainted
 * and full ones too). Undefined (Skip) when the pod has no required terms
 * and no placed pod's anti-affinity matches it.
 */
export function interPodAffinityPreFilter(pod: Pod, snapshot: SchedulingSnapshot): InterPodAffinityState | undefined {
  const s: InterPodAffinityState = {
    pod,
    affinityTerms: requiredTerms(pod, 'podAffinity').map((t) => mergeNamespaces(newAffinityTerm(pod, t), snapshot)),
    antiAffinityTerms: requiredTerms(pod, 'podAntiAffinity').map((t) => mergeNamespaces(newAffinityTerm(pod, t), snapshot)),
    namespaceLabels: namespaceLabels(snapshot, pod.metadata?.namespace ?? ''),
    affinityCounts: new Map(),
    antiAffinityCounts: new Map(),
    existingAntiAffinityCounts: new Map(),
  };
  const ownTerms = s.affinityTerms.length > 0 || s.antiAffinityTerms.length > 0;
  for (const info of snapshot.nodes) {
    for (const existing of info.podsWithRequiredAntiAffinity) {
      for (const t of requiredAntiAffinityTerms(existing)) if (termMatches(t, pod, s.namespaceLabels)) bump(s.existingAntiAffinityCounts, info.node, t.topologyKey, 1);
    }
    if (!ownTerms) continue;
    for (const existing of info.pods) {
      if (matchesAllTerms(s.affinityTerms, existing)) for (const t of s.affinityTerms) bump(s.affinityCounts, info.node, t.topologyKey, 1);
      for (const t of s.antiAffinityTerms) if (termMatches(t, existing, undefined)) bump(s.antiAffinityCounts, info.node, t.topologyKey, 1);
    }
  }
  if (!ownTerms && s.existingAntiAffinityCounts.size === 0) return undefined;
  return s;
}

/** The state as if some pods on `node` were gone (the RemovePod extension, for preemption's dry run). */
export function interPodAffinityWithout(s: InterPodAffinityState, removed: readonly Pod[], node: Node): InterPodAffinityState {
  const next = { ...s, affinityCounts: new Map(s.affinityCounts), antiAffinityCounts: new Map(s.antiAffinityCounts), existingAntiAffinityCounts: new Map(s.existingAntiAffinityCounts) };
  for (const p of removed) updateWithPod(next, p, node, -1);
  return next;
}

const label = (node: Node, key: string): string | undefined => {
  const labels = node.metadata?.labels ?? {};
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
};

/** `satisfyPodAffinity`, with the first-pod exception: a pod that matches its own terms may start a group no one else is in. */
function satisfiesPodAffinity(s: InterPodAffinityState, node: Node): boolean {
  let podsExist = true;
  for (const t of s.affinityTerms) {
    const v = label(node, t.topologyKey);
    if (v === undefined) return false;
    if ((s.affinityCounts.get(pairKey(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  return podsExist || (s.affinityCounts.size === 0 && matchesAllTerms(s.affinityTerms, s.pod));
}

function satisfiesPodAntiAffinity(s: InterPodAffinityState, node: Node): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  return s.antiAffinityTerms.every((t) => {
    const v = label(node, t.topologyKey);
    return v === undefined || (s.antiAffinityCounts.get(pairKey(t.topologyKey, v)) ?? 0) <= 0;
  });
}

function satisfiesExistingPodsAntiAffinity(s: InterPodAffinityState, node: Node): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  return Object.entries(node.metadata?.labels ?? {}).every(([k, v]) => (s.existingAntiAffinityCounts.get(pairKey(k, v)) ?? 0) <= 0);
}

/** Filter: the first of the three checks that fails is the node's reason. */
export function interPodAffinityFilter(s: InterPodAffinityState, info: NodeInfo): FilterResult | undefined {
  if (!satisfiesPodAffinity(s, info.node)) return { fits: false, reasons: [interPodAffinityReasons.affinity], unresolvable: true };
  if (!satisfiesPodAntiAffinity(s, info.node)) return { fits: false, reasons: [interPodAffinityReasons.antiAffinity], unresolvable: false };
  if (!satisfiesExistingPodsAntiAffinity(s, info.node)) return { fits: false, reasons: [interPodAffinityReasons.existingAntiAffinity], unresolvable: false };
  return undefined;
}

/**
 * What kube-apiserver does to a new pod's affinity terms (MatchLabelKeysInPodAffinity,
 * on in v1.32): each matchLabelKeys key the pod carries adds `key In (value)`,
 * each mismatchLabelKeys key `key NotIn (value)`, to every term with a
 * labelSelector. Only at creation; updates are left alone.
 */
export function applyMatchLabelKeysToPodAffinity(pod: Pod): void {
  const labels = pod.metadata?.labels ?? {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  const rewrite = (term: PodAffinityTerm | undefined) => {
    if (!term || typeof term !== 'object' || !term.labelSelector) return;
    const added = [
      ...(Array.isArray(term.matchLabelKeys) ? term.matchLabelKeys : []).filter(has).map((key) => ({ key, operator: 'In', values: [labels[key]] })),
      ...(Array.isArray(term.mismatchLabelKeys) ? term.mismatchLabelKeys : []).filter(has).map((key) => ({ key, operator: 'NotIn', values: [labels[key]] })),
    ];
    if (added.length === 0) return;
    const selector: LabelSelector = term.labelSelector;
    term.labelSelector = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...added] };
  };
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const a = pod.spec?.affinity?.[kind];
    if (!a || typeof a !== 'object') continue;
    for (const t of Array.isArray(a.requiredDuringSchedulingIgnoredDuringExecution) ? a.requiredDuringSchedulingIgnoredDuringExecution : []) rewrite(t);
    for (const w of Array.isArray(a.preferredDuringSchedulingIgnoredDuringExecution) ? a.preferredDuringSchedulingIgnoredDuringExecution : []) rewrite(w?.podAffinityTerm);
  }
}
