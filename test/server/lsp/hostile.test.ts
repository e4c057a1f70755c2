// The language server on a hostile or odd workspace, over stdio: a `*.yaml`
// link to /dev/zero and to a named pipe, a link loop, a link to a folder, a
// workload of 2147483647 replicas, a taint without key. It skips what is not
// a file, analyses the rest and keeps answering; an open document obeys
// kubeEviction.maxFileSize as a file on disk does.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { deployment, pdb, yaml } from '../rules/harness';
import { TestClient } from './client';

describe('language server on a hostile workspace (over stdio)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-hostile-'));
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  let client: TestClient;

  before(async () => {
    writeFileSync(join(dir, 'web.yaml'), deployment('web', { app: 'web' }, 2147483647));
    writeFileSync(join(dir, 'pdb.yaml'), pdb('web-pdb', ['  minAvailable: "100%"', '  selector: {matchLabels: {app: web}}']));
    writeFileSync(
      join(dir, 'nodes.yaml'),
      [
        yaml('apiVersion: v1', 'kind: Node', 'metadata: {name: n1, labels: {pool: a}}', 'spec:', '  taints: [{effect: NoSchedule}]'),
        deployment('pinned', { app: 'pinned' }, 1, ['      nodeSelector: {pool: a}']),
      ].join('---\n'),
    );
    mkdirSync(join(dir, 'sub'));
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync(join(dir, 'fifo'), join(dir, 'pipe.yaml'));
    symlinkSync(join(dir, 'loop.yaml'), join(dir, 'loop.yaml'));
    symlinkSync(join(dir, 'sub'), join(dir, 'sub.yaml'));
    client = new TestClient();
    client.configuration = { kubeEviction: { maxFileSize: 4096 }, 'files.exclude': {} };
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true } },
    });
    client.connection.sendNotification('initialized', {});
  });
  after(() => client.stop());

  it('analyses the files and skips the device, the pipe, the loop and the folder', async () => {
    await client.until(() => client.codes(uri('pdb.yaml')).includes('pdb-blocks-eviction') && client.codes(uri('nodes.yaml')).length === 3, 'the scan');
    assert.match(client.diagnostics.get(uri('pdb.yaml'))![0]!.message as string, /expectedPods 2147483647, desiredHealthy 2147483647, disruptionsAllowed 0/);
    assert.deepEqual(client.codes(uri('nodes.yaml')), ['toleration-invalid', 'toleration-invalid', 'untolerated-taint']);
    for (const name of ['zero.yaml', 'pipe.yaml', 'loop.yaml', 'sub.yaml']) assert.deepEqual(client.codes(uri(name)), [], name);
  });

  it('keeps answering hovers', async () => {
    for (let i = 0; i < 5; i++) {
      const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri('pdb.yaml') }, position: { line: 6, character: 4 } });
      assert.match((hover!.contents as { value: string }).value, /Selects: Deployment web \(2147483647 replicas\)\.[\s\S]*expectedPods 2147483647, desiredHealthy 2147483647, currentHealthy 2147483647, disruptionsAllowed 0\./);
    }
  });

  it('an open document over kubeEviction.maxFileSize is not analysed, as on disk', async () => {
    const big = `${pdb('big', ['  maxUnavailable: 1'], 'policy/v1beta1')}${'# padding\n'.repeat(500)}`;
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('open.yaml'), languageId: 'yaml', version: 1, text: big } });
    await client.until(() => client.codes(uri('open.yaml')).length > 0, 'the open document');
    assert.deepEqual(client.codes(uri('open.yaml')), ['file-too-large']);
    assert.equal(client.diagnostics.get(uri('open.yaml'))![0]!.message as string, `Not analysed: this file is ${(Buffer.byteLength(big) / 1024).toFixed(1)} KB, over kubeEviction.maxFileSize (4.0 KB).`);
    const small = pdb('big', ['  maxUnavailable: 1'], 'policy/v1beta1');
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('open.yaml'), version: 2 }, contentChanges: [{ text: small }] });
    await client.until(() => client.codes(uri('open.yaml')).includes('deprecated-api'), 'the document, small again, analysed');
  });
});
