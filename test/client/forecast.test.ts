// What an eviction would answer now, from the live objects and the core's
// decision: what a pod's tooltip and details say.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evictionForecast } from '../../client/src/forecast';
import type { Pod } from '../../server/src/k8s/types';
import { pdb, pod } from './explorer/fixtures';

const now = Date.parse('2026-01-01T00:00:00Z');
const web = pdb('web-pdb', 'web', {});

describe('evictionForecast', () => {
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
    it(c.name, () => assert.deepEqual(evictionForecast(undefined, c.pod, c.budgets, now), { code: c.code, text: c.text }));
  }

});
