// One document of a file -> its tree, or why there is none. A document is a
// manifest when its root has `apiVersion` and `kind`; deprecated-api reads
// those of every manifest, the other rules read more of some kinds. A
// regular-expression look at the top-level `kind:` before any parsing picks
// what to read: only apiVersion, kind and metadata of the kinds no rule reads
// further (the fast reader skips the rest by indentation), the fields the
// rules read of the others, nothing of a document with no `kind:` at all.
// The fast reader reads first, and `yaml` where it gives up. The fast reader
// skips what no rule reads without checking it, so a syntax error or a
// repeated key there is found only by reading the document completely: at
// once for what the user edits (and for lint), later for files read from disk
// by the cold scan (see completeReading); this for the kinds the eviction
// rules analyse (analysedKinds), whose documents are checked whole.
import { readFast, Unsupported } from './fastReader';
import { analysedKinds, headerInterest, isListKind, manifestInterest, readKinds, type Interest } from './interest';
import { get, stringValue, type DuplicateKey, type MapNode, type Node } from './tree';
import { wholeDocumentCheck, type WholeDocumentCheck } from './wholeDocument';
import { readWithYaml, type ParseError } from './yamlReader';

export type DocumentContent =
  /** Nothing to analyse: not a manifest, or a template (Helm, Go). */
  | { state: 'ignored' }
  | { state: 'error'; error: ParseError }
  /**
   * `complete`: nothing is left to check (for the kinds checked whole, the parts no rule reads too).
   * `duplicates`: the keys given twice (of the parts read; of the whole document once complete).
   */
  | { state: 'read'; root: MapNode; complete: boolean; duplicates: DuplicateKey[] };

export type Reading = 'fast' | 'complete';

const ignored: DocumentContent = { state: 'ignored' };

export function readDocument(text: string, reading: Reading): DocumentContent {
  const what = toRead(text);
  if (!what) return ignored;
  const { interest, whole } = what;
  // A Go template is not YAML until rendered: only what the rules read of it is read.
  const complete = reading === 'complete' && whole && !isTemplate(text);
  let root: Node | undefined;
  let duplicates: DuplicateKey[] = [];
  let checked = false;
  try {
    root = readFast(text, interest, duplicates);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    const result = readWithYaml(text, interest, complete);
    if ('error' in result) return isTemplate(text) ? ignored : { state: 'error', error: result.error };
    root = result.root;
    duplicates = result.duplicates;
    checked = complete;
  }
  if (root?.type !== 'map' || !isManifest(root) || (mayHoldTemplate(text) && holdsTemplate(root))) return ignored;
  if (complete && !checked) {
    const check = wholeDocumentCheck(text);
    if ('error' in check) return { state: 'error', error: check.error };
    duplicates = check.duplicates;
  }
  return { state: 'read', root, complete: reading === 'complete' || !whole, duplicates };
}

/**
 * What reading a document completely finds where the fast reader did not
 * look: its error, or every repeated key; nothing in a template.
 */
export function completeCheck(text: string): WholeDocumentCheck | undefined {
  return isTemplate(text) ? undefined : wholeDocumentCheck(text);
}

/** completeCheck, or one that already knows (the CLI checks on worker threads). */
export type CompleteCheck = (text: string) => WholeDocumentCheck | undefined;

/** Whether reading a document completely can find what is reported: it is of a kind checked whole, and no template. */
export function needsCompleteCheck(text: string): boolean {
  return !!toRead(text)?.whole && !isTemplate(text);
}

const topLevelKind = /^kind[ \t]*:[ \t]*["']?([A-Za-z0-9]+)/m;
const anyKind = /["']?\bkind["']?[ \t]*:/;

/**
 * What to read of a document, and whether to check it whole (a cheap
 * over-approximation): by its top-level `kind:` where a line starts with one;
 * everything the rules read, checked whole, where only a nested or JSON
 * `kind` shows (a List, a flow document); nothing without.
 */
function toRead(text: string): { interest: Interest; whole: boolean } | undefined {
  const top = topLevelKind.exec(text);
  if (!top) return anyKind.test(text) ? { interest: manifestInterest, whole: true } : undefined;
  const kind = top[1]!;
  if (analysedKinds.has(kind) || isListKind(kind)) return { interest: manifestInterest, whole: true };
  return { interest: readKinds.has(kind) ? manifestInterest : headerInterest, whole: false };
}

function isManifest(root: MapNode): boolean {
  return stringValue(get(root, 'kind')) !== undefined && stringValue(get(root, 'apiVersion')) !== undefined;
}

function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/**
 * Whether a value of the document can hold `{{`: only where the text does, or
 * through a double-quoted escape (`"\x7b{"`, an escaped line break). Aliases
 * repeat text of the document; folding joins lines with a space or a line break.
 */
function mayHoldTemplate(text: string): boolean {
  return isTemplate(text) || text.includes('\\');
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
