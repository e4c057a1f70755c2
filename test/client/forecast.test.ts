// Forecasts from live objects, with the core's eviction decision and drain
// filters: what a confirmation and a pod's tooltip say will happen.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forecastDrain, forecastEviction, forecastEvictions } from '../../client/src/forecast';
import { defaultDrainFilterOptions } from '../../server/src/k8s/drain';
import type { Pod } from '../../server/src/k8s/types';
import { pdb, pod } from './explorer/fixtures';

const now = Date.parse('2026-01-01T00:00:00Z');
const web = pdb('web-pdb', 'web', {});

describe('forecastEviction', () => {
  const cases: { name: string; pod: Pod; budgets: ReturnType<typeof pdb>[]; code: number; text: string }[] = [
    { name: 'no budget', pod: pod('batch', 'n1', { app: 'batch' }), budgets: [web], code: 201, text: 'No PodDisruptionBudget selects the pod: the API server should accept (201).' },
    {
      name: 'a budget that allows one',
      pod: pod('web-a', 'n1', { app: 'web' }),
      budgets: [web],
      code: 201,
      text: 'web-pdb (minAvailable 2; 3 healthy, 2 desired) allows 1 disruption now: the API server should accept (201), leaving 0 until a replacement is Ready.',
    },
    {
      name: 'a budget that allows none',
      pod: pod('web-a', 'n1', { app: 'web' }),
      budgets: [pdb('web-pdb', 'web', { disruptionsAllowed: 0, currentHealthy: 2 })],
      code: 429,
      text: 'web-pdb (minAvailable 2; 2 healthy, 2 desired) allows no disruption now: the API server should refuse (429): The disruption budget web-pdb needs 2 healthy pods and has 2 currently.',
    },
    {
      name: 'two budgets',
      pod: pod('web-a', 'n1', { app: 'web' }),
      budgets: [web, pdb('other', 'web', {})],
      code: 500,
      text: 'web-pdb and other all select the pod: the API server should refuse (500): This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    },
    {
      name: 'a budget whose spec is not processed yet',
      pod: pod('web-a', 'n1', { app: 'web' }),
      budgets: [{ ...web, metadata: { ...web.metadata, generation: 2 } }],
      code: 429,
      text: 'web-pdb (minAvailable 2; 3 healthy, 2 desired) changed, and the disruption controller has not caught up yet: the API server should refuse (429): The disruption budget web-pdb is still being processed by the server.',
    },
    {
      name: 'an unready pod the budget can spare',
      pod: pod('web-a', 'n1', { app: 'web' }, { ready: false }),
      budgets: [pdb('web-pdb', 'web', { disruptionsAllowed: 0, currentHealthy: 2 })],
      code: 201,
      text: 'The pod is not Ready and web-pdb (minAvailable 2; 2 healthy, 2 desired) can spare it: the API server should accept (201) without using a disruption.',
    },
    {
      name: 'a terminating pod',
      pod: pod('web-a', 'n1', { app: 'web' }, { terminating: true }),
      budgets: [pdb('web-pdb', 'web', { disruptionsAllowed: 0 })],
      code: 201,
      text: 'The pod is Pending, finished or already terminating, so no PodDisruptionBudget is consulted: the API server should accept (201).',
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(forecastEviction(c.pod, c.budgets, now), { code: c.code, text: c.text }));
  }

  it('a pod that does not exist (the view\'s watch holds none of that name)', () => {
    assert.deepEqual(forecastEviction(undefined, [web], now, 'postgres-0'), { code: 404, text: 'The pod does not exist: the API server should answer 404 (pods "postgres-0" not found).' });
  });
});

describe('forecastEvictions', () => {
  it('pods chosen together, across budgets: each spends its own budget in turn', () => {
    const other = pdb('api-pdb', 'api', { disruptionsAllowed: 1 });
    const f = forecastEvictions([pod('web-a', 'n1', { app: 'web' }), pod('api-a', 'n2', { app: 'api' }), pod('web-b', 'n2', { app: 'web' }), pod('api-b', 'n1', { app: 'api' })], () => [web, other], now);
    assert.deepEqual(f.map((e) => [e.pod.metadata?.name, e.forecast.code]), [['web-a', 201], ['api-a', 201], ['web-b', 429], ['api-b', 429]]);
  });
});

describe('forecastDrain', () => {
  const bare: Pod = { ...pod('bare', 'n1', { app: 'bare' }), metadata: { name: 'bare', namespace: 'default', uid: 'bare' } };
  const daemon: Pod = { ...pod('agent', 'n1', { app: 'agent' }), metadata: { name: 'agent', namespace: 'default', uid: 'agent', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds', controller: true }] } };

  it('spends a budget\'s allowance pod by pod, as the API server would', () => {
    const f = forecastDrain([pod('web-a', 'n1', { app: 'web' }), pod('web-b', 'n1', { app: 'web' }), pod('batch', 'n1', { app: 'batch' })], () => [web], defaultDrainFilterOptions, now);
    assert.deepEqual(f.evictions.map((e) => [e.pod.metadata?.name, e.forecast.code]), [['web-a', 201], ['web-b', 429], ['batch', 201]]);
    assert.match(f.evictions[1]!.forecast.text, /web-pdb \(minAvailable 2; 3 healthy, 2 desired\) allows no disruption now/);
    assert.deepEqual(f.errors, []);
  });

  it('kubectl\'s filters: errors stop the drain, ignored DaemonSet pods are left alone', () => {
    const strict = forecastDrain([bare, daemon], () => [], defaultDrainFilterOptions, now);
    assert.deepEqual(strict.errors, [
      'cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare',
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/agent',
    ]);
    assert.deepEqual(strict.evictions, []);
    const lenient = forecastDrain([bare, daemon], () => [], { ...defaultDrainFilterOptions, force: true, ignoreAllDaemonSets: true }, now);
    assert.deepEqual(lenient.errors, []);
    assert.deepEqual(lenient.evictions.map((e) => e.pod.metadata?.name), ['bare']);
    assert.deepEqual(lenient.skipped.map((s) => [s.pod.metadata?.name, s.reason]), [['agent', 'ignoring DaemonSet-managed Pods']]);
  });
});
