// The drain planner on manifests: the product's drain against the simulator
// in virtual time, every figure exact (virtual seconds are deterministic).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planDrain, planText, snapshotOfManifests, type DrainPlan, type PlanProgress, type PlanRequest } from '../../../../client/src/cluster';
import type { KubeObject } from '../../../../server/src/k8s/types';
import { knobs } from '../../../../server/src/sim/knobs';
import { walkthroughScenario } from '../../../../server/src/sim/scenarios/walkthrough';
import { barePod, daemonSet, deployment, node, pdb } from '../support';

const takenAtMs = Date.parse('2026-03-01T12:00:00Z');

async function plan(objects: KubeObject[], request: PlanRequest, progress?: (p: PlanProgress) => void): Promise<DrainPlan> {
  const result = await planDrain(snapshotOfManifests(objects, 'test manifests', takenAtMs), request, { onProgress: progress });
  if (!result.ok) assert.fail(result.failure.message);
  return result.plan;
}

const app = (pod: string) => pod.split('/')[1]!.replace(/-[a-z0-9]+-[a-z0-9]+$/, '').replace(/-[a-z0-9]{5}$/, '');
const apps = (pods: readonly string[]) => pods.map(app).sort();
const fitError = '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable.';

describe('the walkthrough', () => {
  test('node-1 alone: both pods evicted at once, gone after their 2 s shutdown', async () => {
    const p = await plan(walkthroughScenario(), { nodes: ['node-1'] });
    assert.equal(p.verdict, 'completes');
    assert.equal(p.durationSeconds, 2);
    const [n1] = p.nodes;
    assert.equal(n1!.result, 'drained');
    assert.deepEqual(apps(n1!.evicted), ['batch-worker', 'web']);
    assert.ok(n1!.evictions.every((e) => e.atOnce && e.acceptedSeconds === 0 && e.goneSeconds === 2));
    assert.deepEqual(n1!.held, []);
    assert.deepEqual(p.pending, []);
  });

  test('node-1 then node-2: web-pdb holds node-2 on its Pending replacement; uncordoning node-1 (tried on a copy) lets it complete', async () => {
    const p = await plan(walkthroughScenario(), { nodes: ['node-1', 'node-2'] });
    assert.equal(p.verdict, 'completes-after-event');
    const [n1, n2] = p.nodes;
    assert.equal(n1!.result, 'drained');
    assert.equal(n2!.result, 'stuck');
    assert.equal(n2!.startSeconds, 2);
    // The replacement still starting on node-2 (10 s start-up) is evicted without the budget; the Ready one is held.
    assert.equal(n2!.evicted.length, 1);
    assert.equal(n2!.held.length, 1);
    const [held] = n2!.held;
    assert.equal(held!.budget, 'web-pdb');
    assert.equal(held!.fromSeconds, 2);
    assert.equal(held!.toSeconds, null);
    const [cause] = held!.hold.causes;
    assert.equal(cause!.kind, 'unschedulable');
    assert.ok(cause!.kind === 'unschedulable' && cause.message.startsWith(fitError), JSON.stringify(cause));
    assert.equal(held!.cause, `web-pdb allows no disruption until 1 more pod is Ready: ${held!.hold.causes[0]!.kind === 'unschedulable' ? `default/${(held!.hold.causes[0] as { pod: { name: string } }).pod.name}` : ''} is Pending: ${(cause as { message: string }).message.replace(/\.$/, '')}`);
    assert.equal(p.pending.length, 1);
    assert.ok(p.pending[0]!.message.startsWith(fitError));
    assert.equal(p.triedEvents.length, 1);
    assert.deepEqual(p.unblockedBy?.event, { kind: 'uncordon', node: 'node-1', atSeconds: p.durationSeconds });
    assert.equal(p.unblockedBy?.durationSeconds, p.durationSeconds + 13.1);
    assert.match(planText(p), /^Completes only once node-1 is uncordoned: node-2 is stuck until then$/m);
  });

  test('with --nodes-return-after 30s node-1 comes back and node-2 completes', async () => {
    const p = await plan(walkthroughScenario(), { nodes: ['node-1', 'node-2'], nodesReturnAfterSeconds: 30 });
    assert.equal(p.verdict, 'completes');
    assert.equal(p.nodes[0]!.returnSeconds, 32);
    const [held] = p.nodes[1]!.held;
    assert.equal(held!.fromSeconds, 2);
    assert.ok(held!.toSeconds! > 32, `released after node-1 returned: ${held!.toSeconds}`);
    assert.deepEqual(p.pending, []);
  });

  test('--max-parallel 2: both drains at once; the budget lets one web pod go, then holds the other', async () => {
    const p = await plan(walkthroughScenario(), { nodes: ['node-1', 'node-2'], maxParallel: 2 });
    assert.deepEqual(p.nodes.map((n) => n.startSeconds), [0, 0]);
    assert.equal(p.nodes.flatMap((n) => n.held).length, 1);
  });

  test('--order best finds the order that completes: node-2 first', async () => {
    const p = await plan(walkthroughScenario(), { nodes: ['node-1', 'node-2'], order: 'best', maxParallel: 2 });
    assert.equal(p.verdict, 'completes');
    assert.deepEqual(p.order, ['node-2', 'node-1']);
    assert.equal(p.maxParallel, 1);
    assert.deepEqual(
      p.orderCandidates!.map((c) => [c.order.join(' '), c.maxParallel, c.heuristic, c.verdict]),
      [
        ['node-1 node-2', 1, 'given', 'stuck'],
        ['node-2 node-1', 1, 'lightest first', 'completes'],
        ['node-1 node-2', 2, 'given', 'stuck'],
        ['node-2 node-1', 2, 'lightest first', 'completes'],
      ],
    );
    // Draining node-1 last leaves the batch worker and a web replacement with nowhere to go.
    assert.deepEqual(apps(p.pending.map((x) => x.pod)), ['batch-worker', 'web']);
  });

  test('--timeout: node-2 times out while held', async () => {
    const p = await plan(walkthroughScenario(), { nodes: ['node-1', 'node-2'], drain: { timeoutMs: 20_000 } });
    assert.equal(p.nodes[1]!.result, 'timedOut');
    assert.equal(p.nodes[1]!.endSeconds, 22);
    assert.equal(p.verdict, 'stuck');
  });

  test('progress: each simulation and the virtual time it reached', async () => {
    const seen: PlanProgress[] = [];
    await plan(walkthroughScenario(), { nodes: ['node-1', 'node-2'] }, (e) => seen.push(e));
    assert.deepEqual(
      seen.filter((e) => e.type === 'simulating').map((e) => (e.type === 'simulating' ? [e.run, e.event?.node ?? null] : [])),
      [
        [1, null],
        [2, 'node-1'],
      ],
    );
    assert.ok(seen.some((e) => e.type === 'time' && e.seconds > 30));
  });

  test('cancelled: the cancelled failure, nothing else', async () => {
    const abort = new AbortController();
    abort.abort();
    const result = await planDrain(snapshotOfManifests(walkthroughScenario(), 'x', takenAtMs), { nodes: ['node-1'] }, { signal: abort.signal });
    assert.deepEqual(result, { ok: false, failure: { kind: 'cancelled', message: 'the plan was cancelled' } });
  });
});

