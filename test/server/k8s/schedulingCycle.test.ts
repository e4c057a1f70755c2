// The default profile's filters over a snapshot, table by table, with the
// cases of shared/spec/scheduler-constraints.md (A1–A6, S1–S6, P1–P5,
// V1–V6, F1–F3): cluster in, feasible nodes or the exact FitError out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyMatchLabelKeysToPodAffinity } from '../../../server/src/k8s/interPodAffinity';
import { snapshotOf, type SnapshotObjects } from '../../../server/src/k8s/nodeInfo';
import { findNodesThatFitPod, fitError } from '../../../server/src/k8s/schedulingCycle';
import type { Labels, Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod, PodAffinityTerm, PodSpec, StorageClass, Taint, TopologySpreadConstraint } from '../../../server/src/k8s/types';

const zone = 'topology.kubernetes.io/zone';
const host = 'kubernetes.io/hostname';
const web = { app: 'web' };

function node(name: string, labels: Labels = {}, o: { taints?: Taint[]; unschedulable?: boolean; cpu?: string; memory?: string } = {}): Node {
  return {
    metadata: { name, labels: { [host]: name, ...labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '16Gi', pods: '110' } },
  };
}

let serial = 0;
interface PodOptions {
  labels?: Labels;
  namespace?: string;
  spec?: Partial<PodSpec>;
  deleting?: boolean;
  phase?: string;
  name?: string;
}

function pod(nodeName: string | undefined, o: PodOptions = {}): Pod {
  const name = o.name ?? `p${++serial}`;
  return {
    metadata: { name, uid: `uid-${name}`, namespace: o.namespace ?? 'default', labels: o.labels ?? web, ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx' }], priority: 0, ...(nodeName ? { nodeName } : {}), ...o.spec },
    status: { phase: o.phase ?? (nodeName ? 'Running' : 'Pending') },
  };
}

const incoming = (o: PodOptions = {}) => pod(undefined, { name: 'incoming', ...o });

const term = (labels: Labels | null, topologyKey: string, more: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: labels === null ? null : { matchLabels: labels },
  topologyKey,
  ...more,
});
const affinity = (...terms: PodAffinityTerm[]): Partial<PodSpec> => ({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });
const antiAffinity = (...terms: PodAffinityTerm[]): Partial<PodSpec> => ({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });

function schedule(p: Pod, objects: SnapshotObjects): { feasible: string[]; message?: string; statuses: Record<string, string[]> } {
  const snapshot = snapshotOf(objects);
  const attempt = findNodesThatFitPod(p, snapshot);
  const statuses = Object.fromEntries([...attempt.statuses].filter(([, s]) => !s.fits).map(([n, s]) => [n, s.reasons]));
  return { feasible: attempt.feasible.map((n) => n.name), statuses, ...(attempt.feasible.length ? {} : { message: fitError(p, snapshot, attempt) }) };
}

interface Case {
  name: string;
  objects: SnapshotObjects;
  pod: Pod;
  feasible?: string[];
  message?: string;
  /** Reasons of particular nodes. */
  statuses?: Record<string, string[]>;
}

function table(cases: Case[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const got = schedule(c.pod, c.objects);
      if (c.feasible) assert.deepEqual(got.feasible, c.feasible);
      if (c.message !== undefined) assert.equal(got.message, c.message);
      for (const [n, reasons] of Object.entries(c.statuses ?? {})) assert.deepEqual(got.statuses[n], reasons, n);
    });
  }
}

const ns = (name: string, labels: Labels = {}): Namespace => ({ metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } });

describe('InterPodAffinity (A1–A6)', () => {
  const zoned = [node('n1', { [zone]: 'a' }), node('n2', { [zone]: 'b' }), node('n3')];
  table([
    { name: 'A1 first pod: the pod matches its own term, so it may start the group on any node with the key', objects: { nodes: zoned, pods: [] }, pod: incoming({ spec: affinity(term(web, zone)) }), feasible: ['n1', 'n2'], statuses: { n3: ["node(s) didn't match pod affinity rules"] } },
    { name: 'A1 a web pod on a node without the key does not count', objects: { nodes: zoned, pods: [pod('n3')] }, pod: incoming({ spec: affinity(term(web, zone)) }), feasible: ['n1', 'n2'] },
    { name: 'A1 a web pod in zone b pulls the pod there', objects: { nodes: zoned, pods: [pod('n2')] }, pod: incoming({ spec: affinity(term(web, zone)) }), feasible: ['n2'] },
    {
      name: 'A1 a pod that does not match its own term gets no first-pod exception',
      objects: { nodes: zoned, pods: [] },
      pod: incoming({ labels: { app: 'other' }, spec: affinity(term(web, zone)) }),
      message: "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    },
    {
      name: 'A2 unsatisfiable affinity',
      objects: { nodes: zoned.slice(0, 2), pods: [] },
      pod: incoming({ spec: affinity(term({ app: 'db' }, zone)) }),
      message: "0/2 nodes are available: 2 node(s) didn't match pod affinity rules. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    },
    {
      name: 'A2 a null labelSelector can never be satisfied',
      objects: { nodes: zoned.slice(0, 2), pods: [pod('n1')] },
      pod: incoming({ spec: affinity(term(null, zone)) }),
      message: "0/2 nodes are available: 2 node(s) didn't match pod affinity rules. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    },
    { name: 'A3 anti-affinity one per host', objects: { nodes: [node('n1'), node('n2'), node('n3')], pods: [pod('n1'), pod('n2')] }, pod: incoming({ spec: antiAffinity(term(web, host)) }), feasible: ['n3'] },
    {
      name: 'A3 every host taken',
      objects: { nodes: [node('n1'), node('n2'), node('n3')], pods: [pod('n1'), pod('n2'), pod('n3')] },
      pod: incoming({ spec: antiAffinity(term(web, host)) }),
      message: "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    },
    { name: 'A3 terminating pods count', objects: { nodes: [node('n1'), node('n2')], pods: [pod('n1', { deleting: true })] }, pod: incoming({ spec: antiAffinity(term(web, host)) }), feasible: ['n2'] },
    { name: 'A3 an anti-affinity term with a null selector has no effect', objects: { nodes: [node('n1')], pods: [pod('n1')] }, pod: incoming({ spec: antiAffinity(term(null, host)) }), feasible: ['n1'] },
  ]);

  const a4nodes = [node('n1', { [zone]: 'a' }), node('n2', { [zone]: 'a' }), node('n3', { [zone]: 'b' })];
  const db = (more: Partial<PodAffinityTerm> = {}) => pod('n1', { name: 'db-0', labels: { app: 'db' }, spec: antiAffinity(term(web, zone, more)) });
  table([
    {
      name: "A4 symmetry: an existing pod's anti-affinity keeps the pod out of its zone",
      objects: { nodes: a4nodes, pods: [db()] },
      pod: incoming(),
      feasible: ['n3'],
      statuses: { n1: ["node(s) didn't satisfy existing pods anti-affinity rules"], n2: ["node(s) didn't satisfy existing pods anti-affinity rules"] },
    },
    { name: "A4 the existing pod's term covers its own namespace only", objects: { nodes: a4nodes, pods: [db()], namespaces: [ns('default'), ns('other')] }, pod: incoming({ namespace: 'other' }), feasible: ['n1', 'n2', 'n3'] },
    { name: 'A4 namespaceSelector {} covers every namespace', objects: { nodes: a4nodes, pods: [db({ namespaceSelector: {} })], namespaces: [ns('default'), ns('other')] }, pod: incoming({ namespace: 'other' }), feasible: ['n3'] },
    { name: 'A4 namespaceSelector {} covers a namespace that has no Namespace object', objects: { nodes: a4nodes, pods: [db({ namespaceSelector: {} })] }, pod: incoming({ namespace: 'ghost' }), feasible: ['n3'] },
    { name: "A4 a labelled namespaceSelector matches the incoming pod's Namespace labels", objects: { nodes: a4nodes, pods: [db({ namespaceSelector: { matchLabels: { team: 'a' } } })], namespaces: [ns('other', { team: 'a' })] }, pod: incoming({ namespace: 'other' }), feasible: ['n3'] },
  ]);

  const a5 = { nodes: [node('n1'), node('n2')], pods: [pod('n1', { namespace: 'team-b', labels: { app: 'db' } })], namespaces: [ns('team-a', { team: 'a' }), ns('team-b', { team: 'b' })] };
  const webA = (more: Partial<PodAffinityTerm>) => incoming({ namespace: 'team-a', spec: affinity(term({ app: 'db' }, host, more)) });
  table([
    {
      name: "A5 no namespaces and no namespaceSelector: the pod's own namespace only",
      objects: a5,
      pod: webA({}),
      message: "0/2 nodes are available: 2 node(s) didn't match pod affinity rules. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    },
    { name: 'A5 namespaceSelector {team: b}', objects: a5, pod: webA({ namespaceSelector: { matchLabels: { team: 'b' } } }), feasible: ['n1'] },
    { name: 'A5 namespaces [team-b]', objects: a5, pod: webA({ namespaces: ['team-b'] }), feasible: ['n1'] },
    { name: 'A5 namespaceSelector {}', objects: a5, pod: webA({ namespaceSelector: {} }), feasible: ['n1'] },
  ]);

  table([
    {
      name: 'A6 affinity is checked before anti-affinity, one reason per node',
      objects: { nodes: [node('n1', { [zone]: 'a' }), node('n2', { [zone]: 'b' })], pods: [pod('n1', { labels: { app: 'db' } }), pod('n1')] },
      pod: incoming({ spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, zone)] }, podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(web, host)] } } } }),
      message:
        "0/2 nodes are available: 1 node(s) didn't match pod affinity rules, 1 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    },
  ]);

  test('matchLabelKeys and mismatchLabelKeys are merged into the terms at creation', () => {
    const p = incoming({ labels: { app: 'web', 'pod-template-hash': 'v2' }, spec: antiAffinity(term(web, host, { matchLabelKeys: ['pod-template-hash', 'absent'], mismatchLabelKeys: ['app'] })) });
    applyMatchLabelKeysToPodAffinity(p);
    assert.deepEqual(p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0].labelSelector, {
      matchLabels: web,
      matchExpressions: [
        { key: 'pod-template-hash', operator: 'In', values: ['v2'] },
        { key: 'app', operator: 'NotIn', values: ['web'] },
      ],
    });
    // The old revision's pods no longer repel the new one.
    const old = pod('n1', { labels: { app: 'web', 'pod-template-hash': 'v1' } });
    assert.deepEqual(schedule(p, { nodes: [node('n1')], pods: [old] }).feasible, ['n1']);
  });
});

