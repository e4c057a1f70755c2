import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { overlayFiles } from '../kustomize/overlayFixture';
import { pdb } from '../rules/harness';
import { TestClient } from './client';

/** The kubectl on PATH (installed by .ci/run), behind a script that notes each run, so that a test can tell whether any ran. */
function recordingKubectl(dir: string): { path: string; log: string } {
  const real = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'kubectl')).find((p) => existsSync(p));
  assert.ok(real, 'kubectl is on PATH');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const log = join(dir, 'kubectl.log');
  writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(bin, 'kubectl'), 0o755);
  return { path: `${bin}${delimiter}${process.env.PATH}`, log };
}

describe('language server: Kustomize overlays (kubeEviction.kustomize.renderOverlays)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-overlays-'));
  const uri = (name: string) => pathToFileURL(join(dir, 'ws', name)).href;
  const kubectl = recordingKubectl(dir);
  let client: TestClient;

  before(async () => {
    for (const [name, text] of Object.entries(overlayFiles)) {
      mkdirSync(join(dir, 'ws', name, '..'), { recursive: true });
      writeFileSync(join(dir, 'ws', name), text);
    }
    client = new TestClient({ ...process.env, PATH: kubectl.path });
    client.configuration = { kubeEviction: { kustomize: { renderOverlays: true } }, 'files.exclude': {} };
    // No initializationOptions: a client that does not say the workspace is trusted.
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      workspaceFolders: [{ uri: pathToFileURL(join(dir, 'ws')).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    client.connection.sendNotification('initialized', {});
  });
  after(() => client.stop());

  it('in an untrusted workspace nothing is run: every file is analysed as it is', async () => {
    await client.until(() => client.codes(uri('overlays/prod/pdb-patch.yaml')).includes('pdb-selects-nothing') && client.codes(uri('base/pdb.yaml')).includes('pdb-conflict'), 'the plain analysis');
    // The overlays would have been rendered right after the scan.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(existsSync(kubectl.log), false, 'kubectl ran');
    assert.deepEqual(client.codes(uri('overlays/prod/pdb-patch.yaml')), ['pdb-selects-nothing']);
  });

  it('once trusted, each overlay is rendered and its findings are on its files', async () => {
    client.connection.sendNotification('kubeEviction/workspaceTrust', { workspaceTrusted: true });
    await client.until(() => client.codes(uri('overlays/prod/pdb-patch.yaml')).includes('pdb-blocks-eviction') && client.codes(uri('overlays/broken/kustomization.yaml')).length > 0, 'the rendered overlays');
    assert.deepEqual(
      readFileSync(kubectl.log, 'utf8').trim().split('\n').map((line) => line.split(' ')[0]),
      ['kustomize', 'kustomize', 'kustomize', 'kustomize', 'kustomize'],
      'one kubectl kustomize per overlay (broken, prod, quiet, scaled, staging), never the base',
    );
    const codes = Object.fromEntries(Object.keys(overlayFiles).map((name) => [name, client.codes(uri(name))]));
    assert.deepEqual(codes, {
      'base/kustomization.yaml': [],
      'base/deployment.yaml': ['pdb-conflict'],
      'base/pdb.yaml': ['pdb-conflict'],
      'overlays/prod/kustomization.yaml': [],
      'overlays/prod/pdb-patch.yaml': ['pdb-blocks-eviction'],
      'overlays/scaled/kustomization.yaml': [],
      'overlays/scaled/replicas.yaml': [],
      'overlays/scaled/budget.json': ['pdb-blocks-eviction'],
      'overlays/staging/kustomization.yaml': [],
      'overlays/staging/extra-pdb.yaml': ['pdb-conflict'],
      'overlays/quiet/kustomization.yaml': [],
      'overlays/quiet/pdb-patch.yaml': [],
      'overlays/broken/kustomization.yaml': ['kustomize'],
    });
    const [blocked] = client.diagnostics.get(uri('overlays/prod/pdb-patch.yaml'))!;
    assert.deepEqual(blocked!.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 14 } });
    assert.match(String(blocked!.message), /^disruptionsAllowed is always 0 \(minAvailable 3 of 3 pods\)/);
    assert.deepEqual(blocked!.relatedInformation!.map((r) => [r.location.uri, r.message]), [
      [uri('base/deployment.yaml'), 'selected: Deployment prod-web, 3 replicas'],
      [uri('overlays/prod/kustomization.yaml'), 'in the overlay overlays/prod as kubectl kustomize renders it'],
    ]);
    assert.match(String(client.diagnostics.get(uri('overlays/broken/kustomization.yaml'))![0]!.message), /kubectl kustomize .*overlays\/broken failed:\n.*missing\.yaml/s);
  });

  it('a patch changed on disk renders its overlay again', async () => {
    writeFileSync(join(dir, 'ws', 'overlays/prod/pdb-patch.yaml'), overlayFiles['overlays/prod/pdb-patch.yaml']!.replace('minAvailable: 3', 'minAvailable: 1'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('overlays/prod/pdb-patch.yaml'), type: 2 }] });
    await client.until(() => client.codes(uri('overlays/prod/pdb-patch.yaml')).length === 0, 'the finding to go');
  });

  it('a new overlay is found when its kustomization file appears', async () => {
    writeFileSync(join(dir, 'ws', 'overlays/prod/kustomization.yaml'), overlayFiles['overlays/prod/kustomization.yaml']!);
    mkdirSync(join(dir, 'ws', 'overlays/tight'));
    writeFileSync(join(dir, 'ws', 'overlays/tight/kustomization.yaml'), 'resources:\n- ../../base\npatches:\n- path: patch.yaml\n');
    writeFileSync(join(dir, 'ws', 'overlays/tight/patch.yaml'), pdb('web-pdb', ['  maxUnavailable: 0']));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('overlays/tight/kustomization.yaml'), type: 1 }, { uri: uri('overlays/tight/patch.yaml'), type: 1 }] });
    await client.until(() => client.codes(uri('overlays/tight/patch.yaml')).includes('pdb-invalid'), 'the new overlay');
    assert.deepEqual(client.codes(uri('overlays/tight/patch.yaml')), ['pdb-invalid']);
  });

  it('turned off: the files are analysed as they are again', async () => {
    client.configuration = { kubeEviction: {}, 'files.exclude': {} };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.until(() => client.codes(uri('overlays/prod/pdb-patch.yaml')).includes('pdb-selects-nothing') && client.codes(uri('overlays/broken/kustomization.yaml')).length === 0, 'the plain analysis again');
  });
});

