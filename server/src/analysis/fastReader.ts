// The fast selective reader of the cold scan. It reads the block and flow YAML
// that manifests are written in, descends only into the paths the rules read
// (an Interest) and skips every other value by indentation, which is what makes
// a workspace scan cost milliseconds instead of seconds. It gives up with
// `Unsupported` on anything it does not read exactly (anchors, aliases, tags,
// block scalars or multi-line scalars in a read path, complex keys, directives,
// malformed structure); the caller then reads the document with `yaml`, which
// produces the same tree (see yamlReader.ts) or the parse error. A key given
// twice in a mapping it reads keeps its last value, as kubectl reads it (see
// MappingPairs).
//
// Checking (a complete reading in one pass), it also reads every value it
// skips, exactly as a reading of the whole document (interest `true`) reads
// it, so that it gives up where that one would and meets every repeated key
// in the same order; the tree still holds those values as skipped.
import type { Interest } from './interest';
import { resolvePlain } from './scalars';
import { MappingPairs, type DuplicateKey, type MapNode, type Node, type ScalarNode, type SeqNode } from './tree';

export class Unsupported extends Error {
  constructor(reason: string) {
    // Thrown for every document left to `yaml` (some repositories: most of them); a stack trace would cost more than the reading.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(reason);
    Error.stackTraceLimit = limit;
  }
}

const maxDepth = 200;

/**
 * The document's tree; the repeated keys met on the way are added to
 * `duplicates`. `checking`: the parts no rule reads are read too (see above),
 * and their repeated keys added.
 */
