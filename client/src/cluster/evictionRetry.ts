// When to retry an eviction the API server refused with a 429. kubectl sleeps
// a fixed 5 s and tries again (kubectl/pkg/drain/drain.go evictPods). We
// watch the budgets and the pods instead and retry as soon as the core
// predicts the eviction would now be allowed, handing out a budget's
// disruptionsAllowed to at most that many waiting pods so that a budget
// allowing one disruption gets one request, not one per waiting pod.
// Never sooner than a floor after the previous attempt, never sooner than
// Retry-After, and never later than a fallback (kubectl's 5 s while nothing
// is watched), so we are never slower than kubectl.

import type { PodRef } from './evictionAnswer';
import type { Timer, Timers } from './timers';

export interface RetryTiming {
  /** Never retry sooner than this after the previous attempt. */
  floorMs: number;
  /** Retry anyway after this long when the budgets or pods are not being watched (kubectl's fixed delay). */
  blindRetryMs: number;
  /** Retry anyway after this long while they are watched, in case a prediction is wrong. */
  watchedRetryMs: number;
}

export const defaultRetryTiming: RetryTiming = { floorMs: 1000, blindRetryMs: 5000, watchedRetryMs: 30_000 };

/** What the core predicts for an eviction of the pod now. */
export type RetryPrediction =
  /** Go; `budget` (namespace/name) when it spends one of that budget's disruptions. */
  | { go: true; budget?: string }
  | { go: false }
  /** Nothing to predict with (budgets not readable): only the fallback applies. */
  | { go: 'unknown' };

export interface RetryDeps {
  predict(pod: PodRef): RetryPrediction;
  /** True while budgets and pods are watched, so that a change would be seen. */
  watching(): boolean;
  timers: Timers;
}

interface Waiter {
  pod: PodRef;
  lastAttemptAt: number;
  notBefore: number;
  timer?: Timer;
  release(go: boolean): void;
}

export class EvictionRetries {
  private readonly waiters = new Set<Waiter>();
  /** Disruptions each budget can still hand out before the next status update. */
  private readonly allowance = new Map<string, number>();

  constructor(
    private readonly deps: RetryDeps,
    private readonly timing: RetryTiming = defaultRetryTiming,
  ) {}

  /**
   * Resolve true when the pod's eviction should be tried again, false when
   * `signal` stopped the wait first. `retryAfterSeconds` is the server's.
   */
  wait(pod: PodRef, lastAttemptAt: number, retryAfterSeconds: number | undefined, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    const notBefore = lastAttemptAt + Math.max(this.timing.floorMs, (retryAfterSeconds ?? 0) * 1000);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        pod,
        lastAttemptAt,
        notBefore,
        release: (go) => {
          this.deps.timers.clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          signal.removeEventListener('abort', stop);
          resolve(go);
        },
      };
      const stop = () => waiter.release(false);
      signal.addEventListener('abort', stop);
      this.waiters.add(waiter);
      this.evaluate(waiter);
    });
  }

  /** A budget's status changed (or was first seen): its disruptionsAllowed can be handed out again. */
  budgetChanged(budget: string, disruptionsAllowed: number, namespace: string): void {
    this.allowance.set(budget, disruptionsAllowed);
    this.reconsider((w) => w.pod.namespace === namespace);
  }

  /** Watching started or stopped: the fallback delay changes. */
  watchingChanged(): void {
    this.reconsider(() => true);
  }

  /** A pod changed or went away: its own waiter may be able to go. */
  podChanged(pod: PodRef): void {
    this.reconsider((w) => w.pod.namespace === pod.namespace && w.pod.name === pod.name);
  }

  private reconsider(which: (w: Waiter) => boolean): void {
    // Oldest first: waiters are kept in arrival order, so budgets go to whoever waited longest.
    for (const waiter of [...this.waiters]) if (which(waiter)) this.evaluate(waiter);
  }

  private evaluate(waiter: Waiter): void {
    const now = this.deps.timers.now();
    if (now < waiter.notBefore) return this.schedule(waiter, waiter.notBefore - now);
    const deadline = waiter.lastAttemptAt + (this.deps.watching() ? this.timing.watchedRetryMs : this.timing.blindRetryMs);
    if (now >= deadline) return waiter.release(true);
    const prediction = this.deps.predict(waiter.pod);
    if (prediction.go === true) {
      if (!prediction.budget) return waiter.release(true);
      const left = this.allowance.get(prediction.budget) ?? 0;
      if (left > 0) {
        this.allowance.set(prediction.budget, left - 1);
        return waiter.release(true);
      }
    }
    this.schedule(waiter, deadline - now);
  }

  private schedule(waiter: Waiter, ms: number): void {
    this.deps.timers.clearTimeout(waiter.timer);
    waiter.timer = this.deps.timers.setTimeout(() => this.evaluate(waiter), ms);
  }
}
