// The StatefulSet controller: pods named `<set>-<ordinal>`, each recreated
// under the same name only once the old one is gone; OrderedReady creates
// one at a time, waiting for its predecessors to be Running and Ready, and
// removes surplus pods from the highest ordinal down; Parallel does both at
// once. Pods whose revision is outdated are replaced one at a time from the
// highest ordinal (RollingUpdate, partition 0).
// Pods with volumeClaimTemplates get their claims `<template>-<pod>`, made
// before the pod and kept after it.
// Sources: pkg/controller/statefulset/{stateful_set_control.go,stateful_set_utils.go,stateful_pod_control.go}.

import { getControllerOf, isPodReady, isPodTerminal } from '../../k8s/pods';
import type { LabelSelector, PersistentVolumeClaim, Pod, Workload } from '../../k8s/types';
import type { SimContext } from '../context';
import { jsonEqual, omitZeros, splitKey } from '../objects';
import { computeHash } from '../random';
import { claimPods, ordinalOf, podAvailability, podFromTemplate, workloadSelector } from './owned';
import { OwnerController } from './queue';

const component = 'statefulset-controller';

function volumeClaimTemplates(set: Workload): PersistentVolumeClaim[] {
  const templates = set.spec?.volumeClaimTemplates;
  return Array.isArray(templates) ? (templates as PersistentVolumeClaim[]) : [];
}

function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** The name of the StatefulSet's current revision, as its pods carry it (`controller-revision-hash`). */
export function statefulSetRevision(set: Workload): string {
  return `${set.metadata?.name ?? ''}-${computeHash(set.spec?.template, Number(set.status?.collisionCount ?? 0))}`;
}

export class StatefulSetController extends OwnerController {
  readonly name = 'statefulset' as const;

  constructor(ctx: SimContext) {
    super(ctx, 'statefulsets', 'StatefulSet');
  }

  protected sync(key: string): void {
    const [ns, name] = splitKey(key);
    const set = this.ctx.get<Workload>('statefulsets', ns, name);
    if (!set) return;
    const selector = workloadSelector(set);
    if (!selector) return;
    // Only pods named like members can be adopted (isMemberOf).
    const pods = claimPods(this.ctx, set, selector, (p) => ordinalOf(name, p.metadata?.name ?? '') !== undefined);
    const revision = statefulSetRevision(set);
    if (!set.metadata?.deletionTimestamp) this.manage(set, pods, revision);
    this.updateStatus(set, revision);
  }

  private manage(set: Workload, pods: Pod[], revision: string): void {
    const name = set.metadata?.name ?? '';
    const replicas = set.spec?.replicas ?? 1;
    const parallel = set.spec?.podManagementPolicy === 'Parallel';
    const byOrdinal = new Map<number, Pod>();
    const condemned: Pod[] = [];
    for (const pod of pods) {
      const ord = ordinalOf(name, pod.metadata?.name ?? '');
      if (ord === undefined) continue;
      if (ord < replicas) byOrdinal.set(ord, pod);
      else condemned.push(pod);
    }
    let healthy = true;
    for (let i = 0; i < replicas; i++) {
      const pod = byOrdinal.get(i);
      if (!pod) {
        this.createMember(set, i, revision);
        if (!parallel) return;
        healthy = false;
        continue;
      }
      if (isPodTerminal(pod) && !pod.metadata?.deletionTimestamp) {
        // A failed or completed member is deleted and comes back under its name.
        this.deleteMember(set, pod);
        if (!parallel) return;
        healthy = false;
        continue;
      }
      if (!parallel && (pod.metadata?.deletionTimestamp || !isRunningAndReady(pod))) return;
      if (!isRunningAndReady(pod)) healthy = false;
    }
    condemned.sort((a, b) => (ordinalOf(name, b.metadata?.name ?? '') ?? 0) - (ordinalOf(name, a.metadata?.name ?? '') ?? 0));
    for (const pod of condemned) {
      if (pod.metadata?.deletionTimestamp) {
        if (!parallel) return;
        continue;
      }
      this.deleteMember(set, pod);
      if (!parallel) return;
    }
    if (!healthy) return;
    // RollingUpdate: the highest-ordinal pod of an older revision goes first, one at a time.
    for (let i = replicas - 1; i >= 0; i--) {
      const pod = byOrdinal.get(i);
      if (pod && !pod.metadata?.deletionTimestamp && pod.metadata?.labels?.['controller-revision-hash'] !== revision) {
        this.deleteMember(set, pod);
        return;
      }
    }
  }