export function readFast(text: string, interest: Interest, duplicates: DuplicateKey[] = [], checking = false): Node | undefined {
  return new FastReader(text, duplicates, checking).document(interest);
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;

class FastReader {
  /** Start of the first line not consumed yet. */
  private next = 0;
  private readonly mapping: MappingPairs;
  /** The last nextContent answer: a line that ends blocks is asked about once per block it ends. */
  private contentFrom = -1;
  private contentAt = -1;
  /** The last scanKey answer (a key is looked for before its mapping is read, then read): its position, node and colon. */
  private keyFrom = -1;
  private key: ScalarNode | undefined;
  private colon = -1;

  constructor(
    private readonly text: string,
    duplicates: DuplicateKey[],
    private readonly checking: boolean,
  ) {
    this.mapping = new MappingPairs(duplicates);
  }

  document(interest: Interest): Node | undefined {
    let start = this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (this.text.startsWith('---', start) && isBreakOrBlank(this.text, start + 3)) {
      const rest = this.skipBlanks(start + 3);
      if (!this.atLineEnd(rest)) throw new Unsupported('content after ---');
      start = this.lineAfter(rest);
    }
    const line = this.nextContent(start);
    if (line < 0) return undefined;
    const indent = this.indentOf(line);
    const p = line + indent;
    const c = this.text.charCodeAt(p);
    if (c === 0x25 /* % */) throw new Unsupported('directive');
    let root: Node | undefined;
    if (this.isSeqEntry(p)) root = this.blockSeq(p, indent, interest, 0);
    else if (this.scanKey(p)) root = this.blockMap(p, indent, interest, 0);
    else if (c === 0x7b || c === 0x5b) root = this.inlineValue(p, -1, interest, 0);
    else if (isPlainStart(this.text, p) || c === 0x22 || c === 0x27) return undefined; // a scalar document is no manifest
    else throw new Unsupported(`"${this.text[p]}" at the root`);
    if (this.nextContent(this.next) >= 0) throw new Unsupported('content after the root node');
    return root;
  }

  // ---- lines -------------------------------------------------------------

  private lineEnd(p: number): number {
    const i = this.text.indexOf('\n', p);
    return i === -1 ? this.text.length : i;
  }

  private lineAfter(p: number): number {
    const i = this.text.indexOf('\n', p);
    return i === -1 ? this.text.length : i + 1;
  }

  private lineStartOf(p: number): number {
    return this.text.lastIndexOf('\n', p - 1) + 1;
  }

  private indentOf(line: number): number {
    let p = line;
    while (this.text.charCodeAt(p) === SPACE) p++;
    return p - line;
  }

  private skipBlanks(p: number): number {
    let c = this.text.charCodeAt(p);
    while (c === SPACE || c === TAB) c = this.text.charCodeAt(++p);
    return p;
  }

  /** True at the end of a line, of the text, or at a comment. */
  private atLineEnd(p: number): boolean {
    const c = this.text.charCodeAt(p);
    return p >= this.text.length || c === LF || c === CR || c === HASH;
  }

  /** The first line at or after `line` with content, or -1. A `...` marker ends the document. */
  private nextContent(line: number): number {
    if (line === this.contentFrom) return this.contentAt;
    const text = this.text;
    let at = line;
    while (at < text.length) {
      let indentEnd = at;
      while (text.charCodeAt(indentEnd) === SPACE) indentEnd++;
      const rest = this.skipBlanks(indentEnd);
      if (!this.atLineEnd(rest)) {
        if (text.startsWith('...', at) && isBreakOrBlank(text, at + 3)) {
          if (!this.atLineEnd(this.skipBlanks(at + 3))) throw new Unsupported('content after ...');
          at = -1;
        } else if (text.charCodeAt(indentEnd) === TAB) throw new Unsupported('tab indentation');
        break;
      }
      at = this.lineAfter(rest);
    }
    this.contentFrom = line;
    this.contentAt = at < text.length ? at : -1;
    return this.contentAt;
  }

  private isSeqEntry(p: number): boolean {
    if (this.text.charCodeAt(p) !== 0x2d /* - */) return false;
    const c = this.text.charCodeAt(p + 1);
    return p + 1 >= this.text.length || c === SPACE || c === TAB || c === LF || c === CR;
  }

  // ---- block collections --------------------------------------------------

  private blockMap(first: number, indent: number, interest: Interest, depth: number): MapNode {
    if (depth > maxDepth) throw new Unsupported('nesting too deep');
    const mapping = this.mapping;
    mapping.open();
    let p = first;
    let end: number;
    for (;;) {
      const key = this.scanKey(p);
      if (!key) throw new Unsupported('expected a mapping key');
      const name = typeof key.value === 'string' ? key.value : String(key.value);
      const sub = interest === true ? true : Object.hasOwn(interest, name) ? interest[name] : undefined;
      const value = this.mapValue(this.colon + 1, indent, sub, depth + 1);
      mapping.add({ key, value }, name);
      end = Math.max(value.end, key.end);
      const line = this.nextContent(this.next);
      if (line < 0) break;
      const lineIndent = this.indentOf(line);
      if (lineIndent < indent) break;
      if (lineIndent > indent || this.isSeqEntry(line + lineIndent)) throw new Unsupported('bad indentation');
      p = line + lineIndent;
    }
    return { type: 'map', start: first, end, pairs: mapping.close(), flow: false, indent };
  }

  private blockSeq(first: number, indent: number, interest: Interest, depth: number): SeqNode {
    if (depth > maxDepth) throw new Unsupported('nesting too deep');
    const items: Node[] = [];
    let p = first;
    for (;;) {
      const q = this.skipBlanks(p + 1);
      let item: Node;
      if (this.atLineEnd(q)) {
        item = this.valueOnNextLines(p + 1, q, indent, interest, depth + 1, false);
      } else {
        const column = q - this.lineStartOf(q);
        if (this.isSeqEntry(q)) item = this.blockSeq(q, column, interest, depth + 1);
        else if (this.scanKey(q)) item = this.blockMap(q, column, interest, depth + 1);
        else item = this.inlineValue(q, indent, interest, depth + 1);
      }
      items.push(item);
      const line = this.nextContent(this.next);
      if (line < 0) break;
      const lineIndent = this.indentOf(line);
      if (lineIndent < indent) break;
      if (lineIndent > indent) throw new Unsupported('bad indentation');
      if (!this.isSeqEntry(line + lineIndent)) break;
      p = line + lineIndent;
    }
    // A copy of its own size: the tree is kept, a grown array's spare slots would be too.
    return { type: 'seq', start: first, end: items[items.length - 1]!.end, items: items.slice(), flow: false, indent };
  }

  /** The value after `key:` at `afterColon`, of a key at column `indent`; undefined interest skips it. */
  private mapValue(afterColon: number, indent: number, interest: Interest | undefined, depth: number): Node {
    const q = this.skipBlanks(afterColon);
    if (this.atLineEnd(q)) return this.valueOnNextLines(afterColon, q, indent, interest, depth, true);
    if (interest !== undefined) return this.inlineValue(q, indent, interest, depth);
    if (this.checking) this.inlineValue(q, indent, true, depth);
    const read = this.next;
    return this.agreeing(read, this.skipInline(q, indent));
  }

  /**
   * A value that starts on the lines after its key or `-`: a block node indented
   * deeper, a sequence at the key's own column (`sameColumnSeq`), or null.
   */
  private valueOnNextLines(
    nullAt: number,
    lineRest: number,
    indent: number,
    interest: Interest | undefined,
    depth: number,
    sameColumnSeq: boolean,
  ): Node {
    const after = this.lineAfter(lineRest);
    const line = this.nextContent(after);
    if (line >= 0) {
      const lineIndent = this.indentOf(line);
      const p = line + lineIndent;
      if (lineIndent > indent || (sameColumnSeq && lineIndent === indent && this.isSeqEntry(p))) {
        if (interest !== undefined) return this.blockValue(p, lineIndent, indent, interest, depth);
        if (this.checking) this.blockValue(p, lineIndent, indent, true, depth);
        const read = this.next;
        return this.agreeing(read, this.skipBlock(p, indent, sameColumnSeq && lineIndent === indent));
      }
    }
    this.next = after;
    return { type: 'scalar', start: nullAt, end: nullAt, value: null, quoted: false };
  }

  /** A value that starts at `p`, the first content of its line, at column `column`, of a parent at column `indent`. */
  private blockValue(p: number, column: number, indent: number, interest: Interest, depth: number): Node {
    if (this.isSeqEntry(p)) return this.blockSeq(p, column, interest, depth);
    if (this.scanKey(p)) return this.blockMap(p, column, interest, depth);
    return this.inlineValue(p, indent, interest, depth);
  }

  /**
   * A value skipped, where checking read it first (and the reading ended
   * before `read`): both must end on the same line (they do: skipping follows
   * the indentation the reading checked), or the document is left to `yaml`.
   */
  private agreeing(read: number, skipped: Node): Node {
    if (this.checking && this.next !== read) throw new Unsupported('the skipped value ends elsewhere than read');
    return skipped;
  }

  /** A scalar or flow collection starting at `p` on its line, of a parent at column `indent`. */
  private inlineValue(p: number, indent: number, interest: Interest, depth: number): Node {
    if (depth > maxDepth) throw new Unsupported('nesting too deep');
    const c = this.text.charCodeAt(p);
    let node: Node;
    let end: number;
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const flow = new FlowReader(this.text, p, depth, indent, this.mapping, this.checking);
      node = flow.value(interest);
      end = node.end;
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      node = readQuoted(this.text, p, true);
      end = node.end;
    } else if (!isPlainStart(this.text, p)) {
      throw new Unsupported(`"${this.text[p]}" in a read value`);
    } else {
      const plain = this.plainInBlock(p);
      node = plain;
      end = plain.end;
      const line = this.nextContent(this.lineAfter(end));
      if (line >= 0 && this.indentOf(line) > indent) throw new Unsupported('multi-line plain scalar');
    }
    const rest = this.skipBlanks(end);
    if (!this.atLineEnd(rest)) throw new Unsupported('content after a value');
    if (this.text.charCodeAt(rest) === HASH && rest === end) throw new Unsupported('comment without a blank');
    this.next = this.lineAfter(end);
    return node;
  }

  private plainInBlock(p: number): ScalarNode {
    const text = this.text;
    const stop = this.lineEnd(p);
    let end = p;
    for (let i = p; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c === HASH && (text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) break;
      if (c === 0x3a /* : */) {
        const d = text.charCodeAt(i + 1);
        if (i + 1 >= stop || d === SPACE || d === TAB || d === CR) throw new Unsupported('mapping in a plain scalar');
      }
      if (c !== SPACE && c !== TAB && c !== CR) end = i + 1;
    }
    return plainScalar(text, p, end);
  }

  /** Skips a value that starts on its key's line. */
  private skipInline(q: number, indent: number): Node {
    const c = this.text.charCodeAt(q);
    let end: number;
    if (c === 0x7b || c === 0x5b) {
      end = new FlowReader(this.text, q, 0, indent, new MappingPairs([])).value(undefined).end;
    } else if (c === 0x22 || c === 0x27) {
      end = readQuoted(this.text, q, false).end;
    } else {
      return this.skipBlock(q, indent, false);
    }
    this.next = this.lineAfter(end);
    return { type: 'skipped', start: q, end };
  }

  /**
   * Skips a block value: every following line that is blank, a comment, indented
   * deeper than `indent`, or (for a sequence at its key's column) an entry at it.
   */
  private skipBlock(start: number, indent: number, sameColumnSeq: boolean): Node {
    const text = this.text;
    let end = this.lineEnd(start);
    let line = end + 1;
    while (line < text.length) {
      let indentEnd = line;
      while (text.charCodeAt(indentEnd) === SPACE) indentEnd++;
      const rest = this.skipBlanks(indentEnd);
      const lineEnd = this.lineEnd(rest);
      if (!this.atLineEnd(rest)) {
        const lineIndent = indentEnd - line;
        if (lineIndent < indent) break;
        if (lineIndent === indent && !(sameColumnSeq && this.isSeqEntry(indentEnd))) break;
        if (lineIndent === 0 && text.startsWith('...', line)) break;
        end = lineEnd;
      }
      line = lineEnd + 1;
    }
    while (end > start && (text.charCodeAt(end - 1) === CR || text.charCodeAt(end - 1) === SPACE)) end--;
    this.next = this.lineAfter(end);
    return { type: 'skipped', start, end };
  }

  /** A mapping key at `p` followed by `:` (at `this.colon`), or undefined when the line holds no key there. */
  private scanKey(p: number): ScalarNode | undefined {
    if (p !== this.keyFrom) {
      this.keyFrom = p;
      this.key = this.keyAt(p);
    }
    return this.key;
  }

  private keyAt(p: number): ScalarNode | undefined {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === 0x22 || c === 0x27) {
      const stop = this.lineEnd(p);
      const close = findQuoteEnd(text, p, stop);
      if (close < 0) return undefined;
      const colon = this.skipBlanks(close);
      if (text.charCodeAt(colon) !== 0x3a || !isBreakOrBlank(text, colon + 1)) return undefined;
      this.colon = colon;
      return readQuoted(text, p, true);
    }
    if (!isPlainStart(text, p)) return undefined;
    let end = p;
    for (let i = p; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === LF) return undefined;
      if (ch === 0x3a && isBreakOrBlank(text, i + 1)) {
        if (end === p) return undefined;
        this.colon = i;
        return plainScalar(text, p, end);
      }
      if (ch === HASH && (text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) return undefined;
      if (ch !== SPACE && ch !== TAB) end = i + 1;
    }
    return undefined;
  }
}

