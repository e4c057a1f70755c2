// The pod garbage collector's orphan pass: a pod bound to a node that no
// longer exists (40 s after it was found so) is marked Failed with
// DisruptionTarget=True/DeletionByPodGC and force-deleted, since no kubelet
// will ever finish it.
// Source: pkg/controller/podgc/gc_controller.go (gcOrphaned, quarantineTime).

import { isPodTerminal, updatePodCondition } from '../../k8s/pods';
import type { Pod } from '../../k8s/types';
import type { Controller, SimContext } from '../context';
import type { Change } from '../store';

/** How long a node must be missing before its pods are collected. */
export const quarantineMs = 40_000;

export class PodGarbageCollector implements Controller {
  readonly name = 'podgc' as const;
  private readonly due = new Set<string>();
  private readonly waiting = new Set<string>();

  constructor(private readonly ctx: SimContext) {}

  observe(c: Change): void {
    const nodeName = c.resource === 'nodes' && c.type === 'DELETED' ? c.object.metadata?.name : c.resource === 'pods' && c.type === 'ADDED' ? (c.object as Pod).spec?.nodeName : undefined;
    if (!nodeName || this.waiting.has(nodeName) || this.ctx.get('nodes', undefined, nodeName)) return;
    this.waiting.add(nodeName);
    this.ctx.schedule(this.ctx.now() + quarantineMs, () => {
      this.waiting.delete(nodeName);
      this.due.add(nodeName);
    });
  }

  pending(): boolean {
    return this.due.size > 0;
  }

  work(): void {
    const now = this.ctx.now();
    for (const nodeName of [...this.due]) {
      this.due.delete(nodeName);
      if (this.ctx.get('nodes', undefined, nodeName)) continue;
      for (const pod of this.ctx.list<Pod>('pods')) {
        if (pod.spec?.nodeName !== nodeName) continue;
        const conditions = updatePodCondition(pod.status?.conditions, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' }, now);
        this.ctx.modify('pods', pod, (d) => void (d.status = { ...d.status, ...(isPodTerminal(pod) ? {} : { phase: 'Failed' }), ...(conditions ? { conditions } : {}) }));
        this.ctx.delete('pods', pod.metadata?.namespace, pod.metadata?.name ?? '', { gracePeriodSeconds: 0 });
      }
    }
  }
}
