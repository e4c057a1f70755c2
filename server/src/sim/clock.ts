// The simulator's clock. Virtual: time moves only when told to, and timers
// run in order of their due time (then of their scheduling), so a test can
// play a 30 s grace period or a 300 s toleration without waiting. The
// sandbox moves it with wall time through RealTimeDriver.

import type { Clock } from './api';

interface Timer {
  id: number;
  at: number;
  seq: number;
  run: () => void;
}

/** The simulator starts its virtual days here unless told otherwise. */
export const defaultEpochMs = Date.parse('2026-01-01T00:00:00Z');

export class VirtualClock implements Clock {
  private nowMs: number;
  private readonly heap: Timer[] = [];
  private readonly live = new Set<number>();
  private nextId = 1;
  private seq = 0;
  /** Called when a timer is scheduled, with its due time (the real-time driver re-arms on it). */
  onSchedule?: (atMs: number) => void;
  /** Called after the timers due at one instant have run (the cluster lets its controllers settle then). */
  afterInstant?: () => void;

  constructor(startMs = defaultEpochMs) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  /** Runs `run` once the clock reaches `atMs` (at once on the next advance if it is already past). Returns the timer id. */
  schedule(atMs: number, run: () => void): number {
    const timer: Timer = { id: this.nextId++, at: Math.max(atMs, this.nowMs), seq: this.seq++, run };
    this.live.add(timer.id);
    this.push(timer);
    this.onSchedule?.(timer.at);
    return timer.id;
  }

  cancel(id: number | undefined): void {
    if (id !== undefined) this.live.delete(id);
  }

  /** How many timers are scheduled and neither run nor cancelled. */
  get pendingTimers(): number {
    return this.live.size;
  }

  /** When the earliest pending timer is due, if any. */
  nextDueAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way, in order. */
  advance(ms: number): void {
    this.advanceTo(this.nowMs + Math.max(0, ms));
  }

  advanceTo(targetMs: number): void {
    for (;;) {
      this.dropCancelled();
      const next = this.heap[0];
      if (!next || next.at > targetMs) break;
      this.nowMs = Math.max(this.nowMs, next.at);
      // Everything due at this instant, including what those timers schedule for it, runs before time moves on.
      for (let t = this.heap[0]; t && t.at <= this.nowMs; t = this.heap[0]) {
        this.pop();
        if (!this.live.delete(t.id)) continue;
        t.run();
        this.dropCancelled();
      }
      this.afterInstant?.();
    }
    this.nowMs = Math.max(this.nowMs, targetMs);
  }

  private dropCancelled(): void {
    while (this.heap.length && !this.live.has(this.heap[0].id)) this.pop();
  }

  private before(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!h.length || !last) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.before(h[l], h[m])) m = l;
      if (r < h.length && this.before(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