/** The characters that never start a plain scalar: blanks and YAML's indicators but `-`, `?` and `:`. */
const notPlainStart = new Uint8Array(128);
for (const c of ' \t\r\n,[]{}#&*!|>\'"%@`') notPlainStart[c.charCodeAt(0)] = 1;

/** YAML's ns-plain-first: indicators start a plain scalar only as `-`, `?` or `:` before a non-blank. */
function isPlainStart(text: string, p: number): boolean {
  if (p >= text.length) return false;
  const c = text.charCodeAt(p);
  if (c === 0x2d /* - */ || c === 0x3f /* ? */ || c === 0x3a /* : */) return !isBreakOrBlank(text, p + 1);
  return c >= 128 || notPlainStart[c] === 0;
}

function isBreakOrBlank(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  return p >= text.length || c === SPACE || c === TAB || c === LF || c === CR;
}

function plainScalar(text: string, start: number, end: number): ScalarNode {
  const source = text.slice(start, end);
  return { type: 'scalar', start, end, value: resolvePlain(source), quoted: false };
}

/** Index just after the closing quote of the quoted scalar at `p`, or -1 before `stop`. */
function findQuoteEnd(text: string, p: number, stop: number): number {
  const quote = text.charCodeAt(p);
  for (let i = p + 1; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (quote === 0x22 && c === 0x5c /* \ */) {
      i++;
    } else if (c === quote) {
      if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
      else return i + 1;
    }
  }
  return -1;
}