  /**
   * `createPersistentVolumeClaims`: each volumeClaimTemplate's claim,
   * `<template>-<pod>`, labelled with the set's selector, made unless it
   * exists; the claims outlive their pods (retention policy Retain), so a
   * pod made again gets its old volume back. False when a claim cannot be had.
   */
  private ensureClaims(set: Workload, podName: string): boolean {
    const setName = set.metadata?.name ?? '';
    for (const t of volumeClaimTemplates(set)) {
      const claimName = `${t.metadata?.name ?? ''}-${podName}`;
      const existing = this.ctx.get<PersistentVolumeClaim>('persistentvolumeclaims', set.metadata?.namespace, claimName);
      if (existing) {
        if (!existing.metadata?.deletionTimestamp) continue;
        this.ctx.event(set, 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${setName} failed error: pvc ${claimName} is being deleted`, component);
        return false;
      }
      const selectorLabels = ((set.spec?.selector as LabelSelector | undefined)?.matchLabels ?? {}) as Record<string, string>;
      const created = this.ctx.create('persistentvolumeclaims', {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { ...t.metadata, name: claimName, namespace: set.metadata?.namespace, labels: { ...t.metadata?.labels, ...selectorLabels } },
        spec: structuredClone(t.spec ?? {}),
      } as PersistentVolumeClaim);
      if (!created.ok) {
        this.ctx.event(set, 'Warning', 'FailedCreate', `create Claim ${claimName} for Pod ${podName} in StatefulSet ${setName} failed error: ${created.status.message}`, component);
        return false;
      }
      this.ctx.event(set, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${podName} in StatefulSet ${setName} success`, component);
    }
    return true;
  }

  private createMember(set: Workload, ordinal: number, revision: string): void {
    const podName = `${set.metadata?.name}-${ordinal}`;
    if (!this.ensureClaims(set, podName)) return;
    const pod = podFromTemplate(set, set.spec?.template, { name: podName });
    // `updateStorage`: the templates' claims replace volumes of the same name.
    const templates = volumeClaimTemplates(set);
    if (templates.length > 0) {
      const names = new Set(templates.map((t) => t.metadata?.name ?? ''));
      pod.spec!.volumes = [
        ...templates.map((t) => ({ name: t.metadata?.name ?? '', persistentVolumeClaim: { claimName: `${t.metadata?.name ?? ''}-${podName}`, readOnly: false } })),
        ...(pod.spec?.volumes ?? []).filter((v) => !names.has(v?.name ?? '')),
      ];
    }
    pod.metadata!.labels = {
      ...pod.metadata?.labels,
      'apps.kubernetes.io/pod-index': String(ordinal),
      'controller-revision-hash': revision,
      'statefulset.kubernetes.io/pod-name': podName,
    };
    pod.spec!.hostname = podName;
    if (set.spec?.serviceName) pod.spec!.subdomain = set.spec.serviceName;
    const created = this.ctx.create('pods', pod);
    this.ctx.event(
      set,
      created.ok ? 'Normal' : 'Warning',
      created.ok ? 'SuccessfulCreate' : 'FailedCreate',
      created.ok ? `create Pod ${podName} in StatefulSet ${set.metadata?.name} successful` : `create Pod ${podName} in StatefulSet ${set.metadata?.name} failed error: ${created.status.message}`,
      component,
    );
  }

  private deleteMember(set: Workload, pod: Pod): void {
    const deleted = this.ctx.delete('pods', pod.metadata?.namespace, pod.metadata?.name ?? '');
    if (deleted.ok) this.ctx.event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata?.name} in StatefulSet ${set.metadata?.name} successful`, component);
  }

  private updateStatus(set: Workload, revision: string): void {
    const current = this.ctx.get<Workload>('statefulsets', set.metadata?.namespace, set.metadata?.name ?? '');
    if (!current) return;
    const pods = this.ctx.list<Pod>('pods', set.metadata?.namespace ?? '').filter((p) => getControllerOf(p)?.uid === set.metadata?.uid);
    const now = this.ctx.now();
    const minReadySeconds = Number(set.spec?.minReadySeconds ?? 0);
    const created = pods.filter((p) => !!p.status?.phase);
    const live = created.filter((p) => !p.metadata?.deletionTimestamp);
    const status = omitZeros(
      {
        observedGeneration: set.metadata?.generation ?? 1,
        replicas: created.length,
        readyReplicas: created.filter(isRunningAndReady).length,
        currentReplicas: live.filter((p) => p.metadata?.labels?.['controller-revision-hash'] === revision).length,
        updatedReplicas: live.filter((p) => p.metadata?.labels?.['controller-revision-hash'] === revision).length,
        availableReplicas: created.filter((p) => isRunningAndReady(p) && podAvailability(p, minReadySeconds, now).available).length,
        currentRevision: revision,
        updateRevision: revision,
        collisionCount: Number(current.status?.collisionCount ?? 0),
      } as Record<string, unknown>,
      ['replicas', 'availableReplicas'],
    );
    if (!jsonEqual(current.status, status)) this.ctx.modify('statefulsets', current, (d) => void (d.status = status));
  }
}
