// How `lint` reads many files on both (or all) cores: worker threads read the
// files and check their documents completely (readingWorker.ts), the slow part
// of a complete reading, while the main thread reads each text fast and runs
// the rules on it. The findings are those of reading each file completely on
// one thread; a worker that fails leaves its files to the main thread.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { splitDocuments } from '../../server/src/analysis/documents';
import { readingInterest, type ReadingInterest } from '../../server/src/analysis/interest';
import { completeCheck, needsCompleteCheck, type CompleteCheck } from '../../server/src/analysis/readDocument';
import type { WholeDocumentCheck } from '../../server/src/analysis/wholeDocument';
import { readManifestFile, type FileContent } from '../../server/src/analysis/workspaceFiles';
import { rules } from '../../server/src/rules/registry';

/** What a worker is given: every `step`-th path from `first`. */
export interface ReadingShare {
  paths: readonly string[];
  maxFileSize: number;
  /** What the rules read (decides which documents are checked completely). */
  interest: ReadingInterest;
  first: number;
  step: number;
}

/** A file as a worker read it: its content and what it found in the documents it checked (by offset; documents with nothing to say left out). */
export interface FileReading {
  index: number;
  content: FileContent;
  checks: [start: number, check: WholeDocumentCheck][];
}

export interface ReadFile {
  path: string;
  content: FileContent;
  /** The complete check of the file's documents (see ManifestFile.complete). */
  check: CompleteCheck;
}

/** Below this many files, starting workers costs more than it saves. */
const parallelFrom = 64;

/** As many workers as there are cores beside the main thread's (at most 4), for enough files to pay for them. */
function workersFor(files: number): number {
  return files < parallelFrom ? 0 : Math.min(availableParallelism() - 1, 4);
}

/** The files' contents, in order, read on `workers` worker threads (0: on this one), for the registry's rules. */
export async function* readFiles(paths: readonly string[], maxFileSize: number, workers = workersFor(paths.length), interest = readingInterest(rules)): AsyncGenerator<ReadFile> {
  if (workers < 1) {
    for (const path of paths) yield { path, content: readManifestFile(path, maxFileSize), check: completeCheck };
    return;
  }
  const arrived = new Map<number, FileReading>();
  let wake: (() => void) | undefined;
  let failed = false;
  const threads = Array.from({ length: workers }, (_, first) => {
    const worker = new Worker(join(__dirname, 'readingWorker.js'), { workerData: { paths, maxFileSize, interest, first, step: workers } satisfies ReadingShare });
    worker.on('message', (batch: FileReading[]) => {
      for (const reading of batch) arrived.set(reading.index, reading);
      wake?.();
    });
    const fail = () => {
      failed = true;
      wake?.();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => code !== 0 && fail());
    return worker;
  });
  try {
    for (let index = 0; index < paths.length; index++) {
      while (!arrived.has(index) && !failed) await new Promise<void>((resolve) => (wake = resolve));
      const reading = arrived.get(index);
      arrived.delete(index);
      const path = paths[index]!;
      yield reading ? { path, content: reading.content, check: checkOf(reading, interest) } : { path, content: readManifestFile(path, maxFileSize), check: completeCheck };
    }
  } finally {
    for (const worker of threads) void worker.terminate();
  }
}

/** The check that looks up what the worker found; a document it did not need to check is checked here. */
function checkOf(reading: FileReading, interest: ReadingInterest): CompleteCheck {
  if (reading.content.kind !== 'text') return completeCheck;
  const { text } = reading.content;
  const checks = new Map<string, WholeDocumentCheck>();
  if (reading.checks.length) {
    const spans = new Map(splitDocuments(text).map((span) => [span.start, span]));
    for (const [start, check] of reading.checks) checks.set(text.slice(start, spans.get(start)!.end), check);
  }
  return (document) => checks.get(document) ?? (needsCompleteCheck(document, interest) ? undefined : completeCheck(document));
}
