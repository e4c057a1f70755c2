// Pods chosen one by one, evicted on a copy of the cluster before the real
// thing: the product's own evictPods (the drain's run) played by the
// planner's simulation in virtual time. Per pod: the first answer the API
// server gives and the core's explanation of it, a budget's refusal and
// whether it clears, and what follows an accepted eviction (the
// replacement scheduled, or Pending with the scheduler's message).

import { noAnswerInPlan } from '../../../../server/src/explain/plan';
import { getCondition, podKey } from '../../../../server/src/k8s/pods';
import type { Pod } from '../../../../server/src/k8s/types';
import type { SimCluster } from '../../../../server/src/sim/cluster';
import type { Cluster } from '../connection';
import type { DrainEvent } from '../drain';
import type { EvictionAnswer, PodRef } from '../evictionAnswer';
import { explainEviction } from '../explain';
import type { ClusterFailure } from '../failure';
import { planAssumptions, type PlanOptions, type PlanRequest } from './planner';
import { simulateDrains } from './run';
import { snapshotOfCluster, tooLargeToPlan, type PlanSnapshot } from './snapshot';
import type { EvictionsPlan, PlannedEviction, Replacement } from './types';

export interface EvictionsRequest extends Pick<PlanRequest, 'podTimings' | 'disruptionLatencySeconds' | 'horizonSeconds'> {
  pods: readonly PodRef[];
  /** The evictions' grace period; absent or negative: each pod's own. */
  gracePeriodSeconds?: number;
}

export type EvictionsPlanResult = { ok: true; plan: EvictionsPlan } | { ok: false; failure: ClusterFailure };

/** The answer an event carries, with the code the API server gave. */
function answerOf(event: DrainEvent): EvictionAnswer | undefined {
  switch (event.type) {
    case 'evicted':
    case 'gone':
    case 'blocked':
    case 'failed':
      return event.answer;
    default:
      return undefined;
  }
}

const controllerOf = (pod: Pod) => {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  return owner && `${pod.metadata?.namespace ?? ''}/${owner.kind}/${owner.name}`;
};

/**
 * Each evicted pod's replacement: a pod its controller made during the run
 * (a uid not there at the start), the StatefulSet's of the same name first,
 * then the others in the order they were made, to the evicted pods in the
 * order their evictions were accepted.
 */
function replacements(sim: SimCluster, startUids: ReadonlySet<string>, evicted: readonly Pod[], startMs: number): Map<string, Replacement | null> {
  const made = new Map<string, Pod[]>();
  for (const pod of sim.list('pods') as Pod[]) {
    const owner = controllerOf(pod);
    if (!owner || startUids.has(pod.metadata?.uid ?? '')) continue;
    made.set(owner, [...(made.get(owner) ?? []), pod]);
  }
  for (const pods of made.values()) pods.sort((a, b) => Date.parse(a.metadata?.creationTimestamp ?? '') - Date.parse(b.metadata?.creationTimestamp ?? '') || podKey(a).localeCompare(podKey(b)));
  const seconds = (time: string | undefined) => (time ? (Date.parse(time) - startMs) / 1000 : null);
  const found = new Map<string, Replacement | null>();
  for (const pod of evicted) {
    const owner = controllerOf(pod);
    const candidates = (owner && made.get(owner)) || [];
    const same = candidates.findIndex((p) => p.metadata?.name === pod.metadata?.name);
    const [next] = candidates.splice(same >= 0 ? same : 0, 1);
    if (!next) {
      found.set(podKey(pod), null);
      continue;
    }
    const scheduled = getCondition(next, 'PodScheduled');
    const ready = getCondition(next, 'Ready');
    found.set(podKey(pod), {
      pod: podKey(next),
      node: next.spec?.nodeName ?? null,
      readySeconds: ready?.status === 'True' ? seconds(ready.lastTransitionTime ?? undefined) : null,
      ...(!next.spec?.nodeName ? { pending: scheduled?.status === 'False' ? (scheduled.message ?? '') : 'not yet scheduled' } : {}),
    });
  }
  return found;
}

