// Finding and reading the manifest files of a folder, for the language
// server's workspace scan and for `kube-eviction lint`: `.yaml`, `.yml` and
// `.json` files, minus excluded globs, with unreadable, binary and oversized
// files reported rather than read.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { globMatcher } from './glob';

export const manifestExtensions = /\.(?:ya?ml|json)$/i;

/** The manifest files (or the files whose names `accept` takes) under `root`, depth first, skipping paths that match `exclude` (relative to root). */
export function listManifestFiles(root: string, exclude: readonly string[], accept: (name: string) => boolean = (name) => manifestExtensions.test(name)): string[] {
  const excluded = globMatcher(exclude);
  const out: string[] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folders are skipped, like an editor's file search does
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (excluded(rel) || excluded(`${rel}/`)) continue;
      // Symbolic links to folders are not followed, so that a link cycle cannot trap the scan.
      if (entry.isDirectory()) visit(path);
      else if ((entry.isFile() || entry.isSymbolicLink()) && accept(entry.name)) out.push(path);
    }
  };
  visit(root);
  return out;
}

export type FileContent =
  | { kind: 'text'; text: string }
  | { kind: 'tooLarge'; size: number }
  /** NUL bytes: not a text file, so not a manifest. */
  | { kind: 'binary' }
  | { kind: 'unreadable'; message: string };

export function readManifestFile(path: string, maxFileSize: number): FileContent {
  try {
    const size = statSync(path).size;
    if (size > maxFileSize) return { kind: 'tooLarge', size };
    const bytes = readFileSync(path);
    if (bytes.subarray(0, 8000).includes(0)) return { kind: 'binary' };
    return { kind: 'text', text: bytes.toString('utf8') };
  } catch (error) {
    return { kind: 'unreadable', message: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message };
  }
}
