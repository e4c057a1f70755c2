// Why a running drain is held, from the informers' objects: the pods its
// budgets hold followed from its events, each budget's cause asked of the
// core on the objects as they are, and the cordoned nodes an uncordon would
// give the Pending pod. Then the walkthrough for real: node-2 drained right
// after node-1 on the sandbox, the cause read from a ClusterSnapshot as the
// drain is held, and the uncordon it names completing the drain.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClusterSnapshot, DrainHolds, drainNode, roomIfUncordoned, uncordonNode, type DrainEvent, type LiveHold } from '../../../client/src/cluster';
import { ClusterObjects } from '../../../client/src/cluster/snapshot';
import { explainEviction } from '../../../client/src/cluster/explain';
import type { EvictionAnswer } from '../../../client/src/cluster/evictionAnswer';
import { evictionMessages } from '../../../server/src/k8s/eviction';
import type { Node, Pod } from '../../../server/src/k8s/types';
import { added, node, pdb, pod } from '../explorer/fixtures';
import { allReady, eventually, noUnhandledRejections, suiteSandbox } from './support';

noUnhandledRejections();

const ref = (name: string) => ({ namespace: 'default', name });
const refused: EvictionAnswer = { kind: 'blocked', code: 429, pdb: { name: 'web-pdb', disruptionsAllowed: 0 }, message: evictionMessages.violatesBudget, cause: evictionMessages.needsHealthy('web-pdb', 2, 2) };
const blocked = (name: string): DrainEvent => ({ type: 'blocked', pod: ref(name), answer: refused, retry: { when: 'budgetAllows', pdb: 'web-pdb', fallbackSeconds: 30 }, explanation: explainEviction(refused) });
const cpuNode = (name: string, cpu: string, spec: Node['spec'] = {}): Node => ({ ...node(name, spec), status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { cpu, memory: '4Gi', pods: '110' } } });
const withRequest = (p: Pod, cpu: string): Pod => ({ ...p, spec: { ...p.spec, containers: [{ name: 'c', resources: { requests: { cpu } } }] } });
const fit = '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable.';

/** node-1 and node-2 cordoned (node-2 being drained), node-3 full; web-b held on node-2, its replacement web-p Pending. */
function heldWalkthrough(): ClusterObjects {
  const objects = new ClusterObjects();
  objects.apply(added(cpuNode('node-1', '1', { unschedulable: true }), 'node'));
  objects.apply(added(cpuNode('node-2', '2', { unschedulable: true }), 'node'));
  objects.apply(added(cpuNode('node-3', '1'), 'node'));
  objects.apply(added(withRequest(pod('web-b', 'node-2', { app: 'web' }), '500m'), 'pod'));
  objects.apply(added(withRequest(pod('web-c', 'node-3', { app: 'web' }), '500m'), 'pod'));
  objects.apply(added(withRequest(pod('batch-x', 'node-3', { app: 'batch' }), '500m'), 'pod'));
  const pending = withRequest(pod('web-p', undefined, { app: 'web' }, { phase: 'Pending', ready: false }), '500m');
  objects.apply(added({ ...pending, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: fit }] } }, 'pod'));
  objects.apply(added(pdb('web-pdb', 'web', { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3 }), 'pdb'));
  return objects;
}

describe('DrainHolds: the pods held, followed from the drain events', () => {
  const cases: { name: string; events: DrainEvent[]; held: string[] }[] = [
    { name: 'a 429 of a budget holds the pod', events: [blocked('web-b')], held: ['web-pdb: default/web-b'] },
    { name: 'two pods under one budget', events: [blocked('web-b'), blocked('web-d')], held: ['web-pdb: default/web-b, default/web-d'] },
    { name: 'accepted at last: no longer held', events: [blocked('web-b'), { type: 'evicted', pod: ref('web-b'), dryRun: 'none' }], held: [] },
    { name: 'gone (404) or failed: no longer held', events: [blocked('web-b'), blocked('web-d'), { type: 'gone', pod: ref('web-b'), alreadyGone: true }, { type: 'failed', pod: ref('web-d'), message: 'x', explanation: { summary: '', details: '' } }], held: [] },
    {
      name: 'a 429 of throttling is not a budget: nothing held',
      events: [{ ...blocked('web-b'), answer: { kind: 'throttled', code: 429, retryAfterSeconds: 3, message: 'Too many requests' } } as DrainEvent],
      held: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const holds = new DrainHolds(['node-2']);
      for (const e of c.events) holds.on(e);
      assert.deepEqual(holds.holds().map((h) => `${h.budget}: ${h.pods.join(', ')}`), c.held);
      assert.equal(holds.holding, c.held.length > 0);
    });
  }

  it('tells when what is held changed, and only then', () => {
    const holds = new DrainHolds([]);
    assert.deepEqual([blocked('web-b'), blocked('web-b'), { type: 'evicting', pod: ref('web-b'), attempt: 2, dryRun: 'none' } as DrainEvent, { type: 'evicted', pod: ref('web-b'), dryRun: 'none' } as DrainEvent].map((e) => holds.on(e)), [true, false, false, true]);
  });

  it("the cause from the objects: the budget's numbers, the Pending pod with the scheduler's message, and the cordoned node that would take it (not the one being drained)", () => {
    const holds = new DrainHolds(['node-2']);
    holds.on(blocked('web-b'));
    const [hold] = holds.holds(heldWalkthrough());
    assert.equal(hold!.pending, 'default/web-p');
    assert.deepEqual(hold!.uncordon, ['node-1']);
    assert.deepEqual(hold!.hold?.causes[0], { kind: 'unschedulable', pod: { namespace: 'default', name: 'web-p' }, message: fit });
    assert.equal(hold!.explanation?.summary, `web-pdb allows no disruption until 1 more pod is Ready: default/web-p is Pending: ${fit.replace(/\.$/, '')}`);
  });

  it('a budget that is gone: its pods, no cause', () => {
    const holds = new DrainHolds([]);
    holds.on({ ...blocked('web-b'), answer: { ...refused, pdb: { name: 'other-pdb' } } } as DrainEvent);
    const [hold] = holds.holds(heldWalkthrough());
    assert.deepEqual([hold!.budget, hold!.hold, hold!.uncordon], ['other-pdb', undefined, []]);
  });
});

