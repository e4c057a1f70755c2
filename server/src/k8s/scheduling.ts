// Where a pod may run: the scheduler's filters that drains and taints touch,
// the kubelet's admission check for pods bound by nodeName, and the
// scheduler's FitError message.
// Sources: pkg/scheduler/framework/plugins/{nodeunschedulable,nodename,tainttoleration,
// nodeaffinity,noderesources/fit.go}, component-helpers/scheduling/corev1/nodeaffinity,
// pkg/scheduler/framework/types.go (FitError), pkg/kubelet/lifecycle/predicate.go.

import { milliValue, wholeValue } from './quantity';
import { findMatchingUntoleratedTaint, tolerationsTolerateTaint, unschedulableTaint } from './tolerations';
import type { Container, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodSpec } from './types';

/** Reasons in the v1.32 wording (the taint reason names the taint; current master does not). */
export const reasons = {
  unschedulable: 'node(s) were unschedulable',
  nodeName: "node(s) didn't match the requested node name",
  affinity: "node(s) didn't match Pod's node affinity/selector",
  untoleratedTaint: (key: string | undefined, value: string | undefined) => `node(s) had untolerated taint {${key ?? ''}: ${value ?? ''}}`,
  tooManyPods: 'Too many pods',
  insufficient: (resource: string) => `Insufficient ${resource}`,
  /** What the kubelet answers for a nodeName-bound pod that does not tolerate a NoExecute taint. */
  kubeletTaint: "node(s) had taints that the pod didn't tolerate",
} as const;

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1 || !/^-?\d+$/.test(values[0]) || !/^-?\d+$/.test(value)) return false;
      const actual = BigInt(value);
      const bound = BigInt(values[0]);
      return req.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/**
 * One nodeSelectorTerm: its matchExpressions (on labels) and matchFields
 * (only `metadata.name`) all hold. A term with neither matches no node.
 */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  const label = (k: string) => (Object.prototype.hasOwnProperty.call(labels, k) ? labels[k] : undefined);
  return (
    expressions.every((r) => requirementMatches(r, label(r.key))) &&
    fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.metadata?.name))
  );
}

/**
 * For each term, the values its `<key> In (…)` requirements allow (the
 * intersection when there are several), or undefined when it has none.
 * NodeAffinity reads node names from matchFields this way; VolumeBinding
 * hostnames from a local volume's matchExpressions.
 */
export function valuesPerTerm(terms: readonly NodeSelectorTerm[], requirements: (t: NodeSelectorTerm) => NodeSelectorRequirement[] | null | undefined, key: string): (Set<string> | undefined)[] {
  return terms.map((t) => {
    let values: Set<string> | undefined;
    for (const r of requirements(t) ?? []) {
      if (r?.key !== key || r.operator !== 'In') continue;
      const allowed = new Set(r.values ?? []);
      values = values ? new Set([...values].filter((v) => allowed.has(v))) : allowed;
    }
    return values;
  });
}

/** nodeSelector (every label equal) and required node affinity (any term) both hold. */
export function matchesNodeSelectorAndAffinity(spec: PodSpec | undefined, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec?.nodeSelector ?? {})) {
    if (labels[k] !== v) return false;
  }
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) return (required.nodeSelectorTerms ?? []).some((t) => nodeSelectorTermMatches(t, node));
  return true;
}

/** True when the pod restricts its nodes at all (nodeName, nodeSelector or required node affinity). */
export function isPinned(spec: PodSpec | undefined): boolean {
  return !!spec?.nodeName || Object.keys(spec?.nodeSelector ?? {}).length > 0 || !!spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
}

export interface ResourceRequest {
  milliCPU: number;
  memory: number;
}

/** What the scheduler's scoring assumes for a container that requests nothing (pkg/scheduler/util/pod_resources.go). */
export const nonZeroDefaults: ResourceRequest = { milliCPU: 100, memory: 200 * 1024 * 1024 };

function containerRequest(c: Container, nonMissing?: ResourceRequest): ResourceRequest {
  // The API server defaults a missing request to the limit.
  const req = (name: string) => c.resources?.requests?.[name] ?? c.resources?.limits?.[name];
  const cpu = req('cpu');
  const memory = req('memory');
  return {
    milliCPU: cpu === undefined && nonMissing ? nonMissing.milliCPU : (milliValue(cpu) ?? 0),
    memory: memory === undefined && nonMissing ? nonMissing.memory : (wholeValue(memory) ?? 0),
  };
}

