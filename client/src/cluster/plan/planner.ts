// The drain planner: the product's own drain, run against a copy of the
// cluster in a simulator on virtual time, for one node or a rolling
// maintenance of several; what it evicts, what budgets hold and why, what
// is left Pending, how long it takes, and whether it completes. A stuck plan
// is tried again on fresh copies with the obvious unblocking event (a
// cordoned node uncordoned when it got stuck), to say which one helps.
// `order: 'best'` simulates a bounded set of orders and parallelisms and
// keeps the one that finishes soonest without getting stuck.

import { daemonSetOwner } from '../../../../server/src/k8s/drain';
import { isPodTerminal } from '../../../../server/src/k8s/pods';
import { podRequest } from '../../../../server/src/k8s/scheduling';
import type { Pod } from '../../../../server/src/k8s/types';
import { knobDefaults, type PodTimings } from '../../../../server/src/sim/knobs';
import { defaultDisruptionLatencyMs } from '../../../../server/src/sim/controllers/disruption';
import type { Cluster } from '../connection';
import type { ClusterFailure } from '../failure';
import { simulateDrains, type PlanDrainOptions, type PlanSettings, type RunOutcome, type RunScript } from './run';
import { simulatedClusterOf, snapshotOfCluster, tooLargeToPlan, type PlanSnapshot } from './snapshot';
import type { DrainPlan, OrderCandidate, PlanAssumptions, PlanEvent } from './types';

export interface PlanRequest {
  /** The nodes to drain, in this order unless `order` is `best`. */
  nodes: readonly string[];
  /** The drain's flags, as `kube-eviction drain` takes them. */
  drain?: PlanDrainOptions;
  /** How many drains run at once (default 1: one after another). With `best`, the most tried. */
  maxParallel?: number;
  order?: 'given' | 'best';
  /** Drained nodes come back (are uncordoned) this long after their drain ends; default: they stay cordoned. */
  nodesReturnAfterSeconds?: number | null;
  /** Replacement pods' timings where their annotations give none (default: the sandbox kubelet's). */
  podTimings?: Partial<PodTimings>;
  disruptionLatencySeconds?: number;
  /** A drain still running after this much virtual time counts as stuck (default one hour). */
  horizonSeconds?: number;
}

export type PlanProgress =
  /** One simulation started: the order, how many at once, and the event tried, if any. */
  | { type: 'simulating'; order: readonly string[]; maxParallel: number; event?: PlanEvent; run: number }
  /** Virtual time moved in the current simulation. */
  | { type: 'time'; seconds: number };

export interface PlanOptions {
  onProgress?: (progress: PlanProgress) => void;
  /** Stops the plan; it then answers the `cancelled` failure. */
  signal?: AbortSignal;
}

export type PlanResult = { ok: true; plan: DrainPlan } | { ok: false; failure: ClusterFailure };

export const defaultHorizonSeconds = 3600;
/** Unblocking events tried on a stuck plan, at most. */
const maxEventTrials = 3;
/** Orders times parallelisms simulated by `order: 'best'`, at most. */
const maxOrderCandidates = 12;

const cancelled: PlanResult = { ok: false, failure: { kind: 'cancelled', message: 'the plan was cancelled' } };

export function planAssumptions(request: PlanRequest): PlanAssumptions {
  return {
    podTimings: { ...knobDefaults, ...request.podTimings },
    disruptionLatencySeconds: request.disruptionLatencySeconds ?? defaultDisruptionLatencyMs / 1000,
    horizonSeconds: request.horizonSeconds ?? defaultHorizonSeconds,
    nodesReturnAfterSeconds: request.nodesReturnAfterSeconds ?? null,
  };
}

/** CPU each node's drain moves: the requests of the pods on it a drain would evict (not DaemonSet, mirror or finished ones). */
function drainWeights(snapshot: PlanSnapshot, settings: PlanSettings, nodes: readonly string[]): Map<string, number> {
  const { sim } = simulatedClusterOf(snapshot, { podTimings: settings.assumptions.podTimings });
  const weights = new Map(nodes.map((n) => [n, 0]));
  for (const pod of sim.list('pods') as Pod[]) {
    const node = pod.spec?.nodeName;
    if (!node || !weights.has(node) || isPodTerminal(pod) || daemonSetOwner(pod) || pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) continue;
    weights.set(node, weights.get(node)! + podRequest(pod.spec).milliCPU);
  }
  return weights;
}

/**
 * The candidates `best` simulates: the given order, heaviest first (the most
 * CPU to move while the cluster has the most room left, as first-fit
 * decreasing packs bins) and lightest first; each at 1, 2, 3 and
 * `maxParallel` drains at once, at most twelve in all.
 */
