// Runs the virtual clock against wall time, `speed` times faster: the only
// place in the simulator that touches real timers. The sandbox server calls
// `catchUp()` before serving each request, so that every answer reflects the
// timers due by then (a pod's readiness, a grace period's end).

import type { VirtualClock } from './clock';

export interface RealTimeDriverOptions {
  /** Virtual milliseconds per wall millisecond (1 = real time). */
  speed?: number;
  /** The longest the driver sleeps, in wall milliseconds, even with nothing due (keeps `now()` fresh). */
  maxSleepMs?: number;
  /** Wall time, for tests of the driver itself. */
  wallNow?: () => number;
}

export class RealTimeDriver {
  private readonly speed: number;
  private readonly maxSleepMs: number;
  private readonly wallNow: () => number;
  private wallStart = 0;
  private virtualStart = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor: number | undefined;
  private running = false;

  /** `advanceTo` runs the simulator's due timers (the cluster's, which settle its controllers after each). */
  constructor(
    private readonly clock: VirtualClock,
    private readonly advanceTo: (virtualMs: number) => void,
    options: RealTimeDriverOptions = {},
  ) {
    this.speed = options.speed && options.speed > 0 ? options.speed : 1;
    this.maxSleepMs = options.maxSleepMs ?? 1000;
    this.wallNow = options.wallNow ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wallStart = this.wallNow();
    this.virtualStart = this.clock.now();
    this.clock.onSchedule = (at) => {
      if (this.armedFor === undefined || at < this.armedFor) this.arm();
    };
    this.arm();
  }

  stop(): void {
    this.running = false;
    this.clock.onSchedule = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
  }

  /** The virtual time wall time has reached. */
  target(): number {
    return this.virtualStart + (this.wallNow() - this.wallStart) * this.speed;
  }

  /** Brings the virtual clock up to wall time, running what fell due. */
  catchUp(): void {
    if (!this.running) return;
    const target = this.target();
    if (target > this.clock.now()) this.advanceTo(target);
  }

  private arm(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    const due = this.clock.nextDueAt();
    const untilDue = due === undefined ? Number.POSITIVE_INFINITY : Math.max(0, (due - this.target()) / this.speed);
    const sleep = Math.min(this.maxSleepMs, untilDue);
    this.armedFor = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.catchUp();
      this.arm();
    }, Math.ceil(sleep));
    this.timer.unref?.();
  }
}
