// The live cluster's facts built from a real sandbox's snapshot (over HTTPS,
// client-node), and the feed's batching: changes that cannot move the facts
// are ignored, the rest gathered until the delay is over (a test timer
// decides when), equal facts not sent twice, null once when stopped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClusterSnapshot, cordonNode, openCluster, uncordonNode, type Cluster, type SnapshotChange } from '../../../client/src/cluster';
import { clusterFacts, ClusterFactsFeed, movesFacts, type FeedTimer } from '../../../client/src/cluster/clusterFacts';
import type { ClusterFacts } from '../../../server/src/lsp/contract';
import { eventually, testSandbox, type TestSandbox } from '../../clients/helpers';

/** A timer the test fires by hand: the delay is over when the test says so. */
class ManualTimer implements FeedTimer {
  private readonly runs = new Map<number, () => void>();
  private next = 0;
  set(run: () => void): unknown {
    this.runs.set(++this.next, run);
    return this.next;
  }
  clear(handle: unknown): void {
    this.runs.delete(handle as number);
  }
  get pending(): number {
    return this.runs.size;
  }
  fire(): void {
    const runs = [...this.runs.values()];
    this.runs.clear();
    runs.forEach((run) => run());
  }
}

describe('live cluster facts from a sandbox snapshot', () => {
  let sb: TestSandbox;
  let cluster: Cluster;
  let snapshot: ClusterSnapshot;
  const life = new AbortController();
  const timer = new ManualTimer();
  const sent: (ClusterFacts | null)[] = [];
  const feed = new ClusterFactsFeed((facts) => sent.push(facts), timer);
  const changes: SnapshotChange[] = [];

  before(async () => {
    sb = await testSandbox();
    cluster = openCluster({ kubeconfig: sb.kubeconfigPath });
    snapshot = new ClusterSnapshot(cluster, {
      changed: (change) => {
        changes.push(change);
        feed.changed(change);
      },
    });
    assert.deepEqual(await snapshot.start(life.signal), { ok: true });
  });
  after(async () => {
    feed.dispose();
    life.abort();
    cluster?.close();
    await sb?.stop();
  });

  it('sends the nodes and each distinct pod label set once, after the delay', () => {
    feed.follow('sandbox', snapshot);
    assert.equal(sent.length, 0, 'nothing before the delay is over');
    assert.equal(timer.pending, 1);
    timer.fire();
    assert.equal(sent.length, 1);
    const facts = sent[0]!;
    assert.equal(facts.context, 'sandbox');
    assert.deepEqual(facts.nodes.map((n) => [n.name, n.unschedulable]), [['node-1', false], ['node-2', false], ['node-3', false]]);
    assert.equal(facts.nodes[0]!.labels['kubernetes.io/hostname'], 'node-1');
    const pods = snapshot.pods();
    const distinct = new Set(pods.map((p) => `${p.metadata?.namespace} ${JSON.stringify(Object.entries(p.metadata?.labels ?? {}).sort())}`));
    assert.equal(facts.pods.length, distinct.size);
    assert.ok(facts.pods.length < pods.length, 'replicas share their labels');
    for (const pod of pods) {
      assert.ok(facts.pods.some((p) => p.namespace === pod.metadata?.namespace && JSON.stringify(p.labels) === JSON.stringify(Object.fromEntries(Object.entries(pod.metadata?.labels ?? {}).sort()))));
    }
    assert.deepEqual(clusterFacts('sandbox', snapshot), facts, 'built from the snapshot as it is');
  });

  it('follows a cordon: one send with the node unschedulable, and back', async () => {
    sent.length = 0;
    changes.length = 0;
    assert.equal((await cordonNode(cluster, 'node-3')).kind, 'done');
    await eventually(() => snapshot.node('node-3')?.spec?.unschedulable || undefined, 'the cordon to arrive');
    assert.equal(timer.pending, 1);
    timer.fire();
    assert.deepEqual(sent.map((f) => f?.nodes.find((n) => n.name === 'node-3')?.unschedulable), [true]);
    await uncordonNode(cluster, 'node-3');
    await eventually(() => (snapshot.node('node-3')?.spec?.unschedulable ? undefined : true), 'the uncordon to arrive');
    timer.fire();
    assert.deepEqual(sent.map((f) => f?.nodes.find((n) => n.name === 'node-3')?.unschedulable), [true, false]);
  });

  it('ignores status changes and budgets; many changes make one send at most, none when the facts are equal', () => {
    sent.length = 0;
    const pod = snapshot.pods()[0]!;
    const node = snapshot.nodes()[0]!;
    const statusOnly: SnapshotChange = { resource: 'pod', type: 'modified', object: { ...pod, status: { phase: 'Failed' } }, previous: pod };
    const heartbeat: SnapshotChange = { resource: 'node', type: 'modified', object: { ...node, status: { conditions: [] } }, previous: node };
    const budget: SnapshotChange = { resource: 'pdb', type: 'added', object: snapshot.budgets()[0]! };
    for (const change of [statusOnly, heartbeat, budget]) assert.equal(movesFacts(change), false, change.resource);
    const relabelled: SnapshotChange = { resource: 'pod', type: 'modified', object: { ...pod, metadata: { ...pod.metadata, labels: { app: 'other' } } }, previous: pod };
    const tainted: SnapshotChange = { resource: 'node', type: 'modified', object: { ...node, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } }, previous: node };
    for (const change of [relabelled, tainted]) assert.equal(movesFacts(change), true, change.resource);
    for (const change of [statusOnly, heartbeat, budget]) feed.changed(change);
    assert.equal(timer.pending, 0);
    for (let i = 0; i < 50; i++) feed.changed({ resource: 'pod', type: 'added', object: pod });
    assert.equal(timer.pending, 1, 'gathered');
    timer.fire();
    assert.equal(sent.length, 0, 'the snapshot did not change: nothing to send');
  });

  it('stop sends null at once, and only once; following again sends the facts', () => {
    sent.length = 0;
    feed.changed({ resource: 'pod', type: 'added', object: snapshot.pods()[0]! });
    feed.stop();
    feed.stop();
    assert.deepEqual([...sent], [null]);
    assert.equal(timer.pending, 0, 'what was gathered is dropped');
    feed.changed({ resource: 'pod', type: 'added', object: snapshot.pods()[0]! });
    assert.equal(timer.pending, 0, 'no cluster followed');
    feed.follow('sandbox', snapshot);
    timer.fire();
    assert.equal(sent.length, 2);
    assert.equal(sent[1]?.context, 'sandbox');
  });

  it('resends the facts to a server that restarted', () => {
    sent.length = 0;
    feed.resend();
    timer.fire();
    assert.deepEqual(sent.map((f) => f?.context), ['sandbox']);
  });
});
