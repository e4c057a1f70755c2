import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canIgnorePDB, checkEvictionRequest, decideForBudgets, evictionMessages, mergeDryRun, parseDisruptionBudgetCause, predictEviction } from '../../../server/src/k8s/eviction';
import { pdb, pod } from './fixtures';

const now = Date.parse('2026-01-01T00:00:00Z');
const webPdb = (status: Parameters<typeof pdb>[2], spec: Parameters<typeof pdb>[1] = { minAvailable: 2 }, o?: Parameters<typeof pdb>[3]) =>
  pdb('web-pdb', { selector: { matchLabels: { app: 'web' } }, ...spec }, status, o);

describe('eviction decisions (spec §1, §8)', () => {
  test('case 1: allowed decrements, records the pod, and flips the condition at 0', () => {
    const d = decideForBudgets(pod('web-a'), [webPdb({ disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 })], false, now);
    assert.equal(d.kind, 'allowed');
    if (d.kind !== 'allowed') return;
    assert.equal(d.status.disruptionsAllowed, 0);
    assert.deepEqual(d.status.disruptedPods, { 'web-a': '2026-01-01T00:00:00Z' });
    const cond = d.status.conditions?.find((c) => c.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.status, cond?.reason], ['False', 'InsufficientPods']);
  });

  test('case 2: budget exhausted is a 429 without Retry-After, with the classic cause', () => {
    const p = predictEviction('web-a', pod('web-a'), [webPdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3 })], now);
    assert.equal(p.code, 429);
    if (p.code !== 429) return;
    assert.deepEqual(p.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently' }] },
      code: 429,
    });
  });

  test('case 3: not yet processed is a 429 with retryAfterSeconds 10', () => {
    const p = predictEviction('web-a', pod('web-a'), [webPdb({ disruptionsAllowed: 5, observedGeneration: 1 }, undefined, { generation: 2 })], now);
    assert.equal(p.code, 429);
    if (p.code !== 429) return;
    assert.equal(p.status.details?.retryAfterSeconds, 10);
    assert.deepEqual(p.status.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb is still being processed by the server.' }]);
  });

  test('case 4: two budgets give a 500 with no reason', () => {
    const other = pdb('web-pdb-2', { selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, maxUnavailable: 1 }, { disruptionsAllowed: 3 });
    const p = predictEviction('web-a', pod('web-a'), [webPdb({ disruptionsAllowed: 1 }), other], now);
    assert.equal(p.code, 500);
    if (p.code !== 500) return;
    assert.equal(p.status.reason, undefined);
    assert.equal(p.status.message, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    assert.deepEqual(p.pdbs?.map((x) => x.metadata?.name), ['web-pdb', 'web-pdb-2']);
  });

  test('case 5: a missing pod is a 404', () => {
    const p = predictEviction('ghost', undefined, [], now);
    assert.equal(p.code, 404);
    if (p.code === 404) assert.equal(p.status.message, 'pods "ghost" not found');
  });

  test('cases 6 and 7: terminal, pending and terminating pods skip the budget', () => {
    for (const p of [pod('a', { phase: 'Succeeded' }), pod('b', { phase: 'Failed' }), pod('c', { phase: 'Pending' }), pod('d', { deleting: '2026-01-01T00:00:30Z' })]) {
      assert.equal(canIgnorePDB(p), true);
      assert.deepEqual(predictEviction('x', p, [webPdb({ disruptionsAllowed: 0 })], now), { code: 201, why: 'skipsBudget' });
    }
    assert.equal(canIgnorePDB(pod('e')), false);
  });

  test('case 8: an unready pod is evicted without decrement when the budget is healthy', () => {
    const d = decideForBudgets(pod('web-a', { ready: false }), [webPdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 })], false, now);
    assert.equal(d.kind, 'unhealthyPodAllowed');
  });

  test('case 9: an unready pod with too few healthy is refused, unless AlwaysAllow', () => {
    const p = predictEviction('web-a', pod('web-a', { ready: false }), [webPdb({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 })], now);
    assert.equal(p.code, 429);
    if (p.code === 429) assert.equal(p.status.details?.causes?.[0].message, 'The disruption budget web-pdb needs 2 healthy pods and has 1 currently');
    const always = webPdb({ disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 }, { minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    assert.equal(decideForBudgets(pod('web-a', { ready: false }), [always], false, now).kind, 'unhealthyPodAllowed');
  });

  test('an unready pod with desiredHealthy 0 goes to checkAndDecrement', () => {
    assert.equal(decideForBudgets(pod('web-a', { ready: false }), [webPdb({ disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 0 })], false, now).kind, 'refused');
  });

  test('case 10: a PDB with neither field says needs 0 and has 3', () => {
    const p = predictEviction('web-a', pod('web-a'), [webPdb({ expectedPods: 0, desiredHealthy: 0, currentHealthy: 3, disruptionsAllowed: 0 }, {})], now);
    assert.equal(p.code, 429);
    if (p.code === 429) assert.equal(p.status.details?.causes?.[0].message, 'The disruption budget web-pdb needs 0 healthy pods and has 3 currently');
  });

  test('case 11: dry run decrements nothing durable; mismatched dry-run options are a plain 500', () => {
    const d = decideForBudgets(pod('web-a'), [webPdb({ disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2 })], true, now);
    assert.equal(d.kind, 'allowed');
    if (d.kind === 'allowed') assert.equal(d.status.disruptedPods, undefined);
    const m = mergeDryRun(['All'], { dryRun: ['X'] });
    assert.equal(m.ok, false);
    if (!m.ok) assert.deepEqual([m.status.code, m.status.reason, m.status.message], [500, undefined, 'Non-matching dry-run options in request and content: [All] and [X]']);
    assert.deepEqual(mergeDryRun(['All'], undefined), { ok: true, options: { dryRun: ['All'] } });
    assert.deepEqual(mergeDryRun(['All'], { gracePeriodSeconds: 5 }), { ok: true, options: { gracePeriodSeconds: 5, dryRun: ['All'] } });
    assert.deepEqual(mergeDryRun([], { dryRun: ['All'] }), { ok: true, options: { dryRun: ['All'] } });
  });

  test('case 12: name and namespace mismatches are 400s', () => {
    assert.equal(checkEvictionRequest('default', 'web-a', { metadata: { name: 'web-b' } })?.message, 'name in URL does not match name in Eviction object');
    assert.equal(checkEvictionRequest('default', 'web-a', { metadata: { namespace: 'other', name: 'web-a' } })?.message, 'the namespace of the provided object does not match the namespace sent on the request');
    assert.equal(checkEvictionRequest('default', 'web-a', { apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name: 'web-a' } }), undefined);
    assert.equal(checkEvictionRequest('default', 'web-a', { metadata: { name: 'web-a' } }), undefined, 'python sends no apiVersion or kind');
    assert.equal(checkEvictionRequest('default', 'web-a', { apiVersion: 'policy/v2', metadata: { name: 'web-a' } })?.code, 400);
  });

  test('case 13: {} covers an unlabelled pod, null covers nothing', () => {
    const bare = pod('bare', { labels: {} });
    assert.equal(predictEviction('bare', bare, [pdb('all', { selector: {} }, { disruptionsAllowed: 0 })], now).code, 429);
    assert.deepEqual(predictEviction('bare', bare, [pdb('none', { selector: null }, { disruptionsAllowed: 0 })], now), { code: 201, why: 'noBudget' });
  });

  test('negative allowance and an oversized disruptedPods map are 403s', () => {
    const neg = predictEviction('web-a', pod('web-a'), [webPdb({ disruptionsAllowed: -1 })], now);
    assert.equal(neg.code, 403);
    if (neg.code === 403) {
      assert.equal(neg.status.message, 'poddisruptionbudget.policy "web-pdb" is forbidden: pdb disruptions allowed is negative');
      assert.deepEqual(neg.status.details, { name: 'web-pdb', group: 'policy', kind: 'poddisruptionbudget' });
    }
    const many = Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`p${i}`, new Date(now).toISOString()]));
    const big = predictEviction('web-a', pod('web-a'), [webPdb({ disruptionsAllowed: 3, disruptedPods: many })], now);
    assert.equal(big.code, 403);
  });
});

describe('parseDisruptionBudgetCause reads the causes the core writes', () => {
  test('reads back every wording', () => {
    assert.deepEqual(parseDisruptionBudgetCause(evictionMessages.needsHealthy('web-pdb', 2, 3)), { pdb: 'web-pdb', stillProcessing: false, desiredHealthy: 2, currentHealthy: 3 });
    assert.deepEqual(parseDisruptionBudgetCause(evictionMessages.stillProcessing('web-pdb')), { pdb: 'web-pdb', stillProcessing: true });
    assert.deepEqual(parseDisruptionBudgetCause('The disruption budget db-pdb does not allow evicting pods currently'), { pdb: 'db-pdb', stillProcessing: false });
    assert.deepEqual(parseDisruptionBudgetCause('The disruption budget db-pdb does not allow evicting pods currently because it failed sync: x'), { pdb: 'db-pdb', stillProcessing: false });
    assert.equal(parseDisruptionBudgetCause('something else'), undefined);
  });
});
