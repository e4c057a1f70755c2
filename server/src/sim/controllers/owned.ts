// What the workload controllers share: pods made from a template and owned
// through a controller reference, adoption and release of pods by selector,
// which pods count as active, and which go first when scaling down.
// Sources: pkg/controller/controller_utils.go (GetPodFromTemplate,
// FilterActivePods, ActivePodsWithRanks), pkg/controller/controller_ref_manager.go
// (ClaimPods), apimachinery metav1.NewControllerRef.

import { labelSelectorAsSelector, selectorMatches, type Selector } from '../../k8s/labels';
import { getControllerOf, isPodReady, isPodTerminal } from '../../k8s/pods';
import type { KubeObject, LabelSelector, OwnerReference, Pod, PodTemplateSpec, Workload } from '../../k8s/types';
import type { SimContext } from '../context';
import { copy } from '../objects';

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata?.name,
    uid: owner.metadata?.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The workload's selector, or undefined when it cannot be converted (the controller then does nothing). */
export function workloadSelector(w: Workload): Selector | undefined {
  const r = labelSelectorAsSelector(w.spec?.selector as LabelSelector | undefined);
  return r.ok ? r.selector : undefined;
}

/** `GetPodFromTemplate`: labels, annotations, finalizers and spec of the template, owned by `owner`. */
export function podFromTemplate(owner: KubeObject, template: PodTemplateSpec | undefined, name: { generateName: string } | { name: string }): Pod {
  const meta = template?.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...name,
      namespace: owner.metadata?.namespace,
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: copy(template?.spec ?? {}),
  };
}

/** `IsPodActive`: not terminal and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && !pod.metadata?.deletionTimestamp;
}

export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = getControllerOf(obj);
  return !!ref && ref.uid === owner.metadata?.uid;
}

/**
 * `ClaimPods`: the pods a workload owns after adopting orphans that match its
 * selector (when `canAdopt`) and releasing owned pods that no longer match.
 */
export function claimPods(ctx: SimContext, owner: Workload, selector: Selector, canAdopt = (_: Pod) => true): Pod[] {
  const claimed: Pod[] = [];
  const deleting = !!owner.metadata?.deletionTimestamp;
  for (const pod of ctx.list<Pod>('pods', owner.metadata?.namespace ?? '')) {
    const ref = getControllerOf(pod);
    if (ref && ref.uid !== owner.metadata?.uid) continue;
    const matches = selectorMatches(selector, pod.metadata?.labels);
    if (ref) {
      if (matches || deleting) {
        claimed.push(pod);
        continue;
      }
      ctx.modify('pods', pod, (p) => {
        p.metadata!.ownerReferences = (p.metadata?.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata?.uid);
      });
      continue;
    }
    if (!matches || deleting || pod.metadata?.deletionTimestamp || !canAdopt(pod)) continue;
    const adopted = ctx.modify('pods', pod, (p) => {
      p.metadata!.ownerReferences = [...(p.metadata?.ownerReferences ?? []), controllerRef(owner)];
    });
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * The order a ReplicaSet deletes surplus pods in (`ActivePodsWithRanks`,
 * simplified): unscheduled before scheduled, Pending before Running, not
 * ready before ready, then the newest first.
 */
export function deletionOrder(pods: Pod[]): Pod[] {
  const created = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
  return [...pods].sort((a, b) => {
    const assigned = Number(!!a.spec?.nodeName) - Number(!!b.spec?.nodeName);
    if (assigned) return assigned;
    const phase = (phaseRank[a.status?.phase ?? 'Pending'] ?? 0) - (phaseRank[b.status?.phase ?? 'Pending'] ?? 0);
    if (phase) return phase;
    const ready = Number(isPodReady(a)) - Number(isPodReady(b));
    if (ready) return ready;
    return created(b) - created(a) || Number(b.metadata?.resourceVersion ?? 0) - Number(a.metadata?.resourceVersion ?? 0);
  });
}

/** Ready for at least `minReadySeconds` (`IsPodAvailable`); `availableAt` is when it will be, if not yet. */
export function podAvailability(pod: Pod, minReadySeconds: number, now: number): { available: boolean; availableAt?: number } {
  if (!isPodReady(pod)) return { available: false };
  if (minReadySeconds <= 0) return { available: true };
  const since = Date.parse(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '');
  if (Number.isNaN(since)) return { available: true };
  const at = since + minReadySeconds * 1000;
  return at <= now ? { available: true } : { available: false, availableAt: at };
}

/** The ordinal of a StatefulSet pod (`web-2` of `web`), or undefined for a name that is not one. */
export function ordinalOf(setName: string, podName: string): number | undefined {
  if (!podName.startsWith(`${setName}-`)) return undefined;
  const rest = podName.slice(setName.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}
