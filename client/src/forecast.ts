// What an eviction or a drain is expected to meet, from the live objects and
// the core's own decision (predictEviction, filterPodsForDeletion), in the
// words of server/src/explain, for confirmations and tooltips. The API server
// has the last word: this is what it would answer if nothing changes before
// the request arrives.

import { describeForbiddenAnswer } from '../../server/src/explain/access';
import { describePredictedAnswer } from '../../server/src/explain/eviction';
import { plainText } from '../../server/src/explain/text';
import { forbiddenStatus } from '../../server/src/k8s/authorization';
import { filterPodsForDeletion, podDeleteErrors, type DrainFilterOptions } from '../../server/src/k8s/drain';
import { predictEviction } from '../../server/src/k8s/eviction';
import type { Pod, PodDisruptionBudget } from '../../server/src/k8s/types';
import { permissions, type AccessDenial, type ContextAccess } from './cluster/access';

export interface EvictionForecast {
  /** The HTTP code the API server would answer. */
  code: number;
  /** One sentence: which budget decides, with its numbers, and the expected answer. */
  text: string;
}

/** The answer an eviction of `pod` would get now, given the budgets of its namespace; `pod` undefined: there is no such pod. */
export function forecastEviction(pod: Pod | undefined, budgets: readonly PodDisruptionBudget[], nowMs: number, name = pod?.metadata?.name ?? ''): EvictionForecast {
  const prediction = predictEviction(name, pod, budgets, nowMs);
  return { code: prediction.code, text: describePredictedAnswer(prediction) };
}

/**
 * The 403 an eviction of the pod would get when the context's user may not
 * evict (from a review of its permissions, or an earlier refusal): the
 * message rebuilt for this pod, as the API server words it for each request.
 */
export function forbiddenEviction(access: ContextAccess, pod: { namespace: string; name: string }): AccessDenial | undefined {
  const known = access.evict === false ? access.denials?.evict : undefined;
  if (!known) return undefined;
  const attributes = permissions.evict(pod.namespace, pod.name);
  const message = access.user ? forbiddenStatus(access.user, attributes, known.reason).message : undefined;
  return { attributes, source: known.source, ...(message ? { message } : {}), ...(known.reason ? { reason: known.reason } : {}) };
}

/** The forecast of a request the user may not make. */
export function forbiddenForecast(denial: AccessDenial): EvictionForecast {
  return { code: 403, text: plainText(describeForbiddenAnswer(denial)) };
}

/** What an eviction of the live `pod` would get now: the 403 when the user may not evict, else the core's decision. */
export function evictionForecast(access: ContextAccess | undefined, pod: Pod, budgets: readonly PodDisruptionBudget[], nowMs: number): EvictionForecast {
  const denial = access && forbiddenEviction(access, { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' });
  return denial ? forbiddenForecast(denial) : forecastEviction(pod, budgets, nowMs);
}

/**
 * The evictions of `pods` one after another, each meeting the budgets as the
 * evictions before it left them (an accepted eviction spends one of its
 * budget's disruptions until a replacement is Ready).
 */
export function forecastEvictions(
  pods: readonly Pod[],
  budgetsIn: (namespace: string) => readonly PodDisruptionBudget[],
  nowMs: number,
): { pod: Pod; forecast: EvictionForecast }[] {
  const spent = new Map<string, PodDisruptionBudget>();
  const current = (namespace: string) => budgetsIn(namespace).map((pdb) => spent.get(`${namespace}/${pdb.metadata?.name ?? ''}`) ?? pdb);
  return pods.map((pod) => {
    const namespace = pod.metadata?.namespace ?? '';
    const prediction = predictEviction(pod.metadata?.name ?? '', pod, current(namespace), nowMs);
    if (prediction.code === 201 && prediction.why === 'allowed' && prediction.pdb && prediction.statusAfter) {
      spent.set(`${namespace}/${prediction.pdb.metadata?.name ?? ''}`, { ...prediction.pdb, status: prediction.statusAfter });
    }
    return { pod, forecast: { code: prediction.code, text: describePredictedAnswer(prediction) } };
  });
}

export interface DrainForecast {
  /** The pods the drain would evict, in order, each with what its first eviction would meet. */
  evictions: { pod: Pod; forecast: EvictionForecast }[];
  /** Pods the drain leaves alone (DaemonSet pods with ignoreDaemonSets, mirror pods), with kubectl's reason when it gives one. */
  skipped: { pod: Pod; reason?: string }[];
  /** kubectl's `cannot delete …` errors: the drain stops before evicting anything. */
  errors: string[];
}

/**
 * A drain of the node holding `pods`: the core's filter chain (DaemonSets are
 * assumed to exist; the drain checks), then each eviction in turn, spending
 * the budgets' allowance as the API server would.
 */
export function forecastDrain(
  pods: readonly Pod[],
  budgetsIn: (namespace: string) => readonly PodDisruptionBudget[],
  options: DrainFilterOptions,
  nowMs: number,
): DrainForecast {
  const decisions = filterPodsForDeletion(pods, options, () => ({ exists: true }), nowMs);
  const skipped: DrainForecast['skipped'] = [];
  for (const { pod, status } of decisions) {
    if (!status.delete && status.reason !== 'Error') skipped.push({ pod, ...(status.message ? { reason: status.message } : {}) });
  }
  const evicted = decisions.filter(({ status }) => status.delete).map(({ pod }) => pod);
  return { evictions: forecastEvictions(evicted, budgetsIn, nowMs), skipped, errors: podDeleteErrors(decisions) };
}
