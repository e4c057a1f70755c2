// Taints and tolerations in the running cluster: spec §8 case 16 through the
// scheduler, case 17's NoExecute timing through the node lifecycle and
// taint eviction controllers, and DefaultTolerationSeconds admission.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, Pod, Taint, Toleration } from '../../../server/src/k8s/types';
import type { SimCluster } from '../../../server/src/sim/cluster';
import { apply, bare, cluster, condition, getPod, isReady, node, ok, workload } from './helpers';

const unreachable = 'node.kubernetes.io/unreachable';

function setReady(c: SimCluster, nodeName: string, status: 'True' | 'False' | 'Unknown'): void {
  const n = ok(c.get('nodes', undefined, nodeName)) as Node;
  const conditions = (n.status?.conditions ?? []).map((x) => (x.type === 'Ready' ? { ...x, status, reason: status === 'True' ? 'KubeletReady' : 'NodeStatusUnknown' } : x));
  ok(c.update('nodes', undefined, nodeName, { ...n, status: { ...n.status, conditions } } as Node, 'status'));
}

function addTaint(c: SimCluster, nodeName: string, taint: Taint): void {
  const n = ok(c.get('nodes', undefined, nodeName)) as Node;
  ok(c.update('nodes', undefined, nodeName, { ...n, spec: { ...n.spec, taints: [...(n.spec?.taints ?? []), taint] } } as Node));
}

const podOn = (name: string, tolerations?: Toleration[]) => bare(name, { nodeName: 'n1', spec: tolerations ? { tolerations } : {} });
const deleting = (c: SimCluster, name: string) => !!(ok(getPod(c, name)) as Pod).metadata?.deletionTimestamp;

