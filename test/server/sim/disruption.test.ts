// The disruption controller in the simulator: spec §8 case 14, the §2 rules
// it applies over live objects (disruptedPods and their expiry, generation,
// selectors by API version), and the status the clients read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultDisruptionLatencyMs } from '../../../server/src/sim/controllers/disruption';
import { knobs } from '../../../server/src/sim/knobs';
import type { PodDisruptionBudget, PodDisruptionBudgetSpec } from '../../../server/src/k8s/types';
import { apply, bare, cluster, deployment, evict, ok, pdb, pdbStatus, pods, workload } from './helpers';

const webSelector = { matchLabels: { app: 'web' } };

function withBudget(spec: PodDisruptionBudgetSpec, replicas = 3, shutdownSeconds?: number) {
  const c = cluster();
  apply(c, deployment('web', replicas, { annotations: shutdownSeconds !== undefined ? { [knobs.shutdownSeconds]: String(shutdownSeconds) } : {} }), pdb('web-pdb', spec));
  c.advance(5000);
  return c;
}

describe('spec §8 case 14: controller math', () => {
  test('maxUnavailable "50%" over a Deployment of 3: expected 3, desired 1, allowed 2', () => {
    const s = pdbStatus(withBudget({ maxUnavailable: '50%', selector: webSelector }));
    assert.deepEqual([s.expectedPods, s.desiredHealthy, s.currentHealthy, s.disruptionsAllowed], [3, 1, 3, 2]);
  });

  test('minAvailable "50%": desired 2, allowed 1', () => {
    const s = pdbStatus(withBudget({ minAvailable: '50%', selector: webSelector }));
    assert.deepEqual([s.expectedPods, s.desiredHealthy, s.disruptionsAllowed], [3, 2, 1]);
  });

  test('minAvailable 2 with 4 matched pods, one terminating: expected 4, current 3, allowed 1', () => {
    // The containers ignore SIGTERM, so the evicted pod stays for its whole grace period.
    const c = withBudget({ minAvailable: 2, selector: webSelector }, 3, 3600);
    assert.equal(evict(c, pods(c, 'web')[0].metadata!.name!).status.code, 201);
    c.advance(5000);
    assert.equal(pods(c, 'web').length, 4);
    assert.equal(pods(c, 'web').filter((p) => p.metadata?.deletionTimestamp).length, 1);
    const s = pdbStatus(c);
    assert.deepEqual([s.expectedPods, s.currentHealthy, s.disruptionsAllowed], [4, 3, 1]);
  });

  test('Job pods with maxUnavailable 1: allowed 0, SyncFailed with the scale error', () => {
    const c = cluster();
    apply(c, workload('Job', 'batch', { parallelism: 2, completions: 4 }, { labels: { app: 'web' } }), pdb('web-pdb', { maxUnavailable: 1, selector: webSelector }));
    c.advance(5000);
    const s = pdbStatus(c);
    assert.equal(s.disruptionsAllowed, 0);
    const cond = s.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.status, cond?.reason, cond?.message], ['False', 'SyncFailed', 'jobs.batch does not implement the scale subresource']);
    const warning = c.list('events', 'default').find((e) => (e as { reason?: string }).reason === 'CalculateExpectedPodCountFailed') as { message?: string } | undefined;
    assert.equal(warning?.message, 'Failed to calculate the number of expected pods: jobs.batch does not implement the scale subresource');
  });
});

