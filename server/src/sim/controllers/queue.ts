// Work queues, and the shape most controllers share: one object synced at a
// time by `namespace/name`, queued by its own changes and by those of the
// objects it controls.

import { getControllerOf } from '../../k8s/pods';
import type { ResourceName } from '../api';
import type { Controller, ControllerName, SimContext } from '../context';
import { objectKey } from '../objects';
import type { Change } from '../store';

/** A controller's work queue: keys, deduplicated, in the order first added. */
export class WorkQueue {
  private keys = new Set<string>();

  add(key: string): void {
    this.keys.add(key);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Everything queued now; keys added while these are worked on wait for the next round. */
  take(): string[] {
    const keys = [...this.keys];
    this.keys = new Set();
    return keys;
  }
}

/** A controller of one kind of owner: its changes, and those of what it controls (by controllerRef), queue it. */
export abstract class OwnerController implements Controller {
  abstract readonly name: ControllerName;
  protected readonly queue = new WorkQueue();

  constructor(
    protected readonly ctx: SimContext,
    private readonly resource: ResourceName,
    private readonly kind: string,
    private readonly controls: ResourceName = 'pods',
  ) {}

  observe(c: Change): void {
    if (c.resource === this.resource && c.type !== 'DELETED') this.queue.add(objectKey(c.object));
    if (c.resource === this.controls) {
      const ref = getControllerOf(c.object);
      if (ref?.kind === this.kind) this.queue.add(`${c.object.metadata?.namespace ?? ''}/${ref.name}`);
    }
  }

  pending(): boolean {
    return this.queue.size > 0;
  }

  work(): void {
    for (const key of this.queue.take()) this.sync(key);
  }

  protected abstract sync(key: string): void;
}