/** Evict `request.pods` on `snapshot` as evictPods does, in virtual time. Never rejects. */
export async function planEvictions(snapshot: PlanSnapshot, request: EvictionsRequest, options: PlanOptions = {}): Promise<EvictionsPlanResult> {
  const tooLarge = tooLargeToPlan(snapshot);
  if (tooLarge) return { ok: false, failure: tooLarge };
  const assumptions = planAssumptions({ nodes: [], ...request });
  const drain = request.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: request.gracePeriodSeconds } : {};
  const first = new Map<string, EvictionAnswer>();
  let end: { sim: SimCluster; startMs: number } | undefined;
  const keys = request.pods.map((p) => `${p.namespace}/${p.name}`);
  const startUids = new Set<string>();
  const chosen = new Map<string, Pod | undefined>(keys.map((k) => [k, undefined]));
  options.onProgress?.({ type: 'simulating', order: keys, maxParallel: 1, run: 1 });
  const outcome = await simulateDrains(
    snapshot,
    { drain, assumptions },
    { order: [''], maxParallel: 1, events: [], evict: request.pods },
    {
      signal: options.signal,
      onTime: (seconds) => options.onProgress?.({ type: 'time', seconds }),
      onEvent: (event) => {
        const answer = answerOf(event);
        const key = 'pod' in event ? `${event.pod.namespace}/${event.pod.name}` : '';
        if (answer && !first.has(key)) first.set(key, answer);
      },
      atStart: (sim) => {
        for (const pod of sim.list('pods') as Pod[]) {
          startUids.add(pod.metadata?.uid ?? '');
          if (chosen.has(podKey(pod))) chosen.set(podKey(pod), pod);
        }
      },
      atEnd: (sim, startMs) => void (end = { sim, startMs }),
    },
  );
  if (outcome.cancelled || options.signal?.aborted) return { ok: false, failure: { kind: 'cancelled', message: 'the plan was cancelled' } };
  const run = outcome.nodes[0]!;
  const inAcceptanceOrder = run.evictions.map((e) => chosen.get(e.pod)).filter((p) => p !== undefined);
  const final = end && replacements(end.sim, startUids, inAcceptanceOrder, end.startMs);
  const acceptedOf = firstByPod(run.evictions);
  const heldOf = firstByPod(run.held);
  const failedOf = firstByPod(run.failed);
  const evictions = keys.map((pod): PlannedEviction => {
    const answer = first.get(pod);
    const accepted = acceptedOf.get(pod);
    const held = heldOf.get(pod);
    const failed = failedOf.get(pod);
    const code = answer?.code ?? 0;
    const shownMessage = answer && (code === 404 || code === 403) ? { message: answer.message } : {};
    return {
      pod,
      code,
      answer: answer ? explainEviction(answer).summary : noAnswerInPlan,
      ...shownMessage,
      ...(held ? { held: { budget: held.budget, cause: held.cause, fromSeconds: held.fromSeconds, toSeconds: held.toSeconds } } : {}),
      acceptedSeconds: code === 404 ? null : (accepted?.acceptedSeconds ?? null),
      goneSeconds: accepted?.goneSeconds ?? null,
      ...(failed ? { failed: failed.message } : {}),
      ...(accepted && code !== 404 ? { replacement: final?.get(pod) ?? null } : {}),
    };
  });
  return {
    ok: true,
    plan: {
      verdict: outcome.verdict,
      durationSeconds: outcome.durationSeconds,
      settledSeconds: outcome.settledSeconds,
      evictions,
      pending: outcome.pending,
      assumptions,
      snapshot: outcome.snapshot,
      diagnostics: outcome.diagnostics,
    },
  };
}

/** Plan the evictions on the live cluster of a context: listed once (get and list requests only), then simulated. */
export async function planEvictionsOnCluster(cluster: Cluster, request: EvictionsRequest, options: PlanOptions = {}): Promise<EvictionsPlanResult> {
  const listed = await snapshotOfCluster(cluster, options.signal);
  if (!listed.ok) return listed;
  return planEvictions(listed.snapshot, request, options);
}

/** A run's records by pod, the first of each (a pod evicted again, held again, is named by its first). */
function firstByPod<T extends { pod: string }>(records: readonly T[]): Map<string, T> {
  const byPod = new Map<string, T>();
  for (const record of records) if (!byPod.has(record.pod)) byPod.set(record.pod, record);
  return byPod;
}