describe('language server: .kube-eviction.yaml under the editor\'s settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-settings-'));
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  let client: TestClient;

  before(async () => {
    writeFileSync(join(dir, '.kube-eviction.yaml'), 'kubernetesVersion: 1.24\nrules:\n  pdb-selects-nothing: off\n  deprecated-api: information\ncolour: blue\n');
    writeFileSync(join(dir, 'old.yaml'), pdb('old', ['  maxUnavailable: 1'], 'policy/v1beta1'));
    client = new TestClient();
    client.configuration = { kubeEviction: { rules: { 'deprecated-api': 'error' } }, 'files.exclude': {} };
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    client.connection.sendNotification('initialized', {});
  });
  after(() => client.stop());

  it('the file\'s rules apply, a rule set in the editor wins, and its unknown key is shown on it', async () => {
    await client.until(() => client.codes(uri('old.yaml')).length > 0 && client.codes(uri('.kube-eviction.yaml')).length > 0, 'the scan');
    assert.deepEqual(client.diagnostics.get(uri('old.yaml'))!.map((d) => `${d.code} ${d.severity}`), ['deprecated-api 1']);
    const [problem] = client.diagnostics.get(uri('.kube-eviction.yaml'))!;
    assert.deepEqual([problem!.code, problem!.range.start, problem!.message], ['settings', { line: 4, character: 0 }, 'unknown setting "colour"; the settings are kubernetesVersion, rules, exclude, maxFileSize, clusters (ignored)']);
  });

  it('a change to the file is read again', async () => {
    writeFileSync(join(dir, '.kube-eviction.yaml'), 'kubernetesVersion: "1.24"\n');
    client.configuration = { kubeEviction: {}, 'files.exclude': {} };
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.kube-eviction.yaml'), type: 2 }] });
    await client.until(() => client.codes(uri('.kube-eviction.yaml')).length === 0 && client.codes(uri('old.yaml')).includes('pdb-selects-nothing'), 'the new settings');
    assert.equal(client.diagnostics.get(uri('old.yaml'))!.find((d) => d.code === 'deprecated-api')!.severity, 2, 'a warning at 1.24');
  });
});
