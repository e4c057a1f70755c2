// Places what is found in a rendered overlay on the files it came from. Each
// object kubectl renders names its source in `config.kubernetes.io/origin`
// (a file, or the kustomization whose generator made it) and the
// kustomizations whose transformers ran over it in
// `alpha.config.kubernetes.io/transformations`. A spot of an object (the
// field a finding is on) goes to the last patch of those kustomizations that
// sets that field, else to the same field of the object's document in its
// source file, else to the overlay's kustomization file.
import { resolve } from 'node:path';
import { isMap, isScalar, isSeq, parse, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { splitDocuments, type DocumentSpan } from '../analysis/documents';
import { kustomizationFileIn, readKustomization, type Kustomization, type PatchEntry } from './kustomization';
import type { RenderedOverlay } from './render';

export interface SourceSpot {
  /** The source file (absolute). */
  file: string;
  start: number;
  end: number;
}

type Segment = string | number;

/** Where a spot is in an object: the keys and indices to it, and whether it is on a key rather than a value. */
interface RenderedPath {
  segments: Segment[];
  onKey: boolean;
}

interface SourceDocument {
  document: Document;
  /** The document's offset in its file. */
  offset: number;
}

interface RenderedObject {
  span: DocumentSpan;
  document: Document;
  kind: string;
  /** The names the object may have had before prefixes and suffixes (its rendered name first). */
  names: string[];
  origin?: string;
  /** The kustomizations whose transformers ran over it, in order. */
  transformedIn: string[];
}

const originAnnotation = 'config.kubernetes.io/origin';
const transformationsAnnotation = 'alpha.config.kubernetes.io/transformations';
/** Keys by which kustomize's strategic merge pairs list items (the common merge keys). */
const mergeKeys = ['name', 'containerPort', 'mountPath', 'devicePath', 'ip', 'topologyKey', 'key'];

export class OverlayOrigins {
  private readonly spans: DocumentSpan[];
  private readonly objects = new Map<number, RenderedObject | undefined>();
  private readonly kustomizations = new Map<string, Kustomization>();
  private readonly sources = new Map<string, SourceDocument[] | undefined>();
  /** The overlay's own kustomization file: where what cannot be placed goes. */
  readonly fallback: string;

  constructor(
    private readonly overlay: RenderedOverlay,
    private readonly readFile: (path: string) => string | undefined,
  ) {
    this.spans = splitDocuments(overlay.text);
    this.fallback = kustomizationFileIn(overlay.dir) ?? resolve(overlay.dir, 'kustomization.yaml');
  }

  /** The source of the spot at `offset` of the rendered text. */
  locate(offset: number): SourceSpot {
    const index = this.spans.findIndex((span) => offset >= span.start && offset < span.end);
    const object = index < 0 ? undefined : this.object(index);
    if (!object) return { file: this.fallback, start: 0, end: 0 };
    const path = pathAt(object.document.contents as YamlNode, offset - object.span.start);
    let spot: SourceSpot | undefined;
    for (const kustomization of object.transformedIn.map((file) => this.kustomization(file))) {
      for (const patch of kustomization.patches) spot = this.inPatch(patch, object, path) ?? spot;
    }
    if (spot) return spot;
    if (object.origin) {
      const inSource = this.inSource(object.origin, object, path);
      if (inSource) return inSource;
    }
    return { file: object.origin && isKustomization(object.origin) ? object.origin : this.fallback, start: 0, end: 0 };
  }

  /** Every file the rendered objects came from: their sources, the kustomizations that changed them and their patches. */
  sourceFiles(): Set<string> {
    const files = new Set<string>([this.fallback]);
    for (let index = 0; index < this.spans.length; index++) {
      const object = this.object(index);
      if (object?.origin) files.add(object.origin);
      for (const file of object?.transformedIn ?? []) {
        files.add(file);
        for (const patch of this.kustomization(file).patches) files.add(patch.file);
      }
    }
    return files;
  }

  private object(index: number): RenderedObject | undefined {
    if (this.objects.has(index)) return this.objects.get(index);
    const span = this.spans[index]!;
    const document = parseDocument(this.overlay.text.slice(span.start, span.end), { prettyErrors: false });
    let object: RenderedObject | undefined;
    if (!document.errors.length && isMap(document.contents)) {
      const annotation = (key: string) => {
        const value = document.getIn(['metadata', 'annotations', key]);
        return typeof value === 'string' ? safeParse(value) : undefined;
      };
      const origin = annotation(originAnnotation) as { path?: unknown; repo?: unknown; configuredIn?: unknown } | undefined;
      const transformations = annotation(transformationsAnnotation);
      const at = (path: unknown) => (typeof path === 'string' ? resolve(this.overlay.base, path) : undefined);
      const transformedIn = [...new Set((Array.isArray(transformations) ? transformations : []).map((t: { configuredIn?: unknown }) => at(t?.configuredIn)).filter((p): p is string => !!p))];
      const kind = String(document.get('kind') ?? '');
      const name = String(document.getIn(['metadata', 'name']) ?? '');
      object = {
        span,
        document,
        kind,
        names: this.formerNames(name, transformedIn),
        // A remote resource's path is in its repository, not here.
        origin: origin && !origin.repo ? at(origin.path ?? origin.configuredIn) : undefined,
        transformedIn,
      };
    }
    this.objects.set(index, object);
    return object;
  }

  /** The rendered name with the prefixes and suffixes of the kustomizations that ran over it taken off, one by one. */
  private formerNames(name: string, transformedIn: string[]): string[] {
    const names = [name];
    let current = name;
    for (const file of [...transformedIn].reverse()) {
      const { namePrefix, nameSuffix } = this.kustomization(file);
      if (namePrefix && current.startsWith(namePrefix)) current = current.slice(namePrefix.length);
      if (nameSuffix && current.endsWith(nameSuffix)) current = current.slice(0, -nameSuffix.length);
      if (!names.includes(current)) names.push(current);
    }
    return names;
  }

  private kustomization(file: string): Kustomization {
    let kustomization = this.kustomizations.get(file);
    if (!kustomization) this.kustomizations.set(file, (kustomization = readKustomization(file, this.readFile)));
    return kustomization;
  }

  private documentsOf(file: string): SourceDocument[] | undefined {
    if (this.sources.has(file)) return this.sources.get(file);
    const text = this.readFile(file);
    const documents = text === undefined ? undefined : splitDocuments(text).map((span) => ({ document: parseDocument(text.slice(span.start, span.end), { prettyErrors: false }), offset: span.start }));
    this.sources.set(file, documents);
    return documents;
  }

  /** The spot in a patch that sets the field at `path`, if it is a patch of this object and sets it. */
  private inPatch(patch: PatchEntry, object: RenderedObject, path: RenderedPath): SourceSpot | undefined {
    if (isIdentity(path.segments)) return undefined;
    const rendered = object.document;
    const documents = patch.inline ? [{ document: parseDocument(patch.text, { prettyErrors: false }), offset: 0 }] : this.documentsOf(patch.file);
    for (const { document, offset } of documents ?? []) {
      const root = document.contents as YamlNode | null;
      let node: YamlNode | undefined;
      if (isSeq(root)) {
        // A JSON 6902 patch: operations on paths of its target.
        if (!patch.target || !this.targets(patch.target, object)) continue;
        node = jsonPatchSetting(root, path, rendered);
      } else if (isMap(root)) {
        if (patch.target ? !this.targets(patch.target, object) : !this.names(root, object)) continue;
        const walk = walkPath(root, path, rendered.contents as YamlNode);
        // Set by the patch: the field itself, or a list or value the patch replaces whole above it.
        if (walk.depth === path.segments.length || (walk.depth > 0 && !isMap(walk.node))) node = walk.node;
      }
      if (!node) continue;
      if (patch.inline) return { file: patch.file, start: patch.entryStart, end: patch.entryEnd };
      const [start, end] = node.range ?? [0, 0];
      return { file: patch.file, start: offset + start, end: offset + end };
    }
    return undefined;
  }

  /** The same field (or its nearest parent there) in the object's document of its source file. */
  private inSource(file: string, object: RenderedObject, path: RenderedPath): SourceSpot | undefined {
    const documents = this.documentsOf(file);
    if (!documents?.length) return undefined;
    const maps = documents.filter((d) => isMap(d.document.contents));
    const same = maps.filter((d) => d.document.get('kind') === object.kind);
    const source = same.find((d) => this.names(d.document.contents as YamlNode, object)) ?? same[0] ?? maps[0];
    if (!source) return undefined;
    const { node } = walkPath(source.document.contents as YamlNode, path, object.document.contents as YamlNode);
    const [start, end] = node.range ?? [0, 0];
    return { file, start: source.offset + start, end: source.offset + end };
  }

  private names(root: YamlNode, object: RenderedObject): boolean {
    if (!isMap(root) || root.get('kind') !== object.kind) return false;
    const name = (root.get('metadata') as { get?(key: string): unknown } | undefined)?.get?.('name');
    return typeof name === 'string' && object.names.includes(name);
  }

  private targets(target: NonNullable<PatchEntry['target']>, object: RenderedObject): boolean {
    if (target.kind && target.kind !== object.kind) return false;
    if (!target.name) return true;
    let pattern: RegExp;
    try {
      pattern = new RegExp(`^(?:${target.name})$`);
    } catch {
      return object.names.includes(target.name);
    }
    return object.names.some((name) => pattern.test(name));
  }
}

function isKustomization(file: string): boolean {
  return /(?:^|[\\/])(?:kustomization\.ya?ml|Kustomization)$/.test(file);
}

function safeParse(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** The identity of an object (apiVersion, kind, metadata.name and namespace): a patch names it, never sets it. */
function isIdentity(path: Segment[]): boolean {
  if (path.length === 0) return true;
  if (path[0] === 'apiVersion' || path[0] === 'kind') return true;
  return path[0] === 'metadata' && (path.length === 1 || path[1] === 'name' || path[1] === 'namespace');
}

/** The keys and indices from a document's root to the node at `offset`. */
function pathAt(root: YamlNode, offset: number): RenderedPath {
  const path: Segment[] = [];
  let onKey = false;
  let node: YamlNode | undefined = root;
  while (node) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const key = p.key as YamlNode | null;
        const value = p.value as YamlNode | null;
        return (key?.range && offset >= key.range[0] && offset <= key.range[1]) || (value?.range && offset >= value.range[0] && offset < value.range[1]);
      });
      if (!pair || !isScalar(pair.key)) break;
      path.push(String(pair.key.value));
      const key = pair.key as YamlNode;
      if (key.range && offset <= key.range[1]) {
        onKey = true;
        break;
      }
      node = pair.value as YamlNode | undefined;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const range = (item as YamlNode | null)?.range;
        return range && offset >= range[0] && offset < range[1];
      });
      if (index < 0) break;
      path.push(index);
      node = node.items[index] as YamlNode;
    } else {
      break;
    }
  }
  return { segments: path, onKey };
}

