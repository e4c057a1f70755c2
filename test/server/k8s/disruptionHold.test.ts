// whyNoDisruption: a budget and its namespace's pods in, the causes out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maxPodCauses, whyNoDisruption, type HoldCause } from '../../../server/src/k8s/disruptionHold';
import { explainHold, holdSummary } from '../../../server/src/explain/plan';
import type { Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import { pdb, pod } from './fixtures';

const fitError = '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable.';

/** A replacement the scheduler placed nowhere. */
function unschedulable(name: string): Pod {
  const p = pod(name);
  delete p.spec!.nodeName;
  p.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: fitError, lastTransitionTime: '2026-01-01T00:00:05Z' }] };
  return p;
}

function starting(name: string): Pod {
  const p = pod(name, { nodeName: 'n3' });
  p.status = { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ContainerCreating' } } }] };
  return p;
}

function notReady(name: string): Pod {
  const p = pod(name, { nodeName: 'n2' });
  p.status!.conditions = [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: '2026-01-01T00:00:00Z' }];
  return p;
}

const web = { selector: { matchLabels: { app: 'web' } } };

const cases: { name: string; pdb: PodDisruptionBudget; pods: Pod[]; needed: number; causes: HoldCause[]; summary: string }[] = [
  {
    name: 'the walkthrough: the last replacement fits nowhere, the one leaving no longer counts',
    pdb: pdb('web-pdb', { minAvailable: 2, ...web }, { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2 }),
    pods: [pod('web-b', { nodeName: 'n2' }), pod('web-c', { nodeName: 'n3' }), pod('web-d', { nodeName: 'n2', deleting: '2026-01-01T00:00:30Z' }), unschedulable('web-e')],
    needed: 1,
    causes: [
      { kind: 'unschedulable', pod: { namespace: 'default', name: 'web-e' }, message: fitError, since: '2026-01-01T00:00:05Z' },
      { kind: 'terminating', pod: { namespace: 'default', name: 'web-d', node: 'n2' } },
    ],
    summary: `web-pdb allows no disruption until 1 more pod is Ready: default/web-e is Pending: ${fitError.slice(0, -1)}`,
  },
  {
    name: 'a pod whose readiness fails, and a replacement still pulling its image',
    pdb: pdb('web-pdb', { maxUnavailable: 1, ...web }, { expectedPods: 3, desiredHealthy: 2, currentHealthy: 1 }),
    pods: [pod('web-a'), starting('web-s'), notReady('web-u'), pod('other', { labels: { app: 'db' } })],
    needed: 2,
    causes: [
      { kind: 'notReady', pod: { namespace: 'default', name: 'web-u', node: 'n2' }, reason: 'ContainersNotReady', since: '2026-01-01T00:00:00Z' },
      { kind: 'starting', pod: { namespace: 'default', name: 'web-s', node: 'n3' }, reason: 'ContainerCreating' },
    ],
    summary: 'web-pdb allows no disruption until 2 more pods are Ready: default/web-u on n2 is running but not Ready (ContainersNotReady)',
  },
  {
    name: 'minAvailable equal to the replicas never allows a disruption, all pods Ready',
    pdb: pdb('web-pdb', { minAvailable: 3, ...web }, { expectedPods: 3, desiredHealthy: 3, currentHealthy: 3 }),
    pods: [pod('web-a'), pod('web-b'), pod('web-c')],
    needed: 1,
    causes: [{ kind: 'neverAllows', expectedPods: 3, desiredHealthy: 3 }],
    summary: 'web-pdb allows no disruption: web-pdb can never allow a disruption: it wants 3 healthy of the 3 pods it expects',
  },
  {
    name: 'a controller the disruption controller cannot size (SyncFailed)',
    pdb: pdb('job-pdb', { maxUnavailable: 1, ...web }, { conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: 'jobs.batch does not implement the scale subresource' }] }),
    pods: [pod('web-a')],
    needed: 1,
    causes: [{ kind: 'syncFailed', message: 'jobs.batch does not implement the scale subresource' }],
    summary: `job-pdb allows no disruption: the disruption controller cannot size these pods' controller (jobs.batch does not implement the scale subresource), so it keeps disruptionsAllowed at 0 (condition DisruptionAllowed=False, reason SyncFailed)`,
  },
  {
    name: 'a spec change not yet processed',
    pdb: pdb('web-pdb', { minAvailable: 1, ...web }, { expectedPods: 2, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1, observedGeneration: 1 }, { generation: 2 }),
    pods: [pod('web-a'), pod('web-b')],
    needed: 0,
    causes: [{ kind: 'stillProcessing' }],
    summary: 'web-pdb allows no disruption: web-pdb is still being processed: the disruption controller has not caught up with its last change',
  },
  {
    name: 'replicas the controller has not made yet (a StatefulSet waiting for its pod to be gone)',
    pdb: pdb('db-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'db' } } }, { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2 }),
    pods: [pod('db-0', { labels: { app: 'db' } }), pod('db-1', { labels: { app: 'db' } })],
    needed: 1,
    causes: [{ kind: 'missing', count: 1 }],
    summary: 'db-pdb allows no disruption until 1 more pod is Ready: 1 pod it expects does not exist yet',
  },
  {
    name: 'allowing one now: nothing holds it',
    pdb: pdb('web-pdb', { minAvailable: 1, ...web }, { expectedPods: 2, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 }),
    pods: [pod('web-a'), pod('web-b')],
    needed: 0,
    causes: [],
    summary: 'web-pdb allows 1 disruption now',
  },
];

describe('whyNoDisruption', () => {
  for (const c of cases) {
    test(c.name, () => {
      const hold = whyNoDisruption(c.pdb, c.pods);
      assert.equal(hold.needed, c.needed);
      assert.deepEqual(hold.causes, c.causes);
      assert.equal(holdSummary(hold), c.summary);
    });
  }

  test('names at most ten unready pods, and counts the rest', () => {
    const pods = Array.from({ length: 25 }, (_, i) => notReady(`web-${i}`));
    const hold = whyNoDisruption(pdb('web-pdb', { minAvailable: 20, ...web }, { expectedPods: 25, desiredHealthy: 20 }), pods);
    assert.equal(hold.causes.length, maxPodCauses);
    assert.equal(hold.morePods, 15);
    assert.match(explainHold(hold).details, /\n- and 15 more pods not Ready\n/);
  });
});
