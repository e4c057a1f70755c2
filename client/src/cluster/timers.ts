// The clock cluster operations wait on. Real time by default; the drain
// planner runs the same operations against a simulator on its virtual
// clock, so that a drain of ten minutes plans in milliseconds.

/** A pending timer, as `setTimeout` returned it. */
export type Timer = unknown;

export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(run: () => void, ms: number): Timer;
  clearTimeout(timer: Timer | undefined): void;
}

/** Wall time and Node's timers, looked up at each call (so test doubles of the globals apply). */
export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout | undefined),
};

/** Resolve true after `ms`, false as soon as `signal` aborts (at once when it already has). */
export function pause(timers: Timers, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const stop = () => {
      timers.clearTimeout(timer);
      resolve(false);
    };
    const timer = timers.setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
