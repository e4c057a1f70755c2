// What kube-eviction reads of a kustomization file itself: never to render it
// (the user's kubectl does that), only to place findings on the files it
// names (its patches, their targets, its name prefix and suffix) and to tell
// the overlays of a workspace from the bases and components they use.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';

/** The names kustomize looks for in a folder, in its order (konfig.RecognizedKustomizationFileNames). */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export function isKustomizationFile(path: string): boolean {
  return (kustomizationFileNames as readonly string[]).includes(path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
}

/** The kustomization file of a folder, or undefined. */
export function kustomizationFileIn(dir: string): string | undefined {
  for (const name of kustomizationFileNames) {
    const path = join(dir, name);
    try {
      if (statSync(path).isFile()) return path;
    } catch {
      // not this name
    }
  }
  return undefined;
}

/** A patch of a kustomization: in a file of its own, or inline in the kustomization. */
export interface PatchEntry {
  /** The patch file (absolute), or the kustomization file for an inline patch. */
  file: string;
  /** The patch's text: the file's, or the inline patch's. */
  text: string;
  inline: boolean;
  /** Where the entry is in the kustomization file (an inline patch's findings go there). */
  entryStart: number;
  entryEnd: number;
  /** `target:` (kind, name as a regular expression); without it a strategic-merge patch names its object itself. */
  target?: { kind?: string; name?: string };
}

export interface Kustomization {
  path: string;
  /** `kind: Component` kustomizations are used by others, never built alone. */
  component: boolean;
  namePrefix: string;
  nameSuffix: string;
  /** resources, bases and components, absolute (folders or files; remote URLs left out). */
  references: string[];
  patches: PatchEntry[];
}

/** Reads a kustomization file; unreadable or invalid, it names nothing. */
export function readKustomization(path: string, readFile: (path: string) => string | undefined = readText): Kustomization {
  const dir = dirname(path);
  const out: Kustomization = { path, component: false, namePrefix: '', nameSuffix: '', references: [], patches: [] };
  const text = readFile(path);
  if (text === undefined) return out;
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length || !isMap(document.contents)) return out;
  const str = (key: string) => {
    const value = document.get(key);
    return typeof value === 'string' ? value : '';
  };
  out.component = str('kind') === 'Component';
  out.namePrefix = str('namePrefix');
  out.nameSuffix = str('nameSuffix');
  for (const key of ['resources', 'bases', 'components']) {
    for (const item of seqItems(document, key)) {
      if (isScalar(item) && typeof item.value === 'string' && !isRemote(item.value)) out.references.push(resolve(dir, item.value));
    }
  }
  const patchFile = (relativePath: string, at: YamlNode, target?: PatchEntry['target']) => {
    const file = resolve(dir, relativePath);
    const patch = readFile(file);
    if (patch !== undefined) out.patches.push({ file, text: patch, inline: false, ...range(at), target });
  };
  const inline = (node: YamlNode, at: YamlNode, target?: PatchEntry['target']) => {
    if (isScalar(node) && typeof node.value === 'string') out.patches.push({ file: path, text: node.value, inline: true, ...range(at), target });
  };
  for (const key of ['patches', 'patchesJson6902']) {
    for (const item of seqItems(document, key)) {
      if (!isMap(item)) continue;
      const target = targetOf(item.get('target', true) as YamlNode | undefined);
      const file = item.get('path');
      if (typeof file === 'string') patchFile(file, item, target);
      const patch = item.get('patch', true) as YamlNode | undefined;
      if (patch) inline(patch, item, target);
    }
  }
  // Each item a file or an inline patch (kustomize tells them apart the same way: a file name has no line break).
  for (const item of seqItems(document, 'patchesStrategicMerge')) {
    if (!isScalar(item) || typeof item.value !== 'string') continue;
    if (item.value.includes('\n')) inline(item, item);
    else patchFile(item.value, item);
  }
  return out;
}

function seqItems(document: Document, key: string): YamlNode[] {
  const node = document.get(key, true);
  return isSeq(node) ? (node.items as YamlNode[]) : [];
}

function targetOf(node: YamlNode | undefined): PatchEntry['target'] {
  if (!isMap(node)) return undefined;
  const field = (key: string) => {
    const value = node.get(key);
    return typeof value === 'string' ? value : undefined;
  };
  return { kind: field('kind'), name: field('name') };
}

function range(node: YamlNode): { entryStart: number; entryEnd: number } {
  const [entryStart, entryEnd] = node.range ?? [0, 0];
  return { entryStart, entryEnd };
}

/** A URL or a go-getter address (`github.com/…`): kustomize fetches those; their files are not the user's. */
function isRemote(reference: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(reference) || /^(?:github\.com|gitlab\.com|bitbucket\.org)\//.test(reference) || reference.startsWith('git@');
}

/** A source file's text, or undefined when it cannot be read (the placement then falls back). */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The overlays under some folders: the kustomization folders no other
 * kustomization there uses (as a resource, base or component), components
 * left out. A base is analysed through the overlays that use it.
 */
export function findOverlays(kustomizationFiles: readonly string[], readFile: (path: string) => string | undefined = readText): string[] {
  const kustomizations = kustomizationFiles.map((file) => readKustomization(file, readFile));
  const used = new Set(kustomizations.flatMap((k) => k.references));
  return kustomizations.filter((k) => !k.component && !used.has(dirname(k.path))).map((k) => dirname(k.path));
}
