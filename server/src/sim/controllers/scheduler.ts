// The scheduler: binds each pending pod to the best node that passes the
// default profile's filters (k8s/schedulingCycle.ts: cordons, nodeName,
// taints, node selector and affinity, host ports, capacity counting every
// pod bound to the node, terminating ones included, volumes, topology
// spread, inter-pod affinity), scored as the default profile does. A pod
// that fits nowhere stays Pending with PodScheduled=False/Unschedulable and
// the FitError message, and a FailedScheduling event, and is tried again
// when the cluster changes in a way that could help: a node added or
// changed (uncordoned, relabelled, untainted, resized), a bound pod gone or
// finished, a claim, volume or class added or changed; a pod placed or
// relabelled, for pods with pod affinity or spread constraints. Binding a
// pod also binds its WaitForFirstConsumer claims: a matching volume is
// pre-bound to the claim, or the claim gets the selected-node annotation
// for the provisioner.
// Sources: pkg/scheduler/schedule_one.go (schedulePod, handleSchedulingFailure, truncateMessage),
// pkg/scheduler/eventhandlers.go, pkg/scheduler/internal/queue (moveAllToActiveOrBackoffQueue),
// pkg/scheduler/framework/plugins/volumebinding/binder.go (AssumePodVolumes, BindPodVolumes).

import { labelSelectorAsSelector, type Selector } from '../../k8s/labels';
import type { SchedulingSnapshot } from '../../k8s/nodeInfo';
import { volumeAnnotations, volumeClass } from '../../k8s/persistentVolumes';
import { getControllerOf, updatePodCondition } from '../../k8s/pods';
import { findNodesThatFitPod, fitError } from '../../k8s/schedulingCycle';
import { scoreNodes, selectHost } from '../../k8s/scoring';
import type { LabelSelector, Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass, Workload } from '../../k8s/types';
import { findPodVolumes } from '../../k8s/volumeBinding';
import type { Controller, SimContext } from '../context';
import { jsonEqual, objectKey, splitKey } from '../objects';
import { SchedulerCache } from './schedulerCache';
import type { Change } from '../store';

const component = 'default-scheduler';

/** Events carry at most this many characters of the message (`validation.NoteLengthLimit`). */
const noteLengthLimit = 1024;

/** `truncateMessage`: a FitError longer than an event note ends in " ...". */
export function truncateMessage(message: string): string {
  return message.length <= noteLengthLimit ? message : `${message.slice(0, noteLengthLimit - 4)} ...`;
}

/** A pod this scheduler must place: unbound, not being deleted, not finished, and asking for the default scheduler. */
export function needsScheduling(pod: Pod): boolean {
  const phase = pod.status?.phase ?? 'Pending';
  return !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && phase === 'Pending' && (pod.spec?.schedulerName ?? component) === component;
}

/** Whether another pod being placed or relabelled could make room for this one (pod affinity, or a DoNotSchedule spread). */
function helpedByPodEvents(pod: Pod): boolean {
  return (
    (pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).length > 0 ||
    (pod.spec?.topologySpreadConstraints ?? []).some((c) => c?.whenUnsatisfiable === 'DoNotSchedule')
  );
}

export class Scheduler implements Controller {
  readonly name = 'scheduler' as const;
  /** Pods to try now, in arrival order. */
  private readonly active = new Set<string>();
  /** Pods that fit nowhere, waiting for a cluster event; true for those a pod event may help. */
  private readonly unschedulable = new Map<string, boolean>();

  private readonly cache = new SchedulerCache();

  constructor(private readonly ctx: SimContext) {}

  observe(c: Change): void {
    this.cache.observe(c);
    switch (c.resource) {
      case 'nodes': {
        const old = c.old as Node | undefined;
        const node = c.object as Node;
        const relevant = c.type === 'ADDED' || (c.type === 'MODIFIED' && (!jsonEqual(old?.spec, node.spec) || !jsonEqual(old?.metadata?.labels, node.metadata?.labels) || !jsonEqual(old?.status?.allocatable, node.status?.allocatable)));
        if (relevant) this.moveAllToActive();
        return;
      }
      case 'persistentvolumeclaims':
      case 'persistentvolumes':
      case 'storageclasses':
        this.moveAllToActive();
        return;
      case 'namespaces':
        if (!jsonEqual((c.old as Namespace | undefined)?.metadata?.labels, (c.object as Namespace).metadata?.labels)) this.moveAllToActive();
        return;
      case 'pods':
        return this.observePod(c);
    }
  }

  private observePod(c: Change): void {
    const key = objectKey(c.object);
    const pod = c.object as Pod;
    const old = c.old as Pod | undefined;
    if (c.type === 'DELETED') {
      this.active.delete(key);
      this.unschedulable.delete(key);
      if (old?.spec?.nodeName) this.moveAllToActive();
      return;
    }
    if (!needsScheduling(pod)) {
      this.active.delete(key);
      this.unschedulable.delete(key);
      // A bound pod that finished frees its resources.
      const finished = (p: Pod | undefined) => p?.status?.phase === 'Succeeded' || p?.status?.phase === 'Failed';
      if (pod.spec?.nodeName && finished(pod) && !finished(old)) this.moveAllToActive();
      // A pod placed, or a placed pod relabelled, may be what a pod with affinity or spreading waits for.
      else if (pod.spec?.nodeName && (!old?.spec?.nodeName || !jsonEqual(old.metadata?.labels, pod.metadata?.labels))) this.moveToActive((helped) => helped);
      return;
    }
    // Our own status writes do not make an unschedulable pod worth another try; a change of its spec or labels does.
    if (this.unschedulable.has(key) && old && jsonEqual(old.spec, pod.spec) && jsonEqual(old.metadata?.labels, pod.metadata?.labels)) return;
    this.unschedulable.delete(key);
    this.active.add(key);
  }

