// Text edits that add a list item to a manifest, in the style of the
// surrounding YAML (block or flow; JSON files are flow throughout).
import type { RuleFix } from './findings';
import type { ManifestDocument } from './manifestFile';
import { resolvePlain } from './scalars';
import { pairOf, type MapNode } from './tree';

export type Item = Readonly<Record<string, string | number | readonly string[]>>;

/** Appends `item` to the list `key` of `map`, creating the list if needed; undefined where the list cannot be extended. */
export function appendItem(document: ManifestDocument, map: MapNode, key: string, item: Item): RuleFix['edits'] | undefined {
  const text = document.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const pair = pairOf(map, key);
  const value = pair?.value;
  if (value?.type === 'seq') {
    if (value.flow) return [insert(document, value.end - 1, `${value.items.length ? ', ' : ''}${flowItem(item)}`)];
    return [insertLines(document, value.end, blockItem(item, value.indent, eol), eol)];
  }
  if (value?.type === 'scalar' && value.value === null && !value.quoted) {
    return [{ at: { document, start: value.start, end: value.end }, newText: `${value.start === value.end ? ' ' : ''}[${flowItem(item)}]` }];
  }
  if (value !== undefined) return undefined;
  if (map.flow) return [insert(document, map.end - 1, `${map.pairs.length ? ', ' : ''}${JSON.stringify(key)}: [${flowItem(item)}]`)];
  const pad = ' '.repeat(map.indent);
  return [insertLines(document, map.end, `${pad}${key}:${eol}${blockItem(item, map.indent, eol)}`, eol)];
}

function insert(document: ManifestDocument, offset: number, newText: string): RuleFix['edits'][number] {
  return { at: { document, start: offset, end: offset }, newText };
}

/** Inserts whole lines after the line holding `offset`. */
function insertLines(document: ManifestDocument, offset: number, lines: string, eol: string): RuleFix['edits'][number] {
  const newline = document.text.indexOf('\n', offset);
  if (newline === -1) return insert(document, document.text.length, `${eol}${lines.slice(0, -eol.length)}`);
  return insert(document, newline + 1, lines);
}

function blockItem(item: Item, indent: number, eol: string): string {
  const pad = ' '.repeat(indent);
  return Object.entries(item)
    .map(([k, v], i) => `${pad}${i === 0 ? '- ' : '  '}${k}: ${plainOrQuoted(v)}${eol}`)
    .join('');
}

function flowItem(item: Item): string {
  return `{${Object.entries(item).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}

function plainOrQuoted(value: string | number | readonly string[]): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return `[${value.map(plainOrQuoted).join(', ')}]`;
  return /^[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(value) && resolvePlain(value) === value ? value : JSON.stringify(value);
}
