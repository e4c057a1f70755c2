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

  has(key: string): boolean {
    return this.keys.has(key);
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

/**
 * A work queue fed by informers: a key is handed out `delayMs` after it was
 * first added, as a controller sees a write only once the watch event has
 * reached its informer and a worker has taken the key. A key added again
 * while it waits keeps its place (client-go's workqueue holds a key once),
 * and the sync that takes it reads the state as it is by then. A delay of 0
 * queues at once.
 */
export class DelayedWorkQueue {
  private readonly ready = new WorkQueue();
  private readonly waiting = new Map<string, number>();

  constructor(private readonly ctx: Pick<SimContext, 'now' | 'schedule' | 'cancel'>) {}

  add(key: string, delayMs: number): void {
    if (this.ready.has(key)) return;
    if (delayMs <= 0) {
      this.ctx.cancel(this.waiting.get(key));
      this.waiting.delete(key);
      this.ready.add(key);
      return;
    }
    if (this.waiting.has(key)) return;
    this.waiting.set(
      key,
      this.ctx.schedule(this.ctx.now() + delayMs, () => {
        this.waiting.delete(key);
        this.ready.add(key);
      }),
    );
  }

  get size(): number {
    return this.ready.size;
  }

  take(): string[] {
    return this.ready.take();
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
