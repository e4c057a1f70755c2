// How `lint` reads many files, or a large text, on the cores V8 leaves free
// (see workersWorthStarting). Worker threads
// (readingWorker.ts) read them completely into plain data (DocumentReading, in
// one pass: see readDocument) from the front of the list, in order, while this
// thread indexes what they sent as it comes; only when it has nothing to index
// does this thread read an item itself, from the back, until the two ends
// meet: no thread waits on a share fixed in advance. Many files are shared
// file by file (each thread reads its own from disk); a few large texts
// document by document. The findings are those of reading every file
// completely on one thread. A worker that fails leaves what it took here.
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { splitDocuments } from '../../server/src/analysis/documents';
import { readingInterest, type ReadingInterest } from '../../server/src/analysis/interest';
import type { DocumentReader } from '../../server/src/analysis/manifestFile';
import { readDocument, type DocumentReading } from '../../server/src/analysis/readDocument';
import { readManifestFile, type FileContent } from '../../server/src/analysis/workspaceFiles';
import { rules } from '../../server/src/rules/registry';

/** What a worker is given. */
export interface ReadingShare {
  /** The files shared file by file (none when they are few). */
  paths: readonly string[];
  maxFileSize: number;
  /** What the rules read (see readDocument). */
  interest: ReadingInterest;
  /** Shared counters (see Slot). */
  counters: Int32Array;
  /** Where the worker posts what it read (ReadingMessage). */
  port: MessagePort;
}

/** The shared counters: items taken in all, from the front, from the back; messages sent (this thread waits on it); workers started. */
export const Slot = { taken: 0, front: 1, back: 2, sent: 3, started: 4 } as const;

/** A large text whose documents a worker takes from the front; it answers once. */
export interface TextShare {
  share: number;
  text: string;
}

/** A worker's message: a file it read, or the documents it read of a shared text. */
export type ReadingMessage =
  | { file: number; content: FileContent; readings: DocumentReading[] }
  | { share: number; readings: [document: number, reading: DocumentReading][] };

/** A file's content and the complete readings of its documents (see readDocument). */
export function readFileCompletely(path: string, maxFileSize: number, interest: ReadingInterest): { content: FileContent; readings: DocumentReading[] } {
  const content = readManifestFile(path, maxFileSize);
  return { content, readings: content.kind === 'text' ? splitDocuments(content.text).map((span) => readSpan(content.text, span, interest)) : [] };
}

/** A document of a text, read completely. */
export function readSpan(text: string, span: { start: number; end: number }, interest: ReadingInterest): DocumentReading {
  return readDocument(text.slice(span.start, span.end), 'complete', interest);
}

/**
 * The next of `count` items from one end; undefined once the ends have met.
 * Taking first counts every item taken, then numbers the item from its end:
 * the front's and the back's never overlap.
 */
export function take(counters: Int32Array, count: number, end: typeof Slot.front | typeof Slot.back): number | undefined {
  if (Atomics.add(counters, Slot.taken, 1) >= count) return undefined;
  const n = Atomics.add(counters, end, 1);
  return end === Slot.front ? n : count - 1 - n;
}

/** A worker has started or sent a message: this thread, waiting on Slot.sent, wakes. */
export function wake(counters: Int32Array): void {
  Atomics.add(counters, Slot.sent, 1);
  Atomics.notify(counters, Slot.sent);
}

export interface ReadFile {
  path: string;
  content: FileContent;
  /** How its documents are read: completely, here or as a worker read them. */
  reader: DocumentReader;
}

/**
 * As many workers as there are cores beside this thread's and one more (at
 * most 4): V8 collects garbage and compiles on helper threads of its own, and
 * on two cores a worker reading beside them made lint slower, not faster
 * (the generated 10,000-object workspace: 1.06 s alone, 1.15 s with one
 * worker; the 4.9 MB file of 24,000 documents: 2.12 s alone, 2.45 s with one),
 * the copying of what it read to this thread costing more than it saved.
 */
function workersWorthStarting(): number {
  return Math.max(0, Math.min(availableParallelism() - 2, 4));
}

