// The eviction subresource's decision: which requests it rejects, when it
// skips the budget, and what one PodDisruptionBudget answers. The simulator
// performs these decisions against its store; hovers and the cluster client
// use them to predict and explain answers.
// Source: pkg/registry/core/pod/storage/eviction.go (Create, checkAndDecrement,
// canIgnorePDB, propagateDryRun, createTooManyRequestsError).

import { disruptionAllowedCondition, effectiveUnhealthyPodEvictionPolicy, maxDisruptedPodSize, pdbSelectsPod } from './pdb';
import { isPodReady, isPodTerminal } from './pods';
import * as status from './status';
import { rfc3339 } from './time';
import type { Condition, DeleteOptions, Eviction, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus, Status } from './types';

export const evictionMessages = {
  violatesBudget: "Cannot evict pod as it would violate the pod's disruption budget.",
  multipleBudgets: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
  nameMismatch: 'name in URL does not match name in Eviction object',
  namespaceMismatch: 'the namespace of the provided object does not match the namespace sent on the request',
  stillProcessing: (pdb: string) => `The disruption budget ${pdb} is still being processed by the server.`,
  /** The classic (≤ v1.34) cause of a budget-exhausted 429. */
  needsHealthy: (pdb: string, desiredHealthy: number, currentHealthy: number) =>
    `The disruption budget ${pdb} needs ${desiredHealthy} healthy pods and has ${currentHealthy} currently`,
  negativeAllowed: 'pdb disruptions allowed is negative',
  tooManyDisrupted: 'DisruptedPods map too big - too many evictions not confirmed by PDB controller',
} as const;

/** `The disruption budget <pdb> needs <desired> healthy pods and has <current> currently` (classic, ≤ v1.34). */
const needsHealthyPattern = /^The disruption budget (\S+) needs (\d+) healthy pods and has (\d+) currently$/;
/** The ≥ v1.35 wordings all begin so (PR #133097, spec §1). */
const doesNotAllowPattern = /^The disruption budget (\S+) does not allow evicting pods currently/;
const stillProcessingPattern = /^The disruption budget (\S+) is still being processed by the server\.$/;

export interface DisruptionBudgetCause {
  pdb: string;
  stillProcessing: boolean;
  desiredHealthy?: number;
  currentHealthy?: number;
}

/** The budget named by a 429's `DisruptionBudget` cause, with the numbers the classic wording carries. */
export function parseDisruptionBudgetCause(message: string): DisruptionBudgetCause | undefined {
  const processing = stillProcessingPattern.exec(message);
  if (processing) return { pdb: processing[1], stillProcessing: true };
  const needs = needsHealthyPattern.exec(message);
  if (needs) return { pdb: needs[1], stillProcessing: false, desiredHealthy: Number(needs[2]), currentHealthy: Number(needs[3]) };
  const newer = doesNotAllowPattern.exec(message);
  if (newer) return { pdb: newer[1], stillProcessing: false };
  return undefined;
}

/** The cause type (`reason` on the wire) of every budget refusal (policyv1.DisruptionBudgetCause). */
export const disruptionBudgetCause = 'DisruptionBudget';

/** Retry-After the server suggests for a budget it has not yet processed. */
export const stillProcessingRetryAfterSeconds = 10;

/** The condition every evicted pod receives before its deletion (PodDisruptionConditions, GA 1.31). */
export const evictionDisruptionTarget: Condition = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'EvictionByEvictionAPI',
  message: 'Eviction API: evicting',
};

const acceptedVersions = ['policy/v1', 'policy/v1beta1'];

/**
 * The checks before the pod is even read: the body's group/version (both
 * policy versions are accepted, or none given), its namespace and its name.
 */
export function checkEvictionRequest(urlNamespace: string, urlName: string, body: Eviction): Status | undefined {
  return checkEvictionBody(urlNamespace, body) ?? checkEvictionName(urlName, body);
}

/**
 * What the create handler checks as it decodes, before admission: the
 * group/version, the kind and the namespace (handlers/create.go).
 */
