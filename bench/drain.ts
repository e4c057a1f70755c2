// Drain of a node with 200 pods: kube-eviction's drain and `kubectl drain`
// on two identical sandboxes, each sandbox in a process of its own.
// Printed: wall time from the start of the drain to its end, and the requests
// each client sent, counted by its sandbox as they arrived (GET /sandbox/stats
// before and after the drain): in all, by verb, and the evictions sent and
// refused (and ours against our client's own count, as a check). Watches
// count once, when opened. The kubectl on these machines is a
// dispatcher that first sends a `GET /version` of its own: the server counts
// it, as it would any client's. kubectl's discovery cache is warmed first, as
// it is on a workstation.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { drainNode, openCluster } from '../client/src/cluster';
import type { KubeObject, Node, Workload } from '../server/src/k8s/types';
import { statsPath, type RequestCounts } from '../server/src/sandbox/stats';
import { knobs } from '../server/src/sim/knobs';
import type { Benchmark } from './benchmark';


const cli = path.join(__dirname, '../../dist/cli.js');
const speed = 10;
const startupSeconds = 3;

interface Shape {
  name: string;
  /** Deployments under a PDB with maxUnavailable 1, and their replicas. */
  guarded: { deployments: number; replicas: number };
  unguarded: { deployments: number; replicas: number };
}

const shapes: Shape[] = [
  { name: '100 pods under 10 PDBs (1 at a time) + 100 unguarded', guarded: { deployments: 10, replicas: 10 }, unguarded: { deployments: 10, replicas: 10 } },
  { name: '200 unguarded pods', guarded: { deployments: 0, replicas: 0 }, unguarded: { deployments: 20, replicas: 10 } },
];

const node = (nodeName: string, labels: Record<string, string>): Node =>
  ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: nodeName, labels: { 'kubernetes.io/hostname': nodeName, ...labels } },
    status: { capacity: { cpu: '64', memory: '256Gi', pods: '250' }, allocatable: { cpu: '64', memory: '256Gi', pods: '250' } },
  }) as Node;

function deployment(deploymentName: string, replicas: number): Workload {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: deploymentName, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: deploymentName } },
      template: {
        metadata: { labels: { app: deploymentName }, annotations: { [knobs.startupSeconds]: String(startupSeconds) } },
        // Every pod starts on n1, the only node labelled pool=bench until the drain is set up.
        spec: { nodeSelector: { pool: 'bench' }, containers: [{ name: 'app', image: 'registry.invalid/app:1', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
      },
    },
  } as Workload;
}

function scenario(shape: Shape): KubeObject[] {
  const objects: KubeObject[] = [node('n1', { pool: 'bench' }), node('n2', {}), node('n3', {})];
  for (let i = 0; i < shape.guarded.deployments; i++) {
    objects.push(deployment(`guarded-${i}`, shape.guarded.replicas));
    objects.push({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: `guarded-${i}`, namespace: 'default' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: `guarded-${i}` } } } } as KubeObject);
  }
  for (let i = 0; i < shape.unguarded.deployments; i++) objects.push(deployment(`unguarded-${i}`, shape.unguarded.replicas));
  return objects;
}

interface RunningSandbox {
  kubeconfig: string;
  process: ChildProcess;
}

/** `kube-eviction sandbox` in a child process; resolves once it serves. */
function startSandbox(dir: string, label: string, scenarioFile: string): Promise<RunningSandbox> {
  const kubeconfig = path.join(dir, `kubeconfig-${label}`);
  const child = spawn(process.execPath, [cli, 'sandbox', '--scenario', scenarioFile, '--speed', String(speed), '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('Kubeconfig:')) resolve({ kubeconfig, process: child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => reject(new Error(`sandbox exited (${code}): ${output}`)));
  });
}

function stopSandbox(sb: RunningSandbox): Promise<void> {
  return new Promise((resolve) => {
    sb.process.removeAllListeners('exit');
    sb.process.on('exit', () => resolve());
    sb.process.kill('SIGINT');
  });
}

