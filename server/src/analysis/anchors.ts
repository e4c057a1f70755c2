// Where in a manifest a finding points: the field a Kubernetes field path
// names (`spec.tolerations[0].operator`), down to the deepest part present.
import type { Anchor } from '../analysis/findings';
import type { ManifestObject } from '../analysis/manifestFile';
import { get, pairOf, type MapNode, type Node } from '../analysis/tree';

/** `spec.tolerations[0].key` -> ['spec', 'tolerations', 0, 'key']. */
export function fieldPath(field: string): (string | number)[] {
  const path: (string | number)[] = [];
  for (const part of field.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      path.push(part);
      continue;
    }
    if (match[1]) path.push(match[1]);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

/** A field of an object, by its path: `['spec', 'tolerations', 0, 'key']` (see fieldPath). */
export type FieldPath = readonly (string | number)[];

/** A span of a document, in document-relative offsets. */
export interface Span {
  start: number;
  end: number;
}

/** The span to underline for a field: key and scalar value, or the key of a collection. */
function spanOf(key: Node | undefined, value: Node): Span {
  if (key) return value.type === 'scalar' ? { start: key.start, end: Math.max(key.end, value.end) } : { start: key.start, end: key.end };
  if (value.type === 'map' && value.pairs[0]) return spanOf(value.pairs[0].key, value.pairs[0].value);
  if (value.type === 'scalar') return { start: value.start, end: value.end };
  return { start: value.start, end: value.start + 1 };
}

/**
 * Where a finding on a field of an object points, in the object's mapping:
 * the field, down to the deepest part of its path present; the object's
 * name (see nameSpan) when not even the first is. The one computation of
 * both the spans recorded as a document is read (readDocument) and those
 * found in a tree read again (anchorAt).
 */
export function spanAt(object: MapNode, path: FieldPath): Span {
  let node: Node = object;
  let key: Node | undefined;
  for (const step of path) {
    if (typeof step === 'number') {
      const item: Node | undefined = node.type === 'seq' ? node.items[step] : undefined;
      if (item === undefined) break;
      key = undefined;
      node = item;
    } else {
      const pair = pairOf(node, step);
      if (pair === undefined) break;
      key = pair.key;
      node = pair.value;
    }
  }
  return node === object ? nameSpan(object) : spanOf(key, node);
}

/** The object's name (or its kind, when unnamed): where findings about the whole object point. */
function nameSpan(object: MapNode): Span {
  const name = get(get(object, 'metadata'), 'name');
  const target = name ?? get(object, 'kind') ?? object;
  return { start: target.start, end: target.type === 'scalar' ? target.end : target.start };
}

/**
 * The spans readDocument records of an object: its name's, then those of
 * the paths its kind's rules anchor at most (ReadingInterest.anchors), start
 * and end of each, in one array of numbers (plain data, small).
 */
export function recordSpans(object: MapNode, paths: readonly FieldPath[] = []): number[] {
  // Of its exact size: a workspace keeps one per object.
  const spans = new Array<number>(2 + 2 * paths.length);
  const name = nameSpan(object);
  spans[0] = name.start;
  spans[1] = name.end;
  paths.forEach((path, i) => {
    const span = spanAt(object, path);
    spans[2 + 2 * i] = span.start;
    spans[3 + 2 * i] = span.end;
  });
  return spans;
}

export const samePath = (a: FieldPath, b: FieldPath) => a.length === b.length && a.every((step, i) => step === b[i]);

/** Where a recorded span is in ManifestObject.spans, if the path's is recorded. */
function recorded(object: ManifestObject, path: FieldPath): number | undefined {
  const paths = object.document.file.interest.anchors.get(object.kind);
  const at = paths ? paths.findIndex((p) => samePath(p, path)) : -1;
  return at >= 0 ? 2 + 2 * at : undefined;
}

/** Anchors found in trees, by object and path: an object's tree does not change (an edit makes a new object), and rules ask for the same few. */
const anchors = new WeakMap<ManifestObject, Map<string, Anchor>>();

/** Where a finding on a field of an object points (see spanAt): recorded as the object was read, or found in its tree read again. */
export function anchorAt(object: ManifestObject, path: FieldPath): Anchor {
  const i = path.length === 0 ? 0 : recorded(object, path);
  if (i !== undefined) return { document: object.document, start: object.spans[i]!, end: object.spans[i + 1]! };
  let byPath = anchors.get(object);
  if (!byPath) anchors.set(object, (byPath = new Map()));
  const key = path.join('\u0000');
  let anchor = byPath.get(key);
  if (!anchor) byPath.set(key, (anchor = { document: object.document, ...spanAt(object.node, path) }));
  return anchor;
}

/** The object's name (or its kind, when unnamed): where findings about the whole object point. */
export function nameAnchor(object: ManifestObject): Anchor {
  return anchorAt(object, []);
}

export function describe(object: ManifestObject): string {
  return `${object.kind} ${object.name || '(unnamed)'}`;
}