export function checkEvictionBody(urlNamespace: string, body: Eviction): Status | undefined {
  if (body.apiVersion && !acceptedVersions.includes(body.apiVersion)) {
    return status.badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (policy/v1)`);
  }
  if (body.kind && body.kind !== 'Eviction') {
    return status.badRequest(`no kind "${body.kind}" is registered for version "${body.apiVersion || 'policy/v1'}" in scheme "pkg/api/legacyscheme/scheme.go:30"`);
  }
  const ns = body.metadata?.namespace;
  if (ns && ns !== urlNamespace) return status.badRequest(evictionMessages.namespaceMismatch);
  return undefined;
}

/** `EvictionREST.Create`'s first check, after admission (an empty name fails too). */
export function checkEvictionName(urlName: string, body: Eviction): Status | undefined {
  return (body.metadata?.name ?? '') !== urlName ? status.badRequest(evictionMessages.nameMismatch) : undefined;
}

/** Go's `%v` of a string slice: `[All]`, `[A B]`. */
const goSlice = (v: readonly string[]) => `[${v.join(' ')}]`;

/**
 * `propagateDryRun`: the query's dryRun fills in for a body without one; the
 * two may differ only if one is empty. A mismatch is a plain error (500).
 */
export function mergeDryRun(queryDryRun: readonly string[], deleteOptions: DeleteOptions | null | undefined): { ok: true; options: DeleteOptions } | { ok: false; status: Status } {
  if (!deleteOptions) return { ok: true, options: { dryRun: [...queryDryRun] } };
  const bodyDryRun = deleteOptions.dryRun ?? [];
  if (bodyDryRun.length === 0) return { ok: true, options: { ...deleteOptions, dryRun: [...queryDryRun] } };
  if (queryDryRun.length === 0) return { ok: true, options: deleteOptions };
  if (bodyDryRun.length !== queryDryRun.length || bodyDryRun.some((v, i) => v !== queryDryRun[i])) {
    return { ok: false, status: status.unknownError(`Non-matching dry-run options in request and content: ${goSlice(queryDryRun)} and ${goSlice(bodyDryRun)}`) };
  }
  return { ok: true, options: deleteOptions };
}

export const isDryRun = (options: DeleteOptions | null | undefined) => (options?.dryRun?.length ?? 0) > 0;

/** `canIgnorePDB`: terminal, Pending and terminating pods are deleted without consulting any budget. */
export function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata?.deletionTimestamp;
}

/** `shouldEnforceResourceVersion`: pin the delete to the resourceVersion read, unless terminal or terminating. */
export function shouldEnforceResourceVersion(pod: Pod): boolean {
  return !isPodTerminal(pod) && !pod.metadata?.deletionTimestamp;
}

/** The budgets the eviction subresource finds for a pod: same namespace, selector matches. */
export function pdbsForPod(pod: Pod, pdbs: readonly PodDisruptionBudget[]): PodDisruptionBudget[] {
  return pdbs.filter((pdb) => pdbSelectsPod(pdb, pod));
}

/** The 429 for a budget whose spec the controller has not observed yet (`createTooManyRequestsError`). */
export function stillProcessingStatus(pdbName: string): Status {
  return status.tooManyRequests(evictionMessages.violatesBudget, stillProcessingRetryAfterSeconds, [
    { reason: disruptionBudgetCause, message: evictionMessages.stillProcessing(pdbName) },
  ]);
}

/** The 429 for a budget that allows no disruption now; no Retry-After. */
export function budgetExhaustedStatus(pdbName: string, pdbStatus: Pick<PodDisruptionBudgetStatus, 'desiredHealthy' | 'currentHealthy'>): Status {
  return status.tooManyRequests(evictionMessages.violatesBudget, 0, [
    { reason: disruptionBudgetCause, message: evictionMessages.needsHealthy(pdbName, pdbStatus.desiredHealthy, pdbStatus.currentHealthy) },
  ]);
}

/** The answer when several budgets cover the pod: HTTP 500 with no reason. */
export function multipleBudgetsStatus(): Status {
  return status.unknownError(evictionMessages.multipleBudgets);
}

export type BudgetDecision =
  | { kind: 'noBudget' }
  | { kind: 'multipleBudgets'; pdbs: PodDisruptionBudget[]; status: Status }
  /** An unready pod whose budget is healthy (or AlwaysAllow): deleted, the budget untouched. */
  | { kind: 'unhealthyPodAllowed'; pdb: PodDisruptionBudget }
  /** The budget allows it: `status` is the PDB status to write (decremented, pod recorded unless dry run). */
  | { kind: 'allowed'; pdb: PodDisruptionBudget; status: PodDisruptionBudgetStatus }
  | { kind: 'refused'; pdb: PodDisruptionBudget; status: Status };

/**
 * `checkAndDecrement` for one budget, as loop B runs it with the PDB as last read.
 */
export function checkAndDecrement(pdb: PodDisruptionBudget, podName: string, dryRun: boolean, nowMs: number): BudgetDecision {
  const name = pdb.metadata?.name ?? '';
  const s: PodDisruptionBudgetStatus = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  if ((s.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) return { kind: 'refused', pdb, status: stillProcessingStatus(name) };
  if (s.disruptionsAllowed < 0) return { kind: 'refused', pdb, status: status.forbidden('poddisruptionbudget', 'policy', name, evictionMessages.negativeAllowed) };
  if (Object.keys(s.disruptedPods ?? {}).length > maxDisruptedPodSize) {
    return { kind: 'refused', pdb, status: status.forbidden('poddisruptionbudget', 'policy', name, evictionMessages.tooManyDisrupted) };
  }
  if (s.disruptionsAllowed === 0) return { kind: 'refused', pdb, status: budgetExhaustedStatus(name, s) };
  const next: PodDisruptionBudgetStatus = { ...s, disruptionsAllowed: s.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) {
    const cond = disruptionAllowedCondition(next);
    const existing = next.conditions ?? [];
    const prev = existing.find((c) => c.type === cond.type);
    const lastTransitionTime = prev && prev.status === cond.status && prev.lastTransitionTime ? prev.lastTransitionTime : rfc3339(nowMs);
    next.conditions = [...existing.filter((c) => c.type !== cond.type), { ...cond, lastTransitionTime }];
  }
  if (!dryRun) next.disruptedPods = { ...(s.disruptedPods ?? {}), [podName]: rfc3339(nowMs) };
  return { kind: 'allowed', pdb, status: next };
}

/**
 * What the covering budgets say about evicting a pod that cannot skip them
 * (see `canIgnorePDB`): none, several (500), an unready pod the budget can
 * spare, or checkAndDecrement's verdict.
 */
export function decideForBudgets(pod: Pod, pdbs: readonly PodDisruptionBudget[], dryRun: boolean, nowMs: number): BudgetDecision {
  const matching = pdbsForPod(pod, pdbs);
  if (matching.length > 1) return { kind: 'multipleBudgets', pdbs: matching, status: multipleBudgetsStatus() };
  if (matching.length === 0) return { kind: 'noBudget' };
  const pdb = matching[0];
  if (!isPodReady(pod)) {
    if (effectiveUnhealthyPodEvictionPolicy(pdb) === 'AlwaysAllow') return { kind: 'unhealthyPodAllowed', pdb };
    const s = pdb.status;
    if (s && s.currentHealthy >= s.desiredHealthy && s.desiredHealthy > 0) return { kind: 'unhealthyPodAllowed', pdb };
  }
  return checkAndDecrement(pdb, pod.metadata?.name ?? '', dryRun, nowMs);
}

export type EvictionPrediction =
  | { code: 201; why: 'skipsBudget' | 'noBudget' | 'unhealthyPodAllowed' | 'allowed'; pdb?: PodDisruptionBudget; statusAfter?: PodDisruptionBudgetStatus }
  | { code: 404 | 429 | 403 | 500; status: Status; pdb?: PodDisruptionBudget; pdbs?: PodDisruptionBudget[] };

/**
 * The answer an eviction of `pod` (undefined when absent) would get now,
 * given the namespace's budgets with their current status.
 */
export function predictEviction(podName: string, pod: Pod | undefined, pdbs: readonly PodDisruptionBudget[], nowMs: number): EvictionPrediction {
  if (!pod) return { code: 404, status: status.notFound('pods', '', podName) };
  if (canIgnorePDB(pod)) return { code: 201, why: 'skipsBudget' };
  const d = decideForBudgets(pod, pdbs, true, nowMs);
  switch (d.kind) {
    case 'noBudget':
      return { code: 201, why: 'noBudget' };
    case 'multipleBudgets':
      return { code: 500, status: d.status, pdbs: d.pdbs };
    case 'unhealthyPodAllowed':
      return { code: 201, why: 'unhealthyPodAllowed', pdb: d.pdb };
    case 'allowed':
      return { code: 201, why: 'allowed', pdb: d.pdb, statusAfter: d.status };
    case 'refused':
      return { code: d.status.code as 429 | 403, status: d.status, pdb: d.pdb };
  }
}
