// Which files are deployed together. A repository often holds several
// clusters' manifests side by side (a folder per environment, Kustomize
// overlays, rendered golden files), and then one object has several versions:
// variants, with the same kind, namespace and name in different files, of
// which a cluster holds one. The rules that relate objects relate only
// objects that can be deployed together (see relations.ts).
//
// A file's Placement says where it can be deployed: for each folder whose
// children are alternatives, the child the file is in. Two files can be
// deployed together when they agree on every folder both are placed by.
// Automatically, a folder's children are alternatives when
// - the folder is named like a folder of environments (environmentFolders):
//   then every child, file or folder, except a Kustomize base;
// - two of its children hold variants of one object: then those children
//   (except a base), since one cluster cannot hold both.
// Test data (testFolders) is deployed with nothing else: each child of such
// a folder is a cluster of its own.
// With explicit groups (the kubeEviction.clusters setting), a file can be
// deployed with the files of the groups whose globs match it, and files no
// group matches form one more group.
import { fileURLToPath } from 'node:url';
import { globToRegExp } from './glob';
import type { ManifestObject } from './manifestFile';

/** Folders whose children are alternatives by their name: environments, overlays, clusters. */
export const environmentFolders: ReadonlySet<string> = new Set(['overlays', 'env', 'envs', 'environments', 'clusters']);

/** Folders of test data and golden files, whose children are each a cluster of its own. */
export const testFolders: ReadonlySet<string> = new Set(['testdata', 'golden', 'goldens']);

/** Children deployed with every alternative beside them (Kustomize's base). */
export const sharedFolderNames: ReadonlySet<string> = new Set(['base', 'bases']);

/** Cluster name to the globs (relative to the workspace folder) of its files. */
export type ClusterGroups = Readonly<Record<string, readonly string[]>>;

/** For each folder (or the explicit groups, under ''), the branches a file can be deployed in. */
export type Placement = ReadonlyMap<string, readonly string[]>;

const explicitDimension = '';
/** Every file is placed on it: the test data case it belongs to, or none (''). */
const testDimension = '\u0001test';
/** The group of the files no explicit glob matches. */
const ungrouped = '\u0000';

/** One object, whatever file holds it: what makes two manifests variants of each other. */
export function identityOf(object: ManifestObject): string {
  return `${object.kind}\u0000${object.namespace}\u0000${object.name}`;
}

/** The placements of a set of files deployed together, merged: undefined when they cannot be. */
export function merge(a: Placement, b: Placement): Placement | undefined {
  let out: Map<string, readonly string[]> | undefined;
  for (const [dimension, branches] of b) {
    const mine = (out ?? a).get(dimension);
    const common = mine ? mine.filter((branch) => branches.includes(branch)) : branches;
    if (common.length === 0) return undefined;
    // A copy only where `b` narrows `a`: merging into a placement that already says as much allocates nothing.
    if (mine && common.length === mine.length) continue;
    out ??= new Map(a);
    out.set(dimension, common);
  }
  return out ?? a;
}

function segmentsOf(uri: string): string[] {
  let path = uri;
  if (uri.startsWith('file:')) {
    try {
      path = fileURLToPath(uri);
    } catch {
      // Not a local file: its URI's path is as good a tree.
    }
  }
  return path.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
}

/**
 * The children of a folder that hold one object: at each folder where the
 * holders' paths part, each child leading to a holder.
 */
function partings(paths: readonly string[][], depth = 0, folder = ''): string[] {
  const byChild = new Map<string, string[][]>();
  for (const path of paths) {
    const child = path[depth];
    if (child === undefined) continue;
    const list = byChild.get(child);
    if (list) list.push(path);
    else byChild.set(child, [path]);
  }
  const out: string[] = [];
  if (byChild.size > 1) for (const child of byChild.keys()) out.push(`${folder}/${child}`);
  for (const [child, list] of byChild) if (list.length > 1) out.push(...partings(list, depth + 1, `${folder}/${child}`));
  return out;
}

/** Whether a `folder/child` is placed by names alone: a child of an environment or test folder, or a base. */
function placedByName(prefix: string): boolean {
  const parts = prefix.split('/');
  const child = parts[parts.length - 1]!.toLowerCase();
  const folder = (parts[parts.length - 2] ?? '').toLowerCase();
  return sharedFolderNames.has(child) || environmentFolders.has(folder) || testFolders.has(folder);
}

