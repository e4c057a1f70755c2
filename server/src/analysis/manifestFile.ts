// A file of manifests: its documents, the objects in them, and an update that
// re-reads only the documents an edit touched. Documents are compared by text
// from both ends; the ones in between are read again, the others keep their
// trees (whose offsets are relative to the document) and only move. A file
// read fast (the cold scan) is read completely later, document by document:
// only the documents that turn out invalid are replaced.
import { decodeObject, type DecodeError } from './decode';
import { splitDocuments } from './documents';
import { isListKind, type ReadingInterest } from './interest';
import { LineMap } from './lineMap';
import { completeCheck, readDocument, type CompleteCheck, type DocumentContent, type Reading } from './readDocument';
import { parseSuppressions, type Suppression } from './suppression';
import { get, stringValue, type MapNode } from './tree';

export interface ManifestObject {
  readonly document: ManifestDocument;
  /** The object's mapping: the document's root, or an item of a List. */
  readonly node: MapNode;
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  /** The object's namespace (`default` when unset); '' for cluster-scoped kinds. */
  readonly namespace: string;
  /** The fields the rules read, in the API's JSON shape. */
  readonly data: Record<string, unknown>;
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

export interface DocumentChange {
  added: ManifestDocument[];
  removed: ManifestDocument[];
}

const clusterScoped: ReadonlySet<string> = new Set(['Node', 'PodSecurityPolicy', 'CustomResourceDefinition']);

export class ManifestFile {
  private text = '';
  private lines: LineMap | undefined;
  documents: ManifestDocument[] = [];

  constructor(
    readonly uri: string,
    private readonly interest: ReadingInterest,
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

  update(text: string, reading: Reading): DocumentChange {
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
        const document = this.read(own, spans[i]!.start, readDocument(own, reading, this.interest));
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
   * keys where the fast reader did not look by the same tree with all of them.
   * `check` may be one that already knows (the CLI checks on worker threads).
   */
  complete(limit: number, check: CompleteCheck = completeCheck): DocumentChange {
    const change: DocumentChange = { added: [], removed: [] };
    let left = limit;
    this.documents = this.documents.map((document) => {
      const { content } = document;
      if (content.state !== 'read' || content.complete || left-- <= 0) return document;
      const result = check(document.text);
      if (!result || ('duplicates' in result && result.duplicates.length === content.duplicates.length)) {
        content.complete = true;
        return document;
      }
      const replaced = this.read(document.text, document.start, 'error' in result ? { state: 'error', error: result.error } : { ...content, complete: true, duplicates: result.duplicates });
      change.removed.push(document);
      change.added.push(replaced);
      return replaced;
    });
    return change;
  }

  private read(text: string, start: number, content: DocumentContent): ManifestDocument {
    const objects: ManifestObject[] = [];
    const decodeErrors: DecodeError[] = [];
    const document: ManifestDocument = { file: this, text, start, content, objects, decodeErrors, suppressions: parseSuppressions(text) };
    if (content.state === 'read') {
      for (const node of objectNodes(content.root)) {
        const kind = stringValue(get(node, 'kind'))!;
        const { data, errors } = decodeObject(kind, node);
        if (errors.length) {
          decodeErrors.push(...errors);
          continue;
        }
        const metadata = (data['metadata'] ?? {}) as { name?: string; namespace?: string };
        objects.push({
          document,
          node,
          kind,
          apiVersion: stringValue(get(node, 'apiVersion'))!,
          name: metadata.name ?? '',
          namespace: clusterScoped.has(kind) ? '' : metadata.namespace || 'default',
          data,
        });
      }
    }
    return document;
  }
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