describe('PodTopologySpread (S1–S6)', () => {
  const spread = (more: Partial<TopologySpreadConstraint> = {}): Partial<PodSpec> => ({
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: web }, ...more }],
  });
  const ab = [node('n1', { [zone]: 'a' }), node('n2', { [zone]: 'b' })];
  const s2 = { nodes: [...ab, node('n3')], pods: [pod('n1'), pod('n2'), pod('n3')] };
  const s3nodes = [node('n1', { [zone]: 'a', disk: 'ssd' }), node('n2', { [zone]: 'b', disk: 'ssd' }), node('n3', { [zone]: 'c', disk: 'hdd' })];
  const s4nodes = [node('n1', { [zone]: 'a' }), node('n2', { [zone]: 'b' }), node('n3', { [zone]: 'c' }, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })];
  table([
    { name: 'S1 two pods in zone a: only zone b keeps the skew at 1', objects: { nodes: ab, pods: [pod('n1'), pod('n1')] }, pod: incoming({ spec: spread() }), feasible: ['n2'], statuses: { n1: ["node(s) didn't match pod topology spread constraints"] } },
    {
      name: 'S2 minDomains above the domains: the global minimum is 0',
      objects: s2,
      pod: incoming({ spec: spread({ minDomains: 3 }) }),
      message:
        "0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label), 2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    },
    { name: 'S2 without minDomains', objects: s2, pod: incoming({ spec: spread() }), feasible: ['n1', 'n2'] },
    { name: 'S3 nodeAffinityPolicy Honor: the hdd zone is no domain', objects: { nodes: s3nodes, pods: [pod('n1'), pod('n2')] }, pod: incoming({ spec: { ...spread(), nodeSelector: { disk: 'ssd' } } }), feasible: ['n1', 'n2'], statuses: { n3: ["node(s) didn't match Pod's node affinity/selector"] } },
    {
      name: 'S3 nodeAffinityPolicy Ignore: the empty hdd zone sets the minimum',
      objects: { nodes: s3nodes, pods: [pod('n1'), pod('n2')] },
      pod: incoming({ spec: { ...spread({ nodeAffinityPolicy: 'Ignore' }), nodeSelector: { disk: 'ssd' } } }),
      message:
        "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    },
    {
      name: 'S4 nodeTaintsPolicy Ignore (default): the tainted empty zone sets the minimum',
      objects: { nodes: s4nodes, pods: [pod('n1'), pod('n2')] },
      pod: incoming({ spec: spread() }),
      message:
        "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    },
    { name: 'S4 nodeTaintsPolicy Honor', objects: { nodes: s4nodes, pods: [pod('n1'), pod('n2')] }, pod: incoming({ spec: spread({ nodeTaintsPolicy: 'Honor' }) }), feasible: ['n1', 'n2'] },
    {
      name: 'S5 terminating, other-namespace and Succeeded pods do not count',
      objects: { nodes: ab, pods: [pod('n1', { deleting: true }), pod('n1', { namespace: 'other' }), pod('n1', { phase: 'Succeeded' }), pod('n2')] },
      pod: incoming({ spec: spread() }),
      feasible: ['n1'],
    },
    {
      name: 'S6 matchLabelKeys: the old revision is not counted',
      objects: { nodes: ab, pods: [pod('n1', { labels: { ...web, 'pod-template-hash': 'v1' } }), pod('n1', { labels: { ...web, 'pod-template-hash': 'v1' } })] },
      pod: incoming({ labels: { ...web, 'pod-template-hash': 'v2' }, spec: spread({ matchLabelKeys: ['pod-template-hash'] }) }),
      feasible: ['n1', 'n2'],
    },
    {
      name: 'S6 without matchLabelKeys',
      objects: { nodes: ab, pods: [pod('n1', { labels: { ...web, 'pod-template-hash': 'v1' } }), pod('n1', { labels: { ...web, 'pod-template-hash': 'v1' } })] },
      pod: incoming({ labels: { ...web, 'pod-template-hash': 'v2' }, spec: spread() }),
      feasible: ['n2'],
    },
    { name: 'ScheduleAnyway never filters', objects: { nodes: ab, pods: [pod('n1'), pod('n1')] }, pod: incoming({ spec: spread({ whenUnsatisfiable: 'ScheduleAnyway' }) }), feasible: ['n1', 'n2'] },
    { name: 'a {} selector never rejects', objects: { nodes: ab, pods: [pod('n1'), pod('n1')] }, pod: incoming({ spec: spread({ labelSelector: {} }) }), feasible: ['n1', 'n2'] },
    {
      name: 'spreading over hosts: a node without matching pods sets the minimum',
      objects: { nodes: [...ab, node('n3')], pods: [pod('n1'), pod('n2')] },
      pod: incoming({ spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: host, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: web } }] } }),
      feasible: ['n3'],
    },
  ]);
});

