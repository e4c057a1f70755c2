// What an eviction of a live pod would get now, for tooltips and details:
// the 403 when the context's user may not evict (from a review of its
// permissions, or an earlier refusal), else the core's own decision on the
// pod and its budgets (predictEviction), in the words of server/src/explain.
// Instant, where a simulation would be too slow; the confirmations play the
// eviction on a copy of the cluster instead (cluster/plan/evictions.ts).

import { describeForbiddenAnswer } from '../../server/src/explain/access';
import { describePredictedAnswer } from '../../server/src/explain/eviction';
import { plainText } from '../../server/src/explain/text';
import { forbiddenStatus } from '../../server/src/k8s/authorization';
import { predictEviction } from '../../server/src/k8s/eviction';
import type { Pod, PodDisruptionBudget } from '../../server/src/k8s/types';
import { permissions, type AccessDenial, type ContextAccess } from './cluster/access';

/**
 * The 403 an eviction of the pod would get when the context's user may not
 * evict: the message rebuilt for this pod, as the API server words it for
 * each request.
 */
function forbiddenEviction(access: ContextAccess, pod: { namespace: string; name: string }): AccessDenial | undefined {
  const known = access.evict === false ? access.denials?.evict : undefined;
  if (!known) return undefined;
  const attributes = permissions.evict(pod.namespace, pod.name);
  const message = access.user ? forbiddenStatus(access.user, attributes, known.reason).message : undefined;
  return { attributes, source: known.source, ...(message ? { message } : {}), ...(known.reason ? { reason: known.reason } : {}) };
}

/** What an eviction of the live `pod` would get now: the HTTP code, and one sentence (which budget decides, with its numbers). */
export function evictionForecast(access: ContextAccess | undefined, pod: Pod, budgets: readonly PodDisruptionBudget[], nowMs: number): { code: number; text: string } {
  const denial = access && forbiddenEviction(access, { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' });
  if (denial) return { code: 403, text: plainText(describeForbiddenAnswer(denial)) };
  const prediction = predictEviction(pod.metadata?.name ?? '', pod, budgets, nowMs);
  return { code: prediction.code, text: describePredictedAnswer(prediction) };
}