/**
 * Follows `path` (taken in the rendered object `rendered`) in a source or
 * patch node: keys by name, list items by their merge key (a container by its
 * name) or else by position. Returns the deepest node reached and how deep.
 */
function walkPath(root: YamlNode, { segments, onKey }: RenderedPath, rendered: YamlNode | undefined): { node: YamlNode; depth: number } {
  let node = root;
  let twin = rendered;
  let depth = 0;
  for (const segment of segments) {
    const last = depth === segments.length - 1;
    let next: YamlNode | undefined;
    let nextTwin: YamlNode | undefined;
    if (typeof segment === 'string' && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      if (pair && last && (onKey || pair.value === null)) next = pair.key as YamlNode;
      else next = (pair?.value ?? undefined) as YamlNode | undefined;
      nextTwin = isMap(twin) ? (twin.get(segment, true) as YamlNode | undefined) : undefined;
    } else if (typeof segment === 'number' && isSeq(node)) {
      nextTwin = isSeq(twin) ? (twin.items[segment] as YamlNode | undefined) : undefined;
      next = matchingItem(node.items as YamlNode[], nextTwin) ?? (node.items[segment] as YamlNode | undefined);
    }
    if (!next) break;
    node = next;
    twin = nextTwin;
    depth++;
  }
  return { node, depth };
}

