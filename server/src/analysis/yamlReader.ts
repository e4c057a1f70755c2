// Reads one document with the `yaml` package (the complete YAML parser), for
// whatever the fast reader leaves to it, and turns it into the same pruned
// tree as the fast reader; and checks whole documents, the parts no rule reads
// included, for the errors that make the API server reject them and for the
// keys given twice (which kubectl accepts, keeping the last: see MappingPairs).
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Document, type Node as YamlNode } from 'yaml';
import type { Interest } from './interest';
import { MappingPairs, type DuplicateKey, type MapNode, type Node, type Pair, type ScalarNode, type SeqNode } from './tree';

export interface ParseError {
  message: string;
  start: number;
  end: number;
}

/** `duplicates`: the repeated keys of the mappings read (of the whole document when read completely). */
export type YamlReadResult = { root: Node | undefined; duplicates: DuplicateKey[] } | { error: ParseError };

/**
 * Alias expansion is bounded as Kubernetes' YAML decoder (go-yaml, decode.go
 * `unmarshal` and `allowedAliasRatio`, the CVE-2019-11253 fix) bounds it: a
 * document fails once more than 100 of over 1000 decoded nodes come from
 * alias expansion and they are more than 99% of them (a share that falls to
 * 10% between 400,000 and 4,000,000 decoded nodes). A document the API server
 * accepts is never refused here, and a billion laughs stops early.
 */
const excessiveAliasing = 'document contains excessive aliasing';
const aliasRatioRangeLow = 400_000;
const aliasRatioRangeHigh = 4_000_000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= aliasRatioRangeLow) return 0.99;
  if (decodeCount >= aliasRatioRangeHigh) return 0.1;
  return 0.99 - (0.89 * (decodeCount - aliasRatioRangeLow)) / (aliasRatioRangeHigh - aliasRatioRangeLow);
}
const tooDeep = 'The document is nested too deeply to be read';
const unresolvedAlias = (source: string) => `Unresolved alias (the anchor must be set before the alias): ${source}`;

/**
 * `complete` also reads the parts `interest` skips, for their errors: an alias
 * before its anchor, an alias bomb, a key that is not a scalar, nesting past
 * the depth limit (which `yaml` reports on conversion, not while parsing).
 */
export function readWithYaml(text: string, interest: Interest, complete = false): YamlReadResult {
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { uniqueKeys: false, merge: true, prettyErrors: false, strict: true });
  } catch (error) {
    return { error: { message: errorMessage(error), start: 0, end: 0 } };
  }
  const first = document.errors[0];
  // yaml reports a stack overflow while composing a collection as RESOURCE_EXHAUSTION (compose-node.js).
  if (first) return { error: { message: first.code === 'RESOURCE_EXHAUSTION' ? tooDeep : first.message, start: first.pos[0], end: first.pos[1] } };
  const contents = document.contents;
  if (!isMap(contents) && !isSeq(contents)) return { root: undefined, duplicates: [] };
  try {
    const whole = complete && interest !== true ? new Converter(text, document) : undefined;
    whole?.node(contents, true, 0);
    const pruned = new Converter(text, document);
    const root = pruned.node(contents, interest, 0);
    return { root, duplicates: (whole ?? pruned).repeatedKeys() };
  } catch (error) {
    if (error instanceof ConvertError) return { error: { message: error.message, start: error.start, end: error.end } };
    return { error: { message: errorMessage(error), start: 0, end: 0 } };
  }
}

/** A whole document's first error, as readWithYaml reports it, or its repeated keys. */
export function yamlCheck(text: string): { error: ParseError } | { duplicates: DuplicateKey[] } {
  const result = readWithYaml(text, true);
  return 'error' in result ? result : { duplicates: result.duplicates };
}

function errorMessage(error: unknown): string {
  if (error instanceof RangeError) return tooDeep;
  return error instanceof Error ? error.message : String(error);
}

class ConvertError extends Error {
  constructor(message: string, readonly start: number, readonly end: number) {
    super(message);
  }
}

const maxDepth = 200;

class Converter {
  /** go-yaml's decodeCount (the document node is the first), aliasCount and aliasDepth. */
  private decodeCount = 1;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<unknown>();
  private readonly duplicates: DuplicateKey[] = [];
  private readonly mapping = new MappingPairs(this.duplicates);

  constructor(private readonly text: string, private readonly document: Document.Parsed) {}

  /** The repeated keys met, each once (an alias converts its anchor's mapping again). */
  repeatedKeys(): DuplicateKey[] {
    const seen = new Set<string>();
    return this.duplicates.filter((d) => {
      const at = `${d.first.start} ${d.last.start}`;
      return !seen.has(at) && seen.add(at);
    });
  }

