import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CodeLens, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { deployment, pdb, yaml } from '../rules/harness';
import { TestClient } from './client';

const files: Record<string, string> = {
  'web.yaml': deployment('web', { app: 'web' }, 3),
  'pdbs.yaml': [pdb('a', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}']), pdb('b', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}'])].join('---\n'),
  'old.yaml': pdb('old', ['  minAvailable: 2', '  selector: {matchLabels: {app: db}}'], 'policy/v1beta1'),
  'db.yaml': yaml('apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: db}', 'spec:', '  replicas: 3', '  selector: {matchLabels: {app: db}}', '  template: {metadata: {labels: {app: db}}, spec: {containers: []}}'),
  'evict.yaml': yaml('apiVersion: policy/v1', 'kind: Eviction', 'metadata:', '  name: db-1', '  namespace: default'),
  'nested/node_modules/skip.yaml': pdb('skipped', ['  maxUnavailable: 1'], 'policy/v1beta1'),
};

describe('language server over stdio', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-lsp-'));
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  let client: TestClient;

  before(async () => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    client = new TestClient();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    client.connection.sendNotification('initialized', {});
  });
  after(() => client.stop());

  it('scans the workspace and publishes findings of closed files, cross-file', async () => {
    await client.until(() => client.codes(uri('web.yaml')).includes('pdb-conflict') && client.codes(uri('old.yaml')).includes('deprecated-api'), 'the cold scan');
    assert.deepEqual(client.codes(uri('pdbs.yaml')), ['pdb-conflict', 'pdb-conflict']);
    const conflict = client.diagnostics.get(uri('web.yaml'))![0]!;
    assert.equal(conflict.severity, 1);
    assert.equal(conflict.source, 'kube-eviction');
    assert.deepEqual(conflict.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line]), [
      [uri('pdbs.yaml'), 7],
      [uri('pdbs.yaml'), 16],
    ]);
    assert.equal(client.diagnostics.get(uri('nested/node_modules/skip.yaml')), undefined, 'excluded by default');
  });

  it('hovers: policy/v1beta1 lifecycle, PDB numbers, and the predicted eviction answer', async () => {
    const hover = (name: string, line: number, character: number) =>
      client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri(name) }, position: { line, character } });
    const lifecycle = await hover('old.yaml', 0, 16);
    assert.match((lifecycle!.contents as { value: string }).value, /^\*\*policy\/v1beta1 PodDisruptionBudget\*\*: introduced in Kubernetes 1\.5, deprecated in 1\.21, not served from Kubernetes 1\.25\. Kubernetes 1\.32 does not serve it\.\n\nThe API server warns: "policy\/v1beta1 PodDisruptionBudget is deprecated in v1\.21\+, unavailable in v1\.25\+; use policy\/v1 PodDisruptionBudget"\.\n\nUse policy\/v1 /);
    const minAvailable = (await hover('old.yaml', 6, 4))!.contents as { value: string };
    assert.match(minAvailable.value, /^\*\*minAvailable\*\*: how many selected pods must stay Ready/);
    assert.match(minAvailable.value, /Selects: StatefulSet db \(3 replicas\)\./);
    assert.match(minAvailable.value, /expectedPods 3, desiredHealthy 2, currentHealthy 3, disruptionsAllowed 1\./);
    const eviction = (await hover('evict.yaml', 1, 7))!.contents as { value: string };
    assert.ok(eviction.value.startsWith('**old (minAvailable 2; 3 healthy, 2 desired) allows 1 disruption now: the API server should accept (201), leaving 0 until a replacement is Ready.**'), eviction.value);
    assert.match(eviction.value, /429 Too Many Requests, Retry-After: 10/);
    assert.match(eviction.value, /500 Internal Server Error: This pod has more than one PodDisruptionBudget/);
  });

  it('edits: didOpen and didChange re-analyse, and findings in other files follow', async () => {
    const text = files['pdbs.yaml']!;
    const document = TextDocument.create(uri('pdbs.yaml'), 'yaml', 1, text);
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: document.uri, languageId: 'yaml', version: 1, text } });
    const line = text.split('\n').findIndex((l, i) => i > 9 && l.includes('app: web'));
    const start = text.split('\n')[line]!.indexOf('web');
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: document.uri, version: 2 },
      contentChanges: [{ range: { start: { line, character: start }, end: { line, character: start + 3 } }, text: 'api' }],
    });
    await client.until(() => client.codes(uri('web.yaml')).length === 0, 'the conflict to clear in web.yaml');
    assert.deepEqual(client.codes(uri('pdbs.yaml')), ['pdb-selects-nothing']);
  });

  it('code actions: the quick fix edit, applied, clears the finding', async () => {
    const text = files['old.yaml']!;
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('old.yaml'), languageId: 'yaml', version: 1, text } });
    const diagnostic = client.diagnostics.get(uri('old.yaml'))!.find((d) => d.code === 'deprecated-api')!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('old.yaml') },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.deepEqual(actions.map((a) => a.title), ['Move to policy/v1', 'Disable deprecated-api for this line']);
    assert.equal(actions[0]!.isPreferred, true);
    const edits = actions[0]!.edit!.changes![uri('old.yaml')] as TextEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri('old.yaml'), 'yaml', 1, text), edits);
    assert.equal(fixed, text.replace('policy/v1beta1', 'policy/v1'));
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('old.yaml'), version: 2 }, contentChanges: [{ text: fixed }] });
    await client.until(() => !client.codes(uri('old.yaml')).includes('deprecated-api'), 'deprecated-api to clear');
  });

  it('code lenses: Evict and Dry run on each Eviction, with the pod and deleteOptions it names', async () => {
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri('evict.yaml') } });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]), [
      [1, 'Evict', 'kubeEviction.evictPod', [{ name: 'db-1', namespace: 'default' }]],
      [1, 'Dry run', 'kubeEviction.evictPodDryRun', [{ name: 'db-1', namespace: 'default' }]],
    ]);
    const dryRunOnly = yaml('apiVersion: policy/v1', 'kind: Eviction', 'metadata: {name: db-2}', 'deleteOptions: {dryRun: [All], gracePeriodSeconds: 5}');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('lens.yaml'), languageId: 'yaml', version: 1, text: `${files['web.yaml']}---\n${dryRunOnly}` } });
    const only = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri('lens.yaml') } });
    assert.deepEqual(only.map((l) => [l.command?.title, l.command?.arguments]), [['Dry run', [{ name: 'db-2', gracePeriodSeconds: 5 }]]]);
    assert.equal(only[0]!.range.start.line, files['web.yaml']!.split('\n').length + 1, 'on the kind line of the second document');
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('lens.yaml') } });
  });

  it('code lenses: an Eviction the API server would refuse offers neither Evict nor Dry run, and says why', async () => {
    const invalid = yaml('apiVersion: policy/v1', 'kind: Eviction', 'metadata: {name: db-1, namespace: default}', 'deleteOptions: {dryRun: ["true"]}');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('refused.yaml'), languageId: 'yaml', version: 1, text: invalid } });
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri('refused.yaml') } });
    assert.deepEqual(lenses.map((l) => [l.command?.title, l.command?.command]), [['Not offered: the API server would refuse this Eviction (422), see Problems', '']]);
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('refused.yaml') } });
  });

  it('settings: re-analyses with the new target version when the configuration changes', async () => {
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('old.yaml') } });
    await client.until(() => client.diagnostics.get(uri('old.yaml'))?.find((d) => d.code === 'deprecated-api')?.severity === 1, 'the file on disk to be read again');
    client.configuration = { kubeEviction: { kubernetesVersion: '1.24', rules: { 'pdb-selects-nothing': 'off' } }, 'files.exclude': {} };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.until(() => client.diagnostics.get(uri('old.yaml'))?.[0]?.severity === 2, 'deprecated-api to become a warning');
    assert.deepEqual(client.codes(uri('old.yaml')), ['deprecated-api']);
    client.configuration = { kubeEviction: { kubernetesVersion: 'latest' }, 'files.exclude': {} };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.until(() => client.warnings.length > 0, 'a warning about the bad setting');
    assert.match(client.warnings[0]!, /kubeEviction\.kubernetesVersion: "latest" is not a version like "1\.32"; using 1\.32/);
  });

  it('follows files created and deleted on disk', async () => {
    writeFileSync(join(dir, 'new.yaml'), pdb('new', ['  maxUnavailable: 1'], 'policy/v1beta1'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('new.yaml'), type: 1 }] });
    await client.until(() => client.codes(uri('new.yaml')).includes('deprecated-api'), 'the new file');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('new.yaml'), type: 3 }] });
    await client.until(() => client.codes(uri('new.yaml')).length === 0, 'the deleted file to clear');
  });
});