const three = (budget: Record<string, unknown>, extra: KubeObject[] = []): KubeObject[] => [
  node('n1'),
  node('n2'),
  node('n3'),
  deployment('web', 3, { preferNode: 'n1', startupSeconds: 2 }),
  { ...pdb('web-pdb', { matchLabels: { app: 'web' } }), spec: { selector: { matchLabels: { app: 'web' } }, ...budget } } as KubeObject,
  ...extra,
];

describe('budgets that hold', () => {
  test('minAvailable equal to the replicas: stuck, the budget never allows a disruption, nothing to try', async () => {
    const p = await plan(three({ minAvailable: 3 }), { nodes: ['n1'] });
    assert.equal(p.verdict, 'stuck');
    const held = p.nodes[0]!.held;
    assert.equal(held.length, 3);
    assert.deepEqual(held[0]!.hold.causes, [{ kind: 'neverAllows', expectedPods: 3, desiredHealthy: 3 }]);
    assert.deepEqual(p.triedEvents, []);
    assert.match(planText(p), /^Stuck: n1 cannot finish: web-pdb allows no disruption: web-pdb can never allow a disruption: it wants 3 healthy of the 3 pods it expects$/m);
  });

  test('--disable-eviction: the pods are deleted, the budget is not asked', async () => {
    const p = await plan(three({ minAvailable: 3 }), { nodes: ['n1'], drain: { disableEviction: true } });
    assert.equal(p.verdict, 'completes');
    assert.deepEqual(apps(p.nodes[0]!.evicted), ['web', 'web', 'web']);
    assert.deepEqual(p.nodes[0]!.held, []);
  });

  test('an unready pod: the budget waits for it, and says which', async () => {
    const lame = barePod('lame', 'n3', { labels: { app: 'web' }, annotations: { [knobs.ready]: 'false' } });
    const p = await plan([...three({ minAvailable: 3 }), lame].map((o) => (o.kind === 'Deployment' ? { ...o, spec: { ...(o as { spec: object }).spec, replicas: 3 } } : o)), { nodes: ['n1'] });
    assert.equal(p.verdict, 'stuck');
    const causes = p.nodes[0]!.held[0]!.hold.causes;
    assert.deepEqual(causes, [{ kind: 'notReady', pod: { namespace: 'default', name: 'lame', node: 'n3' }, reason: 'ContainersNotReady', since: (causes[0] as { since: string }).since }]);
  });

  test('a horizon ends a drain the cluster never lets go of, even while pods keep restarting', async () => {
    const restarting = deployment('loop', 1, { startupSeconds: 0 });
    restarting.spec!.template!.metadata!.annotations = { [knobs.runSeconds]: '7' };
    const p = await plan(three({ minAvailable: 3 }, [restarting]), { nodes: ['n1'], horizonSeconds: 300 });
    assert.equal(p.verdict, 'stuck');
    assert.equal(p.durationSeconds, 300);
  });
});

