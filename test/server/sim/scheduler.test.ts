// The scheduler in the simulator: the filters' reasons in the Pending
// condition, retries when the cluster changes, capacity counting
// terminating pods, scoring, and pods that name their node.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, Pod } from '../../../server/src/k8s/types';
import { knobs } from '../../../server/src/sim/knobs';
import { truncateMessage } from '../../../server/src/sim/controllers/scheduler';
import { apply, bare, cluster, condition, deployment, getPod, node, ok, podOn, pods, setUnschedulable } from './helpers';

const zoneKey = 'topology.kubernetes.io/zone';

const scheduled = (p: Pod) => condition(p, 'PodScheduled');
const pod = (c: ReturnType<typeof cluster>, name: string) => ok(getPod(c, name)) as Pod;

describe('a pod that fits nowhere', () => {
  test('stays Pending with PodScheduled=False/Unschedulable and the FitError message, and a FailedScheduling event', () => {
    const c = cluster([node('n1', { cpu: '1' }), node('n2', { unschedulable: true }), node('n3', { labels: { disk: 'hdd' } })]);
    apply(c, bare('hog', { cpu: '800m', nodeName: 'n1' }), bare('p', { cpu: '500m', spec: { nodeSelector: { disk: 'ssd' } } }));
    const p = pod(c, 'p');
    assert.equal(p.status?.phase, 'Pending');
    assert.equal(p.spec?.nodeName, undefined);
    // n1 fails on the selector before its capacity is looked at: the filters stop at the first failing plugin.
    const message = "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    assert.deepEqual({ ...scheduled(p), lastTransitionTime: undefined }, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: undefined });
    const event = c.list('events', 'default').find((e) => (e as { reason?: string }).reason === 'FailedScheduling') as { message?: string; type?: string } | undefined;
    assert.equal(event?.type, 'Warning');
    assert.equal(event?.message, scheduled(p)?.message);
  });

  test('capacity: Insufficient cpu, Too many pods, counting every pod bound to the node', () => {
    const c = cluster([node('n1', { cpu: '1', pods: '2' })]);
    apply(c, bare('a', { cpu: '600m' }), bare('b', { cpu: '100m' }), bare('c', { cpu: '500m' }));
    assert.equal(scheduled(pod(c, 'c'))?.message, '0/1 nodes are available: 1 Insufficient cpu, 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  test('no nodes at all', () => {
    const c = cluster([]);
    apply(c, bare('p'));
    assert.equal(scheduled(pod(c, 'p'))?.message, 'no nodes available to schedule pods');
  });

  test('is placed once a node is uncordoned', () => {
    const c = cluster([node('n1', { unschedulable: true })]);
    apply(c, bare('p'));
    assert.match(scheduled(pod(c, 'p'))?.message ?? '', /1 node\(s\) were unschedulable/);
    setUnschedulable(c, 'n1', false);
    assert.equal(pod(c, 'p').spec?.nodeName, 'n1');
    assert.equal(scheduled(pod(c, 'p'))?.status, 'True');
  });

  test('is placed once a node is added or relabelled', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('p', { spec: { nodeSelector: { disk: 'ssd' } } }), bare('q', { spec: { nodeSelector: { gpu: 'yes' } } }));
    ok(c.create('nodes', undefined, node('n2', { labels: { disk: 'ssd' } })));
    assert.equal(pod(c, 'p').spec?.nodeName, 'n2');
    const n1 = ok(c.get('nodes', undefined, 'n1')) as Node;
    ok(c.update('nodes', undefined, 'n1', { ...n1, metadata: { ...n1.metadata, labels: { ...n1.metadata?.labels, gpu: 'yes' } } } as Node));
    assert.equal(pod(c, 'q').spec?.nodeName, 'n1');
  });

  test('waits for a terminating pod to be gone before taking its room', () => {
    const c = cluster([node('n1', { cpu: '1' })]);
    apply(c, bare('old', { cpu: '800m', annotations: { [knobs.shutdownSeconds]: '3600' } }));
    c.advance(5000);
    ok(c.delete('pods', 'default', 'old', { gracePeriodSeconds: 20 }));
    apply(c, bare('new', { cpu: '800m' }));
    assert.match(scheduled(pod(c, 'new'))?.message ?? '', /Insufficient cpu/);
    c.advance(19_000);
    assert.equal(pod(c, 'new').spec?.nodeName, undefined);
    c.advance(1000);
    assert.equal(getPod(c, 'old').ok, false, 'killed at the end of its grace period');
    assert.equal(pod(c, 'new').spec?.nodeName, 'n1');
  });

  test('a finished pod frees its room', () => {
    const c = cluster([node('n1', { cpu: '1' })]);
    apply(c, bare('job', { cpu: '800m', annotations: { [knobs.runSeconds]: '10' }, spec: { restartPolicy: 'Never' } }), bare('next', { cpu: '800m' }));
    assert.equal(pod(c, 'next').spec?.nodeName, undefined);
    c.advance(12_000);
    assert.equal(pod(c, 'job').status?.phase, 'Succeeded');
    assert.equal(pod(c, 'next').spec?.nodeName, 'n1');
  });
});

