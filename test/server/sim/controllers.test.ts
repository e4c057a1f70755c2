// The workload controllers: Deployments and ReplicaSets replacing evicted or
// deleted pods at once and rolling out templates, StatefulSets keeping
// ordinal names, DaemonSets one pod per eligible node with their
// tolerations, Jobs running to completion.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Condition, Node, Pod, Workload } from '../../../server/src/k8s/types';
import { knobs } from '../../../server/src/sim/knobs';
import { apply, bare, cluster, deployment, evict, getPod, isReady, node, ok, pods, workload } from './helpers';

const live = (ps: Pod[]) => ps.filter((p) => !p.metadata?.deletionTimestamp);

describe('Deployment and ReplicaSet', () => {
  test('a Deployment makes ReplicaSet <name>-<hash> and pods <rs>-<5 chars>, with the hash label', () => {
    const c = cluster();
    apply(c, deployment('web', 3));
    const rs = c.list('replicasets', 'default') as Workload[];
    assert.equal(rs.length, 1);
    const hash = rs[0].metadata?.labels?.['pod-template-hash'];
    assert.match(hash ?? '', /^[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(rs[0].metadata?.name, `web-${hash}`);
    assert.deepEqual(rs[0].metadata?.ownerReferences?.map((r) => [r.kind, r.name, r.controller]), [['Deployment', 'web', true]]);
    for (const p of pods(c, 'web')) {
      assert.match(p.metadata?.name ?? '', new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      assert.equal(p.metadata?.labels?.['pod-template-hash'], hash);
    }
    c.advance(5000);
    const status = (ok(c.get('deployments', 'default', 'web')) as Workload).status as Record<string, unknown>;
    assert.deepEqual([status.replicas, status.readyReplicas, status.availableReplicas, status.updatedReplicas], [3, 3, 3, 3]);
    assert.equal((status.conditions as Condition[]).find((x) => x.type === 'Available')?.status, 'True');
  });

  test('an evicted pod is replaced at once (a terminating pod no longer counts); a deleted one too', () => {
    const c = cluster();
    apply(c, deployment('web', 3));
    c.advance(5000);
    const [first, second] = pods(c, 'web');
    assert.equal(evict(c, first.metadata!.name!).status.code, 201);
    assert.equal(pods(c, 'web').length, 4, 'the replacement is created in the same call');
    assert.equal(live(pods(c, 'web')).length, 3);
    ok(c.delete('pods', 'default', second.metadata!.name!, { gracePeriodSeconds: 0 }));
    assert.equal(live(pods(c, 'web')).length, 3);
    c.advance(60_000);
    assert.equal(pods(c, 'web').length, 3);
    assert.ok(pods(c, 'web').every(isReady));
  });

  test('scaling down removes unready pods first', () => {
    const c = cluster();
    apply(c, deployment('web', 3));
    c.advance(5000);
    const victim = pods(c, 'web')[1];
    ok(c.update('pods', 'default', victim.metadata!.name!, { ...victim, metadata: { ...victim.metadata, annotations: { [knobs.ready]: 'false' } } } as Pod));
    assert.equal(isReady(ok(getPod(c, victim.metadata!.name!)) as Pod), false);
    const d = ok(c.get('deployments', 'default', 'web')) as Workload;
    ok(c.update('deployments', 'default', 'web', { ...d, spec: { ...d.spec, replicas: 2 } } as Workload));
    assert.ok((ok(getPod(c, victim.metadata!.name!)) as Pod).metadata?.deletionTimestamp);
  });

  test('a template change rolls out within maxUnavailable, through a new ReplicaSet', () => {
    const c = cluster();
    apply(c, deployment('web', 4));
    c.advance(5000);
    const d = ok(c.get('deployments', 'default', 'web')) as Workload;
    const template = { ...d.spec!.template!, metadata: { ...d.spec!.template!.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } } };
    ok(c.update('deployments', 'default', 'web', { ...d, spec: { ...d.spec, template } } as Workload));
    let minReady = 4;
    for (let t = 0; t < 60; t++) {
      c.advance(1000);
      minReady = Math.min(minReady, live(pods(c, 'web')).filter(isReady).length);
    }
    assert.ok(minReady >= 3, `maxUnavailable 25% of 4 is 1: never fewer than 3 ready (saw ${minReady})`);
    const sets = c.list('replicasets', 'default') as Workload[];
    assert.equal(sets.length, 2);
    const fresh = sets.find((rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2');
    assert.equal(fresh?.spec?.replicas, 4);
    assert.equal(sets.find((rs) => rs !== fresh)?.spec?.replicas, 0);
    assert.ok(pods(c, 'web').every((p) => p.metadata?.labels?.['pod-template-hash'] === fresh?.metadata?.labels?.['pod-template-hash']));
  });

  test('a ReplicaSet adopts an orphan that matches its selector', () => {
    const c = cluster();
    apply(c, bare('stray', { labels: { app: 'rs' } }), workload('ReplicaSet', 'rs', { replicas: 2 }));
    const owned = pods(c, 'rs');
    assert.equal(owned.length, 2);
    assert.equal((ok(getPod(c, 'stray')) as Pod).metadata?.ownerReferences?.[0]?.name, 'rs');
  });
});

describe('StatefulSet', () => {
  test('OrderedReady: db-0, then db-1 once db-0 is Ready, then db-2', () => {
    const c = cluster();
    apply(c, workload('StatefulSet', 'db', { replicas: 3, serviceName: 'db' }));
    assert.deepEqual(pods(c, 'db').map((p) => p.metadata?.name), ['db-0']);
    c.advance(2000);
    assert.deepEqual(pods(c, 'db').map((p) => p.metadata?.name), ['db-0']);
    c.advance(1000);
    assert.deepEqual(pods(c, 'db').map((p) => p.metadata?.name), ['db-0', 'db-1']);
    c.advance(3000);
    assert.deepEqual(pods(c, 'db').map((p) => p.metadata?.name), ['db-0', 'db-1', 'db-2']);
    const p = ok(getPod(c, 'db-1')) as Pod;
    assert.deepEqual([p.spec?.hostname, p.spec?.subdomain, p.metadata?.labels?.['apps.kubernetes.io/pod-index'], p.metadata?.labels?.['statefulset.kubernetes.io/pod-name']], ['db-1', 'db', '1', 'db-1']);
  });

  test('an evicted member comes back under its name, only once the old one is gone', () => {
    const c = cluster();
    apply(c, workload('StatefulSet', 'db', { replicas: 3 }, { annotations: { [knobs.shutdownSeconds]: '10' } }));
    c.advance(20_000);
    const old = ok(getPod(c, 'db-1')) as Pod;
    assert.equal(evict(c, 'db-1').status.code, 201);
    c.advance(9000);
    const still = ok(getPod(c, 'db-1')) as Pod;
    assert.equal(still.metadata?.uid, old.metadata?.uid, 'the old one is still terminating');
    c.advance(1000);
    const back = ok(getPod(c, 'db-1')) as Pod;
    assert.notEqual(back.metadata?.uid, old.metadata?.uid);
    assert.equal(back.metadata?.deletionTimestamp, undefined);
  });

  test('Parallel creates every member at once; scaling down goes from the highest ordinal', () => {
    const c = cluster();
    apply(c, workload('StatefulSet', 'db', { replicas: 3, podManagementPolicy: 'Parallel' }));
    assert.deepEqual(pods(c, 'db').map((p) => p.metadata?.name), ['db-0', 'db-1', 'db-2']);
    c.advance(5000);
    const s = ok(c.get('statefulsets', 'default', 'db')) as Workload;
    ok(c.update('statefulsets', 'default', 'db', { ...s, spec: { ...s.spec, replicas: 1 } } as Workload));
    assert.deepEqual(pods(c, 'db').filter((p) => p.metadata?.deletionTimestamp).map((p) => p.metadata?.name), ['db-1', 'db-2']);
  });
});

describe('DaemonSet', () => {
  test('one pod per node, cordoned ones included, with the DaemonSet tolerations and pinned by node affinity', () => {
    const c = cluster([node('n1'), node('n2', { unschedulable: true }), node('n3', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] })]);
    apply(c, workload('DaemonSet', 'agent', {}));
    const agents = pods(c, 'agent');
    assert.deepEqual(agents.map((p) => p.spec?.nodeName).sort(), ['n1', 'n2']);
    const p = agents[0];
    assert.deepEqual(
      p.spec?.tolerations?.map((t) => `${t.key}:${t.effect}:${t.tolerationSeconds ?? '-'}`),
      [
        'node.kubernetes.io/not-ready:NoExecute:-',
        'node.kubernetes.io/unreachable:NoExecute:-',
        'node.kubernetes.io/disk-pressure:NoSchedule:-',
        'node.kubernetes.io/memory-pressure:NoSchedule:-',
        'node.kubernetes.io/pid-pressure:NoSchedule:-',
        'node.kubernetes.io/unschedulable:NoSchedule:-',
      ],
    );
    assert.deepEqual(p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms, [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec?.nodeName] }] }]);
    ok(c.create('nodes', undefined, node('n4')));
    assert.ok(pods(c, 'agent').some((x) => x.spec?.nodeName === 'n4'));
    const status = (ok(c.get('daemonsets', 'default', 'agent')) as Workload).status as Record<string, number>;
    assert.equal(status.desiredNumberScheduled, 3);
  });

  test('a NoExecute taint it does not tolerate removes its pod; an evicted daemon pod is replaced', () => {
    const c = cluster([node('n1'), node('n2')]);
    apply(c, workload('DaemonSet', 'agent', {}));
    c.advance(5000);
    const onN1 = pods(c, 'agent').find((p) => p.spec?.nodeName === 'n1')!;
    assert.equal(evict(c, onN1.metadata!.name!).status.code, 201);
    assert.equal(live(pods(c, 'agent')).filter((p) => p.spec?.nodeName === 'n1').length, 1, 'replaced at once');
    const n2 = ok(c.get('nodes', undefined, 'n2')) as Node;
    ok(c.update('nodes', undefined, 'n2', { ...n2, spec: { ...n2.spec, taints: [{ key: 'evict', effect: 'NoExecute' }] } } as Node));
    assert.equal(live(pods(c, 'agent')).filter((p) => p.spec?.nodeName === 'n2').length, 0);
  });
});