describe('PodDisruptionBudget status and lifecycle', () => {
  test('create sets generation 1 and clears the status; spec changes bump it, the controller catches up', () => {
    const c = cluster();
    const created = ok(c.create('poddisruptionbudgets', 'default', { ...pdb('web-pdb', { minAvailable: 1, selector: webSelector }), status: { disruptionsAllowed: 9, currentHealthy: 9, desiredHealthy: 0, expectedPods: 9 } } as PodDisruptionBudget)) as PodDisruptionBudget;
    assert.equal(created.metadata?.generation, 1);
    assert.deepEqual(created.status, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
    assert.equal(pdbStatus(c).observedGeneration, undefined, 'not processed yet: the controller reacts after its latency');
    c.advance(defaultDisruptionLatencyMs);
    const after = pdbStatus(c);
    assert.equal(after.observedGeneration, 1, 'processed once the controller has seen it');
    assert.deepEqual([after.currentHealthy, after.desiredHealthy, after.expectedPods, after.disruptionsAllowed], [0, 1, 0, 0], 'every counter present, for clients that require them');
    const current = ok(c.get('poddisruptionbudgets', 'default', 'web-pdb')) as PodDisruptionBudget;
    const bumped = ok(c.update('poddisruptionbudgets', 'default', 'web-pdb', { ...current, spec: { ...current.spec, minAvailable: 2 } } as PodDisruptionBudget)) as PodDisruptionBudget;
    assert.equal(bumped.metadata?.generation, 2);
    assert.equal(pdbStatus(c).observedGeneration, 1);
    c.advance(defaultDisruptionLatencyMs);
    assert.equal(pdbStatus(c).observedGeneration, 2);
    assert.equal(c.update('poddisruptionbudgets', 'default', 'web-pdb', bumped).ok, false, 'the controller wrote since: a stale resourceVersion conflicts');
    const latest = ok(c.get('poddisruptionbudgets', 'default', 'web-pdb')) as PodDisruptionBudget;
    const labelsOnly = ok(c.update('poddisruptionbudgets', 'default', 'web-pdb', { ...latest, metadata: { ...latest.metadata, labels: { team: 'a' } } } as PodDisruptionBudget)) as PodDisruptionBudget;
    assert.equal(labelsOnly.metadata?.generation, 2, 'metadata changes do not count');
  });

  test('an eviction whose delete fails leaves the pod in disruptedPods for 2 minutes, then NotDeleted', () => {
    const c = withBudget({ minAvailable: 2, selector: webSelector });
    const name = pods(c, 'web')[0].metadata!.name!;
    // The budget is written before the DELETE refuses the options, as upstream.
    assert.equal(evict(c, name, { deleteOptions: { propagationPolicy: 'Sideways' } }).status.code, 422);
    // The eviction's own write: the pod recorded, allowed 0; the controller has not recounted yet.
    const written = pdbStatus(c);
    assert.ok(written.disruptedPods?.[name]);
    assert.deepEqual([written.currentHealthy, written.disruptionsAllowed], [3, 0]);
    c.advance(defaultDisruptionLatencyMs);
    const held = pdbStatus(c);
    assert.ok(held.disruptedPods?.[name]);
    assert.deepEqual([held.currentHealthy, held.disruptionsAllowed], [2, 0]);
    c.advance(120_000 - defaultDisruptionLatencyMs);
    assert.ok(pdbStatus(c).disruptedPods?.[name], 'still within its two minutes');
    c.advance(1000);
    const released = pdbStatus(c);
    assert.equal(released.disruptedPods, undefined, 'empty, and omitted as on the wire');
    assert.deepEqual([released.currentHealthy, released.disruptionsAllowed], [3, 1]);
    const notDeleted = c.list('events', 'default').find((e) => (e as { reason?: string }).reason === 'NotDeleted') as { message?: string } | undefined;
    // buildDisruptedPodMap passes the budget's namespace twice.
    assert.equal(notDeleted?.message, "Pod was expected by PDB default/default to be deleted but it wasn't");
  });

  test('selectors: {} selects every pod in policy/v1 and none in policy/v1beta1; null none', () => {
    const c = cluster();
    apply(c, bare('a', { labels: { app: 'a' } }), bare('b', { labels: { app: 'b' } }));
    apply(c, pdb('v1-empty', { minAvailable: 1, selector: {} }), pdb('v1beta1-empty', { minAvailable: 1, selector: {} }, 'policy/v1beta1'), pdb('null', { minAvailable: 1, selector: null }));
    c.advance(5000);
    assert.equal(pdbStatus(c, 'v1-empty').expectedPods, 2);
    assert.equal(pdbStatus(c, 'v1beta1-empty').expectedPods, 0);
    const stored = ok(c.get('poddisruptionbudgets', 'default', 'v1beta1-empty')) as PodDisruptionBudget;
    assert.deepEqual(stored.spec?.selector, { matchExpressions: [{ key: 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match', operator: 'Exists' }] });
    assert.equal(stored.apiVersion, 'policy/v1');
    assert.equal(pdbStatus(c, 'null').expectedPods, 0);
  });

  test('bare pods under maxUnavailable are unmanaged: expected 0, an UnmanagedPods warning', () => {
    const c = cluster();
    apply(c, bare('a'), bare('b'), pdb('web-pdb', { maxUnavailable: 1, selector: webSelector }));
    c.advance(5000);
    assert.deepEqual([pdbStatus(c).expectedPods, pdbStatus(c).disruptionsAllowed], [0, 0]);
    const unmanaged = c.list('events', 'default').find((e) => (e as { reason?: string }).reason === 'UnmanagedPods') as { message?: string } | undefined;
    assert.equal(
      unmanaged?.message,
      'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    );
  });

  test('a pod under two budgets: a MultiplePodDisruptionBudgets warning on the pod, and its changes queue only the first budget', () => {
    const c = cluster();
    apply(c, bare('a'), bare('b'));
    c.advance(5000);
    apply(c, pdb('beta', { minAvailable: 1, selector: webSelector }), pdb('alpha', { minAvailable: 1, selector: webSelector }));
    c.advance(5000);
    assert.deepEqual([pdbStatus(c, 'alpha').currentHealthy, pdbStatus(c, 'beta').currentHealthy], [2, 2]);
    // Pod a turns unready: alpha is recounted, beta hears of it only when it changes itself.
    const a = ok(c.get('pods', 'default', 'a'));
    ok(c.update('pods', 'default', 'a', { ...a, metadata: { ...a.metadata, annotations: { ...a.metadata?.annotations, [knobs.ready]: 'false' } } }));
    c.advance(5000);
    assert.deepEqual([pdbStatus(c, 'alpha').currentHealthy, pdbStatus(c, 'beta').currentHealthy], [1, 2]);
    const warning = c.list('events', 'default').find((e) => (e as { reason?: string; involvedObject?: { name?: string } }).reason === 'MultiplePodDisruptionBudgets' && (e as { involvedObject: { name: string } }).involvedObject.name === 'a') as { type?: string; message?: string } | undefined;
    assert.deepEqual([warning?.type, warning?.message], ['Warning', 'Pod "default"/"a" matches multiple PodDisruptionBudgets.  Chose "alpha" arbitrarily.']);
  });

  test('the controller hears pods and budgets only: a StatefulSet scaled while its first pod is unready (no pod changes) leaves expectedPods as it was', () => {
    const c = cluster();
    apply(c, workload('StatefulSet', 'db', { replicas: 1, serviceName: 'db' }, { annotations: { [knobs.ready]: 'false' } }), pdb('db-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'db' } } }));
    c.advance(5000);
    assert.equal(pdbStatus(c, 'db-pdb').expectedPods, 1);
    const set = ok(c.get('statefulsets', 'default', 'db'));
    ok(c.update('statefulsets', 'default', 'db', { ...set, spec: { ...(set as { spec: object }).spec, replicas: 3 } } as never));
    c.advance(5000);
    assert.equal(pods(c, 'db').length, 1, 'OrderedReady: no second pod while the first is unready');
    assert.equal(pdbStatus(c, 'db-pdb').expectedPods, 1);
    // The next change of a pod it selects brings the new scale in.
    const [db0] = pods(c, 'db');
    ok(c.update('pods', 'default', db0.metadata!.name!, { ...db0, metadata: { ...db0.metadata, labels: { ...db0.metadata?.labels, touched: 'yes' } } }));
    c.advance(defaultDisruptionLatencyMs);
    assert.equal(pdbStatus(c, 'db-pdb').expectedPods, 3);
  });

  test('StripPDBV1beta1Label: a v1 write drops the reserved key from matchExpressions only; in matchLabels it stays (pkg/apis/policy/helper.go)', () => {
    const c = cluster();
    const key = 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match';
    apply(c, pdb('mixed', { minAvailable: 1, selector: { matchLabels: { app: 'web', [key]: 'x' }, matchExpressions: [{ key, operator: 'DoesNotExist' }, { key: 'tier', operator: 'Exists' }] } }));
    const stored = ok(c.get('poddisruptionbudgets', 'default', 'mixed')) as PodDisruptionBudget;
    assert.deepEqual(stored.spec?.selector, { matchLabels: { app: 'web', [key]: 'x' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] });
  });

  test('a scale change of the Deployment moves expectedPods once the controller has seen it', () => {
    const c = withBudget({ maxUnavailable: 1, selector: webSelector });
    const d = ok(c.get('deployments', 'default', 'web'));
    ok(c.update('deployments', 'default', 'web', { ...d, spec: { ...(d as { spec: object }).spec, replicas: 5 } } as never));
    assert.equal(pdbStatus(c).expectedPods, 3);
    c.advance(defaultDisruptionLatencyMs);
    assert.equal(pdbStatus(c).expectedPods, 5);
  });

  test('the reaction latency: the cluster default, 0 for statuses updated within the call, and a budget of its own by knob', () => {
    const build = (latencyMs?: number, annotations?: Record<string, string>) => {
      const c = cluster(undefined, latencyMs === undefined ? {} : { disruptionLatencyMs: latencyMs });
      apply(c, deployment('web', 3), { ...pdb('web-pdb', { minAvailable: 2, selector: webSelector }), metadata: { name: 'web-pdb', namespace: 'default', annotations } });
      c.advance(5000);
      assert.deepEqual([pdbStatus(c).currentHealthy, pdbStatus(c).disruptionsAllowed], [3, 1]);
      assert.equal(evict(c, pods(c, 'web')[0].metadata!.name!).status.code, 201);
      return c;
    };
    const recounted = (c: ReturnType<typeof cluster>) => pdbStatus(c).currentHealthy === 2;

    const instant = build(0);
    assert.ok(recounted(instant), 'latency 0: recounted within the eviction call');

    const standard = build();
    assert.ok(!recounted(standard));
    standard.advance(defaultDisruptionLatencyMs - 1);
    assert.ok(!recounted(standard), 'not before the latency');
    standard.advance(1);
    assert.ok(recounted(standard));

    const slow = build(undefined, { [knobs.disruptionLatencySeconds]: '2.5' });
    slow.advance(2499);
    assert.ok(!recounted(slow), 'the budget knob overrides the default');
    slow.advance(1);
    assert.ok(recounted(slow));
  });

  test('changes while the controller has not reacted yet are taken in one sync, from the state as it is then', () => {
    const c = withBudget({ minAvailable: 2, selector: webSelector });
    const written: number[] = [];
    ok(c.watch('poddisruptionbudgets', 'default', c.resourceVersion(), (e) => written.push((e.object as PodDisruptionBudget).status?.currentHealthy ?? -1)));
    const [a, b] = pods(c, 'web').map((p) => p.metadata!.name!);
    ok(c.delete('pods', 'default', a, {}));
    c.advance(defaultDisruptionLatencyMs / 2);
    ok(c.delete('pods', 'default', b, {}));
    c.advance(defaultDisruptionLatencyMs / 2);
    assert.deepEqual(written, [1], 'one status write, counting both deletions');
  });
});