describe('NodePorts (P1–P5)', () => {
  const ports = (...p: { containerPort: number; hostPort?: number; hostIP?: string; protocol?: string }[]): Partial<PodSpec> => ({ containers: [{ name: 'c', image: 'nginx', ports: p }] });
  const two = [node('n1'), node('n2')];
  table([
    { name: 'P1 a port on 0.0.0.0 blocks every IP', objects: { nodes: two, pods: [pod('n1', { spec: ports({ containerPort: 8080, hostPort: 8080 }) })] }, pod: incoming({ spec: ports({ containerPort: 8080, hostPort: 8080, hostIP: '10.0.0.5' }) }), feasible: ['n2'] },
    { name: 'P2 another IP is free', objects: { nodes: two, pods: [pod('n1', { spec: ports({ containerPort: 8080, hostPort: 8080, hostIP: '10.0.0.5' }) })] }, pod: incoming({ spec: ports({ containerPort: 8080, hostPort: 8080, hostIP: '10.0.0.6' }) }), feasible: ['n1', 'n2'] },
    { name: 'P2 0.0.0.0 wants every IP', objects: { nodes: two, pods: [pod('n1', { spec: ports({ containerPort: 8080, hostPort: 8080, hostIP: '10.0.0.5' }) })] }, pod: incoming({ spec: ports({ containerPort: 8080, hostPort: 8080 }) }), feasible: ['n2'] },
    { name: 'P3 UDP and TCP are separate', objects: { nodes: [node('n1')], pods: [pod('n1', { spec: ports({ containerPort: 53, hostPort: 53, protocol: 'UDP' }) })] }, pod: incoming({ spec: ports({ containerPort: 53, hostPort: 53, protocol: 'TCP' }) }), feasible: ['n1'] },
    { name: 'P3 protocol unset is TCP', objects: { nodes: [node('n1')], pods: [pod('n1', { spec: ports({ containerPort: 53, hostPort: 53, protocol: 'UDP' }) })] }, pod: incoming({ spec: ports({ containerPort: 53, hostPort: 53 }) }), feasible: ['n1'] },
    {
      name: 'P3 UDP conflicts with UDP',
      objects: { nodes: [node('n1')], pods: [pod('n1', { spec: ports({ containerPort: 53, hostPort: 53, protocol: 'UDP' }) })] },
      pod: incoming({ spec: ports({ containerPort: 53, hostPort: 53, protocol: 'UDP' }) }),
      message: "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    },
    {
      name: 'P4 both nodes hold port 80',
      objects: { nodes: two, pods: [pod('n1', { spec: ports({ containerPort: 80, hostPort: 80 }) }), pod('n2', { spec: ports({ containerPort: 80, hostPort: 80 }) })] },
      pod: incoming({ spec: ports({ containerPort: 80, hostPort: 80 }) }),
      message: "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    },
    // P5: hostNetwork pods have hostPort = containerPort by API defaulting (the simulator's admission; here written out).
    { name: 'P5 a hostNetwork exporter holds its port', objects: { nodes: two, pods: [pod('n1', { spec: { hostNetwork: true, ...ports({ containerPort: 9100, hostPort: 9100 }) } })] }, pod: incoming({ spec: { hostNetwork: true, ...ports({ containerPort: 9100, hostPort: 9100 }) } }), feasible: ['n2'] },
    { name: 'P5 a containerPort without hostPort never conflicts', objects: { nodes: two, pods: [pod('n1', { spec: { hostNetwork: true, ...ports({ containerPort: 9100, hostPort: 9100 }) } })] }, pod: incoming({ spec: ports({ containerPort: 9100 }) }), feasible: ['n1', 'n2'] },
    { name: 'a terminating pod still holds its port', objects: { nodes: two, pods: [pod('n1', { deleting: true, spec: ports({ containerPort: 80, hostPort: 80 }) })] }, pod: incoming({ spec: ports({ containerPort: 80, hostPort: 80 }) }), feasible: ['n2'] },
  ]);
});

describe('VolumeBinding and VolumeZone (V1–V6)', () => {
  const std: StorageClass = { metadata: { name: 'std' }, provisioner: 'csi.example.com', volumeBindingMode: 'WaitForFirstConsumer' };
  const claim = (o: { volumeName?: string; bound?: boolean; className?: string; accessModes?: string[]; annotations?: Record<string, string>; name?: string } = {}): PersistentVolumeClaim => ({
    metadata: {
      name: o.name ?? 'data',
      namespace: 'default',
      annotations: { ...(o.bound === false ? {} : o.volumeName ? { 'pv.kubernetes.io/bind-completed': 'yes' } : {}), ...o.annotations },
    },
    spec: { accessModes: o.accessModes ?? ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: o.className ?? 'std', ...(o.volumeName ? { volumeName: o.volumeName } : {}) },
    status: { phase: o.volumeName ? 'Bound' : 'Pending' },
  });
  const pv = (labels: Labels, zones?: string[], name = 'pv1'): PersistentVolume => ({
    metadata: { name, labels },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'std',
      csi: { driver: 'csi.example.com', volumeHandle: name },
      ...(zones ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: zone, operator: 'In', values: zones }] }] } } } : {}),
    },
    status: { phase: 'Bound' },
  });
  const usesData = incoming({ spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] } });
  const nodes3 = [node('n1', { [zone]: 'a' }), node('n2', { [zone]: 'b' }), node('n3')];
  const bound = (volume: PersistentVolume, nodes = nodes3): SnapshotObjects => ({ nodes, pods: [], claims: [claim({ volumeName: 'pv1' })], volumes: [volume], storageClasses: [std] });
  table([
    { name: 'V1 a zone label on the volume', objects: bound(pv({ [zone]: 'a' })), pod: usesData, feasible: ['n1', 'n3'], statuses: { n2: ['node(s) had no available volume zone'] } },
    { name: 'V2 a__b is two zones', objects: bound(pv({ [zone]: 'a__b' })), pod: usesData, feasible: ['n1', 'n2', 'n3'] },
    { name: 'V2 the beta zone label matches the GA label of nodes', objects: bound(pv({ 'failure-domain.beta.kubernetes.io/zone': 'a' })), pod: usesData, feasible: ['n1', 'n3'] },
    { name: 'V2 a region label the node lacks', objects: bound(pv({ [zone]: 'a', 'topology.kubernetes.io/region': 'r1' }), [node('n4', { [zone]: 'a' })]), pod: usesData, statuses: { n4: ['node(s) had no available volume zone'] } },
    { name: 'V2 an empty piece makes the label unusable', objects: bound(pv({ [zone]: 'a__' })), pod: usesData, feasible: ['n1', 'n2', 'n3'] },
    { name: 'V3 node affinity on the volume', objects: bound(pv({}, ['a'])), pod: usesData, feasible: ['n1'], statuses: { n2: ['node(s) had volume node affinity conflict'], n3: ['node(s) had volume node affinity conflict'] } },
    {
      name: 'V3 the zone of the volume is gone',
      objects: bound(pv({}, ['a']), nodes3.slice(1)),
      pod: usesData,
      message: '0/2 nodes are available: 2 node(s) had volume node affinity conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    },
    { name: 'V4 VolumeBinding runs before VolumeZone', objects: bound(pv({ [zone]: 'a' }, ['a'])), pod: usesData, statuses: { n2: ['node(s) had volume node affinity conflict'] } },
    {
      name: 'V5 an unbound Immediate claim',
      objects: { nodes: nodes3, pods: [], claims: [claim({ className: 'fast' })], storageClasses: [{ metadata: { name: 'fast' }, provisioner: 'csi.example.com', volumeBindingMode: 'Immediate' }] },
      pod: usesData,
      message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    {
      name: 'V5 a claim whose class does not exist is Immediate',
      objects: { nodes: nodes3, pods: [], claims: [claim({ className: 'gone' })] },
      pod: usesData,
      message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    {
      name: 'V5 a volumeName without the bind-completed annotation is not bound yet',
      objects: { nodes: nodes3, pods: [], claims: [claim({ volumeName: 'pv1', bound: false })], volumes: [pv({})], storageClasses: [std] },
      pod: usesData,
      message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    {
      name: 'V5 the claim is missing',
      objects: { nodes: nodes3, pods: [] },
      pod: usesData,
      message: '0/3 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    { name: 'V6 an unbound WaitForFirstConsumer claim can be provisioned anywhere', objects: { nodes: nodes3, pods: [], claims: [claim()], storageClasses: [std] }, pod: usesData, feasible: ['n1', 'n2', 'n3'] },
    {
      name: "V6 the class's allowedTopologies",
      objects: { nodes: nodes3, pods: [], claims: [claim()], storageClasses: [{ ...std, allowedTopologies: [{ matchLabelExpressions: [{ key: zone, values: ['a'] }] }] }] },
      pod: usesData,
      feasible: ['n1'],
      statuses: { n2: ["node(s) didn't find available persistent volumes to bind"], n3: ["node(s) didn't find available persistent volumes to bind"] },
    },
    {
      name: 'V6 no provisioner: only an Available volume that fits the node will do',
      objects: { nodes: nodes3, pods: [], claims: [claim({ className: 'local' })], volumes: [{ ...pv({}, ['b'], 'local-b'), spec: { ...pv({}, ['b']).spec, storageClassName: 'local' }, status: { phase: 'Available' } }], storageClasses: [{ metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' }] },
      pod: usesData,
      feasible: ['n2'],
    },
    {
      name: 'V6 a claim the scheduler already chose a node for',
      objects: { nodes: nodes3, pods: [], claims: [claim({ annotations: { 'volume.kubernetes.io/selected-node': 'n3' } })], storageClasses: [std] },
      pod: usesData,
      feasible: ['n3'],
    },
    {
      name: 'a local volume narrows the nodes in PreFilter: the others did not satisfy VolumeBinding',
      objects: {
        nodes: nodes3,
        pods: [],
        claims: [claim({ volumeName: 'pv1' })],
        volumes: [{ ...pv({}), spec: { ...pv({}).spec, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: host, operator: 'In', values: ['n2'] }] }] } } } }],
        storageClasses: [std],
      },
      pod: incoming({ spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }], nodeSelector: { [zone]: 'a' } } }),
      message:
        "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 node(s) didn't satisfy plugin(s) [VolumeBinding]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    },
    {
      name: 'the bound volume is gone',
      objects: { nodes: nodes3, pods: [], claims: [claim({ volumeName: 'pv1' })], storageClasses: [std] },
      pod: usesData,
      message: '0/3 nodes are available: persistentvolume "pv1" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    {
      name: 'a lost claim',
      objects: { nodes: nodes3, pods: [], claims: [{ ...claim({ volumeName: 'pv1' }), status: { phase: 'Lost' } }], storageClasses: [std] },
      pod: usesData,
      message: '0/3 nodes are available: persistentvolumeclaim "data" bound to non-existent persistentvolume "pv1". preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    {
      name: 'a ReadWriteOncePod claim another pod uses',
      objects: { nodes: nodes3.slice(0, 2), pods: [pod('n1', { spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } })], claims: [claim({ volumeName: 'pv1', accessModes: ['ReadWriteOncePod'] })], volumes: [pv({})], storageClasses: [std] },
      pod: usesData,
      message:
        '0/2 nodes are available: 2 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    },
  ]);
});