export class ClusterMap {
  private groups: { name: string; patterns: RegExp[] }[] = [];
  private relativePath: (uri: string) => string | undefined = () => undefined;
  private readonly segments = new Map<string, string[]>();
  private readonly paths = new Map<string, string>();
  /** For each `folder/child`, how many objects it shares with another child of the folder. */
  private readonly shared = new Map<string, number>();
  private readonly placements = new Map<string, Placement>();

  /** Explicit groups (none: the automatic split), and how a file's path reads relative to its workspace folder. */
  configure(groups: ClusterGroups, relativePath: (uri: string) => string | undefined): void {
    this.groups = Object.entries(groups).map(([name, globs]) => ({ name, patterns: globs.map(globToRegExp) }));
    this.relativePath = relativePath;
    this.placements.clear();
  }

  get explicit(): boolean {
    return this.groups.length > 0;
  }

  private segmentsOf(uri: string): string[] {
    let segments = this.segments.get(uri);
    if (!segments) this.segments.set(uri, (segments = segmentsOf(uri)));
    return segments;
  }

  forget(uri: string): void {
    this.segments.delete(uri);
    this.paths.delete(uri);
    this.placements.delete(uri);
  }

  /**
   * The files holding an object changed from `before` to `after`: returns the
   * `folder/child` prefixes whose files moved (alternatives now, or no longer).
   */
  holdersChanged(before: readonly string[], after: readonly string[]): string[] {
    const wasShared = new Map<string, boolean>();
    const count = (uris: readonly string[], delta: number) => {
      if (uris.length < 2) return;
      for (const prefix of partings(uris.map((uri) => this.segmentsOf(uri)))) {
        if (!wasShared.has(prefix)) wasShared.set(prefix, this.shared.has(prefix));
        const n = (this.shared.get(prefix) ?? 0) + delta;
        if (n === 0) this.shared.delete(prefix);
        else this.shared.set(prefix, n);
      }
    };
    count(before, -1);
    count(after, +1);
    // Only where sharing decides: a child of an environment or test folder, or a base, is placed by its name.
    const moved = [...wasShared].filter(([prefix, was]) => was !== this.shared.has(prefix) && !placedByName(prefix)).map(([prefix]) => prefix);
    if (moved.length && !this.explicit) this.placements.clear();
    return this.explicit ? [] : moved;
  }

  /** Whether a file lies under a `folder/child` prefix that holdersChanged returned. */
  isUnder(uri: string, prefix: string): boolean {
    let path = this.paths.get(uri);
    if (path === undefined) this.paths.set(uri, (path = `/${this.segmentsOf(uri).join('/')}`));
    return path === prefix || path.startsWith(`${prefix}/`);
  }

  placement(uri: string): Placement {
    let placement = this.placements.get(uri);
    if (!placement) this.placements.set(uri, (placement = this.explicit ? this.grouped(uri) : this.automatic(uri)));
    return placement;
  }

  private grouped(uri: string): Placement {
    const path = this.relativePath(uri);
    const names = path === undefined ? [] : this.groups.filter((g) => g.patterns.some((p) => p.test(path))).map((g) => g.name);
    return new Map([[explicitDimension, names.length ? names : [ungrouped]]]);
  }

  private automatic(uri: string): Placement {
    const segments = this.segmentsOf(uri);
    const out = new Map<string, string[]>();
    let folder = '';
    let folderName = '';
    let testCase = '';
    for (const child of segments) {
      const name = folderName.toLowerCase();
      if (!testCase && testFolders.has(name)) testCase = `${folder}/${child}`;
      const alternative = environmentFolders.has(name) || this.shared.has(`${folder}/${child}`);
      if (alternative && !sharedFolderNames.has(child.toLowerCase())) out.set(folder, [child]);
      folder = `${folder}/${child}`;
      folderName = child;
    }
    out.set(testDimension, [testCase]);
    return out;
  }

  /** How far apart two files are in the folder tree: 0 for one file, 1 for two files of a folder, one more per folder between. */
  distance(a: string, b: string): number {
    if (a === b) return 0;
    const x = this.segmentsOf(a);
    const y = this.segmentsOf(b);
    let common = 0;
    while (common < x.length - 1 && common < y.length - 1 && x[common] === y[common]) common++;
    return 1 + (x.length - 1 - common) + (y.length - 1 - common);
  }
}