/**
 * A quoted scalar at `p`. With `oneLine`, it must close on its line (folding of
 * multi-line quoted scalars is left to `yaml`); otherwise its end is found across lines.
 */
function readQuoted(text: string, p: number, oneLine: boolean): ScalarNode {
  const lineEnd = text.indexOf('\n', p);
  const stop = oneLine ? (lineEnd === -1 ? text.length : lineEnd) : text.length;
  const end = findQuoteEnd(text, p, stop);
  if (end < 0) throw new Unsupported(oneLine ? 'multi-line quoted scalar' : 'unterminated quoted scalar');
  if (!oneLine) return { type: 'scalar', start: p, end, value: null, quoted: true };
  const body = text.slice(p + 1, end - 1);
  const value = text.charCodeAt(p) === 0x27 ? body.replaceAll("''", "'") : unescapeDouble(body);
  return { type: 'scalar', start: p, end, value, quoted: true };
}

const simpleEscapes: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const hexEscapeLength: Record<string, number> = { x: 2, u: 4, U: 8 };

function unescapeDouble(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new Unsupported('bad escape');
    const simple = simpleEscapes[e];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const length = hexEscapeLength[e];
    const hex = length ? body.slice(i + 1, i + 1 + length) : '';
    if (!length || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw new Unsupported('bad escape');
    out += String.fromCodePoint(parseInt(hex, 16));
    i += length;
  }
  return out;
}