/**
 * The pod's request as the scheduler adds it up: the sum of containers, at
 * least each init container. With `nonMissing` (the scoring plugins pass
 * `nonZeroDefaults`), a container that requests nothing counts as that much.
 */
export function podRequest(spec: PodSpec | undefined, nonMissing?: ResourceRequest): ResourceRequest {
  // A frozen spec (the simulator's stored pods) cannot change: its sums are kept.
  const cache = nonMissing === nonZeroDefaults ? nonZeroRequestCache : nonMissing ? undefined : requestCache;
  const cached = spec && cache?.get(spec);
  if (cached) return cached;
  const total = { milliCPU: 0, memory: 0 };
  for (const c of spec?.containers ?? []) {
    const r = containerRequest(c, nonMissing);
    total.milliCPU += r.milliCPU;
    total.memory += r.memory;
  }
  for (const c of spec?.initContainers ?? []) {
    const r = containerRequest(c, nonMissing);
    total.milliCPU = Math.max(total.milliCPU, r.milliCPU);
    total.memory = Math.max(total.memory, r.memory);
  }
  if (spec && cache && Object.isFrozen(spec)) cache.set(spec, total);
  return total;
}

const requestCache = new WeakMap<PodSpec, ResourceRequest>();
const nonZeroRequestCache = new WeakMap<PodSpec, ResourceRequest>();

export interface NodeCapacity {
  milliCPU: number;
  memory: number;
  pods: number;
}

/** The node's allocatable resources (kubelet defaults: 110 pods; unset cpu/memory means unlimited here). */
export function nodeAllocatable(node: Node): NodeCapacity {
  const a = node.status?.allocatable ?? node.status?.capacity ?? {};
  return {
    milliCPU: milliValue(a.cpu) ?? Number.POSITIVE_INFINITY,
    memory: wholeValue(a.memory) ?? Number.POSITIVE_INFINITY,
    pods: wholeValue(a.pods) ?? 110,
  };
}

/** What is already placed on a node: the pods bound to it, terminating ones included. */
export interface NodeUsage {
  pods: number;
  milliCPU: number;
  memory: number;
}

/**
 * The usage the fit filter checks against: every pod bound to the node
 * counts, terminating ones included, until it is gone; a terminal
 * (Succeeded/Failed) pod no longer holds its resources.
 */
export function nodeUsage(podsOnNode: readonly Pod[], nonMissing?: ResourceRequest): NodeUsage {
  const usage: NodeUsage = { pods: 0, milliCPU: 0, memory: 0 };
  for (const p of podsOnNode) {
    const phase = p.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const r = podRequest(p.spec, nonMissing);
    usage.pods++;
    usage.milliCPU += r.milliCPU;
    usage.memory += r.memory;
  }
  return usage;
}

export interface FilterResult {
  fits: boolean;
  /** The failing plugin's reasons (the framework stops at the first failing plugin). */
  reasons: string[];
  /** UnschedulableAndUnresolvable: preemption cannot help. */
  unresolvable: boolean;
}

const fit: FilterResult = { fits: true, reasons: [], unresolvable: false };

/**
 * The filters that read only the node, in the default profile's order:
 * NodeUnschedulable, NodeName, TaintToleration (NoSchedule and NoExecute),
 * NodeAffinity. Undefined when the node passes them.
 */