/** A folder of manifest files, and the URI of each. */
function folder(contents: Record<string, string>): { dir: string; uri: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-lsp-'));
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return { dir, uri: (name: string) => pathToFileURL(join(dir, name)).href };
}

describe('language server: YAML errors where the fast reader does not look', () => {
  const broken = `${deployment('web', { app: 'web' }, 3)}        env: [{name: A, value: x}\n`;
  const ws = folder({
    'broken.yaml': broken,
    'pdb.yaml': pdb('web-pdb', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}']),
    'fine.yaml': deployment('db', { app: 'db' }, 1),
  });
  let client: TestClient;

  before(async () => {
    client = new TestClient();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      workspaceFolders: [{ uri: pathToFileURL(ws.dir).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
    });
    client.connection.sendNotification('initialized', {});
  });
  after(() => client.stop());

  it('files read from disk: found by the background pass, which reports its progress', async () => {
    await client.until(() => client.progress.some((p) => p.value.kind === 'end'), 'the background pass to end');
    assert.deepEqual(client.codes(ws.uri('broken.yaml')), ['parse-error']);
    assert.match(client.diagnostics.get(ws.uri('broken.yaml'))![0]!.message as string, /^This document is not valid YAML, so it is not analysed: .* end with a \]$/);
    assert.equal(client.diagnostics.get(ws.uri('broken.yaml'))![0]!.range.start.line, 17);
    assert.deepEqual(client.codes(ws.uri('pdb.yaml')), ['pdb-selects-nothing'], 'the broken Deployment is not analysed');
    assert.equal(client.progressTokens.length, 1);
    const kinds = client.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.ok(client.progress.every((p) => p.token === client.progressTokens[0]));
    assert.equal(client.progress[0]!.value.title, 'kube-eviction: checking YAML syntax');
    assert.equal(client.progress[0]!.value.message, '0/3 files');
  });

  it('open documents: each edit is read completely', async () => {
    const uri = ws.uri('fine.yaml');
    const text = deployment('db', { app: 'db' }, 1);
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const lines = text.split('\n').length - 1;
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, text: '        args: [*flags]\n' }],
    });
    await client.until(() => client.codes(uri).includes('parse-error'), 'the parse error of the edit');
    assert.match(client.diagnostics.get(uri)![0]!.message as string, /Unresolved alias \(the anchor must be set before the alias\): flags$/);
    assert.equal(client.progress.filter((p) => p.value.kind === 'begin').length, 1, 'no background pass for an edit');
  });
});

