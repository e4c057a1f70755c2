// Claims, volumes and classes in the simulator: the PV controller's binding
// and provisioning, StatefulSet claims that outlive their pods, and the
// scheduler keeping a pod with its zonal volume (the drain deadlock).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass, Workload } from '../../../server/src/k8s/types';
import { knobs } from '../../../server/src/sim/knobs';
import type { SimCluster } from '../../../server/src/sim/cluster';
import { apply, bare, cluster, condition, evict, failed, getPod, node, ok, setUnschedulable, workload } from './helpers';

const zone = 'topology.kubernetes.io/zone';

const storageClass = (name: string, o: Partial<StorageClass> & { annotations?: Record<string, string> } = {}): StorageClass => {
  const { annotations, ...rest } = o;
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name, ...(annotations ? { annotations } : {}) }, provisioner: 'csi.example.com', ...rest };
};

const claim = (name: string, spec: Partial<PersistentVolumeClaim['spec']> = {}): PersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});

const volume = (name: string, o: { zone?: string; className?: string; claimRef?: { name: string; namespace: string }; policy?: string } = {}): PersistentVolume => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    storageClassName: o.className ?? '',
    csi: { driver: 'csi.example.com', volumeHandle: name },
    ...(o.policy ? { persistentVolumeReclaimPolicy: o.policy } : {}),
    ...(o.claimRef ? { claimRef: o.claimRef } : {}),
    ...(o.zone ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: zone, operator: 'In', values: [o.zone] }] }] } } } : {}),
  },
});

const getClaim = (c: SimCluster, name: string) => ok(c.get('persistentvolumeclaims', 'default', name)) as PersistentVolumeClaim;
const getVolume = (c: SimCluster, name: string) => ok(c.get('persistentvolumes', undefined, name)) as PersistentVolume;
const pod = (c: SimCluster, name: string) => ok(getPod(c, name)) as Pod;
const scheduledMessage = (c: SimCluster, name: string) => condition(pod(c, name), 'PodScheduled')?.message;
const zoneOf = (pv: PersistentVolume) => pv.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values;
const usingClaim = (name: string, claimName: string, o: Parameters<typeof bare>[1] = {}) =>
  bare(name, { ...o, spec: { ...o.spec, volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] } });

/** Deletes a pod and lets it terminate. */
function deletePod(c: SimCluster, name: string): void {
  ok(c.delete('pods', 'default', name, {}));
  c.advance(5000);
}

