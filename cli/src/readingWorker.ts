// A worker thread of `lint` (see parallelReading.ts): reads files from the
// front of the list until it meets the main thread, each completely into
// plain data, then the documents of each large text it is given, and sends
// what it read.
import { workerData } from 'node:worker_threads';
import { splitDocuments } from '../../server/src/analysis/documents';
import type { DocumentReading } from '../../server/src/analysis/readDocument';
import { readFileCompletely, readSpan, Slot, take, wake, type ReadingMessage, type ReadingShare, type TextShare } from './parallelReading';

const { paths, maxFileSize, interest, counters, port } = workerData as ReadingShare;
const post = (message: ReadingMessage) => {
  port.postMessage(message);
  wake(counters);
};

Atomics.add(counters, Slot.started, 1);
wake(counters);

// No take when there are no files: the counters may already count a shared text's documents.
let index: number | undefined;
while (paths.length && (index = take(counters, paths.length, Slot.front)) !== undefined) {
  post({ file: index, ...readFileCompletely(paths[index]!, maxFileSize, interest) });
}

port.on('message', ({ share, text }: TextShare) => {
  const spans = splitDocuments(text);
  const readings: [number, DocumentReading][] = [];
  let document: number | undefined;
  while ((document = take(counters, spans.length, Slot.front)) !== undefined) readings.push([document, readSpan(text, spans[document]!, interest)]);
  post({ share, readings });
});
