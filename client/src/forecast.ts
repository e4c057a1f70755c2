// What an eviction or a drain is expected to meet, from the live objects and
// the core's own decision (predictEviction, filterPodsForDeletion), in words
// for confirmations and tooltips. The API server has the last word: this is
// what it would answer if nothing changes before the request arrives.

import { budgetSpecSummary } from '../../server/src/explain/budget';
import { filterPodsForDeletion, podDeleteErrors, type DrainFilterOptions } from '../../server/src/k8s/drain';
import { predictEviction, type EvictionPrediction } from '../../server/src/k8s/eviction';
import type { Pod, PodDisruptionBudget } from '../../server/src/k8s/types';

export interface EvictionForecast {
  /** The HTTP code the API server would answer. */
  code: number;
  /** One sentence: which budget decides, with its numbers, and the expected answer. */
  text: string;
}

const nameOf = (obj: { metadata?: { name?: string } }) => obj.metadata?.name ?? '';
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `web-pdb (minAvailable 2; 3 healthy, 2 desired)`. */
export function budgetFacts(pdb: PodDisruptionBudget): string {
  const s = pdb.status;
  const numbers = s ? `; ${s.currentHealthy} healthy, ${s.desiredHealthy} desired` : '';
  return `${nameOf(pdb)} (${budgetSpecSummary(pdb.spec ?? undefined)}${numbers})`;
}

function describe(prediction: EvictionPrediction): string {
  if (prediction.code === 201) {
    switch (prediction.why) {
      case 'skipsBudget':
        return 'The pod is Pending, finished or already terminating, so no PodDisruptionBudget is consulted: the API server should accept (201).';
      case 'noBudget':
        return 'No PodDisruptionBudget selects the pod: the API server should accept (201).';
      case 'unhealthyPodAllowed':
        return `The pod is not Ready and ${budgetFacts(prediction.pdb!)} can spare it: the API server should accept (201) without using a disruption.`;
      case 'allowed': {
        const after = prediction.statusAfter?.disruptionsAllowed ?? 0;
        const allowed = prediction.pdb?.status?.disruptionsAllowed ?? 0;
        return `${budgetFacts(prediction.pdb!)} allows ${plural(allowed, 'disruption')} now: the API server should accept (201), leaving ${after} until a replacement is Ready.`;
      }
    }
  }
  const cause = prediction.status.details?.causes?.[0]?.message;
  const answer = `the API server should refuse (${prediction.code}): ${cause ?? prediction.status.message ?? ''}`.replace(/[.\s]*$/, '.');
  if (prediction.pdbs && prediction.pdbs.length > 1) return `${prediction.pdbs.map(nameOf).join(' and ')} all select the pod: ${answer}`;
  if (prediction.pdb) {
    const pdb = prediction.pdb;
    if ((pdb.status?.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) return `${budgetFacts(pdb)} changed, and the disruption controller has not caught up yet: ${answer}`;
    const allowed = pdb.status?.disruptionsAllowed ?? 0;
    return `${budgetFacts(pdb)} allows ${allowed > 0 ? plural(allowed, 'disruption') : 'no disruption'} now: ${answer}`;
  }
  return `${answer[0]!.toUpperCase()}${answer.slice(1)}`;
}

/** The answer an eviction of `pod` would get now, given the budgets of its namespace. */
export function forecastEviction(pod: Pod, budgets: readonly PodDisruptionBudget[], nowMs: number): EvictionForecast {
  const prediction = predictEviction(nameOf(pod), pod, budgets, nowMs);
  return { code: prediction.code, text: describe(prediction) };
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
  const spent = new Map<string, PodDisruptionBudget>();
  const current = (namespace: string) => budgetsIn(namespace).map((pdb) => spent.get(`${namespace}/${nameOf(pdb)}`) ?? pdb);
  const evictions: DrainForecast['evictions'] = [];
  const skipped: DrainForecast['skipped'] = [];
  for (const { pod, status } of decisions) {
    if (status.reason === 'Error') continue;
    if (!status.delete) {
      skipped.push({ pod, ...(status.message ? { reason: status.message } : {}) });
      continue;
    }
    const namespace = pod.metadata?.namespace ?? '';
    const budgets = current(namespace);
    const prediction = predictEviction(nameOf(pod), pod, budgets, nowMs);
    if (prediction.code === 201 && prediction.why === 'allowed' && prediction.pdb && prediction.statusAfter) {
      spent.set(`${namespace}/${nameOf(prediction.pdb)}`, { ...prediction.pdb, status: prediction.statusAfter });
    }
    evictions.push({ pod, forecast: { code: prediction.code, text: describe(prediction) } });
  }
  return { evictions, skipped, errors: podDeleteErrors(decisions) };
}