describe('placement', () => {
  test('required node affinity and nodeSelector', () => {
    const c = cluster([node('n1', { labels: { zone: 'a' } }), node('n2', { labels: { zone: 'b' } })]);
    apply(
      c,
      bare('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }] } } } } }),
    );
    assert.equal(pod(c, 'p').spec?.nodeName, 'n2');
  });

  test('PreferNoSchedule steers away without forbidding', () => {
    const c = cluster([node('n1', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }), node('n2')]);
    apply(c, bare('p'));
    assert.equal(pod(c, 'p').spec?.nodeName, 'n2');
    const only = cluster([node('n1', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] })]);
    apply(only, bare('p'));
    assert.equal(pod(only, 'p').spec?.nodeName, 'n1');
  });

  test('replicas of a Deployment spread one per node', () => {
    const c = cluster();
    apply(c, deployment('web', 3));
    assert.deepEqual(pods(c, 'web').map((p) => p.spec?.nodeName).sort(), ['n1', 'n2', 'n3']);
  });

  test('higher priority goes first when there is room for one', () => {
    const c = cluster([node('n1', { cpu: '1', unschedulable: true })]);
    apply(c, bare('low', { cpu: '800m' }), bare('high', { cpu: '800m', spec: { priority: 1000 } }));
    setUnschedulable(c, 'n1', false);
    assert.equal(pod(c, 'high').spec?.nodeName, 'n1');
    assert.equal(pod(c, 'low').spec?.nodeName, undefined);
  });

  test('a pod that names its node skips the scheduler (cordons do not apply), and its kubelet admits or rejects it', () => {
    // With the taint eviction controller off, so that it does not delete the tainted one first.
    const c = cluster([node('n1', { unschedulable: true, labels: { zone: 'a' } }), node('n2', { taints: [{ key: 'dedicated', effect: 'NoExecute' }] })], { disabledControllers: ['taint-eviction'] });
    apply(c, bare('pinned', { nodeName: 'n1' }), bare('mismatch', { nodeName: 'n1', spec: { nodeSelector: { zone: 'b' } } }), bare('tainted', { nodeName: 'n2' }));
    c.advance(5000);
    assert.equal(pod(c, 'pinned').status?.phase, 'Running');
    const mismatch = pod(c, 'mismatch');
    assert.deepEqual([mismatch.status?.phase, mismatch.status?.reason, mismatch.status?.message], ['Failed', 'NodeAffinity', "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector"]);
    const tainted = pod(c, 'tainted');
    assert.deepEqual([tainted.status?.phase, tainted.status?.reason], ['Failed', 'TaintToleration']);
  });
});

