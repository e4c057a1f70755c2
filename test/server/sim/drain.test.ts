// kubectl drain against the simulator on the virtual clock: spec §8 cases
// 18 and 19 (the classic drain, its cases A and B, the end state, the
// invariant, and the minAvailable 3 variant with --timeout).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, Pod } from '../../../server/src/k8s/types';
import type { SimCluster } from '../../../server/src/sim/cluster';
import { defaultDisruptionLatencyMs } from '../../../server/src/sim/controllers/disruption';
import { apply, bare, cluster, deployment, node, ok, pdb, pdbStatus, pods, readyAndLive } from './helpers';
import { watchHealthy } from './invariant';
import { drain } from './kubectlDrain';

const webSelector = { matchLabels: { app: 'web' } };
const violates = "Cannot evict pod as it would violate the pod's disruption budget.";

/** n1..n3, Deployment web of 3 (one per node), PDB minAvailable 2 (or given). */
function classic(o: { minAvailable?: number; startupSeconds?: number } = {}) {
  const c = cluster();
  apply(c, deployment('web', 3, { startupSeconds: o.startupSeconds }), pdb('web-pdb', { minAvailable: o.minAvailable ?? 2, selector: webSelector }));
  c.advance(60_000);
  const byNode = (n: string) => pods(c, 'web').find((p) => p.spec?.nodeName === n)!.metadata!.name!;
  return { c, webA: byNode('n1'), webB: byNode('n2'), webC: byNode('n3') };
}

function runToEnd(c: SimCluster, run: ReturnType<typeof drain>, limitMs = 600_000) {
  for (let t = 0; t < limitMs && !run.done; t += 1000) c.advance(1000);
  assert.ok(run.done, `drain still running after ${limitMs} ms:\n${run.stdout.join('\n')}\n${run.stderr.join('\n')}`);
}

describe('spec §8 case 18: the filters stop a drain', () => {
  test('a bare pod without --force: exit 1, the node stays cordoned; with --force: a warning, then the eviction', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('bare', { nodeName: 'n1' }));
    c.advance(5000);
    const refused = drain(c, 'n1');
    assert.equal(refused.exitCode, 1);
    assert.deepEqual(refused.stdout, ['node/n1 cordoned']);
    assert.ok(refused.stderr.includes('error: cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare'), refused.stderr.join('\n'));
    assert.equal((ok(c.get('nodes', undefined, 'n1')) as Node).spec?.unschedulable, true);
    assert.ok(c.get('pods', 'default', 'bare').ok, 'nothing was evicted');
    const forced = drain(c, 'n1', { force: true });
    assert.deepEqual(forced.stderr, ['Warning: deleting Pods that declare no controller: default/bare']);
    runToEnd(c, forced);
    assert.deepEqual(forced.stdout, ['node/n1 already cordoned', 'evicting pod default/bare', 'pod/bare evicted', 'node/n1 drained']);
    assert.equal(forced.exitCode, 0);
  });

  test('two budgets over a pod fail the drain with the 500 message, without retrying', () => {
    const { c, webA } = classic();
    apply(c, pdb('extra-pdb', { maxUnavailable: 1, selector: webSelector }));
    const run = drain(c, 'n1', { ignoreDaemonSets: true });
    runToEnd(c, run);
    assert.equal(run.exitCode, 1);
    assert.ok(run.stderr.includes(`error: error when evicting pods/"${webA}" -n "default": This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.`), run.stderr.join('\n'));
    assert.equal(run.answers.length, 1);
  });
});

