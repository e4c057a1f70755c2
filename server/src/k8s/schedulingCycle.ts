// One scheduling attempt with the default profile's filters, over a
// snapshot of the cluster: PreFilter once (the counts the filters need,
// computed over every pod once), then the filters node by node in their
// order, the first failing plugin giving the node's reasons; and, when no
// node fits, the FitError text with DefaultPreemption's part, as the pod's
// condition and FailedScheduling event carry it.
// Sources: pkg/scheduler/schedule_one.go (findNodesThatFitPod),
// pkg/scheduler/framework/runtime/framework.go (RunPreFilterPlugins, RunFilterPlugins),
// pkg/scheduler/apis/config/v1/default_plugins.go (the order),
// pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go (PreFilter),
// pkg/scheduler/framework/types.go (FitError.Error),
// pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go (PostFilter, SelectVictimsOnNode),
// pkg/scheduler/framework/preemption/preemption.go (Preempt, findCandidates, nodesWherePreemptionMightHelp),
// pkg/scheduler/util (PodEligibleToPreemptOthers).

import { interPodAffinityFilter, interPodAffinityPreFilter, interPodAffinityWithout, type InterPodAffinityState } from './interPodAffinity';
import { withoutPods, type NodeInfo, type SchedulingSnapshot } from './nodeInfo';
import { fitsPorts, hostPorts, nodePortsReason, type HostPort } from './nodePorts';
import { podTopologySpreadFilter, podTopologySpreadPreFilter, podTopologySpreadWithout, type PodTopologySpreadState } from './podTopologySpread';
import { fitErrorPrefix, nodeOnlyFilters, nodeResourcesFit, podRequest, preemptionMessages, reasonsHistogram, valuesPerTerm, type FilterResult, type ResourceRequest } from './scheduling';
import type { Pod } from './types';
import {
  volumeBindingFilter,
  volumeBindingPreFilter,
  volumeRestrictionsFilter,
  volumeRestrictionsPreFilter,
  type PreFilterOutcome,
  type ReadWriteOncePodState,
  type VolumeBindingState,
} from './volumeBinding';
import { volumeZoneFilter, volumeZonePreFilter, type VolumeTopology } from './volumeZone';

export const noNodesAvailable = 'no nodes available to schedule pods';

/** What PreFilter worked out for one attempt; a plugin without state was skipped. */
export interface CycleState {
  pod: Pod;
  /** What the pod requests (NodeResourcesFit's PreFilter). */
  request: ResourceRequest;
  ports?: HostPort[];
  readWriteOncePod?: ReadWriteOncePodState;
  volumeBinding?: VolumeBindingState;
  volumeZone?: VolumeTopology[];
  spread?: PodTopologySpreadState;
  affinity?: InterPodAffinityState;
}

/** The outcome of one attempt: the nodes that fit, and why each other node does not. */
export interface ScheduleAttempt {
  /** The nodes that pass every filter, in snapshot order. */
  feasible: NodeInfo[];
  /** PreFilter's state, when it let the pod through. */
  state?: CycleState;
  /** Set when a PreFilter rejected the pod on every node: the whole-cluster reason. */
  preFilterMsg?: string;
  /** Each node's status by name; nodes a PreFilter narrowed away have `absent`. */
  statuses: Map<string, FilterResult>;
  /** The status of the nodes a PreFilter left out (`SetAbsentNodesStatus`). */
  absent?: FilterResult;
}

const fit: FilterResult = { fits: true, reasons: [], unresolvable: false };

/** NodeAffinity's PreFilter: required terms that name nodes by `metadata.name In` narrow the nodes to those. */
function nodeAffinityPreFilter(pod: Pod): PreFilterOutcome<undefined> {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(terms) || terms.length === 0) return { state: undefined };
  const perTerm = valuesPerTerm(terms, (t) => t?.matchFields, 'metadata.name');
  // A term that names no node leaves every node possible: the terms are ORed.
  if (perTerm.some((n) => n === undefined)) return { state: undefined };
  const names = new Set(perTerm.flatMap((n) => [...(n ?? [])]));
  if (names.size === 0) return { reject: 'pod affinity terms conflict' };
  return { state: undefined, nodeNames: names };
}

