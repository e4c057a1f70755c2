// The eviction subresource against the simulator: spec §8 cases 1–13 and
// the rest of §1 (versions, preconditions, dry run, grace periods, the
// "still being processed" 429 when a server-pinned delete conflicts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultDisruptionLatencyMs } from '../../../server/src/sim/controllers/disruption';
import { knobs } from '../../../server/src/sim/knobs';
import type { Eviction, Pod, PodDisruptionBudget, Status } from '../../../server/src/k8s/types';
import type { WatchEvent } from '../../../server/src/sim/api';
import type { SimCluster } from '../../../server/src/sim/cluster';
import { apply, bare, cluster, condition, evict, getPod, node, ok, pdb, pdbStatus } from './helpers';

const violates = "Cannot evict pod as it would violate the pod's disruption budget.";

/** Pods web-a, web-b, web-c (app=web), Running and Ready, and web-pdb over them. */
function setup(o: { pdbSpec?: PodDisruptionBudget['spec']; notReady?: string[]; pods?: string[]; disabled?: 'disruption'[] } = {}): SimCluster {
  const c = cluster([node('n1'), node('n2'), node('n3')], { disabledControllers: o.disabled });
  for (const name of o.pods ?? ['web-a', 'web-b', 'web-c']) {
    apply(c, bare(name, { labels: { app: 'web' }, annotations: o.notReady?.includes(name) ? { [knobs.ready]: 'false' } : {} }));
  }
  apply(c, pdb('web-pdb', o.pdbSpec ?? { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }));
  c.advance(5000);
  return c;
}

function watchBudgets(c: SimCluster): WatchEvent[] {
  const events: WatchEvent[] = [];
  ok(c.watch('poddisruptionbudgets', 'default', undefined, (e) => events.push(e)));
  return events;
}

/** The 429 Status of a refusal by a budget, as spec §1 gives it. */
function refusedByBudget(cause: string, retryAfterSeconds?: number): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: violates,
    reason: 'TooManyRequests',
    details: { causes: [{ reason: 'DisruptionBudget', message: cause }], ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
    code: 429,
  };
}

