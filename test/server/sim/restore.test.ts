// SimCluster.restore: a cluster's objects loaded as they are, with their
// status. The source is another simulator (a stand-in for a live cluster),
// listed whole, with its revisions renamed the way a real cluster names them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rfc3339 } from '../../../server/src/k8s/time';
import type { KubeObject, Pod, Workload } from '../../../server/src/k8s/types';
import { SimCluster } from '../../../server/src/sim/cluster';
import { knobs } from '../../../server/src/sim/knobs';
import { prepareRestore } from '../../../server/src/sim/restore';
import { apply, cluster, condition, deployment, evict, isReady, node, ok, pdb, pdbStatus, workload } from './helpers';

const kinds = ['namespaces', 'nodes', 'pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'poddisruptionbudgets'] as const;

/** Everything a listing would return, revisions renamed as a real cluster names them (ControllerRevision hashes). */
function listing(c: SimCluster): KubeObject[] {
  const objects = kinds.flatMap((r) => c.list(r));
  for (const o of objects) {
    const labels = o.metadata?.labels;
    if (labels?.['controller-revision-hash']) labels['controller-revision-hash'] = labels.app === 'db' ? 'db-7c9f5d8b4' : '5b8d6f7c9';
    const status = (o as Workload).status as Record<string, unknown> | undefined;
    if (o.kind === 'StatefulSet' && status) status.currentRevision = status.updateRevision = 'db-7c9f5d8b4';
  }
  return objects;
}

function source(): SimCluster {
  const c = cluster([node('n1'), node('n2'), node('n3')]);
  apply(
    c,
    deployment('web', 3),
    workload('StatefulSet', 'db', { replicas: 2, serviceName: 'db' }),
    workload('DaemonSet', 'agent', {}),
    pdb('web-pdb', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }),
  );
  c.advance(60_000);
  return c;
}

const byName = (c: SimCluster) => new Map((c.list('pods') as Pod[]).map((p) => [p.metadata!.name!, p]));

describe('restore', () => {
  test('pods keep their node, readiness, age, uid and owner; nothing is created, deleted or rolled out again', () => {
    const src = source();
    const objects = listing(src);
    const sim = new SimCluster({ startMs: src.now() });
    const report = sim.restore(objects);
    assert.deepEqual(report.skipped, []);
    const before = byName(src);
    sim.advance(10 * 60_000);
    const after = byName(sim);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    assert.equal(after.size, 3 + 2 + 3);
    for (const [name, was] of before) {
      const now = after.get(name)!;
      assert.equal(now.metadata?.uid, was.metadata?.uid, name);
      assert.equal(now.spec?.nodeName, was.spec?.nodeName, name);
      assert.equal(now.metadata?.creationTimestamp, was.metadata?.creationTimestamp, name);
      assert.deepEqual(now.metadata?.ownerReferences, was.metadata?.ownerReferences, name);
      assert.deepEqual(condition(now, 'Ready'), condition(was, 'Ready'), name);
      assert.equal(now.metadata?.deletionTimestamp, undefined, name);
    }
    assert.deepEqual(pdbStatus(sim), { ...pdbStatus(src), conditions: pdbStatus(sim).conditions });
    assert.equal(pdbStatus(sim).disruptionsAllowed, 1);
  });

  test('the restored workloads own their pods: an evicted one is replaced, and the budget counts it', () => {
    const src = source();
    const sim = new SimCluster({ startMs: src.now() });
    sim.restore(listing(src));
    const victim = [...byName(sim).values()].find((p) => p.metadata?.labels?.app === 'web')!;
    assert.equal(evict(sim, victim.metadata!.name!).status.code, 201);
    assert.equal(evict(sim, [...byName(sim).values()].find((p) => p.metadata?.labels?.app === 'web' && !p.metadata?.deletionTimestamp)!.metadata!.name!).status.code, 429);
    sim.advance(10_000);
    const web = [...byName(sim).values()].filter((p) => p.metadata?.labels?.app === 'web');
    assert.equal(web.length, 3);
    assert.ok(web.every(isReady));
    assert.equal(pdbStatus(sim).disruptionsAllowed, 1);
  });

  test('a pod that is not Ready stays so (its readiness is not replayed from a start-up delay)', () => {
    const src = source();
    const objects = listing(src);
    const lame = objects.find((o) => o.kind === 'Pod' && o.metadata?.labels?.app === 'web') as Pod;
    lame.status!.conditions = lame.status!.conditions!.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', reason: 'ContainersNotReady' } : c));
    const sim = new SimCluster({ startMs: src.now() });
    sim.restore(objects);
    sim.advance(30 * 60_000);
    const now = byName(sim).get(lame.metadata!.name!)!;
    assert.equal(condition(now, 'Ready')?.status, 'False');
    assert.equal(pdbStatus(sim).currentHealthy, 2);
    assert.equal(pdbStatus(sim).disruptionsAllowed, 0);
  });

  test('a pod restored while terminating ends within what is left of its grace period', () => {
    const src = source();
    const objects = listing(src);
    const leaving = objects.find((o) => o.kind === 'Pod' && o.metadata?.labels?.app === 'web') as Pod;
    leaving.metadata!.annotations = { ...leaving.metadata!.annotations, [knobs.shutdownSeconds]: '600' };
    leaving.metadata!.deletionGracePeriodSeconds = 30;
    leaving.metadata!.deletionTimestamp = rfc3339(src.now() + 5000);
    const sim = new SimCluster({ startMs: src.now() });
    sim.restore(objects);
    sim.advance(4000);
    assert.ok(sim.get('pods', 'default', leaving.metadata!.name!).ok, 'still terminating');
    sim.advance(1000);
    assert.equal(sim.get('pods', 'default', leaving.metadata!.name!).ok, false, 'gone at its deletionTimestamp');
  });

  test('kinds it does not model are set aside; missing namespaces are made; prepared objects serve two simulators', () => {
    const src = source();
    const objects = [...listing(src), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' } }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'elsewhere' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }];
    const prepared = prepareRestore(objects);
    assert.deepEqual(prepared.skipped, ['Service web: kind "Service" is not simulated']);
    for (const sim of [new SimCluster({ startMs: src.now() }), new SimCluster({ startMs: src.now() })]) {
      sim.restore(prepared);
      assert.ok(ok(sim.get('namespaces', undefined, 'elsewhere')));
      sim.advance(10_000);
      // Hand-written, it gets the API server's defaults, is scheduled and started.
      const stray = ok(sim.get('pods', 'elsewhere', 'stray')) as Pod;
      assert.equal(stray.spec?.schedulerName, 'default-scheduler');
      assert.ok(isReady(stray));
    }
    assert.notEqual((objects[0] as KubeObject).metadata?.resourceVersion, undefined, 'the listed objects keep what they had');
  });
});
