// What a benchmark module is, and the measuring helpers they share.
import { spawnSync } from 'node:child_process';

export interface Benchmark {
  name: string;
  /** Prints its figures. */
  run(): Promise<void> | void;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Peak resident memory of this process so far. */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Runs `script` in a fresh Node process (so its memory is its own) and returns the JSON it prints last. */
export function inFreshProcess<T>(script: string, args: string[]): T {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}
