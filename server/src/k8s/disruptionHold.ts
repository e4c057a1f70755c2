// Why a PodDisruptionBudget allows no disruption now: from its status and
// the pods it selects, the root causes an eviction it refuses (429) waits
// on. The disruption controller counts a selected pod healthy when it is
// Ready and not being deleted (spec §2), so every selected pod that is not
// is a reason, and its own state says why: the scheduler placed it nowhere
// (its PodScheduled=False message), its containers are still starting, or
// it runs without being Ready. A budget can also refuse for reasons no pod
// can change: it asks for every expected pod, or its controller could not
// size the pods' workloads. The drain planner asks this of the simulated
// cluster; a drain held on a live cluster can ask it of its informers.
// Sources: pkg/controller/disruption/disruption.go (countHealthyPods,
// getExpectedPodCount, failSafe), pkg/scheduler/schedule_one.go
// (handleSchedulingFailure: the PodScheduled condition).

import { getCondition, isPodReady, isPodTerminal } from './pods';
import { pdbSelectsPod } from './pdb';
import type { Pod, PodDisruptionBudget } from './types';

/** A pod named in a cause: namespace/name and the node it is bound to. */
export interface HoldPod {
  namespace: string;
  name: string;
  node?: string;
}

export type HoldCause =
  /** Even with every expected pod healthy the budget allows nothing (desiredHealthy ≥ expectedPods, or no pods expected). */
  | { kind: 'neverAllows'; expectedPods: number; desiredHealthy: number }
  /** The disruption controller could not compute the budget and keeps it at 0 (DisruptionAllowed=False, SyncFailed). */
  | { kind: 'syncFailed'; message: string }
  /** The status is older than the budget's spec (observedGeneration < generation): the controller has not caught up. */
  | { kind: 'stillProcessing' }
  /** A selected pod the scheduler cannot place, with its message (empty until the scheduler has tried). */
  | { kind: 'unschedulable'; pod: HoldPod; message: string; since?: string }
  /** A selected pod bound to a node whose containers have not started (pulling its image, ContainerCreating). */
  | { kind: 'starting'; pod: HoldPod; reason?: string }
  /** A selected pod running but not Ready (its readiness probe fails, or has not yet passed). */
  | { kind: 'notReady'; pod: HoldPod; reason?: string; since?: string }
  /** A selected pod being deleted: it no longer counts, and what replaces it comes once it is gone. */
  | { kind: 'terminating'; pod: HoldPod }
  /** Pods the budget expects that do not exist (their controller has not made them). */
  | { kind: 'missing'; count: number };

export interface DisruptionHold {
  namespace: string;
  pdb: string;
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
  /** Healthy pods it lacks before it allows one disruption (0 when it allows one now). */
  needed: number;
  /** The most telling first: what no pod can change, then each unhealthy pod, then missing ones. At most `maxPodCauses` pods. */
  causes: HoldCause[];
  /** Unhealthy pods left out of `causes` beyond the cap. */
  morePods: number;
}

/** Pods named per budget: enough to act on, bounded for budgets over hundreds of pods. */
export const maxPodCauses = 10;

const ref = (pod: Pod): HoldPod => ({
  namespace: pod.metadata?.namespace ?? 'default',
  name: pod.metadata?.name ?? '',
  ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
});

/** Why the pod does not count as healthy, or undefined when it does (or never will: it finished). */
function podCause(pod: Pod): HoldCause | undefined {
  if (pod.metadata?.deletionTimestamp) return { kind: 'terminating', pod: ref(pod) };
  if (isPodTerminal(pod) || isPodReady(pod)) return undefined;
  if (!pod.spec?.nodeName) {
    const scheduled = getCondition(pod, 'PodScheduled');
    return { kind: 'unschedulable', pod: ref(pod), message: scheduled?.status === 'False' ? (scheduled.message ?? '') : '', ...(scheduled?.lastTransitionTime ? { since: scheduled.lastTransitionTime } : {}) };
  }
  if ((pod.status?.phase ?? 'Pending') === 'Pending') {
    const waiting = (pod.status?.containerStatuses as { state?: { waiting?: { reason?: string } } }[] | undefined)?.find((c) => c?.state?.waiting?.reason)?.state?.waiting?.reason;
    return { kind: 'starting', pod: ref(pod), ...(waiting ? { reason: waiting } : {}) };
  }
  const ready = getCondition(pod, 'Ready');
  return { kind: 'notReady', pod: ref(pod), ...(ready?.reason ? { reason: ready.reason } : {}), ...(ready?.lastTransitionTime ? { since: ready.lastTransitionTime } : {}) };
}

/** Unschedulable pods first (nothing happens to them by itself), then unready, starting, terminating. */
const podRank: Record<string, number> = { unschedulable: 0, notReady: 1, starting: 2, terminating: 3 };

/**
 * Why `pdb` allows no disruption (or how close it is). `pods` are its
 * namespace's pods (any others are ignored); the numbers are the budget's
 * status, the ones the eviction subresource decides with.
 */
export function whyNoDisruption(pdb: PodDisruptionBudget, pods: readonly Pod[]): DisruptionHold {
  const status = pdb.status ?? { expectedPods: 0, desiredHealthy: 0, currentHealthy: 0, disruptionsAllowed: 0 };
  const { expectedPods = 0, desiredHealthy = 0, currentHealthy = 0, disruptionsAllowed = 0 } = status;
  const causes: HoldCause[] = [];
  const allowed = status.conditions?.find((c) => c?.type === 'DisruptionAllowed');
  if (allowed?.status === 'False' && allowed.reason === 'SyncFailed') causes.push({ kind: 'syncFailed', message: allowed.message ?? '' });
  else if (expectedPods <= 0 || desiredHealthy >= expectedPods) causes.push({ kind: 'neverAllows', expectedPods, desiredHealthy });
  if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) causes.push({ kind: 'stillProcessing' });

  const unhealthy: HoldCause[] = [];
  // Selected pods that are not finished: healthy or not, each one a pod the controller made.
  let present = 0;
  for (const pod of pods) {
    if (!pdbSelectsPod(pdb, pod) || isPodTerminal(pod)) continue;
    present++;
    const cause = podCause(pod);
    if (cause) unhealthy.push(cause);
  }
  unhealthy.sort((a, b) => podRank[a.kind]! - podRank[b.kind]!);
  const needed = disruptionsAllowed > 0 ? 0 : Math.max(1, desiredHealthy + 1 - currentHealthy);
  causes.push(...unhealthy.slice(0, maxPodCauses));
  // Replicas the controllers are sized for that no pod stands for yet.
  if (needed > 0 && expectedPods > present) causes.push({ kind: 'missing', count: expectedPods - present });
  return {
    namespace: pdb.metadata?.namespace ?? 'default',
    pdb: pdb.metadata?.name ?? '',
    expectedPods,
    desiredHealthy,
    currentHealthy,
    disruptionsAllowed,
    needed,
    causes,
    morePods: Math.max(0, unhealthy.length - maxPodCauses),
  };
}