function matchingItem(items: YamlNode[], rendered: YamlNode | undefined): YamlNode | undefined {
  if (!isMap(rendered)) return undefined;
  for (const key of mergeKeys) {
    const value = rendered.get(key);
    if (value === undefined || typeof value === 'object') continue;
    const found = items.find((item) => isMap(item) && item.get(key) === value);
    if (found) return found;
  }
  return undefined;
}

/** The value (or operation) of the last operation of a JSON 6902 patch that sets `path` or a parent of it. */
function jsonPatchSetting(operations: YamlNode, { segments: path, onKey }: RenderedPath, rendered: Document): YamlNode | undefined {
  if (!isSeq(operations)) return undefined;
  let found: YamlNode | undefined;
  for (const operation of operations.items as YamlNode[]) {
    if (!isMap(operation)) continue;
    const op = operation.get('op');
    const pointer = operation.get('path');
    if (typeof pointer !== 'string' || !(op === 'add' || op === 'replace' || op === 'copy' || op === 'move')) continue;
    const target = pointer
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    if (target.length > path.length || !target.every((s, i) => s === String(path[i]) || (s === '-' && typeof path[i] === 'number'))) continue;
    const value = operation.get('value', true) as YamlNode | undefined;
    if (!value) {
      found = operation;
      continue;
    }
    const twin = rendered.getIn(path.slice(0, target.length), true) as YamlNode | undefined;
    found = walkPath(value, { segments: path.slice(target.length), onKey }, twin).node;
  }
  return found;
}