describe('spec §8 eviction cases', () => {
  test('case 1: allowed: 201, the budget decremented with the pod recorded, the pod marked and terminating 30 s out', () => {
    const c = setup();
    assert.deepEqual([pdbStatus(c).disruptionsAllowed, pdbStatus(c).currentHealthy, pdbStatus(c).desiredHealthy], [1, 3, 2]);
    const events = watchBudgets(c);
    const now = c.clock.now();
    const { status, headers } = evict(c, 'web-a');
    assert.deepEqual(status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    assert.deepEqual(headers, {});
    // The eviction's own status write: allowed 0, the condition flipped, web-a recorded.
    const written = (events[0].object as PodDisruptionBudget).status!;
    assert.equal(written.disruptionsAllowed, 0);
    assert.deepEqual(written.disruptedPods, { 'web-a': '2026-01-01T00:00:05Z' });
    const cond = written.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.status, cond?.reason], ['False', 'InsufficientPods']);
    // Until the controller has seen the eviction, the status is the eviction's own write.
    assert.deepEqual([pdbStatus(c).disruptionsAllowed, pdbStatus(c).currentHealthy, pdbStatus(c).expectedPods], [0, 3, 3]);
    assert.equal(events.length, 1);
    // Then the controller: web-a is terminating, so it no longer counts (and leaves disruptedPods).
    c.advance(defaultDisruptionLatencyMs);
    assert.deepEqual([pdbStatus(c).disruptionsAllowed, pdbStatus(c).currentHealthy, pdbStatus(c).expectedPods], [0, 2, 3]);
    assert.equal(pdbStatus(c).disruptedPods, undefined);
    const pod = ok(getPod(c, 'web-a')) as Pod;
    assert.deepEqual(
      { ...condition(pod, 'DisruptionTarget'), lastTransitionTime: undefined },
      { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: undefined },
    );
    assert.equal(pod.metadata?.deletionTimestamp, new Date(now + 30_000).toISOString().replace('.000Z', 'Z'));
    assert.equal(pod.metadata?.deletionGracePeriodSeconds, 30);
  });

  test('case 2: budget exhausted: 429 without Retry-After, the classic cause, the pod untouched', () => {
    const c = setup({ pods: ['web-a', 'web-b'] });
    assert.deepEqual([pdbStatus(c).disruptionsAllowed, pdbStatus(c).currentHealthy, pdbStatus(c).desiredHealthy], [0, 2, 2]);
    const before = (ok(getPod(c, 'web-a')) as Pod).metadata?.resourceVersion;
    const { status, headers } = evict(c, 'web-a');
    assert.deepEqual(status, refusedByBudget('The disruption budget web-pdb needs 2 healthy pods and has 2 currently'));
    assert.deepEqual(headers, {});
    assert.equal((ok(getPod(c, 'web-a')) as Pod).metadata?.resourceVersion, before);
  });

  test('case 3: a budget not yet processed: 429 with Retry-After 10 and the "still being processed" cause', () => {
    // The disruption controller is down, so nothing catches up with the spec change.
    const c = setup({ disabled: ['disruption'] });
    const current = ok(c.get('poddisruptionbudgets', 'default', 'web-pdb')) as PodDisruptionBudget;
    const processed: PodDisruptionBudget = { ...current, status: { disruptionsAllowed: 5, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, observedGeneration: 1 } };
    ok(c.update('poddisruptionbudgets', 'default', 'web-pdb', processed, 'status'));
    const changed: PodDisruptionBudget = { ...current, metadata: { ...current.metadata, resourceVersion: undefined }, spec: { ...current.spec, minAvailable: 1 } };
    const updated = ok(c.update('poddisruptionbudgets', 'default', 'web-pdb', changed)) as PodDisruptionBudget;
    assert.equal(updated.metadata?.generation, 2);
    const { status, headers } = evict(c, 'web-a');
    assert.equal(status.code, 429);
    assert.equal(status.details?.retryAfterSeconds, 10);
    assert.deepEqual(status.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb is still being processed by the server.' }]);
    assert.deepEqual(headers, { 'Retry-After': '10' });
  });

  test('case 3 through the API: a spec change followed at once by an eviction is "still being processed"; retried after 10 s it succeeds', () => {
    const c = setup();
    const current = ok(c.get('poddisruptionbudgets', 'default', 'web-pdb')) as PodDisruptionBudget;
    const changed = ok(c.update('poddisruptionbudgets', 'default', 'web-pdb', { ...current, spec: { ...current.spec, minAvailable: 1 } } as PodDisruptionBudget)) as PodDisruptionBudget;
    assert.deepEqual([changed.metadata?.generation, changed.status?.observedGeneration], [2, 1]);
    const { status, headers } = evict(c, 'web-a');
    assert.deepEqual(status, refusedByBudget('The disruption budget web-pdb is still being processed by the server.', 10));
    assert.deepEqual(headers, { 'Retry-After': '10' });
    assert.equal((ok(getPod(c, 'web-a')) as Pod).metadata?.deletionTimestamp, undefined, 'nothing was evicted');
    // client-go sleeps Retry-After and sends the same request again (rest/with_retry.go).
    c.advance(10_000);
    assert.deepEqual([pdbStatus(c).observedGeneration, pdbStatus(c).disruptionsAllowed], [2, 2]);
    assert.equal(evict(c, 'web-a').status.code, 201);
  });

  test('case 4: two budgets: 500 with no reason and nothing changed', () => {
    const c = setup();
    apply(c, pdb('other-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }));
    const rv = c.resourceVersion();
    const { status, headers } = evict(c, 'web-a');
    assert.deepEqual(status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 });
    assert.deepEqual(headers, {});
    assert.equal(c.resourceVersion(), rv);
  });

  test('case 5: a missing pod is 404', () => {
    const { status } = evict(setup(), 'ghost');
    assert.equal(status.code, 404);
    assert.equal(status.reason, 'NotFound');
    assert.equal(status.message, 'pods "ghost" not found');
  });

  test('case 6: a terminal pod is removed at once, the budget untouched', () => {
    const c = setup({ pods: ['web-b', 'web-c'] });
    apply(c, bare('web-a', { labels: { app: 'web' }, annotations: { [knobs.runSeconds]: '1' }, spec: { restartPolicy: 'Never' } }));
    c.advance(5000);
    assert.equal((ok(getPod(c, 'web-a')) as Pod).status?.phase, 'Succeeded');
    assert.equal(pdbStatus(c).disruptionsAllowed, 0);
    const events = watchBudgets(c);
    assert.equal(evict(c, 'web-a').status.code, 201);
    assert.equal(getPod(c, 'web-a').ok, false, 'grace 0: gone');
    assert.ok(events.every((e) => !(e.object as PodDisruptionBudget).status?.disruptedPods?.['web-a']), 'the eviction wrote nothing to the budget');
  });

  test('case 7: Pending and terminating pods skip the budget', () => {
    const c = setup({ pods: ['web-b', 'web-c'] });
    apply(c, bare('web-a', { labels: { app: 'web' }, spec: { nodeSelector: { disk: 'none' } } }));
    assert.equal(pdbStatus(c).disruptionsAllowed, 0);
    assert.equal(evict(c, 'web-a').status.code, 201);
    assert.equal(getPod(c, 'web-a').ok, false, 'unscheduled: deleted with grace 0');
    // A terminating pod: evicting it again is a 201 too, and does not touch the budget.
    ok(c.delete('pods', 'default', 'web-b', {}));
    assert.ok((ok(getPod(c, 'web-b')) as Pod).metadata?.deletionTimestamp);
    assert.equal(evict(c, 'web-b').status.code, 201);
  });

  test('case 8: an unready pod with enough healthy is evicted without decrementing', () => {
    const c = setup({ notReady: ['web-a'] });
    assert.deepEqual([pdbStatus(c).disruptionsAllowed, pdbStatus(c).currentHealthy, pdbStatus(c).desiredHealthy], [0, 2, 2]);
    const events = watchBudgets(c);
    assert.equal(evict(c, 'web-a').status.code, 201);
    assert.ok((ok(getPod(c, 'web-a')) as Pod).metadata?.deletionTimestamp);
    assert.ok(events.every((e) => !(e.object as PodDisruptionBudget).status?.disruptedPods?.['web-a']));
    assert.equal(pdbStatus(c).disruptionsAllowed, 0);
  });

  test('case 9: an unready pod with too few healthy is refused, unless AlwaysAllow', () => {
    const c = setup({ notReady: ['web-a', 'web-b'] });
    assert.equal(pdbStatus(c).currentHealthy, 1);
    const { status } = evict(c, 'web-a');
    assert.equal(status.code, 429);
    assert.equal(status.details?.causes?.[0].message, 'The disruption budget web-pdb needs 2 healthy pods and has 1 currently');
    const always = setup({ notReady: ['web-a', 'web-b'], pdbSpec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' } });
    assert.equal(evict(always, 'web-a').status.code, 201);
  });

  test('case 10: a budget with neither field allows nothing: 429 "needs 0 … has 3"', () => {
    const c = setup({ pdbSpec: { selector: { matchLabels: { app: 'web' } } } });
    const s = pdbStatus(c);
    assert.deepEqual([s.expectedPods, s.desiredHealthy, s.currentHealthy, s.disruptionsAllowed], [0, 0, 3, 0]);
    assert.equal(evict(c, 'web-a').status.details?.causes?.[0].message, 'The disruption budget web-pdb needs 0 healthy pods and has 3 currently');
  });

  test('case 11: dry run changes nothing; differing dry-run values are a plain 500', () => {
    const c = setup();
    const rv = c.resourceVersion();
    assert.equal(evict(c, 'web-a', {}, ['All']).status.code, 201);
    assert.equal(c.resourceVersion(), rv, 'nothing was written');
    assert.equal(pdbStatus(c).disruptionsAllowed, 1);
    const { status } = evict(c, 'web-a', { deleteOptions: { dryRun: ['X'] } }, ['All']);
    assert.deepEqual(status, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Non-matching dry-run options in request and content: [All] and [X]', code: 500 });
  });

  test('case 12: name mismatch is 400; a wrong UID precondition is 409', () => {
    const c = setup({ pdbSpec: { minAvailable: 2, selector: { matchLabels: { app: 'other' } } } });
    const mismatch = c.evict('default', 'web-a', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-b' } }, []).status;
    assert.deepEqual([mismatch.code, mismatch.reason, mismatch.message], [400, 'BadRequest', 'name in URL does not match name in Eviction object']);
    const uid = (ok(getPod(c, 'web-a')) as Pod).metadata?.uid;
    const { status } = evict(c, 'web-a', { deleteOptions: { preconditions: { uid: 'not-the-uid' } } });
    assert.equal(status.code, 409);
    assert.equal(status.reason, 'Conflict');
    assert.equal(status.message, `Operation cannot be fulfilled on Pod "web-a": the UID in the precondition (not-the-uid) does not match the UID in record (${uid}). The object might have been deleted and then recreated`);
    assert.equal((ok(getPod(c, 'web-a')) as Pod).metadata?.deletionTimestamp, undefined);
  });

  test('case 13: selector {} covers a pod with no labels; null covers nothing', () => {
    const c = setup({ pods: [], pdbSpec: { selector: {} } });
    apply(c, bare('plain', { labels: {} }));
    c.advance(5000);
    const p = ok(getPod(c, 'plain')) as Pod;
    assert.deepEqual(p.metadata?.labels, { app: 'web' }, 'the helper labels every pod; strip them');
    const noLabels = { ...p, metadata: { ...p.metadata, labels: {} } };
    ok(c.update('pods', 'default', 'plain', noLabels));
    assert.equal(pdbStatus(c).disruptionsAllowed, 0);
    assert.equal(evict(c, 'plain').status.code, 429);
    const none = setup({ pdbSpec: { selector: null } });
    assert.equal(evict(none, 'web-a').status.code, 201);
  });
});

describe('the eviction subresource, further', () => {
  test('policy/v1beta1 bodies and bodies without apiVersion or kind are accepted; other versions are 400', () => {
    const c = setup({ pdbSpec: { minAvailable: 0, selector: { matchLabels: { app: 'web' } } } });
    assert.equal(c.evict('default', 'web-a', { apiVersion: 'policy/v1beta1', kind: 'Eviction', metadata: { name: 'web-a' } }, []).status.code, 201);
    assert.equal(c.evict('default', 'web-b', { metadata: { name: 'web-b' } }, []).status.code, 201);
    const v2 = c.evict('default', 'web-c', { apiVersion: 'policy/v2', kind: 'Eviction', metadata: { name: 'web-c' } }, []).status;
    assert.equal(v2.code, 400);
    assert.match(v2.message ?? '', /policy\/v2/);
  });

  test('a namespace mismatch is 400; a terminating namespace is 403 with a NamespaceTerminating cause', () => {
    const c = setup();
    const mismatch = c.evict('default', 'web-a', { metadata: { name: 'web-a', namespace: 'other' } }, []).status;
    assert.deepEqual([mismatch.code, mismatch.message], [400, 'the namespace of the provided object does not match the namespace sent on the request']);
    ok(c.create('namespaces', undefined, { metadata: { name: 'doomed' } }));
    ok(c.create('pods', 'doomed', { ...bare('x'), metadata: { name: 'x', namespace: 'doomed' } }));
    c.advance(5000);
    ok(c.delete('namespaces', undefined, 'doomed', {}));
    assert.ok((ok(c.get('pods', 'doomed', 'x')) as Pod).metadata?.deletionTimestamp, 'the namespace controller is deleting it');
    const terminating = c.evict('doomed', 'x', { metadata: { name: 'x' } }, []).status;
    assert.equal(terminating.code, 403);
    assert.equal(terminating.message, 'pods "x" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    assert.deepEqual(terminating.details?.causes, [{ reason: 'NamespaceTerminating', message: 'namespace doomed is being terminated', field: 'metadata.namespace' }]);
    // NamespaceLifecycle admission runs before the eviction's own checks: a wrong name or mismatched dry runs get the 403 too.
    for (const [body, dryRun] of [
      [{ metadata: { name: 'y' } }, []],
      [{ metadata: { name: 'x' }, deleteOptions: { dryRun: ['X'] } }, ['All']],
    ] as const) {
      const answer = c.evict('doomed', 'x', structuredClone(body) as Eviction, [...dryRun]).status;
      assert.deepEqual([answer.code, answer.message], [403, 'pods "x" is forbidden: unable to create new content in namespace doomed because it is being terminated']);
    }
    // The namespace check of decoding still comes first.
    assert.equal(c.evict('doomed', 'x', { metadata: { name: 'y', namespace: 'other' } }, []).status.code, 400);
  });

  test('a resourceVersion precondition that does not match is 409 and is not retried', () => {
    const c = setup({ pdbSpec: { minAvailable: 0, selector: { matchLabels: { app: 'web' } } } });
    const rv = (ok(getPod(c, 'web-a')) as Pod).metadata?.resourceVersion;
    const { status } = evict(c, 'web-a', { deleteOptions: { preconditions: { resourceVersion: '1' } } });
    assert.equal(status.code, 409);
    assert.equal(status.message, `Operation cannot be fulfilled on Pod "web-a": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${rv}). The object might have been modified`);
    assert.equal(evict(c, 'web-a', { deleteOptions: { preconditions: { resourceVersion: rv } } }).status.code, 201, 'the right version passes, past the condition write');
  });

  test('grace periods: the request wins, and a second eviction can only shorten', () => {
    const c = setup({ pdbSpec: { minAvailable: 0, selector: { matchLabels: { app: 'web' } } } });
    const t = c.clock.now();
    assert.equal(evict(c, 'web-a', { deleteOptions: { gracePeriodSeconds: 20 } }).status.code, 201);
    const first = ok(getPod(c, 'web-a')) as Pod;
    assert.equal(Date.parse(first.metadata!.deletionTimestamp!), t + 20_000);
    assert.equal(evict(c, 'web-a', { deleteOptions: { gracePeriodSeconds: 60 } }).status.code, 201);
    assert.equal((ok(getPod(c, 'web-a')) as Pod).metadata?.deletionTimestamp, first.metadata?.deletionTimestamp, 'longer: no-op');
    assert.equal(evict(c, 'web-a', { deleteOptions: { gracePeriodSeconds: 0 } }).status.code, 201);
    assert.equal(getPod(c, 'web-a').ok, false, '0: gone at once');
  });

  test('invalid deleteOptions reach the pod DELETE and are 422', () => {
    const c = setup({ pdbSpec: { minAvailable: 0, selector: { matchLabels: { app: 'web' } } } });
    const { status } = evict(c, 'web-a', { deleteOptions: { propagationPolicy: 'Sideways' } });
    assert.equal(status.code, 422);
    assert.equal(status.message, 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"');
  });

  test('a wrongly typed body is a 400, never a throw', () => {
    const c = setup();
    const { status } = c.evict('default', 'web-a', { metadata: { name: 'web-a' }, deleteOptions: { gracePeriodSeconds: 'soon' } } as never, []);
    assert.equal(status.code, 400);
    assert.equal(status.message, 'Eviction in version "v1" cannot be handled as a Eviction: json: cannot unmarshal string into Go struct field DeleteOptions.deleteOptions.gracePeriodSeconds of type int64');
    assert.equal(c.evict('default', 'web-a', null as never, []).status.code, 400);
  });

  test('more than 2000 unconfirmed evictions in disruptedPods is a 403', () => {
    const c = setup({ disabled: ['disruption'] });
    const current = ok(c.get('poddisruptionbudgets', 'default', 'web-pdb')) as PodDisruptionBudget;
    const disruptedPods = Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`p${i}`, '2026-01-01T00:00:00Z']));
    const flooded: PodDisruptionBudget = { ...current, status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, observedGeneration: 1, disruptedPods } };
    ok(c.update('poddisruptionbudgets', 'default', 'web-pdb', flooded, 'status'));
    const { status } = evict(c, 'web-a');
    assert.equal(status.code, 403);
    assert.equal(status.message, 'poddisruptionbudget.policy "web-pdb" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller');
    assert.deepEqual(status.details, { name: 'web-pdb', group: 'policy', kind: 'poddisruptionbudget' });
  });

  test('a server-pinned delete that conflicts is answered "still being processed", and the stale condition is reset after 2 minutes', () => {
    const c = setup({ notReady: ['web-a'] });
    // Another client writes to web-a the moment the eviction marks it: the delete, pinned to the version judged, conflicts.
    let raced = false;
    ok(
      c.watch('pods', 'default', undefined, (e) => {
        const p = e.object as Pod;
        if (raced || p.metadata?.name !== 'web-a' || condition(p, 'DisruptionTarget')?.status !== 'True') return;
        raced = true;
        ok(c.update('pods', 'default', 'web-a', { ...structuredClone(p), metadata: { ...structuredClone(p.metadata), labels: { app: 'web', touched: 'yes' }, resourceVersion: undefined } }));
      }),
    );
    const { status, headers } = evict(c, 'web-a');
    assert.ok(raced);
    assert.equal(status.code, 429);
    assert.deepEqual(status.details?.causes, [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb is still being processed by the server.' }]);
    assert.deepEqual(headers, { 'Retry-After': '10' });
    const pod = ok(getPod(c, 'web-a')) as Pod;
    assert.equal(pod.metadata?.deletionTimestamp, undefined, 'not deleted');
    assert.equal(condition(pod, 'DisruptionTarget')?.status, 'True');
    c.advance(119_000);
    assert.equal(condition(ok(getPod(c, 'web-a')) as Pod, 'DisruptionTarget')?.status, 'True');
    c.advance(2_000);
    assert.equal(condition(ok(getPod(c, 'web-a')) as Pod, 'DisruptionTarget')?.status, 'False', 'reset by the disruption controller');
  });

  test('loop A retries a conflict on a pod that skips the budget', () => {
    const c = setup({ pods: [] });
    apply(c, bare('pending', { spec: { nodeSelector: { disk: 'none' } } }));
    let writes = 0;
    ok(
      c.watch('pods', 'default', undefined, (e) => {
        const p = e.object as Pod;
        if (writes > 0 || condition(p, 'DisruptionTarget')?.status !== 'True') return;
        writes++;
        ok(c.update('pods', 'default', 'pending', { ...structuredClone(p), metadata: { ...structuredClone(p.metadata), labels: { app: 'web', touched: 'yes' }, resourceVersion: undefined } }));
      }),
    );
    assert.equal(evict(c, 'pending').status.code, 201);
    assert.equal(writes, 1);
    assert.equal(getPod(c, 'pending').ok, false);
  });
});
