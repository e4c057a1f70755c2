// One document of a file -> its tree, or why there is none. Documents of kinds
// no rule reads are dropped by a regular-expression look at their `kind:`
// before any parsing; the rest go to the fast reader, and to `yaml` where the
// fast reader gives up. The fast reader skips what no rule reads without
// checking it, so a syntax error there is found only by reading the document
// completely: at once for what the user edits (and for lint), later for files
// read from disk by the cold scan (see completeReading).
import { readFast, Unsupported } from './fastReader';
import { isListKind, manifestInterest, readKinds } from './interest';
import type { MapNode, Node } from './tree';
import { wholeDocumentError } from './wholeDocument';
import { readWithYaml, type ParseError } from './yamlReader';

export type DocumentContent =
  /** Nothing to analyse: no manifest of a kind the rules read, or a template (Helm, Go). */
  | { state: 'ignored' }
  | { state: 'error'; error: ParseError }
  /** `complete`: the parts no rule reads have been checked too. */
  | { state: 'read'; root: MapNode; complete: boolean };

export type Reading = 'fast' | 'complete';

const ignored: DocumentContent = { state: 'ignored' };

export function readDocument(text: string, reading: Reading): DocumentContent {
  if (!mayHoldReadKinds(text)) return ignored;
  // A Go template is not YAML until rendered: only what the rules read of it is read.
  const complete = reading === 'complete' && !isTemplate(text);
  let root: Node | undefined;
  let checked = false;
  try {
    root = readFast(text, manifestInterest);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    const result = readWithYaml(text, manifestInterest, complete);
    if ('error' in result) return isTemplate(text) ? ignored : { state: 'error', error: result.error };
    root = result.root;
    checked = complete;
  }
  if (root?.type !== 'map' || holdsTemplate(root)) return ignored;
  const error = complete && !checked ? wholeDocumentError(text) : undefined;
  return error ? { state: 'error', error } : { state: 'read', root, complete: reading === 'complete' };
}

/** The error that reading a document completely finds where the fast reader did not look (none in a template). */
export function completeError(text: string): ParseError | undefined {
  return isTemplate(text) ? undefined : wholeDocumentError(text);
}

export type CompleteCheck = (text: string) => ParseError | undefined;

/** Whether reading a document completely can find an error that is reported: it may hold a kind the rules read, and is no template. */
export function needsCompleteCheck(text: string): boolean {
  return mayHoldReadKinds(text) && !isTemplate(text);
}

const topLevelKind = /^kind[ \t]*:[ \t]*["']?([A-Za-z0-9]+)/m;
const anyKind = /["']?\bkind["']?[ \t]*:[ \t]*["']?([A-Za-z0-9]+)/g;

/** Whether a document may hold an object of a kind the rules read (a cheap over-approximation). */
function mayHoldReadKinds(text: string): boolean {
  const top = topLevelKind.exec(text);
  if (top) return isReadKind(top[1]!);
  anyKind.lastIndex = 0;
  for (let match = anyKind.exec(text); match; match = anyKind.exec(text)) if (isReadKind(match[1]!)) return true;
  return false;
}

function isReadKind(kind: string): boolean {
  return readKinds.has(kind) || isListKind(kind);
}

function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/** A Go template action in a value the rules read: the value is not what the cluster will see. */
function holdsTemplate(node: Node): boolean {
  switch (node.type) {
    case 'scalar':
      return typeof node.value === 'string' && node.value.includes('{{');
    case 'map':
      return node.pairs.some((pair) => holdsTemplate(pair.key) || holdsTemplate(pair.value));
    case 'seq':
      return node.items.some(holdsTemplate);
    case 'skipped':
      return false;
  }
}
