// The taint eviction controller: pods on a node with NoExecute taints are
// deleted when a taint is not tolerated, or once the shortest
// tolerationSeconds of the tolerations used has passed; an eviction already
// scheduled keeps its timer, and removing the taints cancels it. Deletion
// marks the pod DisruptionTarget=True (DeletionByTaintManager) and sends a
// plain DELETE: PodDisruptionBudgets are not consulted.
// Source: pkg/controller/tainteviction/taint_eviction.go (processPodOnNode,
// deletePodHandler, addConditionAndDeletePod, cancelWorkWithEvent).

import { getMatchingTolerations, minTolerationSeconds } from '../../k8s/tolerations';
import { updatePodCondition } from '../../k8s/pods';
import type { Node, Pod, Taint } from '../../k8s/types';
import type { Controller, SimContext } from '../context';
import { jsonEqual, objectKey, splitKey } from '../objects';
import type { Change } from '../store';
import { WorkQueue } from './queue';

const component = 'taint-eviction-controller';

export const taintManagerDisruptionTarget = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByTaintManager',
  message: 'Taint manager: deleting due to NoExecute taint',
} as const;

const noExecuteTaints = (node: Node | undefined): Taint[] => (node?.spec?.taints ?? []).filter((t) => t?.effect === 'NoExecute');

interface ScheduledEviction {
  createdAt: number;
  fireAt: number;
  timer: number;
}

export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction' as const;
  private readonly queue = new WorkQueue();
  private readonly scheduled = new Map<string, ScheduledEviction>();

  constructor(private readonly ctx: SimContext) {}

  /** When the pod's deletion is due, if one is scheduled (for tests and explanations). */
  scheduledAt(namespace: string, name: string): number | undefined {
    return this.scheduled.get(`${namespace}/${name}`)?.fireAt;
  }

  observe(c: Change): void {
    if (c.resource === 'nodes') {
      if (c.type === 'DELETED' || jsonEqual(noExecuteTaints(c.object as Node), noExecuteTaints(c.old as Node | undefined))) return;
      for (const pod of this.ctx.list<Pod>('pods')) if (pod.spec?.nodeName === c.object.metadata?.name) this.queue.add(objectKey(pod));
    } else if (c.resource === 'pods') {
      const key = objectKey(c.object);
      if (c.type === 'DELETED') this.cancel(key, false);
      else if ((c.object as Pod).spec?.nodeName) this.queue.add(key);
    }
  }

  pending(): boolean {
    return this.queue.size > 0;
  }

  work(): void {
    for (const key of this.queue.take()) this.processPodOnNode(key);
  }

  private processPodOnNode(key: string): void {
    const [ns, name] = splitKey(key);
    const pod = this.ctx.get<Pod>('pods', ns, name);
    // A pod already being deleted gains nothing from another DELETE (it would be a no-op).
    if (!pod || pod.metadata?.deletionTimestamp) return this.cancel(key, false);
    const taints = noExecuteTaints(this.ctx.get<Node>('nodes', undefined, pod.spec?.nodeName ?? ''));
    if (taints.length === 0) return this.cancel(key, true);
    const now = this.ctx.now();
    const { allTolerated, used } = getMatchingTolerations(taints, pod.spec?.tolerations);
    if (!allTolerated) {
      this.cancel(key, true);
      return this.add(key, now, now);
    }
    const seconds = minTolerationSeconds(used);
    if (seconds === undefined) return this.cancel(key, true);
    const fireAt = now + seconds * 1000;
    const existing = this.scheduled.get(key);
    let createdAt = now;
    if (existing) {
      createdAt = existing.createdAt;
      // Scheduled earlier: it keeps its timer.
      if (createdAt + seconds * 1000 < fireAt) return;
      this.cancel(key, true);
    }
    this.add(key, createdAt, fireAt);
  }

  private add(key: string, createdAt: number, fireAt: number): void {
    // Due now: the worker runs at once.
    if (fireAt <= this.ctx.now()) return this.evict(key);
    const timer = this.ctx.schedule(fireAt, () => this.evict(key));
    this.scheduled.set(key, { createdAt, fireAt, timer });
  }

  /** `cancelWorkWithEvent`: the event only when there was work to cancel. */
  private cancel(key: string, withEvent: boolean): void {
    const existing = this.scheduled.get(key);
    if (!existing) return;
    this.ctx.cancel(existing.timer);
    this.scheduled.delete(key);
    const [ns, name] = splitKey(key);
    const pod = this.ctx.get<Pod>('pods', ns, name);
    if (withEvent && pod) this.ctx.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`, component);
  }

  private evict(key: string): void {
    this.scheduled.delete(key);
    const [ns, name] = splitKey(key);
    const pod = this.ctx.get<Pod>('pods', ns, name);
    if (!pod) return;
    this.ctx.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`, component);
    const conditions = updatePodCondition(pod.status?.conditions, { ...taintManagerDisruptionTarget }, this.ctx.now());
    if (conditions) this.ctx.modify('pods', pod, (d) => void (d.status = { ...d.status, conditions }));
    this.ctx.delete('pods', ns, name, {});
  }
}
