// POST …/pods/{name}/eviction, step for step as the API server runs it:
// request checks, the dry-run merge, namespace admission, loop A (pods that
// skip the budget, deleted pinned to the resourceVersion read), the budget
// decision, loop B (decrement and record the pod in the PDB status, retried
// on a conflicting write), the DisruptionTarget condition, the delete, and
// the "still being processed" 429 when a server-pinned delete conflicts.
// Source: pkg/registry/core/pod/storage/eviction.go (Create,
// addConditionAndDeletePod, checkAndDecrement).

import {
  canIgnorePDB,
  checkAndDecrement,
  checkEvictionBody,
  checkEvictionName,
  decideForBudgets,
  evictionDisruptionTarget,
  isDryRun,
  mergeDryRun,
  shouldEnforceResourceVersion,
  stillProcessingStatus,
} from '../k8s/eviction';
import { updatePodCondition } from '../k8s/pods';
import { forbidden, notFound, retryAfterSeconds, success } from '../k8s/status';
import type { DeleteOptions, Eviction, KubeObject, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus, Status } from '../k8s/types';
import type { Result } from './api';
import { checkPreconditions } from './deletion';

/** `EvictionsRetry`: 20 steps (their 500 ms sleeps cost nothing here: nothing else runs in between). */
export const evictionRetrySteps = 20;

/** What the eviction handler reads and writes. */
export interface EvictionHost {
  now(): number;
  namespace(name: string): KubeObject | undefined;
  pod(namespace: string, name: string): Pod | undefined;
  budgets(namespace: string): PodDisruptionBudget[];
  /** PUT of the pod as read (with a new condition); the store checks nothing more. */
  writePod(pod: Pod): Pod;
  /** PUT of pods/{pdb}/status guarded by the resourceVersion read: 409 when it moved. */
  writeBudgetStatus(pdb: PodDisruptionBudget, status: PodDisruptionBudgetStatus): Result<PodDisruptionBudget>;
  /** The pod DELETE (options validated, preconditions checked, graceful). */
  deletePod(namespace: string, name: string, options: DeleteOptions): Result<unknown>;
}

export interface EvictionAnswer {
  status: Status;
  headers: Record<string, string>;
}

function answer(status: Status): EvictionAnswer {
  const retry = retryAfterSeconds(status);
  return { status, headers: retry ? { 'Retry-After': String(retry) } : {} };
}

const callerSetResourceVersion = (o: DeleteOptions) => o.preconditions?.resourceVersion !== undefined && o.preconditions?.resourceVersion !== null;

function withResourceVersion(o: DeleteOptions, resourceVersion: string | undefined): DeleteOptions {
  return { ...o, preconditions: { ...o.preconditions, resourceVersion: resourceVersion ?? '' } };
}

/** `addConditionAndDeletePod`: DisruptionTarget on the latest pod (not on a dry run), then the DELETE. */
function addConditionAndDeletePod(host: EvictionHost, ns: string, name: string, options: DeleteOptions): Result<unknown> {
  if (!isDryRun(options)) {
    const latest = host.pod(ns, name);
    if (!latest) return { ok: false, status: notFound('pods', '', name) };
    const conflict = checkPreconditions('Pod', latest, options);
    if (conflict) return { ok: false, status: conflict };
    const conditions = updatePodCondition(latest.status?.conditions, evictionDisruptionTarget, host.now());
    const updated = conditions ? host.writePod({ ...structuredClone(latest), status: { ...structuredClone(latest.status), conditions } } as Pod) : latest;
    // The pinned resourceVersion moves past our own write.
    if (callerSetResourceVersion(options)) options = withResourceVersion(options, updated.metadata?.resourceVersion);
  }
  return host.deletePod(ns, name, options);
}

export function evictPod(host: EvictionHost, ns: string, name: string, body: Eviction, queryDryRun: readonly string[]): EvictionAnswer {
  const bad = checkEvictionBody(ns, body);
  if (bad) return answer(bad);

  // Mutating admission (NamespaceLifecycle) runs in the create handler before
  // EvictionREST.Create and its own checks (handlers/create.go: Admit, then requestFunc).
  const namespace = host.namespace(ns);
  if (!namespace) return answer(notFound('namespaces', '', ns));
  if (namespace.metadata?.deletionTimestamp) {
    return answer(
      forbidden('pods', '', name, `unable to create new content in namespace ${ns} because it is being terminated`, [
        { reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' },
      ]),
    );
  }

  const wrongName = checkEvictionName(name, body);
  if (wrongName) return answer(wrongName);
  const merged = mergeDryRun(queryDryRun, body.deleteOptions);
  if (!merged.ok) return answer(merged.status);
  const options = merged.options;

  const pinnedByCaller = callerSetResourceVersion(options);
  const dryRun = isDryRun(options);

  // Loop A: pods that can ignore the budget are deleted straight away.
  let pod: Pod | undefined;
  for (let attempt = 1; ; attempt++) {
    pod = host.pod(ns, name);
    if (!pod) return answer(notFound('pods', '', name));
    if (!canIgnorePDB(pod)) break;
    const pinned = shouldEnforceResourceVersion(pod) && !pinnedByCaller ? withResourceVersion(options, pod.metadata?.resourceVersion) : options;
    const deleted = addConditionAndDeletePod(host, ns, name, pinned);
    if (deleted.ok) return answer(success());
    // A conflict is retried (the pod may be Running by now) unless the caller pinned the version.
    if (deleted.status.code !== 409 || pinnedByCaller || attempt >= evictionRetrySteps) return answer(deleted.status);
  }

  const decision = decideForBudgets(pod, host.budgets(ns), dryRun, host.now());
  let pdbName = '';
  switch (decision.kind) {
    case 'multipleBudgets':
    case 'refused':
      return answer(decision.status);
    case 'unhealthyPodAllowed':
      pdbName = decision.pdb.metadata?.name ?? '';
      break;
    case 'allowed': {
      pdbName = decision.pdb.metadata?.name ?? '';
      // Loop B: the status write is guarded by the resourceVersion read; a conflict re-reads the budget.
      let verdict = decision;
      for (let attempt = 1; !dryRun; attempt++) {
        const written = host.writeBudgetStatus(verdict.pdb, verdict.status);
        if (written.ok) break;
        if (written.status.code !== 409 || attempt >= evictionRetrySteps) return answer(written.status);
        const fresh = host.budgets(ns).find((p) => p.metadata?.name === pdbName);
        if (!fresh) return answer(notFound('poddisruptionbudgets', 'policy', pdbName));
        const again = checkAndDecrement(fresh, name, dryRun, host.now());
        if (again.kind !== 'allowed') return answer((again as { status: Status }).status);
        verdict = again;
      }
      break;
    }
  }

  // An unready pod spared by its budget is deleted only if it is still the pod that was judged.
  const updateDeletionOptions = decision.kind === 'unhealthyPodAllowed';
  const deleteOptions = updateDeletionOptions ? withResourceVersion(options, pod.metadata?.resourceVersion) : options;
  const deleted = addConditionAndDeletePod(host, ns, name, deleteOptions);
  if (!deleted.ok) {
    if (deleted.status.code === 409 && updateDeletionOptions && !pinnedByCaller) return answer(stillProcessingStatus(pdbName));
    return answer(deleted.status);
  }
  return answer(success());
}
