// The Explain documents: the API server's answer as it came, the meaning in
// the words of server/src/explain, and a drain's report.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Target } from '../../../client/src/actions/confirmation';
import { drainDocument, drainTitle, evictionDocument, evictionTitle } from '../../../client/src/actions/explainDocument';
import type { DrainReport, EvictionAnswer, EvictionOutcome } from '../../../client/src/cluster';
import { explainEviction } from '../../../client/src/cluster/explain';
import { drainOutcome } from '../../../server/src/explain/cluster';
import { budgetExhausted } from '../../../server/src/explain/eviction';
import { budgetExhaustedStatus, evictionMessages } from '../../../server/src/k8s/eviction';

const target: Target = { context: 'staging-admin', cluster: 'staging', server: 'https://k8s.example:6443' };
const at = new Date('2026-01-01T00:00:00Z');
const pod = { namespace: 'default', name: 'web-a' };

function outcome(answer: EvictionAnswer): EvictionOutcome {
  return { ...answer, pod, explanation: explainEviction(answer) };
}

describe('evictionDocument', () => {
  it('a 429: the Status verbatim, the budget numbers, then what it means and what to do', () => {
    const cause = evictionMessages.needsHealthy('web-pdb', 2, 2);
    const refused = outcome({ kind: 'blocked', code: 429, pdb: { name: 'web-pdb', disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3 }, message: evictionMessages.violatesBudget, cause, status: budgetExhaustedStatus('web-pdb', { desiredHealthy: 2, currentHealthy: 2 }) });
    assert.equal(evictionTitle(refused, false), "Eviction of pod default/web-a: 429 Too Many Requests: Cannot evict pod as it would violate the pod's disruption budget.");
    assert.equal(
      evictionDocument(target, refused, false, at),
      [
        `# ${evictionTitle(refused, false)}`,
        '',
        'Context `staging-admin`, cluster `staging` (https://k8s.example:6443), 2026-01-01T00:00:00.000Z.',
        '',
        "## The API server's answer",
        '',
        "- HTTP 429: Cannot evict pod as it would violate the pod's disruption budget.",
        '- Cause (DisruptionBudget): The disruption budget web-pdb needs 2 healthy pods and has 2 currently',
        '- PodDisruptionBudget `web-pdb`: disruptionsAllowed 0, currentHealthy 2, desiredHealthy 2, expectedPods 3',
        '',
        '## What it means',
        '',
        `**${budgetExhausted(cause).summary}**`,
        '',
        budgetExhausted(cause).details,
        '',
      ].join('\n'),
    );
  });

  it('a dry run says so; a server never reached is "what happened"', () => {
    const accepted = outcome({ kind: 'evicted', code: 201, dryRun: true, message: 'eviction accepted (server dry run)' });
    assert.match(evictionDocument(target, accepted, true, at), /^# Dry-run eviction of pod default\/web-a: 201 Created \(server dry run\): the eviction would be accepted\n\n.*\n\nA server dry run: the API server decided as for a real eviction and changed nothing\.\n\n## The API server's answer\n\n- HTTP 201: eviction accepted \(server dry run\)\n/);
    const unreachable = outcome({ kind: 'unreachable', cause: 'connectionRefused', server: target.server, message: `cannot reach the Kubernetes API server at ${target.server}: the connection was refused (nothing listens at that address and port)` });
    const text = evictionDocument(target, unreachable, false, at);
    assert.match(text, /## What happened\n\n- cannot reach the Kubernetes API server at https:\/\/k8s\.example:6443: the connection was refused/);
    assert.ok(!text.includes("The API server's answer"));
  });

  it('several budgets are named', () => {
    const conflict = outcome({ kind: 'multipleBudgets', code: 500, pdbs: ['web-pdb', 'frontend-pdb'], message: evictionMessages.multipleBudgets });
    assert.match(evictionDocument(target, conflict, false, at), /- PodDisruptionBudgets selecting the pod: `web-pdb`, `frontend-pdb`/);
  });
});

describe('drainDocument', () => {
  const report: DrainReport = {
    node: 'n1',
    result: 'timedOut',
    dryRun: 'none',
    cordoned: true,
    filterErrors: [],
    warnings: 'ignoring DaemonSet-managed Pods: default/agent',
    evicted: [{ namespace: 'default', name: 'web-a' }],
    terminating: [],
    left: [
      { pod: { namespace: 'default', name: 'web-b' }, reason: 'blocked', message: 'error when evicting pods/"web-b" -n "default": global timeout reached: 1m0s', explanation: budgetExhausted('x') },
      { pod: { namespace: 'default', name: 'web-c' }, reason: 'blocked', message: 'error when evicting pods/"web-c" -n "default": global timeout reached: 1m0s', explanation: budgetExhausted('x') },
    ],
    errors: ['error when evicting pods/"web-b" -n "default": global timeout reached: 1m0s', 'error when evicting pods/"web-c" -n "default": global timeout reached: 1m0s'],
    pendingPods: [],
    explanation: drainOutcome({ node: 'n1', result: 'timedOut', dryRun: false, evicted: 1, terminating: 0, blocked: 2, failed: 0, refusedByFilters: false, cordoned: true }),
  };
  const choices = { ignoreDaemonSets: true, deleteEmptyDirData: false, force: false, gracePeriodSeconds: -1, timeoutSeconds: 60 };

  it('says what happened, what was evicted, what is left and why (each explanation once)', () => {
    const text = drainDocument(target, report, choices, at);
    assert.equal(drainTitle(report), 'Drain of node n1: node/n1 not drained: stopped by its timeout');
    assert.match(text, /^# Drain of node n1: node\/n1 not drained: stopped by its timeout\n/);
    assert.match(text, /The same as `kubectl --context staging-admin drain n1 --ignore-daemonsets --timeout=60s`\./);
    assert.match(text, /## What happened\n\n\*\*node\/n1 not drained: stopped by its timeout\*\*\n\n1 pod evicted; 2 pods held by PodDisruptionBudgets\. .*The node stays cordoned/);
    assert.match(text, /## Warnings\n\nignoring DaemonSet-managed Pods: default\/agent/);
    assert.match(text, /## Evicted \(1\)\n\n- `default\/web-a`/);
    assert.match(text, /## Left on the node \(2\)\n\n- `default\/web-b` \(blocked\): error when evicting pods\/"web-b"/);
    assert.equal(text.split('What it means').length - 1, 1, 'the same explanation of the pods left is given once');
    assert.ok(!text.includes('## Errors'), 'errors of pods left are not repeated');
  });
});