export function nodeOnlyFilters(pod: Pod, node: Node): FilterResult | undefined {
  const spec = pod.spec;
  if (node.spec?.unschedulable && !tolerationsTolerateTaint(spec?.tolerations, unschedulableTaint)) {
    return { fits: false, reasons: [reasons.unschedulable], unresolvable: true };
  }
  if (spec?.nodeName && spec.nodeName !== node.metadata?.name) return { fits: false, reasons: [reasons.nodeName], unresolvable: true };
  const taint = findMatchingUntoleratedTaint(node.spec?.taints, spec?.tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (taint) return { fits: false, reasons: [reasons.untoleratedTaint(taint.key, taint.value)], unresolvable: true };
  if (!matchesNodeSelectorAndAffinity(spec, node)) return { fits: false, reasons: [reasons.affinity], unresolvable: true };
  return undefined;
}

/** NodeResourcesFit: room for one more pod and for its cpu and memory requests, given what the node's pods request. */
export function nodeResourcesFit(request: ResourceRequest, capacity: NodeCapacity, usage: NodeUsage): FilterResult | undefined {
  const insufficient: string[] = [];
  if (usage.pods + 1 > capacity.pods) insufficient.push(reasons.tooManyPods);
  if (request.milliCPU > 0 && request.milliCPU > capacity.milliCPU - usage.milliCPU) insufficient.push(reasons.insufficient('cpu'));
  if (request.memory > 0 && request.memory > capacity.memory - usage.memory) insufficient.push(reasons.insufficient('memory'));
  return insufficient.length ? { fits: false, reasons: insufficient, unresolvable: false } : undefined;
}

/**
 * The default profile's filters that need no other pod than the node's
 * own, in their order: `nodeOnlyFilters`, then NodeResourcesFit when
 * `usage` is given (omit it to ignore capacity). The whole profile, with
 * host ports, volumes, spreading and inter-pod affinity, is
 * `findNodesThatFitPod` (schedulingCycle.ts).
 */
export function filterNode(pod: Pod, node: Node, usage?: NodeUsage): FilterResult {
  return nodeOnlyFilters(pod, node) ?? (usage ? nodeResourcesFit(podRequest(pod.spec), nodeAllocatable(node), usage) : undefined) ?? fit;
}

/** `0/<n> nodes are available:` and part A of the FitError: the PreFilter's message, or each reason counted over the nodes, sorted byte-wise. */
export function fitErrorPrefix(numAllNodes: number, preFilterMsg: string | undefined, statuses: readonly FilterResult[]): string {
  if (preFilterMsg !== undefined) return `0/${numAllNodes} nodes are available: ${preFilterMsg}.`;
  return `0/${numAllNodes} nodes are available: ${reasonsHistogram(statuses.flatMap((r) => r.reasons))}.`;
}

/** `sortReasonsHistogram`: `<count> <reason>` per distinct reason, sorted as Go's sort.Strings does, joined with ", ". */
export function reasonsHistogram(entries: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e, (counts.get(e) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).sort().join(', ');
}

export const preemptionMessages = {
  notHelpful: 'Preemption is not helpful for scheduling',
  noVictims: 'No preemption victims found for incoming pod',
  never: 'not eligible due to preemptionPolicy=Never.',
} as const;

/**
 * `FitError.Error()` with the DefaultPreemption post-filter message, e.g.
 * `0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.
 * preemption: 0/3 nodes are available: 1 Preemption is not helpful for
 * scheduling, 2 No preemption victims found for incoming pod.`, for a pod
 * that nothing running could make room for (no pod of lower priority).
 */
export function fitErrorMessage(results: FilterResult[]): string {
  const n = results.length;
  if (n === 0) return 'no nodes available to schedule pods';
  const preemption = reasonsHistogram(results.map((r) => (r.unresolvable ? preemptionMessages.notHelpful : preemptionMessages.noVictims)));
  return `${fitErrorPrefix(n, undefined, results)} preemption: 0/${n} nodes are available: ${preemption}.`;
}

/**
 * The kubelet's admission check for a pod bound to it by nodeName (the
 * scheduler is bypassed, so NoSchedule taints and cordons do not apply):
 * node affinity/selector and NoExecute taints. Returns the predicate that
 * failed (the pod's status reason) and its message, or undefined when the
 * pod is admitted (pkg/kubelet/lifecycle/predicate.go, PredicateFailureError).
 */
export function kubeletAdmissionFailure(pod: Pod, node: Node): { reason: string; message: string } | undefined {
  if (!matchesNodeSelectorAndAffinity(pod.spec, node)) return { reason: 'NodeAffinity', message: `Predicate NodeAffinity failed: ${reasons.affinity}` };
  const taint = findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === 'NoExecute');
  if (taint) return { reason: 'TaintToleration', message: `Predicate TaintToleration failed: ${reasons.kubeletTaint}` };
  return undefined;
}
