// What an answer of the eviction subresource means, from its HTTP code,
// Status body and headers, plus the budgets that cover the pod when known.
// Source of the answers: pkg/registry/core/pod/storage/eviction.go (spec §1);
// the texts matched here are the core's evictionMessages.

import { disruptionBudgetCause, evictionMessages, parseDisruptionBudgetCause, type DisruptionBudgetCause } from '../../../server/src/k8s/eviction';
import type { PodDisruptionBudget, Status } from '../../../server/src/k8s/types';
import { failureOfAnswer, retryAfterSecondsOf, type ApiAnswer, type ClusterFailure } from './failure';

export interface PodRef {
  namespace: string;
  name: string;
}

/** A PodDisruptionBudget as an answer names it: its name, and its numbers where the cause or a listing gave them. */
export interface BudgetFacts {
  name: string;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  expectedPods?: number;
}

/** Every answer carries the server's Status when it sent one. */
export type EvictionAnswer =
  /** 201: the pod is being deleted (it may still exist, terminating). */
  | { kind: 'evicted'; code: number; dryRun: boolean; message: string; status?: Status }
  /** 429: the budget allows no disruption now. No Retry-After: retry when the budget allows. */
  | { kind: 'blocked'; code: 429; pdb: BudgetFacts; message: string; cause: string; status?: Status }
  /** 429: the budget's spec changed and the controller has not caught up; retry after Retry-After. */
  | { kind: 'stillProcessing'; code: 429; pdb: BudgetFacts; retryAfterSeconds: number; message: string; cause: string; status?: Status }
  /** 429 without a budget cause (API priority and fairness): retry after Retry-After. */
  | { kind: 'throttled'; code: 429; retryAfterSeconds?: number; message: string; status?: Status }
  /** 500: several budgets select the pod; the eviction subresource refuses such pods outright. */
  | { kind: 'multipleBudgets'; code: 500; pdbs: string[]; message: string; status?: Status }
  | (ClusterFailure & { code?: number });

function budgetFacts(cause: DisruptionBudgetCause, covering: readonly PodDisruptionBudget[] | undefined): BudgetFacts {
  const live = covering?.find((p) => p.metadata?.name === cause.pdb)?.status;
  return {
    name: cause.pdb,
    ...(live ? { disruptionsAllowed: live.disruptionsAllowed, expectedPods: live.expectedPods } : {}),
    ...(cause.desiredHealthy !== undefined ? { desiredHealthy: cause.desiredHealthy } : live ? { desiredHealthy: live.desiredHealthy } : {}),
    ...(cause.currentHealthy !== undefined ? { currentHealthy: cause.currentHealthy } : live ? { currentHealthy: live.currentHealthy } : {}),
  };
}

/** A refusal that names budgets, or that several budgets caused: worth listing the namespace's budgets for. */
export function refusedByBudgets(answer: ApiAnswer): boolean {
  return answer.code === 500 || (answer.code === 429 && !!answer.status?.details?.causes?.some((c) => c.reason === disruptionBudgetCause));
}

/** The answer to a successful POST (the server's Status, code 201). */
export function evictedAnswer(dryRun: boolean, status?: Status): EvictionAnswer {
  return {
    kind: 'evicted',
    code: typeof status?.code === 'number' ? status.code : 201,
    dryRun,
    message: status?.message || (dryRun ? 'eviction accepted (server dry run)' : 'eviction accepted'),
    ...(status ? { status } : {}),
  };
}

/**
 * Classify a non-2xx answer. `covering` are the budgets that select the pod
 * (listed by the caller, matched with the core's pdbsForPod); they name the
 * budgets of a 500 and give live numbers for a 429.
 */
export function classifyEvictionAnswer(answer: ApiAnswer, server: string, covering?: readonly PodDisruptionBudget[]): EvictionAnswer {
  const status = answer.status;
  const message = status?.message || `the server answered HTTP ${answer.code}`;
  if (answer.code === 429) {
    const causeText = status?.details?.causes?.find((c) => c.reason === disruptionBudgetCause)?.message;
    const cause = causeText !== undefined ? parseDisruptionBudgetCause(causeText) : undefined;
    const retryAfterSeconds = retryAfterSecondsOf(answer);
    const withStatus = status ? { status } : {};
    if (!cause || causeText === undefined) return { kind: 'throttled', code: 429, ...(retryAfterSeconds ? { retryAfterSeconds } : {}), message, ...withStatus };
    const pdb = budgetFacts(cause, covering);
    if (cause.stillProcessing) return { kind: 'stillProcessing', code: 429, pdb, retryAfterSeconds: retryAfterSeconds ?? 0, message, cause: causeText, ...withStatus };
    return { kind: 'blocked', code: 429, pdb, message, cause: causeText, ...withStatus };
  }
  if (answer.code === 500 && message === evictionMessages.multipleBudgets) {
    return { kind: 'multipleBudgets', code: 500, pdbs: (covering ?? []).map((p) => p.metadata?.name ?? ''), message, ...(status ? { status } : {}) };
  }
  return { ...failureOfAnswer(answer, server), code: answer.code };
}