describe('Job', () => {
  test('keeps parallelism pods running until completions succeed, then Complete', () => {
    const c = cluster();
    apply(c, workload('Job', 'batch', { parallelism: 2, completions: 3 }, { annotations: { [knobs.runSeconds]: '10' } }));
    const job = ok(c.get('jobs', 'default', 'batch')) as Workload;
    assert.deepEqual(job.spec?.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': job.metadata?.uid } });
    assert.equal(pods(c, 'batch').length, 2);
    c.advance(15_000);
    assert.equal(pods(c, 'batch').filter((p) => p.status?.phase === 'Succeeded').length, 2);
    assert.equal(live(pods(c, 'batch')).filter((p) => p.status?.phase !== 'Succeeded').length, 1);
    c.advance(15_000);
    const done = ok(c.get('jobs', 'default', 'batch')) as Workload;
    assert.equal(done.status?.succeeded, 3);
    assert.equal((done.status?.conditions as Condition[]).find((x) => x.type === 'Complete')?.status, 'True');
  });
});

describe('DaemonSet rolling update', () => {
  test('a template change replaces the daemon pods one node at a time', () => {
    const c = cluster();
    apply(c, workload('DaemonSet', 'agent', {}));
    c.advance(5000);
    const ds = ok(c.get('daemonsets', 'default', 'agent')) as Workload;
    const template = { ...ds.spec!.template!, metadata: { ...ds.spec!.template!.metadata, annotations: { rev: '2' } } };
    ok(c.update('daemonsets', 'default', 'agent', { ...ds, spec: { ...ds.spec, template } } as Workload));
    let fewestReady = 3;
    for (let t = 0; t < 30; t++) {
      fewestReady = Math.min(fewestReady, live(pods(c, 'agent')).filter(isReady).length);
      c.advance(1000);
    }
    assert.equal(fewestReady, 2, 'maxUnavailable 1');
    const agents = live(pods(c, 'agent'));
    assert.equal(agents.length, 3);
    assert.ok(agents.every((p) => p.metadata?.annotations?.rev === '2' && isReady(p)));
  });
});