/** Below this many files the files are not shared one by one (a large one is shared by documents). */
const filesFrom = 16;
/** Below this many characters a text is read here alone: starting workers and copying it costs more than it saves. */
const sharedFrom = 256 * 1024;

function isLarge(path: string): boolean {
  try {
    return statSync(path).size >= sharedFrom;
  } catch {
    // Unreadable: readManifestFile says why.
    return false;
  }
}

interface Helper {
  number: number;
  port: MessagePort;
  /** The shares asked and not yet answered. */
  unanswered: Set<number>;
  alive(): boolean;
  /** Shares a text's documents with the worker; false when it has failed. */
  ask(share: number, text: string): boolean;
  end(): void;
}

export interface ReadingOptions {
  /** How many worker threads to start (default: see workersWorthStarting). */
  workers?: number;
  /** What the rules read (default: the registry's rules'). */
  interest?: ReadingInterest;
  /** A worker's program (default: readingWorker.js beside this module). */
  script?: string;
}

/** Reads the files (and texts) given, with workers (see workersWorthStarting) started when there is enough to share. */
export class ParallelReading {
  private readonly counters = new Int32Array(new SharedArrayBuffer(4 * 5));
  /** The files shared file by file: none when they are few. */
  private readonly byFile: readonly string[];
  private helpers: Helper[] | undefined;
  /** The files the workers read, by index (the first put for an index is kept). */
  private readonly files = new Map<number, ReadFile>();
  /** The workers' answers for the shared texts, by share and worker. */
  private readonly answers = new Map<number, [document: number, reading: DocumentReading][]>();
  private shares = 0;
  /** The files given out so far, in order (a failed worker's are read here from there). */
  private indexed = 0;
  /** How many files and documents the workers read (the rest were read here). */
  fromWorkers = 0;

  private readonly workers: number;
  private readonly interest: ReadingInterest;
  private readonly script: string;

  constructor(
    private readonly paths: readonly string[],
    private readonly maxFileSize: number,
    { workers = workersWorthStarting(), interest = readingInterest(rules), script = join(__dirname, 'readingWorker.js') }: ReadingOptions = {},
  ) {
    this.workers = workers;
    this.interest = interest;
    this.script = script;
    this.byFile = workers >= 1 && paths.length >= filesFrom ? paths : [];
  }

  /** The files' contents and readers, in order. */
  async *read(): AsyncGenerator<ReadFile> {
    if (!this.byFile.length) {
      // Started before the large files are read, the workers are ready when their documents are shared.
      if (this.workers >= 1 && this.paths.some(isLarge)) this.start();
      for (const path of this.paths) {
        const content = readManifestFile(path, this.maxFileSize);
        yield { path, content, reader: content.kind === 'text' ? await this.readerOf(content.text) : 'complete' };
      }
      return;
    }
    const count = this.paths.length;
    this.reset();
    this.start();
    await this.started();
    /** What this thread read, from the back: the lowest index first once reversed. */
    const mine: ReadFile[] = [];
    while (this.indexed < count - mine.length) {
      const arrived = this.files.get(this.indexed);
      if (arrived) {
        this.files.delete(this.indexed++);
        yield arrived;
      } else if (!this.receive()) {
        const index = take(this.counters, count, Slot.back);
        if (index !== undefined) mine.push(this.readHere(index));
        else await this.wait();
      }
    }
    yield* mine.reverse();
  }

  /** How to read a text's documents: here alone, or shared with the workers when it is large. */
  async readerOf(text: string): Promise<DocumentReader> {
    if (this.workers < 1 || text.length < sharedFrom) return 'complete';
    const spans = splitDocuments(text);
    const share = this.shares++;
    this.reset();
    const asked = this.start().filter((helper) => helper.ask(share, text));
    await this.started();
    const readings: DocumentReading[] = [];
    let document: number | undefined;
    while ((document = take(this.counters, spans.length, Slot.back)) !== undefined) readings[document] = readSpan(text, spans[document]!, this.interest);
    for (const helper of asked) {
      const key = this.answerKey(share, helper.number);
      while (!this.answers.has(key)) if (!this.receive()) await this.wait();
      for (const [document, reading] of this.answers.get(key)!) readings[document] = reading;
      this.answers.delete(key);
    }
    // What a worker took and could not answer for (it failed), read here.
    for (let document = 0; document < spans.length; document++) readings[document] ??= readSpan(text, spans[document]!, this.interest);
    return (_text, document) => readings[document]!;
  }

