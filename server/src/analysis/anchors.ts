// Where in a manifest a finding points: the field a Kubernetes field path
// names (`spec.tolerations[0].operator`), down to the deepest part present.
import type { Anchor } from '../analysis/findings';
import type { ManifestObject } from '../analysis/manifestFile';
import { get, type Node } from '../analysis/tree';

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

/** The span to underline for a field: key and scalar value, or the key of a collection. */
function spanOf(key: Node | undefined, value: Node): { start: number; end: number } {
  if (key) return value.type === 'scalar' ? { start: key.start, end: Math.max(key.end, value.end) } : { start: key.start, end: key.end };
  if (value.type === 'map' && value.pairs[0]) return spanOf(value.pairs[0].key, value.pairs[0].value);
  if (value.type === 'scalar') return value;
  return { start: value.start, end: value.start + 1 };
}

/** Anchors by object and path: an object's tree does not change (an edit makes a new object), and rules ask for the same few. */
const anchors = new WeakMap<ManifestObject, Map<string, Anchor>>();

export function anchorAt(object: ManifestObject, path: readonly (string | number)[]): Anchor {
  let byPath = anchors.get(object);
  if (!byPath) anchors.set(object, (byPath = new Map()));
  const key = path.join('\u0000');
  let anchor = byPath.get(key);
  if (!anchor) byPath.set(key, (anchor = findAnchor(object, path)));
  return anchor;
}

function findAnchor(object: ManifestObject, path: readonly (string | number)[]): Anchor {
  let node: Node = object.node;
  let key: Node | undefined;
  for (const step of path) {
    const next: Node | undefined = typeof step === 'number' ? (node.type === 'seq' ? node.items[step] : undefined) : get(node, step);
    if (next === undefined) break;
    key = typeof step === 'number' ? undefined : node.type === 'map' ? node.pairs.find((p) => p.key.value === step)?.key : undefined;
    node = next;
  }
  if (node === object.node) return nameAnchor(object);
  return { document: object.document, ...spanOf(key, node) };
}

/** The object's name (or its kind, when unnamed): where findings about the whole object point. */
export function nameAnchor(object: ManifestObject): Anchor {
  const name = get(get(object.node, 'metadata'), 'name');
  const target = name ?? get(object.node, 'kind') ?? object.node;
  return { document: object.document, start: target.start, end: target.type === 'scalar' ? target.end : target.start };
}

export function describe(object: ManifestObject): string {
  return `${object.kind} ${object.name || '(unnamed)'}`;
}
