// A worker thread of `lint`: reads its share of the files and checks
// completely the documents that may hold a kind the rules read, so that the
// main thread, reading the same texts fast and running the rules meanwhile,
// only looks the answers up (see parallelReading.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { splitDocuments } from '../../server/src/analysis/documents';
import { completeCheck, needsCompleteCheck } from '../../server/src/analysis/readDocument';
import { readManifestFile } from '../../server/src/analysis/workspaceFiles';
import type { FileReading, ReadingShare } from './parallelReading';

const { paths, maxFileSize, interest, first, step } = workerData as ReadingShare;
let batch: FileReading[] = [];
for (let index = first; index < paths.length; index += step) {
  const content = readManifestFile(paths[index]!, maxFileSize);
  const checks: FileReading['checks'] = [];
  if (content.kind === 'text') {
    for (const span of splitDocuments(content.text)) {
      const text = content.text.slice(span.start, span.end);
      if (!needsCompleteCheck(text, interest)) continue;
      const check = completeCheck(text);
      if (check && ('error' in check || check.duplicates.length)) checks.push([span.start, check]);
    }
  }
  batch.push({ index, content, checks });
  // A few files a message: the main thread starts on the first ones while the rest are read.
  if (batch.length === 8) {
    parentPort!.postMessage(batch);
    batch = [];
  }
}
parentPort!.postMessage(batch);