function orderCandidates(snapshot: PlanSnapshot, settings: PlanSettings, nodes: readonly string[], maxParallel: number): { heuristic: string; script: RunScript }[] {
  const weights = drainWeights(snapshot, settings, nodes);
  const byWeight = (sign: number) => [...nodes].sort((a, b) => sign * (weights.get(b)! - weights.get(a)!) || nodes.indexOf(a) - nodes.indexOf(b));
  const orders = [
    { heuristic: 'given', order: [...nodes] },
    { heuristic: 'heaviest first', order: byWeight(1) },
    { heuristic: 'lightest first', order: byWeight(-1) },
  ].filter((o, i, all) => all.findIndex((p) => p.order.join('\n') === o.order.join('\n')) === i);
  const parallelisms = [...new Set([1, 2, 3, maxParallel])].filter((k) => k <= maxParallel && k <= Math.max(1, nodes.length)).sort((a, b) => a - b);
  const candidates: { heuristic: string; script: RunScript }[] = [];
  for (const k of parallelisms) for (const o of orders) candidates.push({ heuristic: o.heuristic, script: { order: o.order, maxParallel: k, events: [] } });
  return candidates.slice(0, maxOrderCandidates);
}

/** Plan the drains of `request` on `snapshot`. Never rejects. */
export async function planDrain(snapshot: PlanSnapshot, request: PlanRequest, options: PlanOptions = {}): Promise<PlanResult> {
  const tooLarge = tooLargeToPlan(snapshot);
  if (tooLarge) return { ok: false, failure: tooLarge };
  const settings: PlanSettings = { drain: request.drain ?? {}, assumptions: planAssumptions(request) };
  const maxParallel = Math.max(1, request.maxParallel ?? 1);
  let runs = 0;
  const simulate = async (script: RunScript): Promise<RunOutcome | undefined> => {
    options.onProgress?.({ type: 'simulating', order: script.order, maxParallel: script.maxParallel, ...(script.events[0] ? { event: script.events[0] } : {}), run: ++runs });
    const outcome = await simulateDrains(snapshot, settings, script, { signal: options.signal, onTime: (seconds) => options.onProgress?.({ type: 'time', seconds }) });
    return outcome.cancelled || options.signal?.aborted ? undefined : outcome;
  };

  let chosen: RunOutcome | undefined;
  let script: RunScript = { order: request.nodes, maxParallel, events: [] };
  let orderCandidatesTried: OrderCandidate[] | undefined;
  if (request.order === 'best' && request.nodes.length > 1) {
    orderCandidatesTried = [];
    for (const candidate of orderCandidates(snapshot, settings, request.nodes, maxParallel)) {
      const outcome = await simulate(candidate.script);
      if (!outcome) return cancelled;
      orderCandidatesTried.push({ order: [...candidate.script.order], maxParallel: candidate.script.maxParallel, heuristic: candidate.heuristic, verdict: outcome.verdict, durationSeconds: outcome.durationSeconds });
      // Soonest among those that complete; the first tried (fewer at once, given order) on a tie.
      const better = !chosen || (outcome.verdict === 'completes' && (chosen.verdict !== 'completes' || outcome.durationSeconds < chosen.durationSeconds));
      if (better && (outcome.verdict === 'completes' || !chosen)) {
        chosen = outcome;
        script = candidate.script;
      }
    }
  } else {
    chosen = await simulate(script);
    if (!chosen) return cancelled;
  }
  const outcome = chosen!;

  const triedEvents: DrainPlan['triedEvents'] = [];
  let unblockedBy: DrainPlan['unblockedBy'];
  if (outcome.verdict === 'stuck' && outcome.stuck) {
    for (const candidate of outcome.stuck.candidates.slice(0, maxEventTrials)) {
      const event: PlanEvent = { kind: 'uncordon', node: candidate.node, atSeconds: outcome.stuck.atSeconds };
      const trial = await simulate({ ...script, events: [event] });
      if (!trial) return cancelled;
      triedEvents.push({ event, verdict: trial.verdict, durationSeconds: trial.durationSeconds });
      if (trial.verdict === 'completes') {
        unblockedBy = { event, durationSeconds: trial.durationSeconds };
        break;
      }
    }
  }

  const plan: DrainPlan = {
    verdict: unblockedBy ? 'completes-after-event' : outcome.verdict,
    durationSeconds: outcome.durationSeconds,
    settledSeconds: outcome.settledSeconds,
    order: [...script.order],
    maxParallel: script.maxParallel,
    nodes: outcome.nodes,
    pending: outcome.pending,
    pendingBefore: outcome.pendingBefore,
    ...(unblockedBy ? { unblockedBy } : {}),
    triedEvents,
    ...(orderCandidatesTried ? { orderCandidates: orderCandidatesTried } : {}),
    timeline: outcome.timeline,
    assumptions: settings.assumptions,
    snapshot: outcome.snapshot,
    diagnostics: outcome.diagnostics,
  };
  return { ok: true, plan };
}

/** Plan on the live cluster of a context: listed once (get and list requests only), then simulated. */
export async function planDrainOnCluster(cluster: Cluster, request: PlanRequest, options: PlanOptions = {}): Promise<PlanResult> {
  const listed = await snapshotOfCluster(cluster, options.signal);
  if (!listed.ok) return listed;
  return planDrain(listed.snapshot, request, options);
}
