// The live snapshot against the sandbox over HTTPS: the first lists, the
// indexes by node and namespace, changes as the watches deliver them, and a
// cluster that cannot be reached.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClusterSnapshot, cordonNode, evictPod, openCluster, uncordonNode, type Cluster, type SnapshotChange } from '../../../client/src/cluster';
import { isPodReady } from '../../../server/src/k8s/pods';
import type { Pod } from '../../../server/src/k8s/types';
import { eventually, testSandbox, type TestSandbox } from '../../clients/helpers';

const names = (objects: { metadata?: { name?: string } }[]) => objects.map((o) => o.metadata?.name ?? '').sort();

describe('ClusterSnapshot on the sandbox', () => {
  let sb: TestSandbox;
  let cluster: Cluster;
  let snapshot: ClusterSnapshot;
  const changes: SnapshotChange[] = [];
  const life = new AbortController();

  before(async () => {
    sb = await testSandbox();
    cluster = openCluster({ kubeconfig: sb.kubeconfigPath });
    snapshot = new ClusterSnapshot(cluster, { changed: (change) => changes.push(change) });
    const started = await snapshot.start(life.signal);
    assert.deepEqual(started, { ok: true });
  });
  after(async () => {
    life.abort();
    cluster?.close();
    await sb?.stop();
  });

  it('lists the nodes, pods and budgets, indexed by node and namespace', () => {
    assert.deepEqual(names(snapshot.nodes()), ['node-1', 'node-2', 'node-3']);
    assert.equal(snapshot.pods().length, 4);
    assert.deepEqual(names(snapshot.budgets()), ['web-pdb']);
    assert.deepEqual(snapshot.namespaces(), ['default']);
    const onNode1 = snapshot.podsOnNode('node-1');
    assert.equal(onNode1.length, 2, 'a web replica and the batch worker');
    assert.ok(onNode1.every((pod) => pod.spec?.nodeName === 'node-1'));
    assert.equal(snapshot.podsInNamespace('default').length, 4);
    assert.deepEqual(snapshot.podsOnNode('node-9'), []);
  });

  it('finds the budgets over a pod and the pods a budget selects, with the core', () => {
    const web = snapshot.pods().filter((pod) => pod.metadata?.labels?.app === 'web');
    const batch = snapshot.pods().find((pod) => pod.metadata?.labels?.app === 'batch-worker')!;
    assert.deepEqual(names(snapshot.budgetsFor(web[0]!)), ['web-pdb']);
    assert.deepEqual(snapshot.budgetsFor(batch), []);
    assert.deepEqual(names(snapshot.podsSelectedBy(snapshot.budget('default', 'web-pdb')!)), names(web));
  });

  it('follows a cordon: the node is modified in place', async () => {
    changes.length = 0;
    assert.equal((await cordonNode(cluster, 'node-3')).kind, 'done');
    const change = await eventually(() => changes.find((c) => c.resource === 'node' && c.object.metadata?.name === 'node-3'), 'the cordon to arrive');
    assert.equal(change.type, 'modified');
    assert.equal(snapshot.node('node-3')?.spec?.unschedulable, true);
    assert.equal(change.resource === 'node' && change.previous?.spec?.unschedulable, undefined);
    await uncordonNode(cluster, 'node-3');
    await eventually(() => snapshot.node('node-3')?.spec?.unschedulable === undefined || undefined, 'the uncordon to arrive');
  });

  it('follows an eviction: the pod leaves its node and namespace, its replacement arrives, the budget is untouched', async () => {
    changes.length = 0;
    const batch = snapshot.podsOnNode('node-1').find((pod) => pod.metadata?.labels?.app === 'batch-worker')!;
    const name = batch.metadata!.name!;
    const outcome = await evictPod(cluster, { namespace: 'default', name });
    assert.equal(outcome.kind, 'evicted');
    await eventually(() => changes.some((c) => c.resource === 'pod' && c.type === 'deleted' && c.object.metadata?.name === name) || undefined, 'the deletion to arrive');
    assert.equal(snapshot.pod('default', name), undefined);
    assert.ok(!snapshot.podsOnNode('node-1').some((pod) => pod.metadata?.name === name));
    assert.ok(!snapshot.podsInNamespace('default').some((pod) => pod.metadata?.name === name));
    const replacement = await eventually(
      () => snapshot.pods().find((pod: Pod) => pod.metadata?.labels?.app === 'batch-worker' && pod.spec?.nodeName && isPodReady(pod)),
      'a Ready replacement, bound to a node',
    );
    assert.ok(snapshot.podsOnNode(replacement.spec!.nodeName!).includes(replacement));
    assert.ok(!changes.some((c) => c.resource === 'pdb' && c.type !== 'modified'));
  });

  it('stops following when its signal aborts', async () => {
    const stopped = new AbortController();
    const seen: SnapshotChange[] = [];
    const other = new ClusterSnapshot(cluster, { changed: (c) => seen.push(c) });
    assert.deepEqual(await other.start(stopped.signal), { ok: true });
    stopped.abort();
    seen.length = 0;
    await cordonNode(cluster, 'node-2');
    await eventually(() => snapshot.node('node-2')?.spec?.unschedulable || undefined, 'the live snapshot to see the cordon');
    assert.deepEqual(seen, []);
    assert.equal(other.node('node-2')?.spec?.unschedulable, undefined);
    await uncordonNode(cluster, 'node-2');
  });
});

describe('ClusterSnapshot on a cluster that cannot be reached', () => {
  it('resolves with the failure of the first list', async () => {
    const sb = await testSandbox();
    const cluster = openCluster({ kubeconfig: sb.kubeconfigPath });
    await sb.stop();
    try {
      const started = await new ClusterSnapshot(cluster, {}).start(new AbortController().signal);
      assert.equal(started.ok, false);
      assert.equal(!started.ok && started.failure.kind, 'unreachable');
    } finally {
      cluster.close();
    }
  });
});