describe('spec §8 case 16: toleration matching, as the scheduler applies it', () => {
  const equalA1: Toleration = { key: 'a', operator: 'Equal', value: '1', effect: 'NoSchedule' };
  const placed = (taint: Taint, tolerations: Toleration[]) => {
    const c = cluster([node('n1', { taints: [taint] })]);
    apply(c, bare('p', { spec: { tolerations } }));
    return (ok(getPod(c, 'p')) as Pod).spec?.nodeName === 'n1';
  };
  test('{a Equal 1 NoSchedule} tolerates a=1:NoSchedule', () => assert.equal(placed({ key: 'a', value: '1', effect: 'NoSchedule' }, [equalA1]), true));
  test('but not a=2:NoSchedule', () => assert.equal(placed({ key: 'a', value: '2', effect: 'NoSchedule' }, [equalA1]), false));
  test('nor a=1:NoExecute', () => assert.equal(placed({ key: 'a', value: '1', effect: 'NoExecute' }, [equalA1]), false));
  test('{Exists} with an empty key tolerates everything', () => assert.equal(placed({ key: 'x', value: 'y', effect: 'NoExecute' }, [{ operator: 'Exists' }]), true));
  test('the untolerated taint is named in the Pending reason', () => {
    const c = cluster([node('n1', { taints: [{ key: 'a', value: '2', effect: 'NoSchedule' }] })]);
    apply(c, bare('p', { spec: { tolerations: [equalA1] } }));
    assert.equal(condition(ok(getPod(c, 'p')) as Pod, 'PodScheduled')?.message, '0/1 nodes are available: 1 node(s) had untolerated taint {a: 2}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });
});

describe('DefaultTolerationSeconds admission', () => {
  test('a pod gets 300 s tolerations for not-ready and unreachable', () => {
    const c = cluster([]);
    const p = ok(c.create('pods', 'default', bare('p'))) as Pod;
    assert.deepEqual(p.spec?.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: unreachable, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });
  test('a pod that already tolerates them (any key, any effect) gets none', () => {
    const c = cluster([]);
    assert.deepEqual((ok(c.create('pods', 'default', bare('p', { spec: { tolerations: [{ operator: 'Exists' }] } }))) as Pod).spec?.tolerations, [{ operator: 'Exists' }]);
  });
});

describe('spec §8 case 17: NoExecute eviction timing', () => {
  function downCluster() {
    const c = cluster([node('n1'), node('n2')]);
    return c;
  }

  test('an unreachable node: the node lifecycle taints it, pods go unready, the defaulted 300 s runs its course', () => {
    const c = downCluster();
    apply(c, podOn('p'));
    c.advance(5000);
    assert.ok(isReady(ok(getPod(c, 'p')) as Pod));
    const t0 = c.clock.now();
    setReady(c, 'n1', 'Unknown');
    const taints = (ok(c.get('nodes', undefined, 'n1')) as Node).spec?.taints?.map((t) => `${t.key}:${t.effect}`);
    assert.deepEqual(taints, [`${unreachable}:NoSchedule`, `${unreachable}:NoExecute`]);
    assert.equal(isReady(ok(getPod(c, 'p')) as Pod), false, 'MarkPodsNotReady');
    assert.equal(c.taintEvictionAt('default', 'p'), t0 + 300_000);
    c.advance(299_999);
    assert.equal(deleting(c, 'p'), false);
    c.advance(1);
    const pod = ok(getPod(c, 'p')) as Pod;
    assert.ok(pod.metadata?.deletionTimestamp);
    assert.deepEqual(
      { ...condition(pod, 'DisruptionTarget'), lastTransitionTime: undefined },
      { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: undefined },
    );
    assert.ok(c.list('events', 'default').some((e) => (e as { message?: string }).message === 'Marking for deletion Pod default/p'));
    // Its kubelet is unreachable: the pod stays Terminating.
    c.advance(600_000);
    assert.ok(getPod(c, 'p').ok);
  });

  test('tolerationSeconds 0 or negative, or no matching toleration: at once', () => {
    const c = downCluster();
    const now = { key: unreachable, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 };
    apply(c, podOn('zero', [now]), podOn('negative', [{ ...now, tolerationSeconds: -5 }]), podOn('untolerated'));
    c.advance(5000);
    setReady(c, 'n1', 'Unknown');
    assert.equal(deleting(c, 'zero'), true);
    assert.equal(deleting(c, 'negative'), true);
    assert.equal(deleting(c, 'untolerated'), false, 'it tolerates unreachable for 300 s');
    addTaint(c, 'n1', { key: 'maintenance', effect: 'NoExecute' });
    assert.equal(deleting(c, 'untolerated'), true, 'nothing tolerates maintenance');
  });

  test('a DaemonSet pod is never deleted', () => {
    const c = downCluster();
    apply(c, workload('DaemonSet', 'agent', {}));
    c.advance(5000);
    setReady(c, 'n1', 'Unknown');
    c.advance(3_600_000);
    const agent = (c.list('pods', 'default') as Pod[]).find((p) => p.spec?.nodeName === 'n1');
    assert.ok(agent);
    assert.equal(agent.metadata?.deletionTimestamp, undefined);
    assert.equal(c.taintEvictionAt('default', agent.metadata!.name!), undefined);
  });

  test('the node coming back in time cancels the deletion', () => {
    const c = downCluster();
    apply(c, podOn('p'));
    c.advance(5000);
    setReady(c, 'n1', 'Unknown');
    c.advance(100_000);
    setReady(c, 'n1', 'True');
    assert.deepEqual((ok(c.get('nodes', undefined, 'n1')) as Node).spec?.taints ?? [], []);
    assert.equal(c.taintEvictionAt('default', 'p'), undefined);
    assert.ok(c.list('events', 'default').some((e) => (e as { message?: string }).message === 'Cancelling deletion of Pod default/p'));
    c.advance(600_000);
    assert.equal(deleting(c, 'p'), false);
    assert.ok(isReady(ok(getPod(c, 'p')) as Pod), 'its kubelet reports it Ready again');
  });

  test('the first toleration matching each taint counts, and the shortest of those wins', () => {
    const c = downCluster();
    apply(
      c,
      podOn('first', [
        { key: unreachable, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1000 },
        { operator: 'Exists' },
      ]),
      podOn('shortest', [
        { key: unreachable, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      ]),
      podOn('forever', [{ operator: 'Exists' }]),
    );
    c.advance(5000);
    const t0 = c.clock.now();
    addTaint(c, 'n1', { key: 'maintenance', effect: 'NoExecute' });
    setReady(c, 'n1', 'Unknown');
    // Its first toleration matching unreachable says 1000 s; the catch-all after it would say forever.
    assert.equal(c.taintEvictionAt('default', 'first'), t0 + 1_000_000);
    assert.equal(c.taintEvictionAt('default', 'shortest'), t0 + 60_000);
    assert.equal(c.taintEvictionAt('default', 'forever'), undefined);
    c.advance(60_000);
    assert.equal(deleting(c, 'shortest'), true);
    c.advance(940_000);
    assert.equal(deleting(c, 'first'), true);
    c.advance(3_600_000);
    assert.equal(deleting(c, 'forever'), false);
  });

  test('an eviction already scheduled keeps its timer when the tolerations change', () => {
    const c = downCluster();
    apply(c, podOn('p'));
    c.advance(5000);
    const t0 = c.clock.now();
    setReady(c, 'n1', 'Unknown');
    c.advance(100_000);
    const p = ok(getPod(c, 'p')) as Pod;
    const longer = p.spec!.tolerations!.map((t) => (t.key === unreachable ? { ...t, tolerationSeconds: 3600 } : t));
    ok(c.update('pods', 'default', 'p', { ...p, spec: { ...p.spec, tolerations: longer } } as Pod));
    assert.equal(c.taintEvictionAt('default', 'p'), t0 + 300_000);
    c.advance(200_000);
    assert.equal(deleting(c, 'p'), true);
  });
});
