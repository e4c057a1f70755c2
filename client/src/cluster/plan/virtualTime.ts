// Virtual time for cluster operations against an in-process simulator: the
// operations' timers go on the simulator's clock, and time moves only when
// everything asynchronous has settled (no request in flight, nothing left
// for the event loop to do), straight to the earliest timer due. A retry
// 30 s away costs nothing; a ten-minute drain plays in milliseconds.

import type { VirtualClock } from '../../../../server/src/sim/clock';
import type { SimCluster } from '../../../../server/src/sim/cluster';
import type { InProcessServer } from '../../../../server/src/sandbox/inProcess';
import type { Timer, Timers } from '../timers';

/** The Timers of the operations, on the simulator's clock; tells its own timers from the simulator's. */
export class VirtualTimers implements Timers {
  private readonly live = new Set<number>();

  constructor(private readonly clock: VirtualClock) {}

  now(): number {
    return this.clock.now();
  }

  setTimeout(run: () => void, ms: number): Timer {
    const id = this.clock.schedule(this.clock.now() + Math.max(0, ms), () => {
      this.live.delete(id);
      run();
    });
    this.live.add(id);
    return id;
  }

  clearTimeout(timer: Timer | undefined): void {
    if (typeof timer !== 'number') return;
    this.live.delete(timer);
    this.clock.cancel(timer);
  }

  /** The operations' timers still pending. */
  get pending(): number {
    return this.live.size;
  }
}

/** Turns of the event loop with nothing moving before the work counts as settled. */
const quietTurns = 3;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Moves a simulated cluster's time for operations that run against it in process. */
export class VirtualTimeDriver {
  constructor(
    readonly sim: SimCluster,
    readonly served: InProcessServer,
    readonly timers: VirtualTimers,
  ) {}

  /** Resolves once nothing has moved for a few turns of the event loop: every request answered, every reaction to it done. */
  async settle(): Promise<void> {
    let quiet = 0;
    let seen = this.mark();
    while (quiet < quietTurns) {
      await nextTurn();
      const now = this.mark();
      quiet = now === seen ? quiet + 1 : 0;
      seen = now;
    }
  }

  private mark(): string {
    return `${this.served.activity}/${this.sim.resourceVersion()}/${this.sim.clock.nextDueAt() ?? ''}/${this.timers.pending}`;
  }

  /** When the earliest timer (the simulator's or the operations') is due. */
  nextDueAt(): number | undefined {
    return this.sim.clock.nextDueAt();
  }

  /** The simulator's own timers pending: none means it can change nothing by itself. */
  simulatorTimers(): number {
    return this.sim.clock.pendingTimers - this.timers.pending;
  }

  /** Runs everything due up to `ms` (the controllers settle after each instant). */
  advanceTo(ms: number): void {
    this.sim.advanceTo(ms);
  }
}