type PreFilterResult = { ok: true; state: CycleState; nodeNames?: Set<string>; narrowedBy: string[] } | { ok: false; message: string };

/** RunPreFilterPlugins: in the default order; the first rejection is the whole-cluster reason; node sets intersect. */
export function runPreFilters(pod: Pod, snapshot: SchedulingSnapshot): PreFilterResult {
  const state: CycleState = { pod, request: podRequest(pod.spec) };
  let nodeNames: Set<string> | undefined;
  const narrowedBy: string[] = [];
  const steps: [string, () => PreFilterOutcome<unknown>, (s: never) => void][] = [
    ['NodeAffinity', () => nodeAffinityPreFilter(pod), () => undefined],
    ['NodePorts', () => portsPreFilter(pod), (s: HostPort[]) => (state.ports = s)],
    ['VolumeRestrictions', () => volumeRestrictionsPreFilter(pod, snapshot), (s: ReadWriteOncePodState) => (state.readWriteOncePod = s)],
    ['VolumeBinding', () => volumeBindingPreFilter(pod, snapshot), (s: VolumeBindingState) => (state.volumeBinding = s)],
    ['VolumeZone', () => volumeZonePreFilter(pod, snapshot), (s: VolumeTopology[]) => (state.volumeZone = s)],
    ['PodTopologySpread', () => optional(podTopologySpreadPreFilter(pod, snapshot.nodes)), (s: PodTopologySpreadState) => (state.spread = s)],
    ['InterPodAffinity', () => optional(interPodAffinityPreFilter(pod, snapshot)), (s: InterPodAffinityState) => (state.affinity = s)],
  ];
  for (const [plugin, run, keep] of steps) {
    const outcome = run();
    if ('skip' in outcome) continue;
    if ('reject' in outcome) return { ok: false, message: outcome.reject };
    keep(outcome.state as never);
    if (!outcome.nodeNames) continue;
    narrowedBy.push(plugin);
    nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => outcome.nodeNames!.has(n))) : outcome.nodeNames;
    if (nodeNames.size === 0) {
      const names = [...narrowedBy].sort();
      return { ok: false, message: names.length === 1 ? `node(s) didn't satisfy plugin ${names[0]}` : `node(s) didn't satisfy plugin(s) [${names.join(' ')}] simultaneously` };
    }
  }
  return { ok: true, state, nodeNames, narrowedBy: narrowedBy.sort() };
}

const optional = <S>(s: S | undefined): PreFilterOutcome<S> => (s === undefined ? { skip: true } : { state: s });

function portsPreFilter(pod: Pod): PreFilterOutcome<HostPort[]> {
  const ports = hostPorts(pod.spec);
  return ports.length ? { state: ports } : { skip: true };
}

/** RunFilterPlugins for one node: the first failing plugin's status, or `fits`. */
export function runFilters(state: CycleState, info: NodeInfo, snapshot: SchedulingSnapshot): FilterResult {
  const { pod } = state;
  return (
    nodeOnlyFilters(pod, info.node) ??
    (state.ports && !fitsPorts(state.ports, info.usedPorts) ? { fits: false, reasons: [nodePortsReason], unresolvable: false } : undefined) ??
    nodeResourcesFit(state.request, info.allocatable, info.requested) ??
    (state.readWriteOncePod ? volumeRestrictionsFilter(state.readWriteOncePod) : undefined) ??
    (state.volumeBinding ? volumeBindingFilter(state.volumeBinding, info, snapshot) : undefined) ??
    (state.volumeZone ? volumeZoneFilter(state.volumeZone, info) : undefined) ??
    (state.spread ? podTopologySpreadFilter(state.spread, pod, info) : undefined) ??
    (state.affinity ? interPodAffinityFilter(state.affinity, info) : undefined) ??
    fit
  );
}

