// Finding and reading the manifest files of a folder, for the language
// server's workspace scan and for `kube-eviction lint`: `.yaml`, `.yml` and
// `.json` files, minus excluded globs, with unreadable, binary, oversized and
// non-regular files (a link to /dev/zero, a named pipe, a folder) reported
// rather than read.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { globMatcher } from './glob';

export const manifestExtensions = /\.(?:ya?ml|json)$/i;

/**
 * The manifest files (or the files whose names `accept` takes) under `root`,
 * depth first, skipping paths that match `exclude` (relative to root). A
 * folder that cannot be listed is skipped and told to `unreadable` with the reason.
 */
export function listManifestFiles(
  root: string,
  exclude: readonly string[],
  { unreadable = () => {}, accept = (name) => manifestExtensions.test(name) }: { unreadable?: (folder: string, reason: string) => void; accept?: (name: string) => boolean } = {},
): string[] {
  const excluded = globMatcher(exclude);
  const out: string[] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      unreadable(dir, errorReason(error));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (excluded(rel) || excluded(`${rel}/`)) continue;
      // Symbolic links to folders are not followed, so that a link cycle cannot trap the scan;
      // a `*.yaml` link is listed and readRegularFile tells what it points at.
      if (entry.isDirectory()) visit(path);
      else if ((entry.isFile() || entry.isSymbolicLink()) && accept(entry.name)) out.push(path);
    }
  };
  visit(root);
  return out;
}

/** Why a file or folder could not be read, in words. */
export function errorReason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file (or a symbolic link to nothing)';
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function whatIs(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

export type RegularFileContent =
  | { kind: 'bytes'; bytes: Buffer }
  /** Over the limit: `size` is what stat says, or at least what was read. */
  | { kind: 'tooLarge'; size: number }
  /** A folder, device, named pipe or socket (a link's target included): never opened for reading. */
  | { kind: 'notRegular'; what: string }
  | { kind: 'unreadable'; message: string };

const chunkBytes = 64 * 1024;

/**
 * A regular file's bytes, at most `maxBytes` of them. Anything else is not
 * read: a device such as /dev/zero never ends and a named pipe blocks until
 * a writer comes. The limit holds on the bytes actually read, not on the size
 * stat reports (which is 0 for /proc files and may change while reading).
 */
export function readRegularFile(path: string, maxBytes: number): RegularFileContent {
  let fd: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { kind: 'notRegular', what: whatIs(stat) };
    if (stat.size > maxBytes) return { kind: 'tooLarge', size: stat.size };
    // Non-blocking: if the path became a named pipe since stat, opening it must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { kind: 'unreadable', message: errorReason(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: 'notRegular', what: whatIs(stat) };
    const chunks: Buffer[] = [];
    let total = 0;
    // The size stat reports and one byte more, at once: most files take one call.
    for (let size = Math.min(stat.size + 1, maxBytes + 1); ; size = Math.min(chunkBytes, maxBytes + 1 - total)) {
      const chunk = Buffer.allocUnsafe(size);
      const n = readSync(fd, chunk, 0, size, null);
      if (n === 0) break;
      chunks.push(n === size ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { kind: 'tooLarge', size: Math.max(stat.size, total) };
      // A short read that ends where stat said the file ends is its end.
      if (n < size && total === stat.size) break;
    }
    return { kind: 'bytes', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (error) {
    return { kind: 'unreadable', message: errorReason(error) };
  } finally {
    closeSync(fd);
  }
}

export type FileContent =
  | { kind: 'text'; text: string }
  /** NUL bytes: not a text file, so not a manifest. */
  | { kind: 'binary' }
  | Exclude<RegularFileContent, { kind: 'bytes' }>;

export function readManifestFile(path: string, maxFileSize: number): FileContent {
  const content = readRegularFile(path, maxFileSize);
  if (content.kind !== 'bytes') return content;
  if (content.bytes.subarray(0, 8000).includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: content.bytes.toString('utf8') };
}