  /**
   * Until a worker has started (or none can): this thread would otherwise
   * take everything it can read before one has, which is all of a small
   * folder, and the workers would be started for nothing.
   */
  private async started(): Promise<void> {
    while (!Atomics.load(this.counters, Slot.started) && this.helpers!.some((helper) => helper.alive())) await this.wait();
  }

  /** Ends the workers (they wait for shared texts until then). */
  close(): void {
    for (const helper of this.helpers ?? []) helper.end();
  }

  private reset(): void {
    for (const slot of [Slot.taken, Slot.front, Slot.back]) Atomics.store(this.counters, slot, 0);
  }

  /** A file read here as a worker reads it (completely, now): what is taken from the back is worth as much as what is taken from the front. */
  private readHere(index: number): ReadFile {
    const path = this.paths[index]!;
    const { content, readings } = readFileCompletely(path, this.maxFileSize, this.interest);
    return { path, content, reader: (_text, document) => readings[document]! };
  }

  private answerKey(share: number, worker: number): number {
    return share * this.workers + worker;
  }

  /** Takes the messages the workers sent, without waiting; whether there were any. */
  private receive(): boolean {
    let any = false;
    for (const { port, number, unanswered } of this.helpers ?? []) {
      let received: { message: ReadingMessage } | undefined;
      while ((received = receiveMessageOnPort(port) as { message: ReadingMessage } | undefined)) {
        any = true;
        const message = received.message;
        this.fromWorkers += 'file' in message ? 1 : message.readings.length;
        if ('file' in message) {
          const { readings } = message;
          if (!this.files.has(message.file)) this.files.set(message.file, { path: this.paths[message.file]!, content: message.content, reader: (_text, document) => readings[document]! });
        } else {
          unanswered.delete(message.share);
          this.answers.set(this.answerKey(message.share, number), message.readings);
        }
      }
    }
    return any;
  }

  /**
   * Waits for a worker's next message; a little at a time, so that a
   * worker's failure (an event) is heard between waits.
   */
  private async wait(): Promise<void> {
    const seen = Atomics.load(this.counters, Slot.sent);
    if (this.receive()) return;
    if (Atomics.wait(this.counters, Slot.sent, seen, 50) === 'timed-out') await new Promise((resolve) => setImmediate(resolve));
  }

  private start(): Helper[] {
    this.helpers ??= Array.from({ length: this.workers }, (_, number) => {
      const { port1, port2 } = new MessageChannel();
      const share: ReadingShare = { paths: this.byFile, maxFileSize: this.maxFileSize, interest: this.interest, counters: this.counters, port: port2 };
      const worker = new Worker(this.script, { workerData: share, transferList: [port2] });
      let alive = true;
      const unanswered = new Set<number>();
      const fail = () => {
        if (!alive) return;
        alive = false;
        // What it sent is taken first; then the files taken from the front and not sent are read here, and its unanswered shares answered empty.
        this.receive();
        for (let index = this.indexed; index < Math.min(Atomics.load(this.counters, Slot.front), this.byFile.length); index++) {
          if (!this.files.has(index)) this.files.set(index, this.readHere(index));
        }
        for (const share of unanswered) this.answers.set(this.answerKey(share, number), []);
        unanswered.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => code !== 0 && fail());
      return {
        number,
        port: port1,
        unanswered,
        alive: () => alive,
        ask: (share, text) => {
          if (!alive) return false;
          unanswered.add(share);
          port1.postMessage({ share, text } satisfies TextShare);
          return true;
        },
        end: () => {
          alive = false;
          port1.close();
          void worker.terminate();
        },
      };
    });
    return this.helpers;
  }
}
