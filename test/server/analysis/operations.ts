// Counts the work the analysis does, not the time it takes: V8's precise
// coverage counts every execution of every function and block of the
// compiled analysis (and of the `yaml` parser it calls), exactly and the same
// on every run, so a test can bound the operations one document costs.
import { Session } from 'node:inspector';

interface Coverage {
  result: { url: string; functions: { ranges: { count: number }[] }[] }[];
}

export class OperationCounter {
  private readonly session = new Session();

  constructor(private readonly counts: (url: string) => boolean) {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }

  /** In-process inspector calls answer synchronously. */
  private post<T>(method: string, params?: object): T {
    let answer: { error: Error | null; result?: T } | undefined;
    this.session.post(method, params, (error, result) => (answer = { error, result: result as T }));
    if (!answer) throw new Error(`${method} did not answer synchronously`);
    if (answer.error) throw answer.error;
    return answer.result!;
  }

  /** Operations since the last call (the first call counts from the start). */
  take(): number {
    let n = 0;
    for (const script of this.post<Coverage>('Profiler.takePreciseCoverage').result) {
      if (!this.counts(script.url)) continue;
      for (const f of script.functions) for (const range of f.ranges) n += range.count;
    }
    return n;
  }

  stop(): void {
    this.post('Profiler.stopPreciseCoverage');
    this.session.disconnect();
  }
}
