// Cordon and uncordon against the sandbox, as kubectl does them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cordonNode, setUnschedulable, uncordonNode } from '../../../client/src/cluster';
import { node, noUnhandledRejections, suiteSandbox } from './support';

noUnhandledRejections();

describe('cordon and uncordon', () => {
  const sb = suiteSandbox({ manifests: [node('node-1'), node('node-2')] }, async () => undefined);

  it('cordons with a strategic-merge patch, then says it already is', async () => {
    const cluster = sb().open();
    const first = await cordonNode(cluster, 'node-1');
    assert.equal(first.kind, 'done');
    assert.equal(first.kind === 'done' && first.changed, true);
    assert.equal((await sb().node('node-1')).spec?.unschedulable, true);
    const again = await cordonNode(cluster, 'node-1');
    assert.equal(again.kind === 'done' && again.changed, false);
  });

  it('uncordons by removing the field (null in the patch)', async () => {
    const cluster = sb().open();
    const outcome = await uncordonNode(cluster, 'node-1');
    assert.equal(outcome.kind === 'done' && outcome.changed, true);
    assert.equal((await sb().node('node-1')).spec?.unschedulable, undefined);
    const again = await uncordonNode(cluster, 'node-1');
    assert.equal(again.kind === 'done' && again.changed, false);
  });

  it('dry runs change nothing: client sends no patch, server checks it', async () => {
    const requests: string[] = [];
    const cluster = sb().open({ onRequest: (r) => requests.push(`${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`) });
    const client = await setUnschedulable(cluster, 'node-2', true, { dryRun: 'client' });
    assert.equal(client.kind === 'done' && client.changed, true);
    assert.deepEqual(requests, ['GET /api/v1/nodes/node-2']);
    const server = await setUnschedulable(cluster, 'node-2', true, { dryRun: 'server' });
    assert.equal(server.kind === 'done' && server.changed, true);
    assert.deepEqual(requests.slice(1), ['GET /api/v1/nodes/node-2', 'PATCH /api/v1/nodes/node-2?dryRun=All']);
    assert.equal((await sb().node('node-2')).spec?.unschedulable, undefined);
  });

  it('a node that does not exist', async () => {
    const outcome = await cordonNode(sb().open(), 'node-9');
    assert.equal(outcome.kind, 'notFound');
    assert.equal(outcome.kind === 'notFound' && outcome.message, 'nodes "node-9" not found');
  });
});
