// The kubelets: node registration, a pod's start-up (Pending, Running,
// Ready) and termination on the virtual clock, the readiness knob, and a
// node that stops being Ready.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, Pod } from '../../../server/src/k8s/types';
import { knobs } from '../../../server/src/sim/knobs';
import { apply, bare, cluster, condition, deployment, getPod, isReady, node, ok, podOn } from './helpers';

const pod = (c: ReturnType<typeof cluster>, name = 'p') => ok(getPod(c, name)) as Pod;
type ContainerStatus = { state: Record<string, Record<string, unknown>>; ready: boolean; started: boolean; restartCount: number; image: string; imageID: string };
const container = (p: Pod) => (p.status?.containerStatuses as ContainerStatus[])[0];

describe('node registration', () => {
  test('a node without status gets capacity, conditions, addresses, full nodeInfo and the kubelet labels', () => {
    const c = cluster([]);
    ok(c.create('nodes', undefined, { metadata: { name: 'bare-node' } }));
    const n = ok(c.get('nodes', undefined, 'bare-node')) as Node;
    assert.deepEqual(n.status?.allocatable, { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' });
    assert.deepEqual(n.status?.conditions?.map((x) => `${x.type}=${x.status}`), ['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
    const info = n.status?.nodeInfo as Record<string, string>;
    for (const field of ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture']) {
      assert.equal(typeof info[field], 'string', field);
    }
    assert.equal(info.kubeletVersion, 'v1.32.0');
    assert.equal(n.metadata?.labels?.['kubernetes.io/hostname'], 'bare-node');
    assert.ok((n.status?.addresses as { type: string }[]).some((a) => a.type === 'InternalIP'));
  });

  test('what the manifest says wins', () => {
    const c = cluster([node('n1', { cpu: '1' })]);
    const n = ok(c.get('nodes', undefined, 'n1')) as Node;
    assert.equal(n.status?.allocatable?.cpu, '1');
  });
});

describe('a pod’s life on its node', () => {
  test('Pending while the image is pulled, Running after 1 s, Ready 2 s later', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('p'));
    const t0 = c.clock.now();
    let p = pod(c);
    assert.equal(p.status?.phase, 'Pending');
    assert.deepEqual(container(p).state, { waiting: { reason: 'ContainerCreating' } });
    assert.equal(p.status?.startTime, new Date(t0).toISOString().replace('.000Z', 'Z'));
    c.advance(1000);
    p = pod(c);
    assert.equal(p.status?.phase, 'Running');
    assert.equal(isReady(p), false);
    assert.equal(condition(p, 'Ready')?.reason, 'ContainersNotReady');
    assert.match(p.status?.podIP as string, /^10\.244\.\d+\.\d+$/);
    c.advance(2000);
    p = pod(c);
    assert.equal(isReady(p), true);
    assert.deepEqual(p.status?.conditions?.map((x) => x.type), ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    const cs = container(p);
    assert.deepEqual([cs.ready, cs.started, cs.restartCount, typeof cs.imageID, typeof cs.image], [true, true, 0, 'string', 'string']);
  });

  test('the start-up knobs set the delays', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('p', { annotations: { [knobs.imagePullSeconds]: '5', [knobs.startupSeconds]: '10' } }));
    c.advance(4999);
    assert.equal(pod(c).status?.phase, 'Pending');
    c.advance(1);
    assert.equal(pod(c).status?.phase, 'Running');
    c.advance(9999);
    assert.equal(isReady(pod(c)), false);
    c.advance(1);
    assert.equal(isReady(pod(c)), true);
  });

  test('termination: the containers get min(shutdown, grace), then the kubelet removes the pod', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('quick'), bare('stubborn', { annotations: { [knobs.shutdownSeconds]: '3600' } }));
    c.advance(5000);
    ok(c.delete('pods', 'default', 'quick', {}));
    ok(c.delete('pods', 'default', 'stubborn', {}));
    c.advance(1999);
    assert.ok(getPod(c, 'quick').ok);
    c.advance(1);
    assert.equal(getPod(c, 'quick').ok, false, 'exited after 2 s');
    c.advance(27_999);
    assert.ok(getPod(c, 'stubborn').ok);
    c.advance(1);
    assert.equal(getPod(c, 'stubborn').ok, false, 'killed at the end of its 30 s grace period');
  });

  test('a shorter grace period given later ends the wait sooner', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('p', { annotations: { [knobs.shutdownSeconds]: '3600' } }));
    c.advance(5000);
    ok(c.delete('pods', 'default', 'p', {}));
    c.advance(5000);
    ok(c.delete('pods', 'default', 'p', { gracePeriodSeconds: 3 }));
    c.advance(2999);
    assert.ok(getPod(c, 'p').ok);
    c.advance(1);
    assert.equal(getPod(c, 'p').ok, false);
  });

  test('the readiness knob is read live', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('p'));
    c.advance(5000);
    const annotate = (value?: string) => {
      const p = pod(c);
      const annotations = { ...p.metadata?.annotations };
      if (value === undefined) delete annotations[knobs.ready];
      else annotations[knobs.ready] = value;
      ok(c.update('pods', 'default', 'p', { ...p, metadata: { ...p.metadata, annotations } } as Pod));
    };
    annotate('false');
    assert.equal(isReady(pod(c)), false);
    annotate(undefined);
    assert.equal(isReady(pod(c)), true);
  });

  test('run-seconds: Never completes the pod; Always restarts its containers', () => {
    const c = cluster([node('n1')]);
    apply(c, bare('once', { annotations: { [knobs.runSeconds]: '5' }, spec: { restartPolicy: 'Never' } }), bare('loop', { annotations: { [knobs.runSeconds]: '5' } }));
    c.advance(7000);
    const once = pod(c, 'once');
    assert.equal(once.status?.phase, 'Succeeded');
    assert.equal(condition(once, 'Ready')?.reason, 'PodCompleted');
    assert.equal(container(once).state.terminated.reason, 'Completed');
    const loop = pod(c, 'loop');
    assert.equal(loop.status?.phase, 'Running');
    assert.equal(container(loop).restartCount, 1);
  });

  test('a node that is not Ready stops its kubelet: nothing starts or ends there until it is back', () => {
    const c = cluster([node('n1')], { disabledControllers: ['taint-eviction'] });
    apply(c, bare('running'));
    c.advance(5000);
    const setReady = (status: string) => {
      const n = ok(c.get('nodes', undefined, 'n1')) as Node;
      ok(c.update('nodes', undefined, 'n1', { ...n, status: { ...n.status, conditions: n.status!.conditions!.map((x) => (x.type === 'Ready' ? { ...x, status } : x)) } } as Node, 'status'));
    };
    setReady('False');
    apply(c, bare('new', { nodeName: 'n1' }));
    ok(c.delete('pods', 'default', 'running', {}));
    c.advance(60_000);
    assert.equal(pod(c, 'new').status?.phase, 'Pending');
    assert.ok(getPod(c, 'running').ok, 'stuck terminating');
    setReady('True');
    // Back, the kubelet stops the containers as it would have (the grace period counts from now, as upstream's killPod).
    c.advance(1999);
    assert.ok(getPod(c, 'running').ok);
    c.advance(1);
    assert.equal(getPod(c, 'running').ok, false);
    c.advance(3000);
    assert.ok(isReady(pod(c, 'new')));
  });
});

describe('a node that goes away', () => {
  test('its pods are collected 40 s later (Failed, DisruptionTarget/DeletionByPodGC) and replaced elsewhere', () => {
    const c = cluster([node('n1'), node('n2')]);
    apply(c, deployment('web', 2));
    c.advance(5000);
    const lost = podOn(c, 'web', 'n1')[0];
    const seen: Pod[] = [];
    ok(c.watch('pods', 'default', undefined, (e) => e.object.metadata?.name === lost.metadata?.name && seen.push(e.object as Pod)));
    ok(c.delete('nodes', undefined, 'n1', {}));
    c.advance(39_000);
    assert.ok(getPod(c, lost.metadata!.name!).ok, 'quarantined');
    c.advance(1000);
    assert.equal(getPod(c, lost.metadata!.name!).ok, false);
    const last = seen.at(-1)!;
    assert.equal(last.status?.phase, 'Failed');
    assert.equal(condition(last, 'DisruptionTarget')?.reason, 'DeletionByPodGC');
    c.advance(5000);
    assert.equal(podOn(c, 'web', 'n2').filter(isReady).length, 2);
  });
});