describe('language server: workspace folders added and removed', () => {
  const a = folder({
    'web.yaml': deployment('web', { app: 'web' }, 3),
    'a-pdb.yaml': pdb('a', ['  maxUnavailable: 1', '  selector: {matchLabels: {app: web}}']),
  });
  const b = folder({
    'b-pdb.yaml': pdb('b', ['  maxUnavailable: 1', '  selector: {matchLabels: {app: web}}']),
    'old.yaml': pdb('old', ['  maxUnavailable: 1', '  selector: {matchLabels: {app: web}}'], 'policy/v1beta1', 'legacy'),
  });
  const folderOf = (f: { dir: string }, name: string) => ({ uri: pathToFileURL(f.dir).href, name });
  let client: TestClient;
  let capabilities: { workspace?: { workspaceFolders?: { supported?: boolean; changeNotifications?: boolean } } };

  before(async () => {
    client = new TestClient();
    ({ capabilities } = await client.connection.sendRequest<{ capabilities: typeof capabilities }>('initialize', {
      processId: process.pid,
      workspaceFolders: [folderOf(a, 'a')],
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    }));
    client.connection.sendNotification('initialized', {});
    await client.until(() => client.publishes.has(a.uri('web.yaml')), 'the scan of folder a');
  });
  after(() => client.stop());

  it('asks for folder change notifications', () => {
    assert.deepEqual(capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
  });

  it('an added folder is scanned, alone, and its files relate to the others', async () => {
    assert.deepEqual(client.codes(a.uri('web.yaml')), []);
    const scans = client.logs.length;
    client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folderOf(b, 'b')], removed: [] } });
    await client.until(() => client.codes(a.uri('web.yaml')).includes('pdb-conflict') && client.publishes.has(b.uri('old.yaml')), 'the conflict across folders');
    assert.deepEqual(client.codes(b.uri('b-pdb.yaml')), ['pdb-conflict']);
    assert.deepEqual(client.codes(a.uri('a-pdb.yaml')), ['pdb-conflict']);
    assert.deepEqual(client.codes(b.uri('old.yaml')), ['deprecated-api', 'pdb-selects-nothing']);
    assert.deepEqual(
      client.logs.slice(scans).filter((l) => l.includes('analysed')).map((l) => l.replace(/ in \d+ ms$/, '')),
      ['kube-eviction: analysed 2 files'],
    );
  });

  it('a removed folder: its files are forgotten and cleared, except those open in the editor until they close', async () => {
    const open = a.uri('a-pdb.yaml');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: open, languageId: 'yaml', version: 1, text: pdb('a', ['  maxUnavailable: 1', '  selector: {matchLabels: {app: web}}']) } });
    client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folderOf(a, 'a')] } });
    await client.until(
      () => client.codes(b.uri('b-pdb.yaml')).includes('pdb-selects-nothing') && client.codes(open).includes('pdb-selects-nothing') && client.diagnostics.get(a.uri('web.yaml'))?.length === 0,
      'the conflict to go with folder a',
    );
    assert.deepEqual(client.codes(open), ['pdb-selects-nothing'], 'the open file is still analysed');
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: open } });
    await client.until(() => client.diagnostics.get(open)?.length === 0, 'the closed file outside the folders to clear');
    assert.deepEqual(client.codes(b.uri('old.yaml')), ['deprecated-api', 'pdb-selects-nothing']);
  });
});