describe('FitError and the preemption part (F1–F3)', () => {
  const gpu: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const port80 = { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, hostPort: 80 }] }] };
  const f1 = { nodes: Array.from({ length: 12 }, (_, i) => node(`n${String(i + 1).padStart(2, '0')}`, {}, i < 10 ? { taints: [gpu] } : {})), pods: [pod('n11', { spec: port80 }), pod('n12', { spec: port80 })] };
  const partA = "0/12 nodes are available: 10 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't have free ports for the requested pod ports.";
  table([
    { name: 'F1 counts sort byte-wise (10 before 2)', objects: f1, pod: incoming({ spec: port80 }), message: `${partA} preemption: 0/12 nodes are available: 10 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.` },
    {
      name: 'F2 one node, several reasons',
      objects: { nodes: [node('n1', {}, { cpu: '1', memory: '1Gi' }), node('n2', {}, { cpu: '1', memory: '1Gi' })], pods: [] },
      pod: incoming({ spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '2', memory: '2Gi' } } }] } }),
      message: '0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.',
    },
    { name: 'F3 preemptionPolicy Never', objects: f1, pod: incoming({ spec: { ...port80, preemptionPolicy: 'Never' } }), message: `${partA} preemption: not eligible due to preemptionPolicy=Never.` },
    { name: 'no nodes', objects: { nodes: [], pods: [] }, pod: incoming(), message: 'no nodes available to schedule pods' },
  ]);

  const cpu = (c: string, priority = 0, more: Partial<PodSpec> = {}): Partial<PodSpec> => ({ containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: c } } }], priority, ...more });
  table([
    {
      name: 'lower-priority pods that would make room: preemption finds a node, so there is no preemption part',
      objects: { nodes: [node('n1', {}, { cpu: '1' })], pods: [pod('n1', { spec: cpu('800m') })] },
      pod: incoming({ spec: cpu('500m', 100) }),
      message: '0/1 nodes are available: 1 Insufficient cpu.',
    },
    {
      name: 'lower-priority pods that would not make room: the node fails again with its reasons',
      objects: { nodes: [node('n1', {}, { cpu: '1' }), node('n2', {}, { cpu: '1' })], pods: [pod('n1', { spec: cpu('300m') }), pod('n2', { spec: cpu('300m', 100) })] },
      pod: incoming({ spec: cpu('1500m', 100) }),
      message: '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod.',
    },
    {
      name: "preemption's dry run takes the victims out of the anti-affinity counts",
      objects: { nodes: [node('n1')], pods: [pod('n1')] },
      pod: incoming({ labels: { app: 'api' }, spec: { ...antiAffinity(term(web, host)), priority: 100 } }),
      message: "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.",
    },
    {
      name: "preemption's dry run takes the victims out of the spread counts",
      objects: { nodes: [node('n1', { [zone]: 'a' }), node('n2', { [zone]: 'b' }, { unschedulable: true })], pods: [pod('n1'), pod('n1')] },
      pod: incoming({ spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: web } }], priority: 100 } }),
      message: "0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) were unschedulable.",
    },
  ]);

  table([
    {
      name: "a DaemonSet's pod, pinned by matchFields: the other nodes did not satisfy NodeAffinity",
      objects: { nodes: [node('n1', {}, { cpu: '1' }), node('n2'), node('n3')], pods: [pod('n1', { spec: cpu('900m') })] },
      pod: incoming({ spec: { ...cpu('500m'), affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } } } }),
      message: "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    },
    {
      name: 'a node named by matchFields that does not exist',
      objects: { nodes: [node('n1'), node('n2')], pods: [] },
      pod: incoming({ spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['gone'] }] }] } } } } }),
      message: "0/2 nodes are available: 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    },
  ]);
});
