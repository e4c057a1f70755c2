// The scheduler in the simulator: the filters' reasons in the Pending
// condition, retries when the cluster changes, capacity counting
// terminating pods, scoring, and pods that name their node.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, Pod } from '../../../server/src/k8s/types';
import { knobs } from '../../../server/src/sim/knobs';
import { apply, bare, cluster, condition, deployment, getPod, node, ok, pods, setUnschedulable } from './helpers';

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
