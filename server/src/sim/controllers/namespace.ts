// The namespace controller: a namespace being deleted (phase Terminating)
// has everything in it deleted, pods gracefully, and is removed once empty.
// Source: pkg/controller/namespace/deletion/namespaced_resources_deleter.go.

import type { KubeObject } from '../../k8s/types';
import { resources, type ResourceName } from '../api';
import type { Controller, SimContext } from '../context';
import type { Change } from '../store';
import { WorkQueue } from './queue';

const namespaced = resources.filter((r) => r.namespaced).map((r) => r.resource);

export class NamespaceController implements Controller {
  readonly name = 'namespace' as const;
  private readonly queue = new WorkQueue();

  constructor(
    private readonly ctx: SimContext,
    private readonly removeNamespace: (name: string) => void,
  ) {}

  observe(c: Change): void {
    if (c.resource === 'namespaces') {
      if (c.type !== 'DELETED' && c.object.metadata?.deletionTimestamp) this.queue.add(c.object.metadata.name ?? '');
      return;
    }
    const ns = c.object.metadata?.namespace;
    if (ns && this.ctx.get('namespaces', undefined, ns)?.metadata?.deletionTimestamp) this.queue.add(ns);
  }

  pending(): boolean {
    return this.queue.size > 0;
  }

  work(): void {
    for (const name of this.queue.take()) {
      const ns = this.ctx.get('namespaces', undefined, name);
      if (!ns?.metadata?.deletionTimestamp) continue;
      for (const resource of namespaced as ResourceName[]) {
        for (const obj of this.ctx.list<KubeObject>(resource, name)) {
          if (!obj.metadata?.deletionTimestamp) this.ctx.delete(resource, name, obj.metadata?.name ?? '', { propagationPolicy: 'Background' });
        }
      }
      if (namespaced.every((r) => this.ctx.list(r, name).length === 0)) this.removeNamespace(name);
    }
  }
}