/** Flow collections (and so JSON): `{…}` and `[…]`, possibly across lines. */
class FlowReader {
  private p: number;
  /** How many collections are open at the cursor. */
  private open = 0;
  /** Where the pairs of skipped values go (their repeated keys are the complete reading's). */
  private skipping: MappingPairs | undefined;

  /** `indent`: the column of the block collection holding it (-1 at the root), which its lines must be indented past. */
  constructor(
    private readonly text: string,
    start: number,
    private readonly baseDepth: number,
    private readonly indent: number,
    private mapping: MappingPairs,
    private readonly checking = false,
  ) {
    this.p = start;
  }

  /** Reads the collection at the cursor; an undefined interest returns it as skipped. */
  value(interest: Interest | undefined): Node {
    const start = this.p;
    const node = this.node(interest ?? true, this.baseDepth);
    return interest === undefined ? { type: 'skipped', start, end: node.end } : node;
  }

  private node(interest: Interest, depth: number): Node {
    if (depth > maxDepth) throw new Unsupported('nesting too deep');
    this.space();
    const c = this.text.charCodeAt(this.p);
    if (c === 0x7b) return this.map(interest, depth);
    if (c === 0x5b) return this.seq(interest, depth);
    if (c === 0x22 || c === 0x27) {
      const node = readQuoted(this.text, this.p, true);
      this.p = node.end;
      return node;
    }
    if (!isPlainStart(this.text, this.p)) throw new Unsupported('flow indicator');
    return this.plain();
  }