describe('the PV controller', () => {
  test('an Immediate claim binds to the smallest Available volume of its class: volumeName, bind-completed, both Bound', () => {
    const c = cluster();
    apply(c, { ...volume('big'), spec: { ...volume('big').spec, capacity: { storage: '10Gi' } } } as PersistentVolume, volume('small'), claim('data', { storageClassName: '' }));
    const pvc = getClaim(c, 'data');
    assert.equal(pvc.spec?.volumeName, 'small');
    assert.equal(pvc.status?.phase, 'Bound');
    assert.deepEqual(pvc.status?.capacity, { storage: '1Gi' });
    assert.equal(pvc.metadata?.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
    assert.equal(pvc.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
    const pv = getVolume(c, 'small');
    assert.deepEqual([pv.status?.phase, pv.spec?.claimRef?.name, pv.spec?.claimRef?.uid], ['Bound', 'data', pvc.metadata?.uid]);
    assert.equal(getVolume(c, 'big').status?.phase, 'Available');
  });

  test('an Immediate class with a provisioner makes a volume pvc-<uid> for a claim nothing matches, and the default class is given to claims without one', () => {
    const c = cluster();
    apply(c, storageClass('fast', { volumeBindingMode: 'Immediate', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }), claim('data'));
    const pvc = getClaim(c, 'data');
    assert.equal(pvc.spec?.storageClassName, 'fast', 'DefaultStorageClass admission');
    assert.equal(pvc.spec?.volumeName, `pvc-${pvc.metadata?.uid}`);
    assert.equal(pvc.status?.phase, 'Bound');
    assert.equal(pvc.metadata?.annotations?.['volume.kubernetes.io/storage-provisioner'], 'csi.example.com');
    const pv = getVolume(c, pvc.spec!.volumeName!);
    assert.deepEqual([pv.spec?.persistentVolumeReclaimPolicy, pv.spec?.storageClassName, pv.spec?.nodeAffinity, pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by']], ['Delete', 'fast', undefined, 'csi.example.com']);
    const messages = c.list('events', 'default').map((e) => (e as { message?: string }).message);
    assert.ok(messages.includes(`Successfully provisioned volume ${pv.metadata?.name}`));
    // storageClassName "" opts out of the default class.
    apply(c, claim('none', { storageClassName: '' }));
    assert.equal(getClaim(c, 'none').spec?.storageClassName, '');
    assert.equal(getClaim(c, 'none').status?.phase, 'Pending');
  });

  test('a deleted claim releases its volume (Retain) or deletes it (Delete); a deleted volume leaves its claim Lost', () => {
    const c = cluster();
    apply(c, volume('kept'), volume('gone', { policy: 'Delete' }), claim('a', { storageClassName: '', volumeName: 'kept' }), claim('b', { storageClassName: '', volumeName: 'gone' }));
    assert.deepEqual([getClaim(c, 'a').status?.phase, getClaim(c, 'b').status?.phase], ['Bound', 'Bound']);
    ok(c.delete('persistentvolumeclaims', 'default', 'a', {}));
    ok(c.delete('persistentvolumeclaims', 'default', 'b', {}));
    assert.equal(getVolume(c, 'kept').status?.phase, 'Released');
    assert.equal(c.get('persistentvolumes', undefined, 'gone').ok, false);

    apply(c, volume('pv3'), claim('c', { storageClassName: '' }));
    assert.equal(getClaim(c, 'c').spec?.volumeName, 'pv3');
    ok(c.delete('persistentvolumes', undefined, 'pv3', {}));
    assert.equal(getClaim(c, 'c').status?.phase, 'Lost');
    apply(c, usingClaim('p', 'c'));
    assert.equal(scheduledMessage(c, 'p'), '0/3 nodes are available: persistentvolumeclaim "c" bound to non-existent persistentvolume "pv3". preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  });

  test('a bound pair copied from a live cluster (the claim gets a new uid) stays bound, its volume kept', () => {
    const c = cluster();
    const live = volume('pvc-live', { zone: 'a', policy: 'Delete', claimRef: { name: 'data', namespace: 'default' } });
    live.spec!.claimRef!.uid = 'uid-on-the-live-cluster';
    // Claims first, as scenarios apply them.
    apply(c, { ...claim('data', { storageClassName: '', volumeName: 'pvc-live' }), metadata: { name: 'data', namespace: 'default', annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } } }, live);
    const pvc = getClaim(c, 'data');
    assert.equal(pvc.status?.phase, 'Bound');
    const pv = getVolume(c, 'pvc-live');
    assert.deepEqual([pv.status?.phase, pv.spec?.claimRef?.uid], ['Bound', pvc.metadata?.uid]);
  });

  test('validation: access modes, a storage request, a provisioner', () => {
    const c = cluster();
    const pvc = failed(c.create('persistentvolumeclaims', 'default', { ...claim('x'), spec: { resources: { requests: {} } } } as PersistentVolumeClaim));
    assert.equal(pvc.message, 'PersistentVolumeClaim "x" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]');
    const sc = failed(c.create('storageclasses', undefined, { ...storageClass('y'), provisioner: '' } as StorageClass));
    assert.equal(sc.message, 'StorageClass.storage.k8s.io "y" is invalid: provisioner: Required value');
    const pv = failed(c.create('persistentvolumes', undefined, { ...volume('z'), spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } } as PersistentVolume));
    assert.equal(pv.message, 'PersistentVolume "z" is invalid: spec: Required value: must specify a volume type');
  });
});

describe('the scheduler and volumes', () => {
  test('a pod whose claim is not there stays Pending; it is placed once the claim is bound', () => {
    const c = cluster();
    apply(c, usingClaim('p', 'data'));
    assert.equal(scheduledMessage(c, 'p'), '0/3 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    apply(c, claim('data', { storageClassName: '' }));
    assert.equal(scheduledMessage(c, 'p'), '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    apply(c, volume('pv1'));
    assert.ok(pod(c, 'p').spec?.nodeName);
  });

  test('WaitForFirstConsumer: the claim waits for its pod, then a volume is made in the zone of the node the pod went to', () => {
    const c = cluster([node('n1', { labels: { [zone]: 'a' } }), node('n2', { labels: { [zone]: 'b' }, unschedulable: true })]);
    apply(c, storageClass('std', { volumeBindingMode: 'WaitForFirstConsumer' }), claim('data', { storageClassName: 'std' }));
    assert.equal(getClaim(c, 'data').status?.phase, 'Pending');
    const waiting = c.list('events', 'default').find((e) => (e as { reason?: string }).reason === 'WaitForFirstConsumer') as { message?: string } | undefined;
    assert.equal(waiting?.message, 'waiting for first consumer to be created before binding');
    apply(c, usingClaim('p', 'data'));
    assert.equal(pod(c, 'p').spec?.nodeName, 'n1');
    const pvc = getClaim(c, 'data');
    assert.equal(pvc.metadata?.annotations?.['volume.kubernetes.io/selected-node'], 'n1');
    assert.equal(pvc.status?.phase, 'Bound');
    assert.deepEqual(zoneOf(getVolume(c, pvc.spec!.volumeName!)), ['a']);
  });

  test('WaitForFirstConsumer with a static volume: the scheduler picks a node the volume can reach and pre-binds it', () => {
    const c = cluster([node('n1', { labels: { [zone]: 'a' } }), node('n2', { labels: { [zone]: 'b' } })]);
    apply(c, storageClass('local', { provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' }), volume('disk-b', { zone: 'b', className: 'local' }), claim('data', { storageClassName: 'local' }));
    apply(c, usingClaim('p', 'data'));
    assert.equal(pod(c, 'p').spec?.nodeName, 'n2');
    assert.equal(getClaim(c, 'data').spec?.volumeName, 'disk-b');
    assert.equal(getVolume(c, 'disk-b').status?.phase, 'Bound');
  });

  test('the volume-topology knob: node pins the volume to the node', () => {
    const c = cluster([node('n1', { labels: { 'kubernetes.io/hostname': 'n1' } })]);
    apply(c, storageClass('disk', { volumeBindingMode: 'WaitForFirstConsumer', annotations: { [knobs.volumeTopology]: 'node' } }), claim('data', { storageClassName: 'disk' }), usingClaim('p', 'data'));
    const pv = getVolume(c, getClaim(c, 'data').spec!.volumeName!);
    assert.deepEqual(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms, [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] }]);
  });

  test('a generic ephemeral volume gets its claim <pod>-<volume>, owned by the pod and gone with it', () => {
    const c = cluster([node('n1', { labels: { [zone]: 'a' } })]);
    apply(c, storageClass('std', { volumeBindingMode: 'WaitForFirstConsumer' }));
    apply(c, bare('p', { spec: { volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'std', resources: { requests: { storage: '1Gi' } } } } } }] } }));
    assert.equal(pod(c, 'p').spec?.nodeName, 'n1');
    const pvc = getClaim(c, 'p-scratch');
    assert.deepEqual([pvc.status?.phase, pvc.metadata?.ownerReferences?.[0]?.name], ['Bound', 'p']);
    deletePod(c, 'p');
    assert.equal(c.get('persistentvolumeclaims', 'default', 'p-scratch').ok, false);
  });
});

describe('StatefulSet claims and zonal volumes (the drain deadlock)', () => {
  const db = (o: { replicas?: number; spec?: Record<string, unknown> } = {}): Workload =>
    workload(
      'StatefulSet',
      'db',
      {
        replicas: o.replicas ?? 1,
        serviceName: 'db',
        volumeClaimTemplates: [{ metadata: { name: 'data', labels: { tier: 'storage' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
      { startupSeconds: 0, spec: o.spec },
    );

  test('each pod gets data-<pod>, labelled with the selector, mounted as the volume "data"; the claims stay when the pod goes', () => {
    const c = cluster([node('n1', { labels: { [zone]: 'a' } }), node('n2', { labels: { [zone]: 'b' } })]);
    apply(c, storageClass('std', { volumeBindingMode: 'WaitForFirstConsumer', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }));
    apply(c, db({ replicas: 2, spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } } } }));
    c.advance(10_000);
    for (const ordinal of [0, 1]) {
      const p = pod(c, `db-${ordinal}`);
      assert.deepEqual(p.spec?.volumes?.[0], { name: 'data', persistentVolumeClaim: { claimName: `data-db-${ordinal}`, readOnly: false } });
      const pvc = getClaim(c, `data-db-${ordinal}`);
      assert.deepEqual(pvc.metadata?.labels, { tier: 'storage', app: 'db' });
      assert.equal(pvc.status?.phase, 'Bound');
      const nodeZone = (ok(c.get('nodes', undefined, p.spec!.nodeName!)) as Node).metadata?.labels?.[zone];
      assert.deepEqual(zoneOf(getVolume(c, pvc.spec!.volumeName!)), [nodeZone]);
    }
    assert.notEqual(pod(c, 'db-0').spec?.nodeName, pod(c, 'db-1').spec?.nodeName);
    const volumeName = getClaim(c, 'data-db-0').spec?.volumeName;
    deletePod(c, 'db-0');
    c.advance(10_000);
    assert.equal(getClaim(c, 'data-db-0').spec?.volumeName, volumeName, 'the claim and its volume are kept');
  });

  /** db-0 on n1, the only node in zone a, its volume pinned to zone a. */
  function pinned(extraNodes: Node[] = []): SimCluster {
    const c = cluster([node('n1', { labels: { [zone]: 'a' } }), node('n2', { labels: { [zone]: 'b' } }), node('n3', { labels: { [zone]: 'b' } }), ...extraNodes]);
    apply(c, volume('pv-a', { zone: 'a' }), { ...claim('data-db-0', { storageClassName: '' }), metadata: { name: 'data-db-0', namespace: 'default', labels: { app: 'db' } } });
    apply(c, db());
    c.advance(5000);
    assert.equal(pod(c, 'db-0').spec?.nodeName, 'n1');
    return c;
  }

  test('evicted from a cordoned node, the replacement fits nowhere else: Pending with the volume node affinity conflict, placed on uncordon', () => {
    const c = pinned();
    setUnschedulable(c, 'n1', true);
    assert.equal(evict(c, 'db-0').status.code, 201);
    c.advance(5000);
    const replacement = pod(c, 'db-0');
    assert.equal(replacement.spec?.nodeName, undefined);
    assert.equal(
      condition(replacement, 'PodScheduled')?.message,
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    const event = c.list('events', 'default').filter((e) => (e as { reason?: string }).reason === 'FailedScheduling').at(-1) as { message?: string } | undefined;
    assert.equal(event?.message, condition(replacement, 'PodScheduled')?.message);
    setUnschedulable(c, 'n1', false);
    assert.equal(pod(c, 'db-0').spec?.nodeName, 'n1');
  });

  test('with another node in the zone, the replacement goes back to the zone', () => {
    const c = pinned([node('n4', { labels: { [zone]: 'a' } })]);
    setUnschedulable(c, 'n1', true);
    deletePod(c, 'db-0');
    assert.equal(pod(c, 'db-0').spec?.nodeName, 'n4');
  });
});
