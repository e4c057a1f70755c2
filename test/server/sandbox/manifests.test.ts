import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readManifests } from '../../../server/src/sandbox/manifests';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'manifests-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const node = (name: string) => `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${name}\n`;

test('a folder: YAML multi-doc, JSON and List files in name order, Lists whole; other files ignored', () => {
  const dir = folder({
    'b.yaml': `${node('n2')}---\n${node('n3')}---\n`,
    'a.json': JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }),
    'c.yml': `apiVersion: v1\nkind: List\nitems:\n- ${node('n4').replace(/\n(?=.)/g, '\n  ')}`,
    'README.md': 'not a manifest',
    '.hidden.yaml': node('hidden'),
  });
  const r = readManifests(dir);
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.manifests.map((m) => m.object.kind), ['Node', 'Node', 'Node', 'List']);
  assert.deepEqual(r.manifests.slice(0, 3).map((m) => m.object.metadata?.name), ['n1', 'n2', 'n3']);
  assert.equal(r.manifests[1].origin, `${join(dir, 'b.yaml')} (document 1)`);
  assert.equal(r.manifests[3].origin, join(dir, 'c.yml'));
});

test('a YAML syntax error names the file, line and column', () => {
  const dir = folder({ 'bad.yaml': 'apiVersion: v1\nkind: Node\nmetadata: {name: [\n' });
  const r = readManifests(join(dir, 'bad.yaml'));
  assert.ok(!r.ok);
  assert.match(r.error, new RegExp(`^${join(dir, 'bad.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
});

test('a document that is not an object, or lacks kind, is an error naming it', () => {
  const dir = folder({ 'x.yaml': `${node('n1')}---\njust a string\n` });
  const r = readManifests(join(dir, 'x.yaml'));
  assert.deepEqual(r, { ok: false, error: `${join(dir, 'x.yaml')} (document 2): not a Kubernetes object (apiVersion and kind are required)` });
});

test('an alias bomb is refused', () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) lines.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
  const dir = folder({ 'bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata:\n  ${lines.join('\n  ')}\n` });
  const r = readManifests(join(dir, 'bomb.yaml'));
  assert.ok(!r.ok);
  assert.match(r.error, /alias/i);
});

test('a missing path and an empty folder are clear errors', () => {
  assert.deepEqual(readManifests('/nonexistent/scenario'), { ok: false, error: '/nonexistent/scenario: no such file or folder' });
  const dir = folder({ 'notes.txt': 'x' });
  assert.deepEqual(readManifests(dir), { ok: false, error: `${dir}: no manifests (*.yaml, *.yml, *.json) in this folder` });
});
