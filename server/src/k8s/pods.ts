// Facts about a pod that eviction, disruption budgets and drain all ask.
// Sources: pkg/api/v1/pod/util.go (IsPodReady), apimachinery metav1.GetControllerOf,
// pkg/registry/core/pod/strategy.go (CheckGracefulDelete),
// apiserver/pkg/registry/rest/delete.go (BeforeDelete).

import { rfc3339 } from './time';
import type { Condition, KubeObject, OwnerReference, Pod } from './types';

export function getCondition(pod: Pod, type: string): Condition | undefined {
  return pod.status?.conditions?.find((c) => c?.type === type);
}

/**
 * `podutil.UpdatePodCondition`: set a condition, keeping its
 * lastTransitionTime when the status does not change. Returns the new list,
 * or undefined when nothing changed (the API server then writes nothing).
 */
export function updatePodCondition(conditions: readonly Condition[] | undefined, condition: Condition, nowMs: number): Condition[] | undefined {
  const list = conditions ?? [];
  const i = list.findIndex((c) => c?.type === condition.type);
  const next: Condition = { ...condition, lastTransitionTime: rfc3339(nowMs) };
  if (i < 0) return [...list, next];
  const old = list[i];
  if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime ?? next.lastTransitionTime;
  const same =
    old.status === next.status &&
    (old.reason ?? '') === (next.reason ?? '') &&
    (old.message ?? '') === (next.message ?? '') &&
    (old.lastProbeTime ?? null) === (next.lastProbeTime ?? null) &&
    old.lastTransitionTime === next.lastTransitionTime;
  if (same) return undefined;
  return list.map((c, j) => (j === i ? next : c));
}

/** `IsPodReady`: the Ready condition is True. Readiness is what PDBs call healthy. */
export function isPodReady(pod: Pod): boolean {
  return getCondition(pod, 'Ready')?.status === 'True';
}

/** Succeeded or Failed: the pod already caused its disruption. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

export function isTerminating(obj: KubeObject): boolean {
  return !!obj.metadata?.deletionTimestamp;
}

/** `metav1.GetControllerOf`: the owner reference with `controller: true`. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r?.controller === true);
}

/** The default `terminationGracePeriodSeconds` the API server fills in. */
export const defaultTerminationGracePeriodSeconds = 30;

/**
 * The grace period a DELETE of this pod gets: the request's value, else the
 * pod's terminationGracePeriodSeconds; 0 when the pod is unscheduled or
 * terminal; a negative value becomes 1 (BeforeDelete, CheckGracefulDelete).
 */
export function gracePeriodForDelete(pod: Pod, requested: number | null | undefined): number {
  let period: number;
  if (requested !== null && requested !== undefined) {
    period = requested < 0 ? 1 : requested;
  } else {
    period = pod.spec?.terminationGracePeriodSeconds ?? defaultTerminationGracePeriodSeconds;
  }
  if (!pod.spec?.nodeName) period = 0;
  if (isPodTerminal(pod)) period = 0;
  return period < 0 ? 1 : period;
}

/**
 * What a DELETE does to a pod that is already terminating (BeforeDelete):
 * only a shorter grace period changes anything; a pod whose recorded grace
 * period is 0 or unset, or a request for 0, removes it at once.
 */
export function regracefulDelete(
  pod: Pod,
  requested: number | null | undefined,
): { action: 'removeNow' } | { action: 'pending' } | { action: 'shorten'; gracePeriodSeconds: number; deletionTimestampMs: number } {
  const current = pod.metadata?.deletionGracePeriodSeconds;
  if (current === undefined || current === null || current === 0) return { action: 'removeNow' };
  if (requested === null || requested === undefined) return { action: 'pending' };
  const period = requested < 0 ? 1 : requested;
  if (period >= current) return { action: 'pending' };
  // A shortened period of 0 is a graceless delete: the store removes the pod at once.
  if (period === 0) return { action: 'removeNow' };
  const deletionMs = Date.parse(pod.metadata?.deletionTimestamp ?? '') - current * 1000 + period * 1000;
  return { action: 'shorten', gracePeriodSeconds: period, deletionTimestampMs: deletionMs };
}

/** `namespace/name`, the way kubectl names pods in its messages. */
export function podKey(pod: KubeObject): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}
