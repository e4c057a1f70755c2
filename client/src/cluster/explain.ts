// The one place where the cluster layer asks for explanation texts; the
// texts themselves live in server/src/explain, shared with hovers and the CLI.

import * as clusterTexts from '../../../server/src/explain/cluster';
import { budgetExhausted, evicted, explainEvictionStatus, podNotFound, stillProcessing, type ResponseExplanation } from '../../../server/src/explain/eviction';
import type { EvictionAnswer } from './evictionAnswer';
import type { ClusterFailure } from './failure';

/** What an answer means and what to do about it: a one-line summary, details in Markdown. */
export type Explanation = ResponseExplanation;

export { plainText } from '../../../server/src/explain/text';

/** A failure of the connection or of a request that is not an eviction answer. */
export function explainFailure(failure: ClusterFailure): Explanation {
  switch (failure.kind) {
    case 'config':
      return clusterTexts.kubeconfigProblem(failure.message);
    case 'credentials':
      return clusterTexts.credentialsUnavailable(failure.message);
    case 'unreachable':
      return clusterTexts.unreachable(failure.server, failure.cause);
    case 'unauthorized':
      return clusterTexts.unauthorized(failure.server);
    case 'forbidden':
      return clusterTexts.forbiddenByRbac(failure.message);
    case 'cancelled':
      return clusterTexts.cancelled;
    case 'notFound':
      return { summary: `404 Not Found: ${failure.message}`, details: '' };
    case 'invalid':
    case 'other':
      return { summary: failure.message, details: '' };
  }
}

/** A 403 of authorization (RBAC), not one of the eviction subresource's own (a terminating namespace, a broken budget). */
export function isForbiddenByRbac(answer: EvictionAnswer): boolean {
  if (answer.kind !== 'forbidden') return false;
  return !(answer.status?.details?.causes?.some((c) => c.reason === 'NamespaceTerminating') || answer.status?.details?.kind === 'poddisruptionbudget');
}

export function explainEviction(answer: EvictionAnswer): Explanation {
  switch (answer.kind) {
    case 'evicted':
      return answer.dryRun ? clusterTexts.evictedDryRun : evicted;
    case 'blocked':
      return budgetExhausted(answer.cause);
    case 'stillProcessing':
      return stillProcessing;
    case 'throttled':
      return clusterTexts.throttled(answer.retryAfterSeconds);
    case 'multipleBudgets':
      return clusterTexts.multipleBudgetsNamed(answer.pdbs);
    case 'notFound':
      return podNotFound;
    case 'forbidden':
      // The eviction subresource's own 403s (a terminating namespace, a broken budget) are explained with its answers.
      return isForbiddenByRbac(answer) ? clusterTexts.forbiddenByRbac(answer.message) : explainEvictionStatus(answer.status!);
    default:
      return explainFailure(answer);
  }
}
