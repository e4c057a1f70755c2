// The node lifecycle controller: taints that follow a node's conditions and
// cordon (NoSchedule: not-ready, unreachable, memory/disk/pid pressure,
// network-unavailable, unschedulable; NoExecute: not-ready, unreachable),
// and pods on a node that is not Ready marked not Ready themselves. To take a
// node down in the sandbox, set its Ready condition to False or Unknown.
// Source: pkg/controller/nodelifecycle/node_lifecycle_controller.go
// (doNoScheduleTaintingPass, doNoExecuteTaintingPass, markNodeAsReachable,
// MarkPodsNotReady).

import { wellKnownTaints } from '../../k8s/tolerations';
import { updatePodCondition } from '../../k8s/pods';
import { rfc3339 } from '../../k8s/time';
import type { Node, Pod, Taint } from '../../k8s/types';
import type { Controller, SimContext } from '../context';
import { jsonEqual } from '../objects';
import type { Change } from '../store';
import { WorkQueue } from './queue';

/** The Ready condition's status; a node that reports none is taken as Ready (the simulated kubelet always reports). */
export function nodeReadyStatus(node: Node): string {
  return node.status?.conditions?.find((c) => c?.type === 'Ready')?.status ?? 'True';
}

const conditionTaints: [condition: string, status: string, key: string][] = [
  ['Ready', 'False', wellKnownTaints.notReady],
  ['Ready', 'Unknown', wellKnownTaints.unreachable],
  ['MemoryPressure', 'True', wellKnownTaints.memoryPressure],
  ['DiskPressure', 'True', wellKnownTaints.diskPressure],
  ['NetworkUnavailable', 'True', wellKnownTaints.networkUnavailable],
  ['PIDPressure', 'True', wellKnownTaints.pidPressure],
];

const managed = (t: Taint) =>
  (t.effect === 'NoSchedule' && (conditionTaints.some(([, , key]) => key === t.key) || t.key === wellKnownTaints.unschedulable)) ||
  (t.effect === 'NoExecute' && (t.key === wellKnownTaints.notReady || t.key === wellKnownTaints.unreachable));

/** The taints the controller keeps on a node, given its conditions and cordon. */
export function desiredNodeTaints(node: Node, nowMs: number): Taint[] {
  const status = (type: string) => node.status?.conditions?.find((c) => c?.type === type)?.status ?? (type === 'Ready' ? 'True' : 'False');
  const current = node.spec?.taints ?? [];
  const wanted: Taint[] = [];
  for (const [condition, value, key] of conditionTaints) if (status(condition) === value) wanted.push({ key, effect: 'NoSchedule' });
  if (node.spec?.unschedulable) wanted.push({ key: wellKnownTaints.unschedulable, effect: 'NoSchedule' });
  const ready = status('Ready');
  if (ready === 'False') wanted.push({ key: wellKnownTaints.notReady, effect: 'NoExecute', timeAdded: rfc3339(nowMs) });
  if (ready === 'Unknown') wanted.push({ key: wellKnownTaints.unreachable, effect: 'NoExecute', timeAdded: rfc3339(nowMs) });
  // Keep a wanted taint as it is (its timeAdded included); drop managed taints no longer wanted; keep everyone else's.
  const kept = current.filter((t) => !managed(t) || wanted.some((w) => w.key === t.key && w.effect === t.effect));
  const added = wanted.filter((w) => !current.some((t) => t.key === w.key && t.effect === w.effect));
  return [...kept, ...added];
}

export class NodeLifecycleController implements Controller {
  readonly name = 'nodelifecycle' as const;
  private readonly queue = new WorkQueue();

  constructor(private readonly ctx: SimContext) {}

  observe(c: Change): void {
    if (c.resource === 'nodes' && c.type !== 'DELETED') this.queue.add(c.object.metadata?.name ?? '');
    // A pod bound to a node that is not Ready is marked not Ready, whenever it shows up.
    if (c.resource === 'pods' && c.type !== 'DELETED' && (c.object as Pod).spec?.nodeName) this.queue.add((c.object as Pod).spec!.nodeName!);
  }

  pending(): boolean {
    return this.queue.size > 0;
  }

  work(): void {
    for (const name of this.queue.take()) {
      const node = this.ctx.get<Node>('nodes', undefined, name);
      if (!node) continue;
      const now = this.ctx.now();
      const taints = desiredNodeTaints(node, now);
      if (!jsonEqual(taints, node.spec?.taints ?? [])) this.ctx.modify('nodes', node, (d) => void (d.spec = { ...d.spec, taints }));
      if (nodeReadyStatus(node) !== 'True') this.markPodsNotReady(name, now);
    }
  }

  private markPodsNotReady(nodeName: string, now: number): void {
    for (const pod of this.ctx.list<Pod>('pods')) {
      if (pod.spec?.nodeName !== nodeName) continue;
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status !== 'True') continue;
      const conditions = updatePodCondition(pod.status?.conditions, { ...ready, status: 'False' }, now);
      if (conditions) this.ctx.modify('pods', pod, (d) => void (d.status = { ...d.status, conditions }));
    }
  }
}