describe('roomIfUncordoned: the scheduler\'s filters on the live objects', () => {
  const pending = () => heldWalkthrough().pod('default', 'web-p')!;
  it('node-1 uncordoned has room; node-2 is excluded (being drained)', () => {
    assert.deepEqual(roomIfUncordoned(pending(), heldWalkthrough(), new Set(['node-2'])), ['node-1']);
    assert.deepEqual(roomIfUncordoned(pending(), heldWalkthrough(), new Set()), ['node-1', 'node-2']);
  });
  it('a cordoned node too small, or tainted against the pod, is no room', () => {
    const objects = heldWalkthrough();
    objects.apply({ resource: 'node', type: 'modified', object: cpuNode('node-1', '200m', { unschedulable: true }) });
    assert.deepEqual(roomIfUncordoned(pending(), objects, new Set(['node-2'])), []);
    objects.apply({ resource: 'node', type: 'modified', object: cpuNode('node-1', '1', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }) });
    assert.deepEqual(roomIfUncordoned(pending(), objects, new Set(['node-2'])), []);
  });
  it('no cordoned node: nothing to uncordon', () => {
    const objects = heldWalkthrough();
    objects.apply({ resource: 'node', type: 'modified', object: cpuNode('node-1', '1') });
    assert.deepEqual(roomIfUncordoned(pending(), objects, new Set(['node-2'])), []);
  });
});

describe('the walkthrough on the sandbox: the live cause of node-2\'s hold, and the uncordon it names', () => {
  const sb = suiteSandbox();

  it('node-2 right after node-1: held by web-pdb on its Pending replacement (the scheduler\'s message), released by uncordoning node-1', async () => {
    const cluster = sb().open();
    assert.equal((await drainNode(cluster, 'node-1')).result, 'drained');
    await allReady(sb(), 'the replacements Ready');
    const snapshot = new ClusterSnapshot(cluster, {});
    const life = new AbortController();
    assert.deepEqual(await snapshot.start(life.signal), { ok: true });
    try {
      const holds = new DrainHolds(['node-2']);
      const draining = drainNode(cluster, 'node-2', { onProgress: (e) => holds.on(e), timing: { watchedRetryMs: 10_000 } });
      const hold: LiveHold = await eventually(() => {
        const [h] = holds.holds(snapshot);
        return h?.pending && h.hold?.causes[0]?.kind === 'unschedulable' && h.hold.causes[0].message ? h : undefined;
      }, "the hold to name the Pending pod, with the scheduler's message", 60_000);
      const pending = snapshot.pod('default', hold.pending!.split('/')[1]!);
      assert.equal(pending?.spec?.nodeName, undefined, 'the Pending pod is bound to no node');
      assert.equal(snapshot.unscheduledPods().map((p) => p.metadata?.name).join(), pending?.metadata?.name);
      const cause = hold.hold!.causes[0];
      assert.ok(cause?.kind === 'unschedulable' && cause.message.startsWith(fit), JSON.stringify(cause));
      assert.deepEqual([hold.budget, hold.uncordon], ['web-pdb', ['node-1']]);
      assert.match(hold.explanation!.summary, /^web-pdb allows no disruption until 1 more pod is Ready: default\/web-\S+ is Pending: 0\/3 nodes are available: 1 Insufficient cpu, 2 node\(s\) were unschedulable/);
      assert.equal((await uncordonNode(cluster, 'node-1')).kind, 'done');
      assert.equal((await draining).result, 'drained');
      assert.equal(holds.holding, false);
    } finally {
      life.abort();
      cluster.close();
    }
  });
});
