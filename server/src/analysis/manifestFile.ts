// A file of manifests: its documents, the objects in them, and an update that
// re-reads only the documents an edit touched. Documents are compared by text
// from both ends; the ones in between are read again, the others keep what
// was read of them (its offsets are relative to the document) and only move.
// A file read fast (the cold scan) is read completely later, document by
// document: only the documents that turn out invalid are replaced. The trees
// the objects were read from are not kept, but read again when asked for;
// where most findings point is recorded as they are read (see anchorAt).
import type { DecodeError } from './decode';
import { splitDocuments } from './documents';
import type { ReadingInterest } from './interest';
import { LineMap } from './lineMap';
import { completeCheck, readDocument, readTree, type DocumentContent, type DocumentReading, type ObjectReading, type Reading } from './readDocument';
import { parseSuppressions, type Suppression } from './suppression';
import type { MapNode } from './tree';

export interface ManifestObject {
  readonly document: ManifestDocument;
  /**
   * The object's mapping: the document's root, or an item of a List. Read
   * again when asked for, and the same mapping while few other documents'
   * are (see treeOf).
   */
  readonly node: MapNode;
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  /** The object's namespace (`default` when unset); '' for cluster-scoped kinds. */
  readonly namespace: string;
  /** The fields the rules read, in the API's JSON shape. */
  readonly data: Record<string, unknown>;
  /** The spans findings point at most, recorded as the object was read (see anchorAt). */
  readonly spans: readonly number[];
}

export interface ManifestDocument {
  readonly file: ManifestFile;
  readonly text: string;
  /** Offset of the document in its file; moves when documents above it change length. */
  start: number;
  readonly content: DocumentContent;
  readonly objects: readonly ManifestObject[];
  /** Objects the API server could not decode (a field of the wrong type). */
  readonly decodeErrors: readonly DecodeError[];
  readonly suppressions: readonly Suppression[];
}

/** How a file's documents are read: fast or completely here, or as a worker thread read them (by their text and place in the file). */
export type DocumentReader = Reading | ((text: string, index: number) => DocumentReading);

/**
 * The trees of the documents whose objects' mappings were asked for last: a
 * rule or a hover asks for a few at a time, and asks again for one it just
 * had (a hover finds the object, then its field). The oldest is forgotten first, and soon
 * (kept longer, the trees a rule run reads would outlive the young
 * generation, and the garbage collector copy them).
 */
const recentTrees = new Map<ManifestDocument, MapNode[]>();
const recentTreesKept = 32;

function treeOf(document: ManifestDocument): MapNode[] {
  let tree = recentTrees.get(document);
  if (!tree) {
    recentTrees.set(document, (tree = readTree(document.text, document.file.interest)));
    if (recentTrees.size > recentTreesKept) recentTrees.delete(recentTrees.keys().next().value!);
  }
  return tree;
}

class Document implements ManifestDocument {
  readonly objects: readonly ManifestObject[];
  readonly content: DocumentContent;
  readonly decodeErrors: readonly DecodeError[];
  readonly suppressions: readonly Suppression[];

  constructor(
    readonly file: ManifestFile,
    readonly text: string,
    public start: number,
    reading: DocumentReading,
  ) {
    this.content = reading.content;
    this.decodeErrors = reading.decodeErrors;
    this.suppressions = parseSuppressions(text);
    this.objects = reading.objects.map((object) => new ReadObject(this, object));
  }
}

class ReadObject implements ManifestObject {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace: string;
  readonly data: Record<string, unknown>;
  readonly spans: readonly number[];
  /** Which of its document's objects it is (see readTree). */
  readonly item: number;

  constructor(
    readonly document: ManifestDocument,
    reading: ObjectReading,
  ) {
    this.item = reading.item;
    this.kind = reading.kind;
    this.apiVersion = reading.apiVersion;
    this.name = reading.name;
    this.namespace = reading.namespace;
    this.data = reading.data;
    this.spans = reading.spans;
  }

  get node(): MapNode {
    return treeOf(this.document)[this.item]!;
  }
}

export interface DocumentChange {
  added: ManifestDocument[];
  removed: ManifestDocument[];
}

export class ManifestFile {
  private text = '';
  private lines: LineMap | undefined;
  documents: ManifestDocument[] = [];

  constructor(
    readonly uri: string,
    /** What the rules read (see readDocument). */
    readonly interest: ReadingInterest,
  ) {}

  get lineMap(): LineMap {
    this.lines ??= new LineMap(this.text);
    return this.lines;
  }

  get content(): string {
    return this.text;
  }

  /** Whether some documents have been read fast only (see readDocument). */
  get readFastOnly(): boolean {
    return this.documents.some((document) => document.content.state === 'read' && !document.content.complete);
  }

  update(text: string, reader: DocumentReader): DocumentChange {
    if (text === this.text && this.documents.length) return { added: [], removed: [] };
    const initial = this.documents.length === 0;
    const spans = splitDocuments(text);
    const old = this.documents;
    const texts = spans.map((span) => text.slice(span.start, span.end));
    let head = 0;
    const shorter = Math.min(old.length, spans.length);
    while (head < shorter && old[head]!.text === texts[head]) head++;
    let tail = 0;
    while (tail < shorter - head && old[old.length - 1 - tail]!.text === texts[texts.length - 1 - tail]) tail++;
    const read = typeof reader === 'function' ? reader : (document: string) => readDocument(document, reader, this.interest);
    const added: ManifestDocument[] = [];
    const documents: ManifestDocument[] = [];
    for (let i = 0; i < spans.length; i++) {
      const reused = i < head ? old[i] : i >= spans.length - tail ? old[old.length - (spans.length - i)] : undefined;
      if (reused) {
        reused.start = spans[i]!.start;
        documents.push(reused);
      } else {
        // A copy, so that a document kept across edits does not hold on to every older file text.
        const own = initial ? texts[i]! : Buffer.from(texts[i]!, 'utf16le').toString('utf16le');
        const document = new Document(this, own, spans[i]!.start, read(own, i));
        documents.push(document);
        added.push(document);
      }
    }
    const removed = old.slice(head, old.length - tail);
    this.text = text;
    this.lines = undefined;
    this.documents = documents;
    return { added, removed };
  }

  /**
   * Reads completely (up to `limit` of) the documents read fast only; the
   * invalid ones are replaced by their parse error, and those with repeated
   * keys where the fast reader did not look by the same objects with all of them.
   */
  complete(limit: number): DocumentChange {
    const change: DocumentChange = { added: [], removed: [] };
    let left = limit;
    this.documents = this.documents.map((document) => {
      const { content } = document;
      if (content.state !== 'read' || content.complete || left-- <= 0) return document;
      const result = completeCheck(document.text);
      if (!result || ('duplicates' in result && result.duplicates.length === content.duplicates.length)) {
        content.complete = true;
        return document;
      }
      const reading: DocumentReading =
        'error' in result
          ? { content: { state: 'error', error: result.error }, objects: [], decodeErrors: [] }
          : { content: { ...content, complete: true, duplicates: result.duplicates }, objects: (document.objects as readonly ReadObject[]).map(objectReading), decodeErrors: [...document.decodeErrors] };
      const replaced = new Document(this, document.text, document.start, reading);
      change.removed.push(document);
      change.added.push(replaced);
      return replaced;
    });
    return change;
  }
}

/** What was read of an object, to make it again in a document that replaces its own. */
function objectReading(object: ReadObject): ObjectReading {
  return { item: object.item, kind: object.kind, apiVersion: object.apiVersion, name: object.name, namespace: object.namespace, data: object.data, spans: object.spans };
}
