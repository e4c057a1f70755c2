// Every class of eviction answer gets its text from server/src/explain, the
// source the hovers and the CLI use.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainEviction } from '../../../client/src/cluster/explain';
import type { EvictionAnswer } from '../../../client/src/cluster/evictionAnswer';
import * as texts from '../../../server/src/explain/eviction';
import { evictionMessages } from '../../../server/src/k8s/eviction';

const cause = evictionMessages.needsHealthy('web-pdb', 2, 2);

describe('explainEviction', () => {
  it('takes each answer class to its text', () => {
    const cases: [EvictionAnswer, texts.ResponseExplanation][] = [
      [{ kind: 'evicted', code: 201, dryRun: false, message: 'eviction accepted' }, texts.evicted],
      [{ kind: 'blocked', code: 429, pdb: { name: 'web-pdb' }, message: evictionMessages.violatesBudget, cause }, texts.budgetExhausted(cause)],
      [{ kind: 'stillProcessing', code: 429, pdb: { name: 'web-pdb' }, retryAfterSeconds: 10, message: evictionMessages.violatesBudget, cause: evictionMessages.stillProcessing('web-pdb') }, texts.stillProcessing],
      [{ kind: 'multipleBudgets', code: 500, pdbs: ['a', 'b'], message: evictionMessages.multipleBudgets }, texts.multipleBudgets],
      [{ kind: 'notFound', message: 'pods "ghost" not found' }, texts.podNotFound],
    ];
    for (const [answer, expected] of cases) assert.deepEqual(explainEviction(answer), expected, answer.kind);
  });

  it('a 429 names the budget and its numbers, as the API server worded them', () => {
    const e = explainEviction({ kind: 'blocked', code: 429, pdb: { name: 'web-pdb' }, message: evictionMessages.violatesBudget, cause });
    assert.match(e.details, /^The disruption budget web-pdb needs 2 healthy pods and has 2 currently\. /);
  });

  it('a server dry run says that nothing changed', () => {
    assert.match(explainEviction({ kind: 'evicted', code: 201, dryRun: true, message: 'eviction accepted (server dry run)' }).summary, /^201 Created: evicted \(server dry run: nothing was changed\)$/);
  });

  it('403 keeps the server message; failures without an answer about the pod are their message alone', () => {
    const forbidden = explainEviction({ kind: 'forbidden', message: 'pods "web-a" is forbidden: User "u" cannot create resource "pods/eviction"' });
    assert.equal(forbidden.summary, '403 Forbidden: pods "web-a" is forbidden: User "u" cannot create resource "pods/eviction"');
    assert.equal(forbidden.details, texts.forbidden.details);
    const unreachable = explainEviction({ kind: 'unreachable', cause: 'connectionRefused', server: 'https://x', message: 'cannot reach the Kubernetes API server at https://x' });
    assert.deepEqual(unreachable, { summary: 'cannot reach the Kubernetes API server at https://x', details: '' });
  });
});