/** Waits until `count` pods are Ready on n1, then lets n2 and n3 take the replacements. */
async function prepare(kubeconfig: string, count: number): Promise<void> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  for (;;) {
    const pods = (await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=n1' })).items;
    const ready = pods.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    if (ready.length === count) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const n of ['n2', 'n3']) {
    await core.patchNode({ name: n, body: { metadata: { labels: { pool: 'bench' } } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
  }
}

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('kubectl', args, { maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH, HOME: os.tmpdir() } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The sandbox's request counts (GET /sandbox/stats, not itself counted), with the kubeconfig's CA and token. */
async function requestCounts(kubeconfig: string): Promise<RequestCounts> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const options: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    https
      .get(new URL(statsPath, kc.getCurrentCluster()!.server), options, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${statsPath}: ${res.statusCode} ${body}`))));
      })
      .on('error', reject);
  });
}

/** What was counted between two readings. */
function countsSince(before: RequestCounts, after: RequestCounts): RequestCounts {
  const since = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.entries(a).map(([k, n]) => [k, n - (b[k] ?? 0)]).filter(([, n]) => n !== 0));
  return { total: after.total - before.total, byVerb: since(after.byVerb, before.byVerb), byRequest: since(after.byRequest, before.byRequest), byResponse: since(after.byResponse, before.byResponse) };
}

async function measure(shape: Shape, dir: string): Promise<void> {
  const total = shape.guarded.deployments * shape.guarded.replicas + shape.unguarded.deployments * shape.unguarded.replicas;
  const scenarioFile = path.join(dir, `scenario-${shapes.indexOf(shape)}.json`);
  fs.writeFileSync(scenarioFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: scenario(shape) }));
  const [mine, theirs] = await Promise.all([startSandbox(dir, 'ours', scenarioFile), startSandbox(dir, 'kubectl', scenarioFile)]);
  try {
    await Promise.all([prepare(mine.kubeconfig, total), prepare(theirs.kubeconfig, total)]);

    const ourBefore = await requestCounts(mine.kubeconfig);
    let sent = 0;
    const cluster = openCluster({ kubeconfig: mine.kubeconfig }, { onRequest: () => sent++ });
    const ourStart = performance.now();
    const report = await drainNode(cluster, 'n1', { ignoreDaemonSets: true });
    const ourMs = performance.now() - ourStart;
    cluster.close();
    const ourCounts = countsSince(ourBefore, await requestCounts(mine.kubeconfig));
    if (report.result !== 'drained') throw new Error(`our drain did not complete: ${JSON.stringify(report).slice(0, 500)}`);

    const cache = path.join(dir, `kube-cache-${shapes.indexOf(shape)}`);
    await kubectl(['--kubeconfig', theirs.kubeconfig, '--cache-dir', cache, 'get', 'nodes']);
    const theirBefore = await requestCounts(theirs.kubeconfig);
    const theirStart = performance.now();
    const run = await kubectl(['--kubeconfig', theirs.kubeconfig, '--cache-dir', cache, '-v=6', 'drain', 'n1', '--ignore-daemonsets']);
    const theirMs = performance.now() - theirStart;
    const theirCounts = countsSince(theirBefore, await requestCounts(theirs.kubeconfig));
    if (run.code !== 0) throw new Error(`kubectl drain failed (${run.code}): ${run.stderr.slice(-2000)}`);
    const throttled = run.stderr.split('\n').filter((l) => l.includes('due to client-side throttling')).length;

    const row = (who: string, ms: number, c: RequestCounts) =>
      `  ${who.padEnd(14)} ${(ms / 1000).toFixed(1).padStart(7)} s ${String(c.total).padStart(6)} requests ${String(c.byRequest['create pods/eviction'] ?? 0).padStart(6)} evictions sent ${String(c.byResponse['create pods/eviction 429'] ?? 0).padStart(5)} refused (429)   ${Object.entries(c.byVerb).map(([verb, n]) => `${verb} ${n}`).join(', ')}`;
    process.stdout.write(`\n${shape.name} (${total} pods on n1; sandbox speed ${speed}x, replacements Ready ${startupSeconds + 1} s of sandbox time after creation; requests counted by the sandbox)\n`);
    process.stdout.write(`${row('kube-eviction', ourMs, ourCounts)}\n${row('kubectl 1.32', theirMs, theirCounts)}\n`);
    process.stdout.write(`  kube-eviction's own count of what it sent: ${sent} (the sandbox's: ${ourCounts.total})\n`);
    process.stdout.write(`  kubectl's log reports ${throttled} waits on its client-side rate limiter (client-go's default)\n`);
    process.stdout.write(`  kube-eviction / kubectl: ${(ourMs / theirMs).toFixed(2)}x the time, ${(ourCounts.total / theirCounts.total).toFixed(2)}x the requests\n`);
  } finally {
    await Promise.all([stopSandbox(mine), stopSandbox(theirs)]);
  }
}

export const drainBenchmark: Benchmark = {
  name: 'drain: kube-eviction vs kubectl, 200 pods',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-eviction-bench-'));
    try {
      for (const shape of shapes) await measure(shape, dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
