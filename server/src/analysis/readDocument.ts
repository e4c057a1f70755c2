// One document of a file -> its objects as the rules read them, or why there
// are none. A document is a manifest when its root has `apiVersion` and
// `kind`; deprecated-api reads those of every manifest, the other rules read
// more of some kinds. A regular-expression look at the top-level `kind:`
// before any parsing picks what to read: only apiVersion, kind and metadata of
// the kinds no rule reads further (the fast reader skips the rest by
// indentation), the fields the rules read of the others, nothing of a document
// with no `kind:` at all. The fast reader reads first, and `yaml` where it
// gives up. The fast reader skips what no rule reads without checking it, so a
// syntax error or a repeated key there is found only by reading the document
// completely: at once for what the user edits (and for lint), later for files
// read from disk by the cold scan (see completeReading); this for the kinds
// the eviction rules analyse (analysedKinds), whose documents are checked whole.
// What the rules read is theirs to say (ReadingInterest, built from their
// declarations), and so is where their findings point most: those spans are
// recorded as the document is read, so that such a finding needs no second
// reading of the document (see anchorAt).
import { recordSpans } from './anchors';
import { decodeObject, type DecodeError } from './decode';
import { readFast, Unsupported } from './fastReader';
import { headerInterest, isListKind, type Interest, type ReadingInterest } from './interest';
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
  | { state: 'read'; complete: boolean; duplicates: DuplicateKey[] };

export type Reading = 'fast' | 'complete';

/** An object of a document, as the rules read it. */
export interface ObjectReading {
  /** Which of the document's objects (see objectNodes): its mapping is found again by it (see readTree). */
  item: number;
  kind: string;
  apiVersion: string;
  name: string;
  /** The object's namespace (`default` when unset); '' for cluster-scoped kinds. */
  namespace: string;
  /** The fields the rules read, in the API's JSON shape. */
  data: Record<string, unknown>;
  /** The spans findings point at most, recorded as read (see recordSpans): a finding there needs no second reading. */
  spans: readonly number[];
}

/**
 * What the analysis keeps of a document: plain data, without the tree it was
 * read from (trees would be most of a workspace's memory; readTree reads one
 * again when it is asked for). A worker thread can make it.
 */
export interface DocumentReading {
  content: DocumentContent;
  objects: ObjectReading[];
  /** Objects the API server could not decode (a field of the wrong type). */
  decodeErrors: DecodeError[];
}

const ignored: DocumentReading = { content: { state: 'ignored' }, objects: [], decodeErrors: [] };

const clusterScoped: ReadonlySet<string> = new Set(['Node', 'PodSecurityPolicy', 'CustomResourceDefinition']);

export function readDocument(text: string, reading: Reading, rulesInterest: ReadingInterest): DocumentReading {
  const what = toRead(text, rulesInterest);
  if (!what) return ignored;
  const { interest, whole } = what;
  // A Go template is not YAML until rendered: only what the rules read of it is read.
  const complete = reading === 'complete' && whole && !isTemplate(text);
  let root: Node | undefined;
  let duplicates: DuplicateKey[] = [];
  let checked = complete;
  try {
    try {
      // Reading completely, the fast reader checks what it skips in the same pass (see readFast).
      root = readFast(text, interest, duplicates, complete);
    } catch (error) {
      if (!(error instanceof Unsupported) || !complete) throw error;
      // It gave up checking: what the rules read is read alone, and the rest checked below (if a manifest).
      duplicates = [];
      checked = false;
      root = readFast(text, interest, duplicates);
    }
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    const result = readWithYaml(text, interest, complete);
    if ('error' in result) return isTemplate(text) ? ignored : failed(result.error);
    root = result.root;
    duplicates = result.duplicates;
    checked = complete;
  }
  if (root?.type !== 'map' || !isManifest(root) || (mayHoldTemplate(text) && holdsTemplate(root))) return ignored;
  if (!checked && complete) {
    const check = wholeDocumentCheck(text);
    if ('error' in check) return failed(check.error);
    duplicates = check.duplicates;
  }
  const objects: ObjectReading[] = [];
  const decodeErrors: DecodeError[] = [];
  objectNodes(root).forEach((node, item) => {
    const kind = stringValue(get(node, 'kind'))!;
    const { data, errors } = decodeObject(kind, node);
    if (errors.length) {
      decodeErrors.push(...errors);
      return;
    }
    const metadata = (data['metadata'] ?? {}) as { name?: string; namespace?: string };
    const apiVersion = stringValue(get(node, 'apiVersion'))!;
    const namespace = clusterScoped.has(kind) ? '' : metadata.namespace || 'default';
    objects.push({ item, kind, apiVersion, name: metadata.name ?? '', namespace, data, spans: recordSpans(node, rulesInterest.anchors.get(kind)) });
  });
  return { content: { state: 'read', complete: reading === 'complete' || !whole, duplicates }, objects, decodeErrors };
}

function failed(error: ParseError): DocumentReading {
  return { content: { state: 'error', error }, objects: [], decodeErrors: [] };
}

/**
 * The tree of a document readDocument read, the same again: the mappings of
 * its objects by their `item`.
 */
export function readTree(text: string, rulesInterest: ReadingInterest): MapNode[] {
  const { interest } = toRead(text, rulesInterest)!;
  let root: Node | undefined;
  try {
    root = readFast(text, interest);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    const result = readWithYaml(text, interest);
    if ('error' in result) throw new Error('a document read before cannot be read again');
    root = result.root;
  }
  return objectNodes(root as MapNode);
}

/** The mappings of the objects of a manifest: the root itself, or the items of a List. */
function objectNodes(root: MapNode): MapNode[] {
  const kind = stringValue(get(root, 'kind'));
  if (kind === undefined || stringValue(get(root, 'apiVersion')) === undefined) return [];
  if (!isListKind(kind)) return [root];
  const items = get(root, 'items');
  if (items?.type !== 'seq') return [];
  return items.items.flatMap((item) => (item.type === 'map' ? objectNodes(item) : []));
}

/**
 * What reading a document completely finds where the fast reader did not
 * look: its error, or every repeated key; nothing in a template.
 */
export function completeCheck(text: string): WholeDocumentCheck | undefined {
  return isTemplate(text) ? undefined : wholeDocumentCheck(text);
}

/** Whether reading a document completely can find what is reported: it is of a kind checked whole, and no template. */
export function needsCompleteCheck(text: string, rulesInterest: ReadingInterest): boolean {
  return !!toRead(text, rulesInterest)?.whole && !isTemplate(text);
}

const topLevelKind = /^kind[ \t]*:[ \t]*["']?([A-Za-z0-9]+)/m;
const anyKind = /["']?\bkind["']?[ \t]*:/;

/**
 * What to read of a document, and whether to check it whole (a cheap
 * over-approximation): by its top-level `kind:` where a line starts with one;
 * everything the rules read, checked whole, where only a nested or JSON
 * `kind` shows (a List, a flow document); nothing without.
 */
function toRead(text: string, { manifest, analysedKinds, readKinds }: ReadingInterest): { interest: Interest; whole: boolean } | undefined {
  const top = topLevelKind.exec(text);
  if (!top) return anyKind.test(text) ? { interest: manifest, whole: true } : undefined;
  const kind = top[1]!;
  if (analysedKinds.has(kind) || isListKind(kind)) return { interest: manifest, whole: true };
  return { interest: readKinds.has(kind) ? manifest : headerInterest, whole: false };
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
