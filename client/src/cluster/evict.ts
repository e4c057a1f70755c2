// Evicting one pod through the eviction subresource, the way kubectl's drain
// sends it (kubectl/pkg/drain/drain.go EvictPod): a policy/v1 Eviction where
// discovery offers it, policy/v1beta1 otherwise, deleteOptions carrying the
// grace period and server dry-run.

import { pdbsForPod } from '../../../server/src/k8s/eviction';
import type { Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import { wire, type Cluster, type ClusterApis } from './connection';
import { classifyEvictionAnswer, evictedAnswer, refusedByBudgets, type EvictionAnswer, type PodRef } from './evictionAnswer';
import { explainEviction, type Explanation } from './explain';
import { apiAnswerOf } from './failure';
import { pause } from './timers';

export interface EvictOptions {
  /** Server dry run (`dryRun: ["All"]`): the API server decides and answers, nothing changes. */
  dryRun?: boolean;
  /** deleteOptions.gracePeriodSeconds; absent (or negative, as kubectl's -1) means the pod's own. */
  gracePeriodSeconds?: number;
  signal?: AbortSignal;
  /**
   * How often a 429 that carries Retry-After (a budget still being processed,
   * server throttling) is retried after sleeping that long; client-go does so
   * up to 10 times (rest/with_retry.go). 0 returns the first answer.
   */
  retryAfterRetries?: number;
  /** Told before sleeping for each such retry. */
  onRetry?: (answer: EvictionAnswer, seconds: number) => void;
}

/** An eviction answer about one pod, with the text that explains it. */
export type EvictionOutcome = EvictionAnswer & { pod: PodRef; explanation: Explanation };

const noEvictionSubresource = 'the API server does not offer the eviction subresource (pods/eviction in GET /api/v1); kubectl would delete the pod without checking its PodDisruptionBudgets, kube-eviction does not';

/** The budgets that select the pod, asked for only when an answer is a refusal by budgets (429 with a budget cause, 500). */
export type CoveringBudgets = () => Promise<readonly PodDisruptionBudget[] | undefined> | readonly PodDisruptionBudget[] | undefined;

/** POST the eviction and classify the answer; `covering` completes a refusal by budgets. */
export async function postEviction(
  cluster: Cluster,
  apis: ClusterApis,
  pod: PodRef,
  options: Omit<EvictOptions, 'signal'>,
  covering: CoveringBudgets,
  signal?: AbortSignal,
): Promise<EvictionAnswer> {
  let groupVersion: string | undefined;
  try {
    groupVersion = await cluster.evictionGroupVersion(signal);
  } catch (err) {
    return cluster.failureOf(err);
  }
  if (!groupVersion) return { kind: 'other', message: noEvictionSubresource };
  const deleteOptions: { gracePeriodSeconds?: number; dryRun?: string[] } = {};
  if (options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds >= 0) deleteOptions.gracePeriodSeconds = options.gracePeriodSeconds;
  if (options.dryRun) deleteOptions.dryRun = ['All'];
  const body = {
    apiVersion: groupVersion === 'policy/v1' ? 'policy/v1' : 'policy/v1beta1',
    kind: 'Eviction',
    metadata: { name: pod.name, namespace: pod.namespace },
    deleteOptions,
  };
  try {
    // client-node maps the 201 Status onto a V1Eviction and drops its code: nothing in it to keep.
    await apis.core.createNamespacedPodEviction({ name: pod.name, namespace: pod.namespace, body });
    return evictedAnswer(!!options.dryRun);
  } catch (err) {
    const answer = apiAnswerOf(err);
    if (!answer) return cluster.failureOf(err);
    const budgets = refusedByBudgets(answer) ? await covering() : undefined;
    const classified = classifyEvictionAnswer(answer, cluster.server, budgets);
    return { ...classified, message: cluster.secrets.redact(classified.message) } as EvictionAnswer;
  }
}

/**
 * The pod as it is now and its namespace's budgets: what the eviction
 * subresource will decide on. Undefined when they cannot be read.
 */
async function evictionInputs(apis: ClusterApis, pod: PodRef): Promise<{ pod: Pod; budgets: PodDisruptionBudget[] } | undefined> {
  try {
    const [live, list] = await Promise.all([
      apis.core.readNamespacedPod({ name: pod.name, namespace: pod.namespace }),
      apis.policy.listNamespacedPodDisruptionBudget({ namespace: pod.namespace }),
    ]);
    return { pod: wire<Pod>(live), budgets: wire<PodDisruptionBudget[]>(list.items) };
  } catch {
    return undefined;
  }
}

/**
 * The budgets that select a pod, by listing its namespace's PDBs and matching
 * them with the core (the eviction subresource's own rule, pdbsForPod).
 * Undefined when they cannot be read.
 */
export async function coveringBudgets(apis: ClusterApis, pod: PodRef): Promise<PodDisruptionBudget[] | undefined> {
  const inputs = await evictionInputs(apis, pod);
  return inputs && pdbsForPod(inputs.pod, inputs.budgets);
}

/**
 * Evict one pod. Never rejects: every answer, and every way of not getting
 * one (unreachable, unauthorized, cancelled), is an outcome with its
 * explanation. A refusal by budgets (429, 500) is completed by listing the
 * namespace's budgets, so the outcome names them with their live numbers.
 */
export async function evictPod(cluster: Cluster, pod: PodRef, options: EvictOptions = {}): Promise<EvictionOutcome> {
  const apis = cluster.apis(options.signal);
  let retries = options.retryAfterRetries ?? 10;
  for (;;) {
    const answer = await postEviction(cluster, apis, pod, options, () => coveringBudgets(apis, pod), options.signal);
    const seconds = answer.kind === 'stillProcessing' || answer.kind === 'throttled' ? answer.retryAfterSeconds : undefined;
    const outcome: EvictionOutcome = { ...answer, pod, explanation: explainEviction(answer) };
    if (!seconds || retries-- <= 0) return outcome;
    options.onRetry?.(answer, seconds);
    if (!(await pause(cluster.timers, seconds * 1000, options.signal))) return outcome;
  }
}
