// List paging (limit, continue) as the API server pages a list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../server/src/k8s/types';
import { listPage } from '../../../server/src/sandbox/paging';

const pod = (namespace: string, name: string): KubeObject => ({ metadata: { namespace, name } });
const all = [pod('a', 'p1'), pod('a', 'p2'), pod('b', 'p1'), pod('b', 'p2'), pod('c', 'p1')];
const q = (params: Record<string, string>) => new URLSearchParams(params);
const names = (items: KubeObject[]) => items.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`);

test('pages of `limit` items in key order, each naming where the next starts; later pages keep the first resourceVersion', () => {
  const first = listPage(all, q({ limit: '2' }), '10', false);
  assert.ok(first.ok);
  assert.deepEqual([names(first.page.items), first.page.resourceVersion, first.page.remainingItemCount], [['a/p1', 'a/p2'], '10', 3]);
  assert.deepEqual(JSON.parse(Buffer.from(first.page.continue!, 'base64url').toString()), { v: 'meta.k8s.io/v1', rv: 10, start: 'a/p2\u0000' });
  const second = listPage(all, q({ limit: '2', continue: first.page.continue! }), '15', false);
  assert.ok(second.ok);
  assert.deepEqual([names(second.page.items), second.page.resourceVersion, second.page.remainingItemCount], [['b/p1', 'b/p2'], '10', 1]);
  const last = listPage(all, q({ limit: '2', continue: second.page.continue! }), '16', false);
  assert.ok(last.ok);
  assert.deepEqual([names(last.page.items), last.page.continue, last.page.remainingItemCount], [['c/p1'], undefined, undefined]);
});

test('no limit, limit 0, a list at resourceVersion=0 (the watch cache) or a last page: everything, no token', () => {
  for (const params of [{}, { limit: '0' }, { limit: '2', resourceVersion: '0' }, { limit: '5' }] as Record<string, string>[]) {
    const r = listPage(all, q(params), '10', false);
    assert.ok(r.ok);
    assert.deepEqual([r.page.items.length, r.page.continue], [5, undefined], JSON.stringify(params));
  }
});

test('a selector chose the items: no remainingItemCount', () => {
  const r = listPage(all, q({ limit: '1' }), '10', true);
  assert.ok(r.ok);
  assert.equal(r.page.remainingItemCount, undefined);
  assert.ok(r.page.continue);
});

test('a token that is not one: 400', () => {
  for (const token of ['%%%', Buffer.from('{"v":"other","rv":1,"start":"a"}').toString('base64url')]) {
    const r = listPage(all, q({ limit: '1', continue: token }), '10', false);
    assert.ok(!r.ok);
    assert.equal(r.status.code, 400);
    assert.match(r.status.message ?? '', /^continue key is not valid: /);
  }
});