describe('spec §8 case 19: the classic drain', () => {
  test('drain n1: cordoned, web-a evicted and replaced elsewhere, the budget held at 2 until the replacement is Ready', () => {
    const { c, webA } = classic();
    assert.deepEqual([pdbStatus(c).expectedPods, pdbStatus(c).desiredHealthy, pdbStatus(c).currentHealthy, pdbStatus(c).disruptionsAllowed], [3, 2, 3, 1]);
    const healthy = watchHealthy(c, 'web');
    const run = drain(c, 'n1', { ignoreDaemonSets: true });
    assert.deepEqual(run.answers.map((a) => [a.pod, a.code]), [[webA, 201]]);
    const webD = pods(c, 'web').find((p) => !p.metadata?.deletionTimestamp && ![webA].includes(p.metadata!.name!) && p.status?.phase !== 'Running')!;
    assert.ok(webD, 'the replacement');
    assert.notEqual(webD.spec?.nodeName, 'n1');
    // Once the controller has seen it: web-a terminating, 4 matched pods; web-d not Ready, 2 healthy.
    c.advance(defaultDisruptionLatencyMs);
    assert.deepEqual([pdbStatus(c).expectedPods, pdbStatus(c).currentHealthy, pdbStatus(c).disruptionsAllowed], [4, 2, 0]);
    runToEnd(c, run);
    assert.deepEqual(run.stdout, ['node/n1 cordoned', `evicting pod default/${webA}`, `pod/${webA} evicted`, 'node/n1 drained']);
    assert.equal(run.exitCode, 0);
    c.advance(5000);
    assert.deepEqual([pdbStatus(c).expectedPods, pdbStatus(c).currentHealthy, pdbStatus(c).disruptionsAllowed], [3, 3, 1]);
    assert.equal(healthy.min(), 2);
  });

  test('case A (web-d on n3): drain n2 meets 429 "will retry after 5s" until web-d is Ready, then completes; all replicas end on n3', () => {
    const { c, webB } = classic({ startupSeconds: 10 });
    // n2 is being phased out: the replacement of web-a prefers n3.
    const n2 = ok(c.get('nodes', undefined, 'n2')) as Node;
    ok(c.update('nodes', undefined, 'n2', { ...n2, spec: { ...n2.spec, taints: [{ key: 'retiring', effect: 'PreferNoSchedule' }] } } as Node));
    const healthy = watchHealthy(c, 'web');
    const first = drain(c, 'n1', { ignoreDaemonSets: true });
    runToEnd(c, first);
    const ready = new Set(readyAndLive(c, 'web').map((p) => p.metadata?.name));
    const webD = pods(c, 'web').find((p) => p.spec?.nodeName === 'n3' && !ready.has(p.metadata?.name));
    assert.ok(webD, 'web-d went to n3 and is not Ready yet');
    const second = drain(c, 'n2', { ignoreDaemonSets: true });
    assert.deepEqual(second.answers.map((a) => [a.pod, a.code]), [[webB, 429]]);
    assert.equal(second.stderr[0], `error when evicting pods/"${webB}" -n "default" (will retry after 5s): ${violates}`);
    assert.equal(second.answers[0].message, 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently');
    runToEnd(c, second);
    assert.equal(second.exitCode, 0);
    const refusals = second.answers.filter((a) => a.code === 429).length;
    assert.ok(refusals >= 2, `retried every 5 s while web-d started (${refusals} refusals)`);
    assert.deepEqual(second.answers.at(-1)?.code, 201);
    assert.equal(second.stdout.filter((l) => l === `evicting pod default/${webB}`).length, refusals + 1, 'kubectl prints evicting on every attempt');
    c.advance(30_000);
    assert.deepEqual(pods(c, 'web').map((p) => p.spec?.nodeName), ['n3', 'n3', 'n3']);
    assert.equal(readyAndLive(c, 'web').length, 3);
    assert.equal(healthy.min(), 2, 'never fewer than minAvailable Ready');
  });

  test('case B (web-d on n2): two evictions at once, one 201 and one 429; the drain completes once the replacement on n3 is Ready; all end on n3', () => {
    const { c, webB } = classic();
    const healthy = watchHealthy(c, 'web');
    const first = drain(c, 'n1', { ignoreDaemonSets: true });
    runToEnd(c, first);
    c.advance(5000);
    const onN2 = pods(c, 'web').filter((p) => p.spec?.nodeName === 'n2');
    assert.equal(onN2.length, 2, 'web-b and web-d share n2');
    assert.equal(pdbStatus(c).disruptionsAllowed, 1);
    const webD = onN2.find((p) => p.metadata?.name !== webB)!.metadata!.name!;
    const second = drain(c, 'n2', { ignoreDaemonSets: true });
    const [a, b] = second.answers;
    assert.deepEqual([a.code, b.code], [201, 429], 'the budget allowed one');
    assert.deepEqual([a.pod, b.pod].sort(), [webB, webD].sort());
    // Classic wording, and "has 3": the first eviction only decremented disruptionsAllowed and
    // recorded its pod; the controller has not recounted currentHealthy before the second request.
    assert.equal(b.message, 'The disruption budget web-pdb needs 2 healthy pods and has 3 currently');
    assert.equal(a.at, b.at, 'both sent at the same instant');
    runToEnd(c, second);
    assert.equal(second.exitCode, 0);
    c.advance(30_000);
    assert.deepEqual(pods(c, 'web').map((p) => p.spec?.nodeName), ['n3', 'n3', 'n3']);
    assert.equal(healthy.min(), 2);
  });

  test('variant: minAvailable 3 and --timeout=60s: global timeout reached: 1m0s, exit 1', () => {
    const { c, webA } = classic({ minAvailable: 3 });
    const run = drain(c, 'n1', { ignoreDaemonSets: true, timeoutMs: 60_000 });
    runToEnd(c, run);
    assert.equal(run.exitCode, 1);
    assert.equal(run.answers.length, 12, 'every 5 s for a minute');
    assert.ok(run.answers.every((x) => x.code === 429 && x.message === 'The disruption budget web-pdb needs 3 healthy pods and has 3 currently'));
    assert.ok(run.stderr.includes(`error: unable to drain node "n1" due to error: error when evicting pods/"${webA}" -n "default": global timeout reached: 1m0s, continuing command...`), run.stderr.join('\n'));
    assert.ok(c.get('pods', 'default', webA).ok);
  });
});

describe('drains and DaemonSets', () => {
  test('--ignore-daemonsets skips daemon pods with a warning; without it the drain stops', () => {
    const c = cluster([node('n1'), node('n2')]);
    apply(c, { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent' }] } } } } as never);
    c.advance(5000);
    const agent = pods(c, 'agent').find((p) => p.spec?.nodeName === 'n1')!.metadata!.name!;
    const stopped = drain(c, 'n1');
    assert.equal(stopped.exitCode, 1);
    assert.ok(stopped.stderr.some((l) => l === `error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/${agent}`), stopped.stderr.join('\n'));
    const run = drain(c, 'n1', { ignoreDaemonSets: true });
    assert.deepEqual(run.stderr, [`Warning: ignoring DaemonSet-managed Pods: default/${agent}`]);
    assert.equal(run.exitCode, 0);
    assert.equal((ok(c.get('pods', 'default', agent)) as Pod).spec?.nodeName, 'n1', 'the daemon pod stays on its cordoned node');
  });
});
