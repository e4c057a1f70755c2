// The live cluster's facts over stdio: the kubeEviction/liveCluster
// notification, as the VS Code client sends it, changes the published
// diagnostics, and `null` takes the change back.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { liveClusterNotification, type LiveClusterParams } from '../../../server/src/lsp/contract';
import { deployment, liveNode, pdb } from '../rules/harness';
import { TestClient } from './client';

const files: Record<string, string> = {
  'trainer.yaml': deployment('trainer', { app: 'trainer' }, 1, ['      nodeSelector: {pool: gpu}']),
  'pdb.yaml': pdb('prometheus', ['  minAvailable: 1', '  selector: {matchLabels: {app: prometheus}}']),
};

const facts: LiveClusterParams = {
  context: 'kind-live',
  nodes: [liveNode('gpu-1', { pool: 'gpu' }, ['gpu=true:NoSchedule']), liveNode('cpu-1', { pool: 'cpu' })],
  pods: [{ namespace: 'default', labels: { app: 'trainer' } }],
};

describe('language server: live cluster facts over stdio', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-live-'));
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  let client: TestClient;
  const summary = (name: string) => (client.diagnostics.get(uri(name)) ?? []).map((d) => `${d.code} ${d.severity}`);

  before(async () => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    client = new TestClient();
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
    client.connection.sendNotification('initialized', {});
    await client.until(() => summary('pdb.yaml').length === 1, 'the cold scan');
  });
  after(() => client.stop());

  it('from the workspace alone: pdb-selects-nothing is information, the pinned pod is not judged', () => {
    assert.deepEqual(summary('pdb.yaml'), ['pdb-selects-nothing 3']);
    assert.deepEqual(summary('trainer.yaml'), []);
  });

  it('with the facts: both become warnings, naming the context; related information names the live node', async () => {
    void client.connection.sendNotification(liveClusterNotification, facts);
    await client.until(() => summary('trainer.yaml').length === 1 && summary('pdb.yaml')[0] === 'pdb-selects-nothing 2', 'the live findings');
    assert.deepEqual(summary('trainer.yaml'), ['untolerated-taint 2']);
    const [taint] = client.diagnostics.get(uri('trainer.yaml'))!;
    assert.match(taint!.message as string, /^No node on context kind-live accepts the pods of Deployment trainer: untolerated taint gpu=true:NoSchedule: 1 node \(gpu-1\); nodeSelector or required node affinity not matched: 1 node \(cpu-1\)\./);
    assert.deepEqual(
      taint!.relatedInformation!.map((r) => [r.location.uri, r.message]),
      [
        [uri('trainer.yaml'), 'Node cpu-1 on context kind-live: nodeSelector or required node affinity not matched'],
        [uri('trainer.yaml'), 'Node gpu-1 on context kind-live: untolerated taint gpu=true:NoSchedule'],
      ],
    );
    assert.match(client.diagnostics.get(uri('pdb.yaml'))![0]!.message as string, /and no pod of namespace default on context kind-live matches either/);
  });

  it('facts that do not move what a rule reads publish nothing new', async () => {
    const before = { pdb: client.publishes.get(uri('pdb.yaml')), trainer: client.publishes.get(uri('trainer.yaml')) };
    // Another pod of namespace default: the PDB's findings may move, the nodes did not.
    void client.connection.sendNotification(liveClusterNotification, { ...facts!, pods: [...facts!.pods, { namespace: 'default', labels: { app: 'prometheus' } }] });
    await client.until(() => summary('pdb.yaml').length === 0, 'a matching live pod to clear the PDB finding');
    assert.equal(client.publishes.get(uri('trainer.yaml')), before.trainer);
    assert.ok(client.publishes.get(uri('pdb.yaml'))! > before.pdb!);
  });

  it('a rule that runs again and finds the same publishes nothing', async () => {
    const before = client.publishes.get(uri('trainer.yaml'));
    const [gpu, cpu] = facts.nodes;
    // A label no selector reads: untolerated-taint runs again on trainer and finds what it found.
    void client.connection.sendNotification(liveClusterNotification, { ...facts, nodes: [gpu!, { ...cpu!, labels: { ...cpu!.labels, zone: 'a' } }] });
    // Then a change that does show, so the first one has been handled when it arrives.
    void client.connection.sendNotification(liveClusterNotification, { ...facts, nodes: [gpu!, { ...cpu!, labels: { ...cpu!.labels, zone: 'a' } }], pods: [] });
    await client.until(() => summary('pdb.yaml')[0] === 'pdb-selects-nothing 3', 'the second notification');
    assert.equal(client.publishes.get(uri('trainer.yaml')), before);
    assert.deepEqual(summary('trainer.yaml'), ['untolerated-taint 2']);
  });

  it('null (or something that is not facts) takes the cluster away', async () => {
    void client.connection.sendNotification(liveClusterNotification, { context: 'kind-live', nodes: 'garbage' });
    await client.until(() => summary('trainer.yaml').length === 0 && summary('pdb.yaml')[0] === 'pdb-selects-nothing 3', 'the workspace-only findings');
    void client.connection.sendNotification(liveClusterNotification, facts);
    await client.until(() => summary('trainer.yaml').length === 1, 'the live findings again');
    void client.connection.sendNotification(liveClusterNotification, null);
    await client.until(() => summary('trainer.yaml').length === 0 && summary('pdb.yaml')[0] === 'pdb-selects-nothing 3', 'the workspace-only findings');
  });
});
