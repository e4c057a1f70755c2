// The scheduler at the drain planner's size: 1,000 nodes in three zones and
// 10,000 pods, a tenth of them with required anti-affinity, a tenth with a
// zone spread constraint, some with host ports and zonal volumes.
// Printed: building the snapshot; one scheduling attempt (PreFilter over
// every pod, the filters over every node) for pods of each kind, and for a
// pod that fits nowhere (the FitError with preemption's dry run); and in
// the simulator, rescheduling the pods of one drained node (the snapshot is
// built per pass).

import { snapshotOf } from '../server/src/k8s/nodeInfo';
import { findNodesThatFitPod, fitError } from '../server/src/k8s/schedulingCycle';
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod, PodSpec } from '../server/src/k8s/types';
import { SimCluster } from '../server/src/sim/cluster';
import { deepFreeze } from '../server/src/sim/objects';
import { ms, percentile, type Benchmark } from './benchmark';

const nodes = 1000;
const pods = 10_000;
const zone = 'topology.kubernetes.io/zone';
const zoneOf = (i: number) => ['a', 'b', 'c'][i % 3];

function node(i: number): Node {
  const name = `node-${i}`;
  const resources = { cpu: '32', memory: '128Gi', pods: '110' };
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, [zone]: zoneOf(i) } }, spec: {}, status: { capacity: resources, allocatable: resources } };
}

/** The spec of pod `i` of app `app`: every tenth app spreads one per node, every tenth+1 over zones, every tenth+2 holds host port 9100. */
function spec(app: number): Partial<PodSpec> {
  const selector = { matchLabels: { app: `app-${app}` } };
  if (app % 10 === 0) return { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: 'kubernetes.io/hostname' }] } } };
  if (app % 10 === 1) return { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector }] };
  if (app % 10 === 2) return { containers: [{ name: 'c', image: 'exporter', ports: [{ containerPort: 9100, hostPort: 9100 }], resources: { requests: { cpu: '100m' } } }] };
  return {};
}

function pod(i: number, nodeName?: string): Pod {
  const app = i % 1000;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'default', uid: `uid-${i}`, labels: { app: `app-${app}` } },
    spec: { containers: [{ name: 'c', image: 'app', resources: { requests: { cpu: '100m', memory: '128Mi' } } }], priority: 0, ...spec(app), ...(nodeName ? { nodeName } : {}) },
    status: { phase: 'Running' },
  };
}

const time = (f: () => void): number => {
  const start = performance.now();
  f();
  return performance.now() - start;
};

function attempts(label: string, run: () => void, n = 20): void {
  const samples = Array.from({ length: n }, () => time(run));
  console.log(`${label}: median ${ms(percentile(samples, 50))}, p90 ${ms(percentile(samples, 90))}`);
}

export const schedulerBenchmark: Benchmark = {
  name: `scheduler (${nodes.toLocaleString('en')} nodes, ${pods.toLocaleString('en')} pods)`,
  run() {
    // Frozen, as the simulator's store hands them out (what a pod requests is then added up once).
    const nodeObjects = Array.from({ length: nodes }, (_, i) => deepFreeze(node(i)));
    const placed = Array.from({ length: pods }, (_, i) => deepFreeze(pod(i, `node-${i % nodes}`)));
    const volumes: PersistentVolume[] = [
      { metadata: { name: 'pv-a' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: zone, operator: 'In', values: ['a'] }] }] } } }, status: { phase: 'Bound' } },
    ];
    const claims: PersistentVolumeClaim[] = [{ metadata: { name: 'data', namespace: 'default', annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } }, spec: { volumeName: 'pv-a' }, status: { phase: 'Bound' } }];
    let snapshot = snapshotOf({ nodes: nodeObjects, pods: placed, claims, volumes });
    attempts('snapshot of every node and pod', () => void (snapshot = snapshotOf({ nodes: nodeObjects, pods: placed, claims, volumes })), 5);
    const incoming = (app: number, more: Partial<PodSpec> = {}) => {
      const p = pod(app);
      p.metadata!.name = 'incoming';
      p.spec = { ...p.spec, ...more };
      return deepFreeze(p);
    };
    attempts('one attempt, a pod with no constraints', () => void findNodesThatFitPod(incoming(5), snapshot));
    attempts('one attempt, required anti-affinity (one per node)', () => void findNodesThatFitPod(incoming(10), snapshot));
    attempts('one attempt, zone spread (DoNotSchedule)', () => void findNodesThatFitPod(incoming(11), snapshot));
    attempts('one attempt, a host port', () => void findNodesThatFitPod(incoming(12), snapshot));
    attempts('one attempt, a bound zonal volume', () => void findNodesThatFitPod(incoming(5, { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] }), snapshot));
    const huge = incoming(10, { containers: [{ name: 'c', image: 'app', resources: { requests: { cpu: '64' } } }], priority: 1000 });
    attempts('fits nowhere: FitError with preemption dry run', () => {
      const attempt = findNodesThatFitPod(huge, snapshot);
      fitError(huge, snapshot, attempt);
    }, 5);

    const c = new SimCluster({ disabledControllers: ['kubelet'] });
    for (const n of nodeObjects) c.create('nodes', undefined, n);
    const load = time(() => {
      for (const p of placed) c.create('pods', 'default', p);
    });
    console.log(`simulator: ${pods.toLocaleString('en')} bound pods created in ${ms(load)}`);
    // Drain node-0: cordon it, delete its pods, and time their replacements' scheduling (bare pods recreated unbound).
    const victims = placed.filter((p) => p.spec?.nodeName === 'node-0');
    const cordoned = c.get('nodes', undefined, 'node-0');
    if (cordoned.ok) c.update('nodes', undefined, 'node-0', { ...cordoned.value, spec: { unschedulable: true } } as Node);
    const reschedule = time(() => {
      for (const v of victims) {
        c.delete('pods', 'default', v.metadata!.name!, { gracePeriodSeconds: 0 });
        const { nodeName: _bound, ...unbound } = v.spec!;
        c.create('pods', 'default', { ...v, metadata: { ...v.metadata, name: `${v.metadata!.name}-new`, uid: undefined }, spec: unbound } as Pod);
      }
    });
    const rescheduled = victims.filter((v) => {
      const got = c.get('pods', 'default', `${v.metadata!.name}-new`);
      return got.ok && (got.value as Pod).spec?.nodeName;
    }).length;
    console.log(`simulator: the ${victims.length} pods of a drained node replaced and scheduled (${rescheduled} placed) in ${ms(reschedule)}`);
  },
};
