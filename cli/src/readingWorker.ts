// A worker thread of `lint`: reads its share of the files, hands each text to
// the main thread at once, then checks completely the documents that may hold
// a kind the rules read, so that the main thread, reading the same texts fast
// and indexing them meanwhile, only looks the answers up (see parallelReading.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { splitDocuments } from '../../server/src/analysis/documents';
import { completeCheck, needsCompleteCheck } from '../../server/src/analysis/readDocument';
import { readManifestFile } from '../../server/src/analysis/workspaceFiles';
import type { FileChecks, ReadingMessage, ReadingShare } from './parallelReading';

const { paths, maxFileSize, interest, first, step } = workerData as ReadingShare;
const post = (message: ReadingMessage) => parentPort!.postMessage(message);

/** A few files or a megabyte a message: the main thread starts on the first ones while the rest are read. */
function inBatches<T>(send: (batch: T[]) => void): { add(item: T, bytes: number): void; flush(): void } {
  let batch: T[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length) send(batch);
    batch = [];
    size = 0;
  };
  return {
    add(item, bytes) {
      batch.push(item);
      size += bytes;
      if (batch.length === 8 || size >= 1024 * 1024) flush();
    },
    flush,
  };
}

const texts: [index: number, text: string][] = [];
const contents = inBatches<[number, ReturnType<typeof readManifestFile>]>((batch) => post({ contents: batch }));
for (let index = first; index < paths.length; index += step) {
  const content = readManifestFile(paths[index]!, maxFileSize);
  contents.add([index, content], content.kind === 'text' ? content.text.length : 0);
  // Every file gets its checks, none for a file that is no text.
  texts.push([index, content.kind === 'text' ? content.text : '']);
}
contents.flush();

const checks = inBatches<[number, FileChecks]>((batch) => post({ checks: batch }));
for (const [index, text] of texts) {
  const found: FileChecks = [];
  for (const span of splitDocuments(text)) {
    const document = text.slice(span.start, span.end);
    if (!needsCompleteCheck(document, interest)) continue;
    const check = completeCheck(document);
    if (check && ('error' in check || check.duplicates.length)) found.push([document, check]);
  }
  checks.add([index, found], text.length);
}
checks.flush();