  pending(): boolean {
    return this.active.size > 0;
  }

  work(): void {
    const keys = [...this.active];
    this.active.clear();
    const priority = new Map<string, number>();
    for (const key of keys) {
      const [ns, name] = splitKey(key);
      priority.set(key, this.ctx.get<Pod>('pods', ns, name)?.spec?.priority ?? 0);
    }
    // Higher priority first; arrival order among equals (the sort is stable).
    keys.sort((a, b) => (priority.get(b) ?? 0) - (priority.get(a) ?? 0));
    const snapshot = this.snapshot();
    for (const key of keys) this.scheduleOne(key, snapshot);
  }

  private moveAllToActive(): void {
    this.moveToActive(() => true);
  }

  private moveToActive(which: (helpedByPodEvents: boolean) => boolean): void {
    for (const [key, helped] of this.unschedulable) {
      if (!which(helped)) continue;
      this.active.add(key);
      this.unschedulable.delete(key);
    }
  }

  /** The cache's nodes; namespaces and storage read through to the store. */
  private snapshot(): SchedulingSnapshot {
    return {
      nodes: this.cache.nodes(),
      namespace: (name) => this.ctx.get<Namespace>('namespaces', undefined, name),
      namespaces: () => this.ctx.list<Namespace>('namespaces'),
      claim: (ns, name) => this.ctx.get<PersistentVolumeClaim>('persistentvolumeclaims', ns, name),
      volume: (name) => this.ctx.get<PersistentVolume>('persistentvolumes', undefined, name),
      volumesOfClass: (className) => this.ctx.list<PersistentVolume>('persistentvolumes').filter((v) => volumeClass(v) === className),
      storageClass: (name) => this.ctx.get<StorageClass>('storageclasses', undefined, name),
    };
  }

  /** One scheduling cycle; a pod it binds joins its node in the cache as the binding is written. */
  private scheduleOne(key: string, snapshot: SchedulingSnapshot): void {
    const [ns, name] = splitKey(key);
    const pod = this.ctx.get<Pod>('pods', ns, name);
    if (!pod || !needsScheduling(pod)) return;
    const attempt = findNodesThatFitPod(pod, snapshot);
    const now = this.ctx.now();
    if (attempt.feasible.length === 0) {
      const message = fitError(pod, snapshot, attempt);
      const conditions = updatePodCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null }, now);
      if (conditions) this.ctx.modify('pods', pod, (d) => void (d.status = { ...d.status, conditions }));
      this.ctx.event(pod, 'Warning', 'FailedScheduling', truncateMessage(message), component);
      this.unschedulable.set(key, helpedByPodEvents(pod));
      return;
    }
    // Scored once: the host is chosen before looking it up.
    const host = attempt.feasible.length === 1 ? attempt.feasible[0]!.name : selectHost(scoreNodes(pod, attempt.feasible, [...snapshot.nodes], this.spreadSelector(pod)));
    const chosen = attempt.feasible.find((n) => n.name === host);
    if (!chosen) return;
    if (attempt.state?.volumeBinding) this.bindPodVolumes(findPodVolumes(attempt.state.volumeBinding, chosen.node, snapshot).volumes, chosen.name);
    // The binding subresource: spec.nodeName and PodScheduled=True.
    const conditions = updatePodCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, now) ?? pod.status?.conditions;
    this.ctx.modify('pods', pod, (d) => {
      d.spec = { ...d.spec, nodeName: chosen.name };
      d.status = { ...d.status, conditions };
    });
    this.ctx.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${chosen.name}`, component);
  }

  /** `BindPodVolumes`: static matches are pre-bound to their claims; claims to provision learn the node. The PV controller finishes both. */
  private bindPodVolumes(volumes: ReturnType<typeof findPodVolumes>['volumes'], nodeName: string): void {
    for (const { claim, volume } of volumes.staticBindings) {
      this.ctx.modify('persistentvolumes', volume, (d) => {
        d.spec = { ...d.spec, claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.metadata?.namespace, name: claim.metadata?.name, uid: claim.metadata?.uid, apiVersion: 'v1', resourceVersion: claim.metadata?.resourceVersion } };
        d.metadata = { ...d.metadata, annotations: { ...d.metadata?.annotations, [volumeAnnotations.boundByController]: 'yes' } };
      });
    }
    for (const claim of volumes.dynamicProvisions) {
      this.ctx.modify('persistentvolumeclaims', claim, (d) => void (d.metadata = { ...d.metadata, annotations: { ...d.metadata?.annotations, [volumeAnnotations.selectedNode]: nodeName } }));
    }
  }

  /**
   * `helper.DefaultSelector`: the selector of the pod's ReplicaSet or
   * StatefulSet (there are no Services here), for the system default
   * spreading, which a pod with constraints of its own does not get (its
   * ScheduleAnyway constraints are not scored here).
   */
  private spreadSelector(pod: Pod): Selector | undefined {
    if ((pod.spec?.topologySpreadConstraints ?? []).length > 0) return undefined;
    const ref = getControllerOf(pod);
    const resource = ref?.kind === 'ReplicaSet' ? 'replicasets' : ref?.kind === 'StatefulSet' ? 'statefulsets' : undefined;
    if (!resource) return undefined;
    const owner = this.ctx.get<Workload>(resource, pod.metadata?.namespace, ref?.name ?? '');
    if (!owner) return undefined;
    const r = labelSelectorAsSelector(owner.spec?.selector as LabelSelector | undefined);
    return r.ok ? r.selector : undefined;
  }
}
