// The spans recorded as documents are read (readDocument) must be those
// anchorAt would find in the trees read again: the name's and those of the
// paths the rules declare (Rule.anchors), for every object given.
import assert from 'node:assert/strict';
import { spanAt } from '../../../server/src/analysis/anchors';
import type { ManifestObject } from '../../../server/src/analysis/manifestFile';

export function assertRecordedSpans(objects: Iterable<ManifestObject>, where = ''): number {
  let checked = 0;
  for (const object of objects) {
    const paths = [[], ...(object.document.file.interest.anchors.get(object.kind) ?? [])];
    const fromTree = paths.flatMap((path) => {
      const { start, end } = spanAt(object.node, path);
      return [start, end];
    });
    assert.deepEqual([...object.spans], fromTree, `${where} ${object.kind} ${object.name}: recorded spans of ${JSON.stringify(paths)}\n--- document ---\n${object.document.text.slice(0, 2000)}`);
    checked++;
  }
  return checked;
}
