// Watches: every change as an event, in resourceVersion order, resumable
// from a recent resourceVersion, 410 Gone when the history no longer has it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WatchEvent } from '../../../server/src/sim/api';
import { SimCluster } from '../../../server/src/sim/cluster';
import type { Node, Pod } from '../../../server/src/k8s/types';
import { apply, bare, cluster, failed, node, ok } from './helpers';

test('a watch sees every change of its resource and namespace, in order, with increasing resourceVersions', () => {
  const c = cluster([node('n1')]);
  const events: WatchEvent[] = [];
  const stop = ok(c.watch('pods', 'default', undefined, (e) => events.push(e)));
  const others: WatchEvent[] = [];
  ok(c.watch('pods', 'kube-system', undefined, (e) => others.push(e)));
  apply(c, bare('p'));
  c.advance(5000);
  ok(c.delete('pods', 'default', 'p', { gracePeriodSeconds: 0 }));
  stop();
  apply(c, bare('q'));
  const types = events.map((e) => e.type);
  assert.equal(types[0], 'ADDED');
  assert.equal(types[types.length - 1], 'DELETED');
  assert.ok(types.slice(1, -1).every((t) => t === 'MODIFIED'), types.join(','));
  const rvs = events.map((e) => Number(e.object.metadata?.resourceVersion));
  assert.deepEqual(rvs, [...rvs].sort((a, b) => a - b));
  assert.ok(new Set(rvs).size === rvs.length);
  // Bound, then Pending, Running and Ready as the kubelet reports them.
  const phases = events.map((e) => `${(e.object as Pod).spec?.nodeName ?? '-'}/${(e.object as Pod).status?.phase}`);
  assert.deepEqual(phases.slice(0, 2), ['-/Pending', 'n1/Pending']);
  assert.ok(phases.includes('n1/Running'));
  assert.ok(events.every((e) => e.object.metadata?.name !== 'q'), 'stopped');
  assert.equal(others.length, 0, 'another namespace');
});

test('a watch resumes from a resourceVersion, replaying what came after it', () => {
  const c = cluster([node('n1')]);
  const rv = c.resourceVersion();
  apply(c, bare('p'));
  ok(c.create('nodes', undefined, node('n2')));
  const replayed: WatchEvent[] = [];
  ok(c.watch('nodes', undefined, rv, (e) => replayed.push(e)));
  assert.equal(replayed[0].type, 'ADDED');
  assert.equal(replayed[0].object.metadata?.name, 'n2');
  assert.ok(replayed.every((e) => Number(e.object.metadata?.resourceVersion) > Number(rv)));
  const now = c.resourceVersion();
  const fromNow: WatchEvent[] = [];
  ok(c.watch('nodes', undefined, now, (e) => fromNow.push(e)));
  assert.equal(fromNow.length, 0);
});

test('too old is 410 Expired; ahead of the store is 504; not a number is 400', () => {
  const c = new SimCluster({ historyLimit: 5 });
  for (let i = 0; i < 10; i++) ok(c.create('namespaces', undefined, { metadata: { name: `ns-${i}` } }));
  const gone = failed(c.watch('namespaces', undefined, '2', () => undefined));
  assert.deepEqual([gone.code, gone.reason], [410, 'Expired']);
  assert.match(gone.message ?? '', /^too old resource version: 2 \(\d+\)$/);
  const ahead = failed(c.watch('namespaces', undefined, '999999', () => undefined));
  assert.deepEqual([ahead.code, ahead.reason, ahead.details?.causes?.[0].reason], [504, 'Timeout', 'ResourceVersionTooLarge']);
  assert.equal(failed(c.watch('namespaces', undefined, 'abc', () => undefined)).code, 400);
  const recent = String(Number(c.resourceVersion()) - 2);
  assert.ok(c.watch('namespaces', undefined, recent, () => undefined).ok, 'recent enough');
});

test('a client that writes from inside a watch callback does not reorder anyone’s events', () => {
  const c = cluster([node('n1')]);
  const seen: number[] = [];
  let once = false;
  ok(
    c.watch('nodes', undefined, undefined, (e) => {
      if (once) return;
      once = true;
      const n = e.object as Node;
      ok(c.update('nodes', undefined, 'n1', { ...structuredClone(n), metadata: { ...structuredClone(n.metadata), labels: { ...n.metadata?.labels, touched: 'yes' }, resourceVersion: undefined } }));
    }),
  );
  ok(c.watch('nodes', undefined, undefined, (e) => seen.push(Number(e.object.metadata?.resourceVersion))));
  const n = ok(c.get('nodes', undefined, 'n1')) as Node;
  ok(c.update('nodes', undefined, 'n1', { ...n, spec: { ...n.spec, unschedulable: true } } as Node));
  assert.ok(seen.length >= 2);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
});

test('a listener that throws is dropped, and the store carries on', () => {
  const c = cluster([node('n1')]);
  let calls = 0;
  ok(
    c.watch('pods', undefined, undefined, () => {
      calls++;
      throw new Error('broken client');
    }),
  );
  apply(c, bare('p'));
  c.advance(5000);
  assert.equal(calls, 1);
  assert.ok(ok(c.get('pods', 'default', 'p')));
});