/**
 * `findNodesThatFitPod`: every node of the snapshot is filtered (the
 * early stop at enough feasible nodes changes only which of them are
 * scored, and the callers here score them all).
 */
export function findNodesThatFitPod(pod: Pod, snapshot: SchedulingSnapshot): ScheduleAttempt {
  const statuses = new Map<string, FilterResult>();
  const pre = runPreFilters(pod, snapshot);
  if (!pre.ok) {
    return { feasible: [], preFilterMsg: pre.message, statuses, absent: { fits: false, reasons: [pre.message], unresolvable: true } };
  }
  const feasible: NodeInfo[] = [];
  for (const info of snapshot.nodes) {
    if (pre.nodeNames && !pre.nodeNames.has(info.name)) continue;
    const status = runFilters(pre.state, info, snapshot);
    statuses.set(info.name, status);
    if (status.fits) feasible.push(info);
  }
  const absent = pre.nodeNames ? { fits: false, reasons: [`node(s) didn't satisfy plugin(s) [${pre.narrowedBy.join(' ')}]`], unresolvable: true } : undefined;
  return { feasible, state: pre.state, statuses, absent };
}

const statusOf = (attempt: ScheduleAttempt, info: NodeInfo): FilterResult => attempt.statuses.get(info.name) ?? attempt.absent ?? fit;

/** The state as if `removed` were gone from `info` (the PreFilter extensions' RemovePod). */
function stateWithout(state: CycleState, removed: readonly Pod[], info: NodeInfo): CycleState {
  const next = { ...state };
  if (state.affinity) next.affinity = interPodAffinityWithout(state.affinity, removed, info.node);
  if (state.spread) next.spread = podTopologySpreadWithout(state.spread, state.pod, removed, info.node);
  if (state.readWriteOncePod) {
    const rwop = state.readWriteOncePod;
    const freed = removed.flatMap((p) => p.spec?.volumes ?? []).filter((v) => v?.persistentVolumeClaim && rwop.claims.has(v.persistentVolumeClaim.claimName)).length;
    next.readWriteOncePod = { ...rwop, conflicts: rwop.conflicts - freed };
  }
  return next;
}

/**
 * DefaultPreemption's message for a pod that fits nowhere, or undefined
 * when preemption would find a node (its victims, all pods of lower
 * priority, gone, the pod would fit; a real scheduler then evicts them and
 * nominates the node, and the FitError has no preemption part).
 */
export function preemptionMessage(pod: Pod, snapshot: SchedulingSnapshot, attempt: ScheduleAttempt): string | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return preemptionMessages.never;
  const priority = pod.spec?.priority ?? 0;
  const results: FilterResult[] = [];
  for (const info of snapshot.nodes) {
    const status = statusOf(attempt, info);
    if (status.unresolvable || !attempt.state) {
      results.push({ fits: false, reasons: [preemptionMessages.notHelpful], unresolvable: true });
      continue;
    }
    const victims = info.pods.filter((p) => (p.spec?.priority ?? 0) < priority);
    if (victims.length === 0) {
      results.push({ fits: false, reasons: [preemptionMessages.noVictims], unresolvable: true });
      continue;
    }
    const after = runFilters(stateWithout(attempt.state, victims, info), withoutPods(info, new Set(victims)), snapshot);
    if (after.fits) return undefined;
    results.push(after);
  }
  return `0/${snapshot.nodes.length} nodes are available: ${reasonsHistogram(results.flatMap((r) => r.reasons))}.`;
}

/** `FitError.Error()` for an attempt that found no node, with ` preemption: …` when DefaultPreemption has something to say. */
export function fitError(pod: Pod, snapshot: SchedulingSnapshot, attempt: ScheduleAttempt): string {
  const n = snapshot.nodes.length;
  if (n === 0) return noNodesAvailable;
  const statuses = snapshot.nodes.map((info) => statusOf(attempt, info));
  const partA = fitErrorPrefix(n, attempt.preFilterMsg, statuses);
  const partB = preemptionMessage(pod, snapshot, attempt);
  return partB === undefined ? partA : `${partA} preemption: ${partB}`;
}
