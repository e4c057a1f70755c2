// The garbage collector: when an owner is deleted, its dependents go too
// (background propagation), or lose their reference to it when another
// owner remains. Orphan propagation is done by the DELETE itself (see
// deletion.ts); Foreground is treated as Background. Only deletions it sees
// drive it: an object created with a reference to an owner that does not
// exist is left alone (a real collector would delete it), so scenarios can
// hold pods with hand-written owner references.
// Source: pkg/controller/garbagecollector/garbagecollector.go (attemptToDeleteItem).

import type { KubeObject } from '../../k8s/types';
import type { ResourceName } from '../api';
import type { Controller, SimContext } from '../context';
import type { Change } from '../store';
import { WorkQueue } from './queue';

export class GarbageCollector implements Controller {
  readonly name = 'garbagecollector' as const;
  private readonly gone = new WorkQueue();

  constructor(
    private readonly ctx: SimContext,
    private readonly dependentsOf: (uid: string) => { resource: ResourceName; obj: KubeObject }[],
  ) {}

  observe(c: Change): void {
    // Events own nothing; the rest may.
    if (c.type === 'DELETED' && c.resource !== 'events' && c.object.metadata?.uid) this.gone.add(c.object.metadata.uid);
  }

  pending(): boolean {
    return this.gone.size > 0;
  }

  work(): void {
    for (const uid of this.gone.take()) {
      for (const { resource, obj } of this.dependentsOf(uid)) {
        const refs = obj.metadata?.ownerReferences ?? [];
        const ownersLeft = refs.filter((r) => r.uid !== uid && this.ownerExists(obj, r.kind, r.name, r.uid));
        if (ownersLeft.length === 0) {
          if (!obj.metadata?.deletionTimestamp) this.ctx.delete(resource, obj.metadata?.namespace, obj.metadata?.name ?? '', { propagationPolicy: 'Background' });
        } else {
          this.ctx.modify(resource, obj, (d) => void (d.metadata!.ownerReferences = refs.filter((r) => r.uid !== uid)));
        }
      }
    }
  }

  private ownerExists(dependent: KubeObject, kind: string | undefined, name: string | undefined, uid: string | undefined): boolean {
    for (const resource of ['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'nodes', 'namespaces', 'pods'] as const) {
      const owner = this.ctx.get(resource, resource === 'nodes' || resource === 'namespaces' ? undefined : dependent.metadata?.namespace, name ?? '');
      if (owner && owner.kind === kind && owner.metadata?.uid === uid) return true;
    }
    return false;
  }
}
