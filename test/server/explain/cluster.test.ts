import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drainOutcome, multipleBudgetsNamed, throttled, unreachable } from '../../../server/src/explain/cluster';
import { multipleBudgets } from '../../../server/src/explain/eviction';

describe('explanations of cluster failures and drains', () => {
  it('names the budgets of a 500, and falls back to the general text without names', () => {
    assert.match(multipleBudgetsNamed(['a-pdb', 'b-pdb']).details, /^The pod is selected by `a-pdb` and `b-pdb`\. More than one PDB/);
    assert.equal(multipleBudgetsNamed([]), multipleBudgets);
  });

  it('tells throttling apart from a budget', () => {
    assert.equal(throttled(3).summary, '429 Too Many Requests, Retry-After: 3: the API server is limiting requests');
    assert.match(throttled().details, /^No PodDisruptionBudget refused this eviction/);
  });

  it('says which way a server is unreachable', () => {
    assert.match(unreachable('https://x:6443', 'tlsUnknownAuthority').details, /not signed by the certificate authority/);
    assert.match(unreachable('https://x:6443', 'connectionRefused').details, /^Nothing accepts connections/);
    assert.equal(unreachable('https://x:6443', 'something new').details, unreachable('https://x:6443', 'network').details);
  });

  it('sums up a drain', () => {
    const base = { node: 'n1', dryRun: false, evicted: 3, terminating: 0, blocked: 0, failed: 0, refusedByFilters: false, cordoned: true };
    assert.deepEqual(drainOutcome({ ...base, result: 'drained' }), {
      summary: 'node/n1 drained',
      details: '3 pods evicted; every PodDisruptionBudget was respected. The node stays cordoned: no new pods are placed on it until it is uncordoned.',
    });
    const held = drainOutcome({ ...base, result: 'timedOut', evicted: 1, blocked: 2, failed: 1 });
    assert.equal(held.summary, 'node/n1 not drained: stopped by its timeout');
    assert.match(held.details, /^1 pod evicted; 2 pods held by PodDisruptionBudgets, 1 pod failed\. A held pod can be evicted once/);
    // Accepted evictions of pods still terminating count as evicted, and say so.
    assert.match(drainOutcome({ ...base, result: 'cancelled', evicted: 0, terminating: 1, blocked: 1 }).details, /^1 pod evicted \(1 still terminating\); 1 pod held by PodDisruptionBudgets\./);
    assert.match(drainOutcome({ ...base, result: 'drained', evicted: 2, terminating: 1 }).details, /^3 pods evicted \(1 still terminating\); every PodDisruptionBudget was respected\./);
    assert.match(drainOutcome({ ...base, result: 'failed', refusedByFilters: true, evicted: 0 }).details, /--ignore-daemonsets.*Nothing was evicted/);
    assert.equal(drainOutcome({ ...base, result: 'drained', dryRun: true, cordoned: false }).details, '3 pods would be evicted; nothing was changed.');
    assert.match(drainOutcome({ ...base, result: 'drained', cordoned: false }).details, /respected\. The node could not be cordoned \(kubectl drain goes on all the same\): new pods can still be placed on it\.$/);
  });
});