describe('what the drain refuses or fails on', () => {
  const mixed = (): KubeObject[] => [
    node('n1'),
    node('n2'),
    daemonSet('agent', { startupSeconds: 0 }),
    deployment('web', 2, { preferNode: 'n1', startupSeconds: 0 }),
    barePod('bare', 'n1', { startupSeconds: 0 }),
  ];

  test('DaemonSet and bare pods without flags: refused, nothing evicted', async () => {
    const p = await plan(mixed(), { nodes: ['n1'] });
    assert.equal(p.verdict, 'fails');
    const [n1] = p.nodes;
    assert.equal(n1!.result, 'refused');
    assert.deepEqual(n1!.evicted, []);
    assert.deepEqual(
      n1!.refused.map((r) => [app(r.pod), r.reason]).sort(),
      [
        ['agent', 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)'],
        ['bare', 'cannot delete Pods that declare no controller (use --force to override)'],
      ],
    );
  });

  test('with --ignore-daemonsets and --force: the DaemonSet pod skipped, the bare pod evicted with a warning and not replaced', async () => {
    const p = await plan(mixed(), { nodes: ['n1'], drain: { ignoreDaemonSets: true, force: true } });
    assert.equal(p.verdict, 'completes');
    const [n1] = p.nodes;
    assert.deepEqual(n1!.skipped.map((s) => [app(s.pod), s.reason]), [['agent', 'ignoring DaemonSet-managed Pods']]);
    assert.deepEqual(n1!.warnings, [{ pod: 'default/bare', message: 'deleting Pods that declare no controller' }]);
    assert.deepEqual(apps(n1!.evicted), ['bare', 'web', 'web']);
    assert.deepEqual(p.pending, []);
  });

  test('two budgets over one pod: its eviction fails (500), the drain fails', async () => {
    const p = await plan(three({ maxUnavailable: 1 }, [pdb('web-pdb-2', { maxUnavailable: 1, matchLabels: { app: 'web' } })]), { nodes: ['n1'] });
    assert.equal(p.verdict, 'fails');
    assert.equal(p.nodes[0]!.result, 'failed');
    assert.ok(p.nodes[0]!.failed.length > 0);
    assert.ok(p.nodes[0]!.failed.every((f) => f.message.endsWith('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.')));
  });

  test('a node that does not exist', async () => {
    const p = await plan(walkthroughScenario(), { nodes: ['node-9'] });
    assert.equal(p.verdict, 'fails');
    assert.equal(p.nodes[0]!.problem, 'nodes "node-9" not found');
  });
});
