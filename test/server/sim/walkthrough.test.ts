// The built-in walkthrough scenario, proved on the virtual clock: its
// layout, drain node-1, drain node-2 held by the PDB while the last web
// replacement cannot fit, released by an uncordon; never fewer than two web
// pods Ready.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pod } from '../../../server/src/k8s/types';
import { buildCluster } from '../../../server/src/sim/scenario';
import { walkthroughCapacity, walkthroughScenario } from '../../../server/src/sim/scenarios/walkthrough';
import type { SimCluster } from '../../../server/src/sim/cluster';
import { condition, evict, pdbStatus, pods, readyAndLive, setUnschedulable } from './helpers';
import { watchHealthy } from './invariant';
import { drain } from './kubectlDrain';

const layout = (c: SimCluster) =>
  Object.fromEntries(
    ['node-1', 'node-2', 'node-3'].map((n) => [
      n,
      (c.list('pods', 'default') as Pod[])
        .filter((p) => p.spec?.nodeName === n && !p.metadata?.deletionTimestamp)
        .map((p) => p.metadata?.labels?.app)
        .sort(),
    ]),
  );

function start() {
  const { cluster: c, report } = buildCluster({ objects: walkthroughScenario(), warmUpMs: 60_000 });
  assert.deepEqual(report, { rejected: [], skipped: [] });
  return c;
}

const advanceUntil = (c: SimCluster, done: () => boolean, limitMs: number) => {
  for (let t = 0; t < limitMs && !done(); t += 1000) c.advance(1000);
  return done();
};

describe('the walkthrough scenario', () => {
  test('the capacities: node-3 holds exactly one web replica and the batch worker, node-1 two pods', () => {
    const { nodes, webRequestMilliCPU: web, batchRequestMilliCPU: batch } = walkthroughCapacity;
    assert.equal(nodes['node-3'], web + batch);
    assert.equal(nodes['node-1'], web + batch);
    assert.equal(nodes['node-1'], 2 * web, 'after the uncordon, node-1 takes both replacements');
    assert.ok(nodes['node-2'] - 2 * web > nodes['node-3'] - web - web, 'node-2 is the roomier home for the first replacement');
  });

  test('starts with web spread one per node, the batch worker on node-1, all Ready, the budget allowing one', () => {
    const c = start();
    assert.deepEqual(layout(c), { 'node-1': ['batch-worker', 'web'], 'node-2': ['web'], 'node-3': ['web'] });
    assert.equal(readyAndLive(c, 'web').length, 3);
    const s = pdbStatus(c);
    assert.deepEqual([s.expectedPods, s.desiredHealthy, s.currentHealthy, s.disruptionsAllowed], [3, 2, 3, 1]);
  });

  test('draining node-1 sends web to node-2 and the batch worker to node-3, whichever goes first', () => {
    for (const order of [['web', 'batch-worker'], ['batch-worker', 'web']]) {
      const c = start();
      setUnschedulable(c, 'node-1', true);
      for (const app of order) assert.equal(evict(c, pods(c, app).find((p) => p.spec?.nodeName === 'node-1')!.metadata!.name!).status.code, 201);
      c.advance(30_000);
      assert.deepEqual(layout(c), { 'node-1': [], 'node-2': ['web', 'web'], 'node-3': ['batch-worker', 'web'] }, order.join(' then '));
    }
  });

  test('drain node-1, then node-2 at once: held by the PDB while the last replacement is Pending; an uncordon lets it finish', () => {
    const c = start();
    const healthy = watchHealthy(c, 'web');
    const first = drain(c, 'node-1', { ignoreDaemonSets: true });
    assert.ok(advanceUntil(c, () => first.done, 60_000));
    assert.equal(first.exitCode, 0);
    assert.deepEqual(first.stdout.at(-1), 'node/node-1 drained');

    const second = drain(c, 'node-2', { ignoreDaemonSets: true });
    // The replacement on node-2 is still starting (10 s): it goes first, the Ready one is refused.
    assert.ok(second.stderr.some((l) => l.includes('(will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.')), second.stderr.join('\n'));
    const pending = () => pods(c, 'web').filter((p) => !p.spec?.nodeName);
    assert.equal(pending().length, 1);
    assert.equal(
      condition(pending()[0], 'PodScheduled')?.message,
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    c.advance(300_000);
    assert.equal(second.done, false, 'five minutes on, still held');
    assert.equal(pending().length, 1);
    const refusals = second.answers.filter((a) => a.code === 429);
    assert.ok(refusals.length >= 60, `retried every 5 s (${refusals.length})`);
    assert.ok(refusals.every((a) => a.message === 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently'));
    assert.equal(pdbStatus(c).disruptionsAllowed, 0);

    setUnschedulable(c, 'node-1', false);
    assert.equal(pending().length, 0, 'the Pending replacement goes to node-1 at once');
    assert.ok(advanceUntil(c, () => second.done, 60_000));
    assert.equal(second.exitCode, 0);
    assert.equal(second.stdout.at(-1), 'node/node-2 drained');
    c.advance(30_000);
    assert.deepEqual(layout(c), { 'node-1': ['web', 'web'], 'node-2': [], 'node-3': ['batch-worker', 'web'] });
    assert.equal(readyAndLive(c, 'web').length, 3);
    assert.equal(healthy.min(), 2, 'the PDB never had fewer than minAvailable Ready pods');
  });

  test('the same when web-d is already Ready: one of the two on node-2 is evicted, the other held', () => {
    const c = start();
    const healthy = watchHealthy(c, 'web');
    const first = drain(c, 'node-1', { ignoreDaemonSets: true });
    assert.ok(advanceUntil(c, () => first.done, 60_000));
    c.advance(15_000);
    assert.equal(readyAndLive(c, 'web').length, 3);
    const second = drain(c, 'node-2', { ignoreDaemonSets: true });
    assert.deepEqual(second.answers.map((a) => a.code), [201, 429]);
    c.advance(120_000);
    assert.equal(second.done, false);
    setUnschedulable(c, 'node-1', false);
    assert.ok(advanceUntil(c, () => second.done, 60_000));
    assert.equal(second.exitCode, 0);
    assert.equal(healthy.min(), 2);
  });
});
