// Reading a workspace's files: only regular files are read, and never more
// bytes than the limit, whatever stat says (a cloned repository can hold a
// `*.yaml` link to /dev/zero or a named pipe).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listManifestFiles, readManifestFile } from '../../../server/src/analysis/workspaceFiles';

describe('workspace files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-files-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const at = (name: string) => join(dir, name);
  writeFileSync(at('pod.yaml'), 'apiVersion: v1\nkind: Pod\n');
  writeFileSync(at('big.yaml'), 'x'.repeat(2000));
  writeFileSync(at('nul.yaml'), 'a: \u0000\n');
  mkdirSync(at('folder'));
  symlinkSync('/dev/zero', at('zero.yaml'));
  execFileSync('mkfifo', [at('pipe.yaml')]);
  symlinkSync(at('pipe.yaml'), at('to-pipe.yaml'));
  symlinkSync(at('folder'), at('folder.yaml'));
  symlinkSync(at('loop.yaml'), at('loop.yaml'));
  symlinkSync(at('missing'), at('dangling.yaml'));
  // /proc files are regular files that stat as empty: only counting what is read can stop them.
  symlinkSync('/proc/self/status', at('proc.yaml'));

  it('reads regular files, skips what is not one without opening it, and bounds what is read', () => {
    const read = (name: string, max = 1000) => readManifestFile(at(name), max);
    const cases: [string, ReturnType<typeof read>][] = [
      ['pod.yaml', { kind: 'text', text: 'apiVersion: v1\nkind: Pod\n' }],
      ['big.yaml', { kind: 'tooLarge', size: 2000 }],
      ['nul.yaml', { kind: 'binary' }],
      ['zero.yaml', { kind: 'notRegular', what: 'a character device' }],
      ['pipe.yaml', { kind: 'notRegular', what: 'a named pipe' }],
      ['to-pipe.yaml', { kind: 'notRegular', what: 'a named pipe' }],
      ['folder.yaml', { kind: 'notRegular', what: 'a folder' }],
      ['loop.yaml', { kind: 'unreadable', message: 'a loop of symbolic links' }],
      ['dangling.yaml', { kind: 'unreadable', message: 'no such file (or a symbolic link to nothing)' }],
    ];
    for (const [name, expected] of cases) assert.deepEqual(read(name), expected, name);
    const proc = read('proc.yaml', 100);
    assert.equal(proc.kind, 'tooLarge');
    assert.equal((proc as { size: number }).size, 101, 'stops one byte past the limit');
  });

  it('lists links to files but never follows links to folders, and tells of folders it cannot list', () => {
    const unreadable: string[] = [];
    const files = listManifestFiles(dir, [], { unreadable: (folder, reason) => unreadable.push(`${folder}: ${reason}`) });
    assert.deepEqual(
      files.map((f) => f.slice(dir.length + 1)),
      ['big.yaml', 'dangling.yaml', 'folder.yaml', 'loop.yaml', 'nul.yaml', 'pod.yaml', 'proc.yaml', 'to-pipe.yaml', 'zero.yaml'],
    );
    assert.equal(unreadable.length, 0);
    listManifestFiles(at('pod.yaml'), [], { unreadable: (folder, reason) => unreadable.push(`${folder}: ${reason}`) });
    assert.match(unreadable[0]!, /pod\.yaml: ENOTDIR/);
  });
});
