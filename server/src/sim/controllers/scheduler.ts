// The scheduler: binds each pending pod to the best node that passes the
// filters (cordon, nodeName, NoSchedule/NoExecute taints, node selector and
// required affinity, capacity counting every pod bound to the node,
// terminating ones included), scored as the default profile does. A pod
// that fits nowhere stays Pending with PodScheduled=False/Unschedulable and
// the scheduler's FitError message, and is tried again when the cluster
// changes in a way that could help: a node added or changed (uncordoned,
// relabelled, untainted, resized), or a bound pod gone or finished.
// Sources: pkg/scheduler/schedule_one.go (schedulePod, handleSchedulingFailure),
// pkg/scheduler/eventhandlers.go, pkg/scheduler/internal/queue (moveAllToActiveOrBackoffQueue).

import { labelSelectorAsSelector, type Selector } from '../../k8s/labels';
import { getControllerOf, updatePodCondition } from '../../k8s/pods';
import { filterNode, fitErrorMessage, nodeUsage, nonZeroDefaults } from '../../k8s/scheduling';
import { scoreNodes, selectHost, type CandidateNode } from '../../k8s/scoring';
import type { LabelSelector, Node, Pod, Workload } from '../../k8s/types';
import type { Controller, SimContext } from '../context';
import { jsonEqual, objectKey, splitKey } from '../objects';
import type { Change } from '../store';

const component = 'default-scheduler';

/** A pod this scheduler must place: unbound, not being deleted, not finished, and asking for the default scheduler. */
export function needsScheduling(pod: Pod): boolean {
  const phase = pod.status?.phase ?? 'Pending';
  return !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && phase === 'Pending' && (pod.spec?.schedulerName ?? component) === component;
}

export class Scheduler implements Controller {
  readonly name = 'scheduler' as const;
  /** Pods to try now, in arrival order. */
  private readonly active = new Set<string>();
  /** Pods that fit nowhere, waiting for a cluster event. */
  private readonly unschedulable = new Set<string>();

  constructor(private readonly ctx: SimContext) {}

  observe(c: Change): void {
    if (c.resource === 'nodes') {
      const old = c.old as Node | undefined;
      const node = c.object as Node;
      const relevant = c.type === 'ADDED' || (c.type === 'MODIFIED' && (!jsonEqual(old?.spec, node.spec) || !jsonEqual(old?.metadata?.labels, node.metadata?.labels) || !jsonEqual(old?.status?.allocatable, node.status?.allocatable)));
      if (relevant) this.moveAllToActive();
      return;
    }
    if (c.resource !== 'pods') return;
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
    // One snapshot of what is bound where for the whole pass, kept up to date as pods are bound.
    const bound = new Map<string, Pod[]>();
    for (const p of this.ctx.list<Pod>('pods')) {
      const n = p.spec?.nodeName;
      if (n) bound.set(n, [...(bound.get(n) ?? []), p]);
    }
    for (const key of keys) {
      const placed = this.scheduleOne(key, bound);
      if (placed) bound.set(placed.spec!.nodeName!, [...(bound.get(placed.spec!.nodeName!) ?? []), placed]);
    }
  }

  private moveAllToActive(): void {
    for (const key of this.unschedulable) this.active.add(key);
    this.unschedulable.clear();
  }

  /** One scheduling cycle; answers the pod as bound, if it was. */
  private scheduleOne(key: string, bound: Map<string, Pod[]>): Pod | undefined {
    const [ns, name] = splitKey(key);
    const pod = this.ctx.get<Pod>('pods', ns, name);
    if (!pod || !needsScheduling(pod)) return undefined;
    const nodes = this.ctx.list<Node>('nodes').sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    const all: CandidateNode[] = nodes.map((node) => ({ node, ...this.usage(bound.get(node.metadata?.name ?? '') ?? []) }));
    const results = all.map(({ node, requested }) => filterNode(pod, node, requested));
    const feasible = all.filter((_, i) => results[i].fits);
    const now = this.ctx.now();
    if (feasible.length === 0) {
      const message = fitErrorMessage(results);
      const conditions = updatePodCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null }, now);
      if (conditions) this.ctx.modify('pods', pod, (d) => void (d.status = { ...d.status, conditions }));
      this.ctx.event(pod, 'Warning', 'FailedScheduling', message, component);
      this.unschedulable.add(key);
      return undefined;
    }
    const nodeName = feasible.length === 1 ? feasible[0].node.metadata?.name : selectHost(scoreNodes(pod, feasible, all, this.spreadSelector(pod)));
    if (!nodeName) return undefined;
    // The binding subresource: spec.nodeName and PodScheduled=True.
    const conditions = updatePodCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, now) ?? pod.status?.conditions;
    const placed = this.ctx.modify('pods', pod, (d) => {
      d.spec = { ...d.spec, nodeName };
      d.status = { ...d.status, conditions };
    });
    this.ctx.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${nodeName}`, component);
    return placed;
  }

  /** What the pods bound to a node use, as the filters and the scores count it; read once per list of pods. */
  private usage(pods: Pod[]): Omit<CandidateNode, 'node'> {
    let cached = this.usageCache.get(pods);
    if (!cached) this.usageCache.set(pods, (cached = { pods, requested: nodeUsage(pods), nonZeroRequested: nodeUsage(pods, nonZeroDefaults) }));
    return cached;
  }

  private readonly usageCache = new WeakMap<Pod[], Omit<CandidateNode, 'node'>>();

  /** `helper.DefaultSelector`: the selector of the pod's ReplicaSet or StatefulSet (there are no Services here). */
  private spreadSelector(pod: Pod): Selector | undefined {
    const ref = getControllerOf(pod);
    const resource = ref?.kind === 'ReplicaSet' ? 'replicasets' : ref?.kind === 'StatefulSet' ? 'statefulsets' : undefined;
    if (!resource) return undefined;
    const owner = this.ctx.get<Workload>(resource, pod.metadata?.namespace, ref?.name ?? '');
    if (!owner) return undefined;
    const r = labelSelectorAsSelector(owner.spec?.selector as LabelSelector | undefined);
    return r.ok ? r.selector : undefined;
  }
}
