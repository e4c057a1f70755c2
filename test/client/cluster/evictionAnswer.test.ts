// The classification of eviction answers, fed with the exact Status bodies
// the core builds for the API server (the sandbox sends these same bodies;
// the sandbox tests in evict.test.ts produce them for real).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetExhaustedStatus, evictionMessages, multipleBudgetsStatus, stillProcessingStatus } from '../../../server/src/k8s/eviction';
import * as status from '../../../server/src/k8s/status';
import type { PodDisruptionBudget, Status } from '../../../server/src/k8s/types';
import { classifyEvictionAnswer } from '../../../client/src/cluster/evictionAnswer';

const server = 'https://127.0.0.1:6443';
const answer = (s: Status, headers: Record<string, string> = {}) => ({ code: s.code, status: s, headers });

const pdb = (name: string, s: Partial<NonNullable<PodDisruptionBudget['status']>> = {}): PodDisruptionBudget => ({
  metadata: { name, namespace: 'default' },
  status: { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, ...s },
});

describe('classifyEvictionAnswer', () => {
  it('429 budget exhausted: blocked, with the cause numbers and the listed budget allowance', () => {
    const s = budgetExhaustedStatus('web-pdb', { desiredHealthy: 2, currentHealthy: 2 });
    const a = classifyEvictionAnswer(answer(s), server, [pdb('web-pdb', { expectedPods: 4 })]);
    assert.deepEqual(a, {
      status: s,
      kind: 'blocked',
      code: 429,
      pdb: { name: 'web-pdb', disruptionsAllowed: 0, expectedPods: 4, desiredHealthy: 2, currentHealthy: 2 },
      message: evictionMessages.violatesBudget,
      cause: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently',
    });
  });

  it('429 budget exhausted without a listing: the numbers of the cause only', () => {
    const a = classifyEvictionAnswer(answer(budgetExhaustedStatus('web-pdb', { desiredHealthy: 3, currentHealthy: 1 })), server);
    assert.equal(a.kind, 'blocked');
    assert.deepEqual(a.kind === 'blocked' && a.pdb, { name: 'web-pdb', desiredHealthy: 3, currentHealthy: 1 });
  });

  it('429 still being processed: Retry-After from the header', () => {
    const a = classifyEvictionAnswer(answer(stillProcessingStatus('web-pdb'), { 'retry-after': '10' }), server);
    assert.equal(a.kind, 'stillProcessing');
    assert.equal(a.kind === 'stillProcessing' && a.retryAfterSeconds, 10);
    assert.equal(a.kind === 'stillProcessing' && a.pdb.name, 'web-pdb');
  });

  it('429 without a budget cause is throttling', () => {
    const s = status.tooManyRequests('Too many requests, please try again later.', 3);
    const a = classifyEvictionAnswer(answer(s), server);
    assert.deepEqual(a, { kind: 'throttled', code: 429, retryAfterSeconds: 3, message: 'Too many requests, please try again later.', status: s });
  });

  it('500 several budgets: names them from the listing', () => {
    const a = classifyEvictionAnswer(answer(multipleBudgetsStatus()), server, [pdb('a-pdb'), pdb('b-pdb')]);
    assert.deepEqual(a, { kind: 'multipleBudgets', code: 500, pdbs: ['a-pdb', 'b-pdb'], message: evictionMessages.multipleBudgets, status: multipleBudgetsStatus() });
  });

  it('any other 500 is not a budget answer', () => {
    const a = classifyEvictionAnswer(answer(status.internalError('etcd is sad')), server);
    assert.equal(a.kind, 'other');
  });

  it('404, 403, 401', () => {
    assert.equal(classifyEvictionAnswer(answer(status.notFound('pods', '', 'ghost')), server).kind, 'notFound');
    const forbidden = classifyEvictionAnswer(answer(status.forbidden('poddisruptionbudget', 'policy', 'web-pdb', evictionMessages.negativeAllowed)), server);
    assert.equal(forbidden.kind, 'forbidden');
    assert.equal(forbidden.message, 'poddisruptionbudget.policy "web-pdb" is forbidden: pdb disruptions allowed is negative');
    const unauthorized = classifyEvictionAnswer({ code: 401, headers: {} }, server);
    assert.equal(unauthorized.kind, 'unauthorized');
    assert.match(unauthorized.message, /127\.0\.0\.1:6443 rejected the credentials/);
  });
});