describe('pod affinity, spreading and host ports', () => {
  const oneWebPerNode = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } } };

  test('anti-affinity one per node: the pod of a cordoned node has nowhere to go, and goes back on uncordon', () => {
    const c = cluster();
    apply(c, deployment('web', 3, { spec: oneWebPerNode }));
    c.advance(5000);
    const onN1 = podOn(c, 'web', 'n1')[0];
    setUnschedulable(c, 'n1', true);
    ok(c.delete('pods', 'default', onN1.metadata!.name!, {}));
    c.advance(5000);
    const pending = pods(c, 'web').filter((p) => !p.spec?.nodeName);
    assert.equal(pending.length, 1);
    assert.equal(
      scheduled(pending[0])?.message,
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
    setUnschedulable(c, 'n1', false);
    assert.equal(pod(c, pending[0].metadata!.name!).spec?.nodeName, 'n1');
  });

  test('topologySpreadConstraints DoNotSchedule spread replicas evenly over zones', () => {
    const c = cluster([node('a1', { labels: { [zoneKey]: 'a' } }), node('a2', { labels: { [zoneKey]: 'a' } }), node('a3', { labels: { [zoneKey]: 'a' } }), node('b1', { labels: { [zoneKey]: 'b' } })]);
    apply(c, deployment('web', 4, { spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zoneKey, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] } }));
    c.advance(5000);
    const inB = pods(c, 'web').filter((p) => p.spec?.nodeName === 'b1').length;
    assert.equal(inB, 2, 'two of four in the single-node zone');
  });

  test('a pod with required affinity waits for its peer, and is placed next to it once it runs', () => {
    const c = cluster([node('n1', { labels: { [zoneKey]: 'a' } }), node('n2', { labels: { [zoneKey]: 'b' } })]);
    apply(c, bare('cache', { labels: { app: 'cache' }, spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: zoneKey }] } } } }));
    assert.match(scheduled(pod(c, 'cache'))?.message ?? '', /2 node\(s\) didn't match pod affinity rules/);
    apply(c, bare('db', { labels: { app: 'db' }, nodeName: 'n2' }));
    assert.equal(pod(c, 'cache').spec?.nodeName, 'n2');
  });

  test('hostNetwork pods get their container ports as host ports, and two on one node conflict', () => {
    const c = cluster([node('n1')]);
    const exporter = (name: string) => bare(name, { labels: { app: 'exporter' }, spec: { hostNetwork: true, containers: [{ name: 'e', image: 'node-exporter', ports: [{ containerPort: 9100 }] }] } });
    apply(c, exporter('e1'), exporter('e2'));
    assert.equal((pod(c, 'e1').spec?.containers?.[0].ports as { hostPort?: number }[])[0].hostPort, 9100);
    assert.equal(pod(c, 'e1').spec?.nodeName, 'n1');
    assert.equal(scheduled(pod(c, 'e2'))?.message, "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
  });

  test("matchLabelKeys in pod anti-affinity: the new revision's pods ignore the old one's", () => {
    const c = cluster([node('n1')]);
    const term = { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname', matchLabelKeys: ['rev'] };
    apply(c, bare('old', { labels: { app: 'web', rev: '1' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } }));
    apply(c, bare('new', { labels: { app: 'web', rev: '2' }, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } }));
    assert.deepEqual(pod(c, 'new').spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0].labelSelector?.matchExpressions, [{ key: 'rev', operator: 'In', values: ['2'] }]);
    assert.equal(pod(c, 'new').spec?.nodeName, 'n1');
  });

  test('FailedScheduling events are cut to 1024 characters, ending in " ..."', () => {
    assert.equal(truncateMessage('x'.repeat(1024)), 'x'.repeat(1024));
    assert.equal(truncateMessage('x'.repeat(1025)), `${'x'.repeat(1020)} ...`);
  });
});