  private map(interest: Interest, depth: number): MapNode {
    const start = this.p++;
    this.open++;
    this.mapping.open();
    for (;;) {
      this.space();
      if (this.text.charCodeAt(this.p) === 0x7d /* } */) break;
      const keyNode = this.node(true, depth + 1);
      if (keyNode.type !== 'scalar') throw new Unsupported('complex key');
      const name = typeof keyNode.value === 'string' ? keyNode.value : String(keyNode.value);
      this.space();
      let value: Node;
      if (this.text.charCodeAt(this.p) === 0x3a /* : */) {
        this.p++;
        this.space();
        const c = this.text.charCodeAt(this.p);
        if (c === 0x2c || c === 0x7d) {
          value = { type: 'scalar', start: this.p, end: this.p, value: null, quoted: false };
        } else {
          const sub = interest === true ? true : Object.hasOwn(interest, name) ? interest[name] : undefined;
          const valueStart = this.p;
          if (sub === undefined) {
            // A skipped value's repeated keys are for the complete reading (when checking, this one), as with the block reader.
            const kept = this.mapping;
            if (!this.checking) this.mapping = this.skipping ??= new MappingPairs([]);
            value = { type: 'skipped', start: valueStart, end: this.node(true, depth + 1).end };
            this.mapping = kept;
          } else {
            value = this.node(sub, depth + 1);
          }
        }
      } else {
        value = { type: 'scalar', start: keyNode.end, end: keyNode.end, value: null, quoted: false };
      }
      this.mapping.add({ key: keyNode, value }, name);
      this.space();
      const c = this.text.charCodeAt(this.p);
      if (c === 0x2c /* , */) this.p++;
      else if (c !== 0x7d) throw new Unsupported('expected , or }');
    }
    this.p++;
    this.open--;
    return { type: 'map', start, end: this.p, pairs: this.mapping.close(), flow: true, indent: -1 };
  }

  private seq(interest: Interest, depth: number): SeqNode {
    const start = this.p++;
    this.open++;
    const items: Node[] = [];
    for (;;) {
      this.space();
      if (this.text.charCodeAt(this.p) === 0x5d /* ] */) break;
      items.push(this.node(interest, depth + 1));
      this.space();
      const c = this.text.charCodeAt(this.p);
      if (c === 0x2c) this.p++;
      else if (c !== 0x5d) throw new Unsupported('expected , or ]');
    }
    this.p++;
    this.open--;
    return { type: 'seq', start, end: this.p, items: items.slice(), flow: true, indent: -1 };
  }

  private plain(): ScalarNode {
    const text = this.text;
    const start = this.p;
    let end = start;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) break;
      if (c === 0x3a) {
        const d = text.charCodeAt(i + 1);
        if (isBreakOrBlank(text, i + 1) || d === 0x2c || d === 0x5b || d === 0x5d || d === 0x7b || d === 0x7d) break;
      }
      if (c === HASH && (text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === TAB)) break;
      if (c === LF || c === CR) {
        // A plain scalar folded across lines: leave it to `yaml`.
        const next = skipSpace(text, i);
        const d = text.charCodeAt(next);
        if (d === 0x2c || d === 0x5d || d === 0x7d || d === 0x3a || d === HASH) break;
        throw new Unsupported('multi-line plain scalar');
      }
      if (c !== SPACE && c !== TAB) end = i + 1;
    }
    this.p = end;
    return plainScalar(text, start, end);
  }

  /** Blanks, line breaks and comments between flow tokens. */
  private space(): void {
    const text = this.text;
    for (;;) {
      const from = this.p;
      this.p = skipSpace(text, this.p);
      // yaml: "Flow map in block collection must be sufficiently indented", but for comments and the bracket
      // that closes the outermost collection at its parent's column.
      const c = text.charCodeAt(this.p);
      if (this.indent >= 0 && this.p > from && text.lastIndexOf('\n', this.p - 1) >= from && c !== HASH) {
        const column = this.p - (text.lastIndexOf('\n', this.p - 1) + 1);
        const closesOutermost = (c === 0x7d || c === 0x5d) && this.open === 1 && column === this.indent;
        if (column <= this.indent && !closesOutermost) throw new Unsupported('flow collection not indented past its parent');
      }
      if (text.charCodeAt(this.p) !== HASH) break;
      const prev = text.charCodeAt(this.p - 1);
      if (!(prev === SPACE || prev === TAB || prev === LF || prev === CR)) throw new Unsupported('comment without a blank');
      const lineEnd = text.indexOf('\n', this.p);
      this.p = lineEnd === -1 ? text.length : lineEnd;
    }
    if (this.p >= text.length) throw new Unsupported('unterminated flow collection');
  }
}

function skipSpace(text: string, p: number): number {
  let c = text.charCodeAt(p);
  while (c === SPACE || c === TAB || c === LF || c === CR) c = text.charCodeAt(++p);
  return p;
}
