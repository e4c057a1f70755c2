// The node tree the analysis reads manifests into. Both readers (the fast
// selective reader and the `yaml`-based one) produce it, so everything after
// reading is independent of how a document was read. Offsets are relative to
// the start of the document's text, so a document that moves inside its file
// (an edit above it) keeps its tree.

export type Scalar = string | number | boolean | null;

export interface ScalarNode {
  type: 'scalar';
  start: number;
  end: number;
  value: Scalar;
  /** Quoted scalars are always strings; plain ones are resolved (YAML 1.2 core schema). */
  quoted: boolean;
}

export interface Pair {
  key: ScalarNode;
  value: Node;
}

export interface MapNode {
  type: 'map';
  start: number;
  end: number;
  pairs: Pair[];
  flow: boolean;
  /** Column of the keys of a block mapping; -1 for a flow mapping. */
  indent: number;
}

export interface SeqNode {
  type: 'seq';
  start: number;
  end: number;
  items: Node[];
  flow: boolean;
  /** Column of the `-` of a block sequence; -1 for a flow sequence. */
  indent: number;
}

/** A value the analysis does not read (outside every path the rules look at). */
export interface SkippedNode {
  type: 'skipped';
  start: number;
  end: number;
}

export type Node = ScalarNode | MapNode | SeqNode | SkippedNode;

/** A key given twice in one mapping: the earlier occurrence, whose value is dropped, and the later one. */
export interface DuplicateKey {
  name: string;
  first: ScalarNode;
  last: ScalarNode;
}

/**
 * The pairs of the mappings a reader is reading, nested. A key given again
 * keeps the value read last, as kubectl reads manifests: sigs.k8s.io/yaml
 * converts YAML with go-yaml v2's non-strict Unmarshal into a map, where a
 * later key overwrites an earlier one (only UnmarshalStrict refuses it). Each
 * repetition is added to `duplicates`.
 *
 * One serves a whole document: a mapping's pairs gather on a stack from
 * `open` to `close`, which returns them in an array of their own size. The
 * trees are kept (a workspace holds thousands), so neither a growing array's
 * spare slots nor an object per mapping are made for them.
 */
export class MappingPairs {
  private readonly slots: (Pair | undefined)[] = [];
  private readonly names: string[] = [];
  private top = 0;
  /** Per open mapping: where its pairs start, its slots by key name once past a few keys (most are small: a scan is cheaper), and whether a key was given again. */
  private readonly frames: { base: number; byName: Map<string, number> | undefined; dropped: boolean }[] = [];
  private depth = 0;

  constructor(private readonly duplicates: DuplicateKey[]) {}

  /** Starts a mapping (inside the one open, if any). */
  open(): void {
    const frame = this.frames[this.depth];
    if (frame) {
      frame.base = this.top;
      frame.byName = undefined;
      frame.dropped = false;
    } else this.frames.push({ base: this.top, byName: undefined, dropped: false });
    this.depth++;
  }

  /** Adds a pair to the innermost open mapping; `name` is its key as a string. */
  add(pair: Pair, name = String(pair.key.value)): void {
    const frame = this.frames[this.depth - 1]!;
    let earlier = -1;
    if (frame.byName) earlier = frame.byName.get(name) ?? -1;
    else {
      for (let i = frame.base; i < this.top; i++) {
        if (this.names[i] === name && this.slots[i] !== undefined) {
          earlier = i;
          break;
        }
      }
    }
    if (earlier >= 0) {
      this.duplicates.push({ name, first: this.slots[earlier]!.key, last: pair.key });
      this.slots[earlier] = undefined;
      frame.dropped = true;
    }
    frame.byName?.set(name, this.top);
    this.slots[this.top] = pair;
    this.names[this.top] = name;
    this.top++;
    if (!frame.byName && this.top - frame.base > 8) {
      frame.byName = new Map();
      for (let i = frame.base; i < this.top; i++) if (this.slots[i]) frame.byName.set(this.names[i]!, i);
    }
  }

  /** Ends the innermost mapping: its pairs, the last of each key. */
  close(): Pair[] {
    const frame = this.frames[--this.depth]!;
    const pairs = this.slots.slice(frame.base, this.top);
    this.top = frame.base;
    return frame.dropped ? pairs.filter((p): p is Pair => p !== undefined) : (pairs as Pair[]);
  }
}

export function isMap(node: Node | undefined): node is MapNode {
  return node?.type === 'map';
}

export function isSeq(node: Node | undefined): node is SeqNode {
  return node?.type === 'seq';
}

export function isScalar(node: Node | undefined): node is ScalarNode {
  return node?.type === 'scalar';
}

export function pairOf(map: Node | undefined, key: string): Pair | undefined {
  if (map?.type !== 'map') return undefined;
  for (const pair of map.pairs) if (pair.key.value === key) return pair;
  return undefined;
}

export function get(map: Node | undefined, key: string): Node | undefined {
  return pairOf(map, key)?.value;
}

/** The node at a path of keys (strings) and sequence indices (numbers). */
export function at(node: Node | undefined, path: readonly (string | number)[]): Node | undefined {
  let current = node;
  for (const step of path) {
    if (current === undefined) return undefined;
    current = typeof step === 'number' ? (current.type === 'seq' ? current.items[step] : undefined) : get(current, step);
  }
  return current;
}

/** A null scalar, or no node at all: how Kubernetes' decoder sees an omitted field. */
export function isAbsent(node: Node | undefined): boolean {
  return node === undefined || (node.type === 'scalar' && node.value === null && !node.quoted);
}

export function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** Plain JSON data of a node, as Kubernetes' JSON decoder would see it (skipped parts are undefined). */
export function toJSON(node: Node | undefined): unknown {
  if (node === undefined) return undefined;
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toJSON);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const pair of node.pairs) out[String(pair.key.value)] = toJSON(pair.value);
      return out;
    }
    case 'skipped':
      return undefined;
  }
}

/** The innermost key or value at an offset, with the path of keys leading to it. */
export interface NodeAt {
  path: (string | number)[];
  node: Node;
  /** True when the offset is on the key of the last pair in the path. */
  onKey: boolean;
}

export function nodeAt(root: Node, offset: number): NodeAt | undefined {
  const path: (string | number)[] = [];
  let current: Node = root;
  for (;;) {
    if (current.type === 'map') {
      const pair = current.pairs.find((p) => contains(p.key, offset) || contains(p.value, offset));
      if (!pair) return path.length ? { path, node: current, onKey: false } : undefined;
      path.push(String(pair.key.value));
      if (contains(pair.key, offset)) return { path, node: pair.key, onKey: true };
      current = pair.value;
    } else if (current.type === 'seq') {
      const index = current.items.findIndex((item) => contains(item, offset));
      if (index < 0) return path.length ? { path, node: current, onKey: false } : undefined;
      path.push(index);
      current = current.items[index]!;
    } else {
      return { path, node: current, onKey: false };
    }
  }
}

function contains(node: Node, offset: number): boolean {
  return offset >= node.start && offset <= node.end && !(node.start === node.end && node.type !== 'scalar');
}
