// How `lint` reads many files, or a large one, on both (or all) cores: worker
// threads read the files, hand each text over at once, then check their
// documents completely (readingWorker.ts), the slow part of a complete reading;
// meanwhile the main thread reads each text fast and indexes it, and looks the
// checks up at the end. The findings are those of reading each file completely
// on one thread; a worker that fails leaves its files to the main thread.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
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

/** What a worker found in the documents of a file it checked, by their text (documents with nothing to say left out: most). */
export type FileChecks = [document: string, check: WholeDocumentCheck][];

/** A worker's message: some files' contents, as soon as they are read, or later what checking them found. */
export type ReadingMessage = { contents: [index: number, content: FileContent][] } | { checks: [index: number, checks: FileChecks][] };

export interface ReadFile {
  path: string;
  content: FileContent;
  /**
   * The complete check of the file's documents (see ManifestFile.complete),
   * once a worker has made it; none when no worker reads: the file is then
   * read completely at once (in one pass, see readDocument).
   */
  check?: Promise<CompleteCheck>;
}

/** Below this many files, and this many bytes in all, starting workers costs more than it saves. */
const parallelFrom = { files: 64, bytes: 1024 * 1024 };

/** As many workers as there are cores beside the main thread's (at most 4), for enough files or bytes to pay for them. */
function workersFor(paths: readonly string[]): number {
  const cores = Math.min(availableParallelism() - 1, 4);
  if (cores < 1 || paths.length >= parallelFrom.files) return cores;
  let bytes = 0;
  for (const path of paths) {
    try {
      bytes += statSync(path).size;
    } catch {
      // Unreadable: readManifestFile says why.
    }
  }
  return bytes >= parallelFrom.bytes ? cores : 0;
}

/** Values by index, taken in any order: at once if they came, else when they come. */
class Arrivals<T> {
  private readonly arrived = new Map<number, T>();
  private readonly waiting = new Map<number, (value: T) => void>();

  put(index: number, value: T): void {
    const waiter = this.waiting.get(index);
    this.waiting.delete(index);
    if (waiter) waiter(value);
    else this.arrived.set(index, value);
  }

  take(index: number): Promise<T> {
    if (!this.arrived.has(index)) return new Promise((resolve) => this.waiting.set(index, resolve));
    const value = this.arrived.get(index)!;
    this.arrived.delete(index);
    return Promise.resolve(value);
  }
}

/** The files' contents, in order, read on `workers` worker threads (0: on this one), and their checks, for the registry's rules. */
export async function* readFiles(paths: readonly string[], maxFileSize: number, workers = workersFor(paths), interest = readingInterest(rules)): AsyncGenerator<ReadFile> {
  if (workers < 1) {
    for (const path of paths) yield { path, content: readManifestFile(path, maxFileSize) };
    return;
  }
  const contents = new Arrivals<FileContent>();
  const checks = new Arrivals<CompleteCheck>();
  /** For each file, whether its content and its check have been delivered (a failed worker's others are made here). */
  const delivered = { contents: new Set<number>(), checks: new Set<number>() };
  let abandoned = false;
  const threads = Array.from({ length: workers }, (_, first) => {
    const worker = new Worker(join(__dirname, 'readingWorker.js'), { workerData: { paths, maxFileSize, interest, first, step: workers } satisfies ReadingShare });
    worker.on('message', (message: ReadingMessage) => {
      if ('contents' in message) {
        for (const [index, content] of message.contents) {
          delivered.contents.add(index);
          contents.put(index, content);
        }
      } else {
        for (const [index, found] of message.checks) {
          delivered.checks.add(index);
          checks.put(index, checkOf(found, interest));
        }
      }
    });
    let failed = false;
    const fail = () => {
      if (failed || abandoned) return;
      failed = true;
      for (let index = first; index < paths.length; index += workers) {
        if (!delivered.contents.has(index)) contents.put(index, readManifestFile(paths[index]!, maxFileSize));
        if (!delivered.checks.has(index)) checks.put(index, completeCheck);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => code !== 0 && fail());
    return worker;
  });
  let index = 0;
  try {
    for (; index < paths.length; index++) yield { path: paths[index]!, content: await contents.take(index), check: checks.take(index) };
  } finally {
    // Left early (an error): the checks are not waited for. Otherwise each worker ends once it has sent them.
    if (index < paths.length) {
      abandoned = true;
      for (const worker of threads) void worker.terminate();
    }
  }
}

/** The check that looks up what a worker found, by the document's text; a document it did not need to check is checked here. */
function checkOf(found: FileChecks, interest: ReadingInterest): CompleteCheck {
  const checks = new Map(found);
  return (document) => checks.get(document) ?? (needsCompleteCheck(document, interest) ? undefined : completeCheck(document));
}