describe('language server: kubeEviction.clusters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-lsp-clusters-'));
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  const app = (name: string, budget: string) => [deployment(name, { app: 'web' }, 3), pdb(budget, ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}'])].join('---\n');
  let client: TestClient;

  before(async () => {
    for (const [name, text] of Object.entries({ 'prod/app.yaml': app('web-prod', 'pdb-prod'), 'staging/app.yaml': app('web-staging', 'pdb-staging') })) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    client = new TestClient();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    client.connection.sendNotification('initialized', {});
  });
  after(() => client.stop());

  it('globs relative to the workspace folder split it into clusters; a bad entry is reported and left out', async () => {
    await client.until(() => client.codes(uri('prod/app.yaml')).includes('pdb-conflict'), 'one cluster, as the files alone tell');
    client.configuration = { kubeEviction: { clusters: { prod: 'prod/**', staging: ['staging/**'], broken: 3 } }, 'files.exclude': {} };
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.until(() => client.codes(uri('prod/app.yaml')).length === 0 && client.codes(uri('staging/app.yaml')).length === 0, 'each folder its own cluster');
    await client.until(() => client.warnings.length > 0, 'a warning about the bad entry');
    assert.match(client.warnings[0]!, /^kube-eviction: kubeEviction\.clusters\.broken: 3 is not a glob or a list of globs; this cluster is left out$/);
  });
});