  /** One node decoded, as go-yaml's `unmarshal` counts it. */
  private decoded(node: unknown): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      const [start, end] = node ? rangeOf(node) : [0, 0];
      throw new ConvertError(excessiveAliasing, start, end);
    }
  }

  node(node: unknown, interest: Interest, depth: number): Node {
    if (depth > maxDepth) throw new ConvertError(tooDeep, ...rangeOf(node));
    this.decoded(node);
    if (isAlias(node)) {
      const target = node.resolve(this.document);
      if (!target) throw new ConvertError(unresolvedAlias(node.source), rangeOf(node)[0], rangeOf(node)[1]);
      // go-yaml's `alias`: an alias met again inside its own expansion is an anchor that holds itself.
      if (this.expanding.has(node)) throw new ConvertError(`anchor '${node.source}' value contains itself`, ...rangeOf(node));
      this.expanding.add(node);
      this.aliasDepth++;
      try {
        return this.node(target, interest, depth + 1);
      } finally {
        this.aliasDepth--;
        this.expanding.delete(node);
      }
    }
    if (isMap(node)) {
      const mapping = this.mapping;
      mapping.open();
      let merges = false;
      for (const pair of node.items) {
        if (isMergeKey(pair.key) && isMergeSource(pair.value)) {
          merges = true;
          continue;
        }
        const key = this.key(pair.key);
        const sub = interest === true ? true : Object.hasOwn(interest, String(key.value)) ? interest[String(key.value)] : undefined;
        mapping.add({ key, value: this.value(pair.value, key, sub, depth) });
      }
      const pairs = mapping.close();
      if (merges) this.merge(node.items, new Set(pairs.map((p) => String(p.key.value))), pairs, interest, depth);
      const [start, end] = rangeOf(node);
      const last = pairs[pairs.length - 1];
      if (node.flow || !last) return { type: 'map', start, end, pairs, flow: true, indent: -1 } satisfies MapNode;
      return { type: 'map', start, end: Math.max(last.key.end, last.value.end), pairs, flow: false, indent: this.column(start) };
    }
    if (isSeq(node)) {
      const items = node.items.map((item, index) => {
        if (item === null) {
          const at = index === 0 ? rangeOf(node)[0] + 1 : rangeOf(node.items[index - 1])[1];
          return nullAt(at);
        }
        return this.node(item, interest, depth + 1);
      });
      const [start, end] = rangeOf(node);
      const last = items[items.length - 1];
      if (node.flow || !last) return { type: 'seq', start, end, items, flow: true, indent: -1 } satisfies SeqNode;
      return { type: 'seq', start, end: last.end, items, flow: false, indent: this.column(start) };
    }
    if (isScalar(node)) return this.scalar(node);
    const [start, end] = rangeOf(node);
    throw new ConvertError('Unsupported YAML node', start, end);
  }

  private value(value: unknown, key: ScalarNode, interest: Interest | undefined, depth: number): Node {
    if (value === null || value === undefined) return nullAt(this.afterColon(key.end));
    if (interest === undefined) {
      const [start, end] = rangeOf(value as YamlNode);
      return { type: 'skipped', start, end: trimEnd(this.text, start, end) };
    }
    return this.node(value, interest, depth + 1);
  }

  /** YAML 1.1 merge keys (`<<: *base`), which Kubernetes' YAML decoder applies: earlier keys win. */
  private merge(items: unknown[], names: Set<string>, pairs: Pair[], interest: Interest, depth: number): void {
    for (const pair of items) {
      if (!isPair(pair) || !isMergeKey(pair.key) || !isMergeSource(pair.value)) continue;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const resolved = this.node(source, true, depth + 1);
        if (resolved.type !== 'map') continue;
        for (const merged of resolved.pairs) {
          const name = String(merged.key.value);
          if (names.has(name)) continue;
          names.add(name);
          const sub = interest === true ? true : Object.hasOwn(interest, name) ? interest[name] : undefined;
          if (sub !== undefined) pairs.push(merged);
        }
      }
    }
  }

  private key(key: unknown): ScalarNode {
    this.decoded(key);
    if (isScalar(key)) return this.scalar(key);
    const [start, end] = key ? rangeOf(key as YamlNode) : [0, 0];
    throw new ConvertError('A mapping key that is not a scalar cannot be read as a manifest field', start, end);
  }

  private scalar(node: Scalar): ScalarNode {
    const [start, end] = rangeOf(node);
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    const value = node.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
      return { type: 'scalar', start, end: block ? trimEnd(this.text, start, end) : end, value, quoted: quoted || block };
    }
    // Tagged values (binary, timestamps, sets): a manifest field never holds them.
    return { type: 'scalar', start, end, value: String(value), quoted: true };
  }

  /** Where an empty value sits: just after its key's colon, or at the key's end (`{a, b}`). */
  private afterColon(keyEnd: number): number {
    let p = keyEnd;
    while (this.text[p] === ' ' || this.text[p] === '\t') p++;
    return this.text[p] === ':' ? p + 1 : keyEnd;
  }

  private column(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  return typeof value === 'symbol' ? value.description === '<<' : value === '<<';
}

function isMergeSource(value: unknown): boolean {
  return isAlias(value) || isMap(value) || (isSeq(value) && value.items.every((item) => isAlias(item) || isMap(item)));
}

function rangeOf(node: YamlNode | unknown): [number, number] {
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? [range[0], range[1]] : [0, 0];
}

function nullAt(at: number): ScalarNode {
  return { type: 'scalar', start: at, end: at, value: null, quoted: false };
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}
