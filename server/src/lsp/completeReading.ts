// The background pass that reads completely what the cold scan read fast: the
// documents of files read from disk, whose parts no rule reads the fast reader
// skipped unchecked (see readDocument.ts). Open documents go first; it runs in
// slices between editor events and reports its progress the LSP way
// (window/workDoneProgress) to clients that support it.
import type { WorkDoneProgressReporter } from 'vscode-languageserver';
import type { AnalysisEngine } from '../analysis/engine';
import { slices } from './slices';

const documentsPerStep = 16;

export interface CompleteReadingHost {
  isOpen(uri: string): boolean;
  publish(uris: Iterable<string>): void;
  /** Runs analysis work, logging a failure instead of throwing it. */
  guard<T>(work: () => T, fallback: T): T;
  createProgress(): Promise<WorkDoneProgressReporter>;
}

export class CompleteReading {
  private running = false;
  private again = false;

  constructor(
    private readonly engine: AnalysisEngine,
    private readonly host: CompleteReadingHost,
  ) {}

  /** Starts a pass, or another one after the running pass, for files read fast since it started. */
  schedule(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    });
  }

  private async pass(): Promise<void> {
    const pending = [...this.engine.index.files()].filter((file) => file.readFastOnly).map((file) => file.uri);
    if (pending.length === 0) return;
    pending.sort((a, b) => Number(this.host.isOpen(b)) - Number(this.host.isOpen(a)));
    const progress = await this.host.createProgress().catch(() => undefined);
    progress?.begin('kube-eviction: checking YAML syntax', 0, `0/${pending.length} files`, false);
    const changed = new Set<string>();
    let done = 0;
    const publish = () => {
      this.host.publish(changed);
      changed.clear();
    };
    const pause = slices(() => {
      publish();
      progress?.report(Math.floor((done / pending.length) * 100), `${done}/${pending.length} files`);
    });
    for (const uri of pending) {
      // A few documents at a time, so that a file of thousands of documents does not hold up the editor.
      for (let more = true; more; await pause()) {
        more = this.host.guard(() => {
          for (const u of this.engine.completeFile(uri, documentsPerStep)) changed.add(u);
          return this.engine.index.file(uri)?.readFastOnly ?? false;
        }, false);
      }
      done++;
    }
    publish();
    progress?.done();
  }
}
