// Generates the benchmark workspaces: 10,000 objects in 1,000 files (about
// 7 MB) with realistic PodDisruptionBudget and taint density, and one
// 50,000-line file of about 1,500 documents. Deterministic (seeded). Here
// rather than in bench/ because tests read its manifests too, and the tests
// import nothing of the benchmarks.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export const lines = (...parts: string[]) => parts.join('\n') + '\n';

export function deploymentDoc(ns: string, app: string, replicas: number, rnd: () => number, extra: string[] = [], envCount = 9 + Math.floor(rnd() * 9)): string {
  const env = Array.from({ length: envCount }, (_, i) => [`        - name: ${app.toUpperCase().replaceAll('-', '_')}_SETTING_${i}`, `          value: "value-${i}-${Math.floor(rnd() * 1e6)}"`]).flat();
  return lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${app}`,
    `  namespace: ${ns}`,
    '  labels:',
    `    app.kubernetes.io/name: ${app}`,
    '    app.kubernetes.io/part-of: shop',
    '  annotations:',
    `    deployment.kubernetes.io/revision: "${Math.floor(rnd() * 40)}"`,
    'spec:',
    `  replicas: ${replicas}`,
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${app}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app.kubernetes.io/name: ${app}`,
    '        app.kubernetes.io/part-of: shop',
    `        tier: ${rnd() < 0.5 ? 'frontend' : 'backend'}`,
    '    spec:',
    ...extra,
    `      serviceAccountName: ${app}`,
    '      containers:',
    `      - name: ${app}`,
    `        image: registry.example.com/shop/${app}:v1.${Math.floor(rnd() * 30)}.${Math.floor(rnd() * 10)}`,
    '        args: ["--port=8080", "--log-level=info", "--metrics"]',
    '        ports:',
    '        - containerPort: 8080',
    '          name: http',
    '        env:',
    ...env,
    '        readinessProbe:',
    '          httpGet: {path: /healthz, port: http}',
    '          periodSeconds: 5',
    '        livenessProbe:',
    '          httpGet: {path: /livez, port: http}',
    '          initialDelaySeconds: 10',
    '        resources:',
    '          requests: {cpu: 100m, memory: 128Mi}',
    '          limits: {cpu: "1", memory: 512Mi}',
    '        volumeMounts:',
    '        - {name: config, mountPath: /etc/app}',
    '      volumes:',
    `      - {name: config, configMap: {name: ${app}-config}}`,
  );
}

function pdbDoc(ns: string, name: string, app: string, budget: string): string {
  return lines('apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`, 'spec:', `  ${budget}`, '  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`);
}

function serviceDoc(ns: string, app: string): string {
  return lines('apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${app}`, `  namespace: ${ns}`, 'spec:', '  selector:', `    app.kubernetes.io/name: ${app}`, '  ports:', '  - {name: http, port: 80, targetPort: http}');
}

function configMapDoc(ns: string, app: string, rnd: () => number): string {
  const data = Array.from({ length: 8 }, (_, i) => `  setting-${i}.properties: "key${i}=${Math.floor(rnd() * 1e9)}"`);
  return lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${app}-config`, `  namespace: ${ns}`, 'data:', ...data, '  app.yaml: |', '    server:', '      port: 8080', '    features: [a, b, c]');
}

function serviceAccountDoc(ns: string, app: string): string {
  return lines('apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${app}`, `  namespace: ${ns}`, 'automountServiceAccountToken: false');
}

/** A Node manifest with hostname, pool and zone labels, its cordon, and taints (YAML flow maps). */
export function nodeManifest(i: number, pool: string, zone: number, cordoned: boolean, taints: readonly string[]): string {
  return lines(
    'apiVersion: v1',
    'kind: Node',
    'metadata:',
    `  name: node-${i}`,
    '  labels:',
    `    kubernetes.io/hostname: node-${i}`,
    `    pool: ${pool}`,
    `    topology.kubernetes.io/zone: zone-${zone}`,
    'spec:',
    `  unschedulable: ${cordoned}`,
    ...(taints.length ? ['  taints:', ...taints.map((t) => `  - ${t}`)] : []),
  );
}

function nodeDoc(i: number, rnd: () => number): string {
  const pool = ['general', 'general', 'general', 'gpu', 'spot'][i % 5]!;
  const taints = pool === 'gpu' ? ['{key: nvidia.com/gpu, value: "present", effect: NoSchedule}'] : pool === 'spot' ? ['{key: spot, effect: PreferNoSchedule}'] : [];
  return nodeManifest(i, pool, Math.floor(rnd() * 3), i % 17 === 0, taints);
}

export interface GeneratedWorkspace {
  root: string;
  files: string[];
  /** The files holding a Deployment, for edits. */
  deploymentFiles: string[];
}

/** 1,000 files of 10 objects: per app a Deployment, Service, ConfigMap, ServiceAccount and usually a PDB; plus Node files. */
export function generateWorkspace(root: string, seed = 42): GeneratedWorkspace {
  const rnd = random(seed);
  rmSync(root, { recursive: true, force: true });
  const files: string[] = [];
  const deploymentFiles: string[] = [];
  const write = (name: string, docs: string[]) => {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, docs.join('---\n'));
    files.push(path);
    return path;
  };
  for (let f = 0; f < 995; f++) {
    const ns = `team-${Math.floor(f / 10)}`;
    const docs: string[] = [];
    for (let a = 0; docs.length < 10; a++) {
      const app = `svc-${f}-${a}`;
      const pinned = rnd() < 0.08 ? ['      nodeSelector: {pool: gpu}', ...(rnd() < 0.7 ? ['      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]'] : [])] : [];
      docs.push(deploymentDoc(ns, app, 1 + Math.floor(rnd() * 4), rnd, pinned), serviceDoc(ns, app));
      if (rnd() < 0.7) docs.push(pdbDoc(ns, `${app}-pdb`, app, rnd() < 0.5 ? `minAvailable: ${1 + Math.floor(rnd() * 2)}` : `maxUnavailable: "${[25, 50, 0][Math.floor(rnd() * 3)]}%"`));
      if (rnd() < 0.03) docs.push(pdbDoc(ns, `${app}-extra-pdb`, app, 'maxUnavailable: 1'));
      docs.push(configMapDoc(ns, app, rnd), serviceAccountDoc(ns, app));
    }
    const path = write(`${ns}/app-${f}.yaml`, docs.slice(0, 10));
    deploymentFiles.push(path);
  }
  for (let f = 0; f < 5; f++) write(`cluster/nodes-${f}.yaml`, Array.from({ length: 10 }, (_, i) => nodeDoc(f * 10 + i, rnd)));
  return { root, files, deploymentFiles };
}

/** One file of about 50,000 lines and 1,500 documents (Deployments, Services, PDBs). */
export function generateBigFile(path: string, seed = 7): string {
  const rnd = random(seed);
  const docs: string[] = [];
  for (let i = 0; docs.length < 1500; i++) {
    const app = `big-${i}`;
    docs.push(deploymentDoc('big', app, 2 + (i % 3), rnd, [], 12), serviceDoc('big', app));
    if (i % 2 === 0) docs.push(pdbDoc('big', `${app}-pdb`, app, 'minAvailable: 1'));
  }
  mkdirSync(join(path, '..'), { recursive: true });
  const text = docs.slice(0, 1500).join('---\n');
  writeFileSync(path, text);
  return text;
}
