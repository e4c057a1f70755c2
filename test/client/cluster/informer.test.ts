// The Informer keeps a live copy through list + watch, against the sandbox.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Informer, nodesSource, podsSource, type InformerState } from '../../../client/src/cluster';
import type { Node, Pod } from '../../../server/src/k8s/types';
import { deployment, eventually, node, noUnhandledRejections, suiteSandbox } from './support';

noUnhandledRejections();

describe('Informer', () => {
  const sb = suiteSandbox({ manifests: [node('n1'), node('n2'), deployment('web', 2, { onNode: 'n1', startupSeconds: 0 })] });

  it('lists, then follows changes through the watch', async () => {
    const seen: string[] = [];
    const states: InformerState[] = [];
    const life = new AbortController();
    const nodes = new Informer<Node>(sb().open(), nodesSource, {
      added: (n) => seen.push(`added ${n.metadata?.name}`),
      modified: (n, old) => seen.push(`modified ${n.metadata?.name} unschedulable ${old.spec?.unschedulable ?? false}->${n.spec?.unschedulable ?? false}`),
      state: (s) => states.push(s),
    });
    try {
      const first = await nodes.start(life.signal);
      assert.deepEqual(first.ok && first.items.map((n) => n.metadata?.name).sort(), ['n1', 'n2']);
      assert.deepEqual(seen.sort(), ['added n1', 'added n2']);
      await eventually(() => (states.includes('watching') ? true : undefined), 'the watch is live');
      const cordon = await sb().kubectl(['cordon', 'n2']);
      assert.equal(cordon.code, 0, cordon.stderr);
      await eventually(() => (seen.includes('modified n2 unschedulable false->true') ? true : undefined), 'the cordon seen through the watch');
      assert.equal(nodes.get(undefined, 'n2')?.spec?.unschedulable, true);
    } finally {
      life.abort();
    }
  });

  it("follows one node's pods and sees them deleted", async () => {
    const deleted: string[] = [];
    const life = new AbortController();
    const pods = new Informer<Pod>(sb().open(), podsSource({ nodeName: 'n1', labelSelector: 'app=web' }), { deleted: (p) => deleted.push(p.metadata!.name!) });
    try {
      const first = await pods.start(life.signal);
      assert.ok(first.ok);
      const [victim] = first.items;
      assert.equal(first.items.length, 2);
      const del = await sb().kubectl(['delete', 'pod', victim.metadata!.name!, '--grace-period=0', '--force']);
      assert.equal(del.code, 0, del.stderr);
      await eventually(() => (deleted.includes(victim.metadata!.name!) ? true : undefined), 'the deletion seen');
      assert.equal(pods.get('default', victim.metadata!.name!), undefined);
    } finally {
      life.abort();
    }
  });

  it('a first list that fails is reported, not thrown', async () => {
    const pods = new Informer<Pod>(sb().open(), podsSource({ labelSelector: 'app in (' }), {});
    const first = await pods.start(new AbortController().signal);
    assert.equal(first.ok, false);
    assert.equal(!first.ok && first.failure.kind, 'other');
  });
});
