// Inputs at Kubernetes' own scale limits (5,000 nodes, 150,000 pods) and the
// shapes that used to cost quadratic time, generated (deterministic) for the
// scale benchmark.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterObjects } from '../client/src/cluster/snapshot';
import type { Node, Pod } from '../server/src/k8s/types';
import { lines, nodeManifest } from '../test/support/workspace';


function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

export interface QuadraticCase {
  name: string;
  root: string;
}

const pod = (name: string, labels: string, spec: string[] = []) => lines('apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, `  labels: ${labels}`, 'spec:', ...spec, '  containers: [{name: c, image: x}]');
const budget = (name: string, app: string, namespace = 'default') =>
  lines('apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, 'spec:', '  minAvailable: 1', '  selector:', `    matchLabels: {app: ${app}}`);

/** The three shapes the issue measured: one Pod under 2,000 budgets; 4.9 MB of one Deployment+PDB shape; 12,000 tainted Nodes and 12,000 Pods that select them all. */
export function writeQuadraticCases(dir: string): QuadraticCase[] {
  rmSync(dir, { recursive: true, force: true });
  const cases: QuadraticCase[] = [];
  const add = (name: string, files: Record<string, string>) => {
    const root = join(dir, name.replace(/[^a-z0-9]+/gi, '-'));
    for (const [file, text] of Object.entries(files)) write(join(root, file), text);
    cases.push({ name, root });
  };
  add('one Pod under 2,000 PodDisruptionBudgets', {
    'all.yaml': [pod('solo', '{app: solo}'), ...Array.from({ length: 2000 }, (_, i) => budget(`pdb-${i}`, 'solo'))].join('---\n'),
  });
  const shapes: string[] = [];
  for (let i = 0, size = 0; size < 4.9e6; i++) {
    const shape = [
      lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: web-${i}`, 'spec:', '  replicas: 3', '  selector:', '    matchLabels: {app: web}', '  template:', '    metadata:', '      labels: {app: web}', '    spec:', '      containers:', '      - name: app', '        image: nginx'),
      budget(`web-${i}`, 'web'),
    ].join('---\n');
    shapes.push(shape);
    size += shape.length + 4;
  }
  add('4.9 MB of one Deployment+PDB shape, distinct names, overlapping budgets', { 'shapes.yaml': shapes.join('---\n') });
  const taint = '  taints: [{key: dedicated, value: batch, effect: NoSchedule}]';
  add('12,000 tainted Nodes, 12,000 Pods whose nodeSelector matches them all', {
    'nodes.yaml': Array.from({ length: 12000 }, (_, i) => lines('apiVersion: v1', 'kind: Node', 'metadata:', `  name: node-${i}`, `  labels: {pool: batch, kubernetes.io/hostname: node-${i}}`, 'spec:', taint)).join('---\n'),
    'pods.yaml': Array.from({ length: 12000 }, (_, i) => pod(`batch-${i}`, `{app: batch-${i}}`, ['  nodeSelector: {pool: batch}'])).join('---\n'),
  });
  return cases;
}

/** The node pools of the scale workspace and cluster: taints as clusters have them. */
const pools = [
  { name: 'general', share: 12, taints: [] as string[] },
  { name: 'spot', share: 4, taints: ['{key: spot, effect: PreferNoSchedule}'] },
  { name: 'gpu', share: 2, taints: ['{key: nvidia.com/gpu, value: present, effect: NoSchedule}'] },
  { name: 'infra', share: 2, taints: ['{key: dedicated, value: infra, effect: NoExecute}'] },
];
const poolOf = (i: number) => {
  let k = i % 20;
  for (const pool of pools) {
    if (k < pool.share) return pool;
    k -= pool.share;
  }
  return pools[0]!;
};

export const limits = { nodes: 5000, workloads: 10_000, replicas: 15, budgets: 10_000, namespaces: 100 };

/** The i-th workload: its name, namespace, kind, and where it is pinned. */
function workload(i: number) {
  const team = i % limits.namespaces;
  const kind = i % 10 === 9 ? 'StatefulSet' : 'Deployment';
  // One in 40 runs on GPUs (one in 200 without the toleration: findings), one in 50 on the infra pool.
  const pinned = i % 40 === 3 ? 'gpu' : i % 50 === 7 ? 'infra' : undefined;
  return { name: `svc-${i}`, namespace: `team-${team}`, kind, pinned, tolerates: pinned === 'gpu' ? i % 200 !== 3 : true };
}

/**
 * 5,000 Node manifests (50 files), 10,000 workloads of 15 replicas (150,000
 * pods) and 10,000 PodDisruptionBudgets, in 1,000 files of 10 workloads and
 * their budgets.
 */
export function generateLimitsWorkspace(root: string): { root: string; appFiles: string[]; nodeFiles: string[] } {
  rmSync(root, { recursive: true, force: true });
  const nodeFiles: string[] = [];
  for (let f = 0; f < limits.nodes / 100; f++) {
    const docs = Array.from({ length: 100 }, (_, k) => {
      const i = f * 100 + k;
      return nodeManifest(i, poolOf(i).name, i % 3, i % 50 === 0, poolOf(i).taints);
    });
    const path = join(root, 'nodes', `nodes-${f}.yaml`);
    write(path, docs.join('---\n'));
    nodeFiles.push(path);
  }
  const appFiles: string[] = [];
  for (let f = 0; f < limits.workloads / 10; f++) {
    const docs: string[] = [];
    for (let k = 0; k < 10; k++) {
      const i = f * 10 + k;
      const w = workload(i);
      const podSpec = [
        ...(w.pinned ? [`      nodeSelector: {pool: ${w.pinned}}`] : []),
        ...(w.pinned === 'gpu' && w.tolerates ? ['      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]'] : []),
        ...(w.pinned === 'infra' ? ['      tolerations: [{key: dedicated, operator: Equal, value: infra, effect: NoExecute}]'] : []),
      ];
      docs.push(
        lines(
          'apiVersion: apps/v1',
          `kind: ${w.kind}`,
          'metadata:',
          `  name: ${w.name}`,
          `  namespace: ${w.namespace}`,
          'spec:',
          `  replicas: ${limits.replicas}`,
          ...(w.kind === 'StatefulSet' ? [`  serviceName: ${w.name}`] : []),
          '  selector:',
          `    matchLabels: {app: ${w.name}}`,
          '  template:',
          '    metadata:',
          `      labels: {app: ${w.name}, team: ${w.namespace}}`,
          '    spec:',
          ...podSpec,
          '      containers:',
          `      - name: ${w.name}`,
          `        image: registry.example.com/${w.name}:v1`,
          '        resources: {requests: {cpu: 100m, memory: 128Mi}}',
        ),
      );
      // 100 workloads have no budget, 100 two that conflict: 10,000 budgets.
      for (const suffix of i % 100 === 99 ? [] : i % 100 === 42 ? ['pdb', 'extra-pdb'] : ['pdb']) {
        docs.push(
          lines(
            'apiVersion: policy/v1',
            'kind: PodDisruptionBudget',
            'metadata:',
            `  name: ${w.name}-${suffix}`,
            `  namespace: ${w.namespace}`,
            'spec:',
            `  ${i % 3 === 0 ? 'maxUnavailable: 1' : i % 3 === 1 ? 'minAvailable: "60%"' : 'minAvailable: 10'}`,
            '  selector:',
            `    matchLabels: {app: ${w.name}}`,
          ),
        );
      }
    }
    const path = join(root, 'apps', `team-${f % limits.namespaces}`, `apps-${f}.yaml`);
    write(path, docs.join('---\n'));
    appFiles.push(path);
  }
  return { root, appFiles, nodeFiles };
}

/** The same cluster as the live cluster's watches see it: 5,000 nodes and the 150,000 pods of the workloads. */
export function limitsCluster(): ClusterObjects {
  const objects = new ClusterObjects();
  for (let i = 0; i < limits.nodes; i++) {
    const pool = poolOf(i);
    const node: Node = {
      metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, pool: pool.name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
      spec: {
        ...(i % 50 === 0 ? { unschedulable: true } : {}),
        taints: pool.taints.map((t) => {
          const [, key, value, effect] = /key: ([^,]+)(?:, value: ([^,]+))?, effect: (\w+)/.exec(t)!;
          return { key: key!, effect: effect!, ...(value ? { value } : {}) };
        }),
      },
    };
    objects.apply({ resource: 'node', type: 'added', object: node });
  }
  for (let i = 0; i < limits.workloads; i++) {
    const w = workload(i);
    for (let r = 0; r < limits.replicas; r++) {
      const labels: Record<string, string> =
        w.kind === 'StatefulSet'
          ? { app: w.name, team: w.namespace, 'controller-revision-hash': `${w.name}-7d9f8c6b5`, 'statefulset.kubernetes.io/pod-name': `${w.name}-${r}`, 'apps.kubernetes.io/pod-index': String(r) }
          : { app: w.name, team: w.namespace, 'pod-template-hash': '7d9f8c6b5' };
      const object: Pod = { metadata: { name: `${w.name}-${r}`, namespace: w.namespace, labels }, spec: { nodeName: `node-${(i * limits.replicas + r) % limits.nodes}` } };
      objects.apply({ resource: 'pod', type: 'added', object });
    }
  }
  return objects;
}
