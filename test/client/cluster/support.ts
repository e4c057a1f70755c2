// What the cluster-operation tests share: a sandbox per test file (the
// sandbox's own test helper), scenarios written as manifests, client-node
// clients for setting up and checking state, and a process-level check that
// nothing rejects unhandled.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { AppsV1Api, CoreV1Api, KubeConfig, PolicyV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { openCluster, type Cluster, type ClusterOptions } from '../../../client/src/cluster';
import { wire } from '../../../client/src/cluster/connection';
import type { KubeObject, Node, Pod, PodDisruptionBudget, Workload } from '../../../server/src/k8s/types';
import { knobs } from '../../../server/src/sim/knobs';
import { walkthroughScenario } from '../../../server/src/sim/scenarios/walkthrough';
import { eventually, tempDir, testSandbox, type TestSandbox } from '../../clients/helpers';

export { eventually, tempDir };

/**
 * Fails the test file if any promise rejects unhandled or any exception goes
 * uncaught while it runs: the operations must report, never throw into the void.
 */
export function noUnhandledRejections(): void {
  const problems: unknown[] = [];
  const record = (err: unknown) => problems.push(err);
  process.on('unhandledRejection', record);
  process.on('uncaughtException', record);
  after(() => {
    process.off('unhandledRejection', record);
    process.off('uncaughtException', record);
    assert.deepEqual(problems.map(String), [], 'unhandled rejections or uncaught exceptions');
  });
}

export interface Sandbox extends TestSandbox {
  /** Our connection, closed when the file ends. */
  open(options?: ClusterOptions): Cluster;
  /** client-node clients for setup and checks (real requests, not our code). */
  core: CoreV1Api;
  policy: PolicyV1Api;
  apps: AppsV1Api;
  pod(namespace: string, name: string): Promise<Pod | undefined>;
  pods(node?: string): Promise<Pod[]>;
  node(name: string): Promise<Node>;
  pdb(namespace: string, name: string): Promise<PodDisruptionBudget>;
  /** Applies manifests (YAML multi-doc) with the sandbox's own reader, through kubectl. */
  apply(yaml: string): Promise<void>;
  /** A JSON merge patch of the budget's spec, and of its annotations when given (the sandbox's knobs). */
  patchPdb(namespace: string, name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): Promise<void>;
}

/** A sandbox for this test file, from the built-in walkthrough or from these objects. */
export async function sandbox(options: { manifests?: KubeObject[]; speed?: number } = {}): Promise<Sandbox> {
  const sb = await testSandbox({ manifests: options.manifests ?? walkthroughScenario(), ...(options.speed ? { speed: options.speed } : {}) });
  const kc = new KubeConfig();
  kc.loadFromFile(sb.kubeconfigPath!);
  const core = kc.makeApiClient(CoreV1Api);
  const policy = kc.makeApiClient(PolicyV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const opened: Cluster[] = [];
  after(() => opened.forEach((c) => c.close()));
  return Object.assign(sb, {
    core,
    policy,
    apps,
    open(clusterOptions?: ClusterOptions) {
      const cluster = openCluster({ kubeconfig: sb.kubeconfigPath }, clusterOptions);
      opened.push(cluster);
      return cluster;
    },
    async pod(namespace: string, name: string) {
      try {
        return wire<Pod>(await core.readNamespacedPod({ namespace, name }));
      } catch (err) {
        if ((err as { code?: number }).code === 404) return undefined;
        throw err;
      }
    },
    async pods(node?: string) {
      const list = await core.listPodForAllNamespaces(node ? { fieldSelector: `spec.nodeName=${node}` } : {});
      return wire<Pod[]>(list.items);
    },
    async node(name: string) {
      return wire<Node>(await core.readNode({ name }));
    },
    async pdb(namespace: string, name: string) {
      return wire<PodDisruptionBudget>(await policy.readNamespacedPodDisruptionBudget({ namespace, name }));
    },
    async apply(yaml: string) {
      const file = path.join(sb.dir, `apply-${Date.now()}-${Math.random().toString(36).slice(2)}.yaml`);
      fs.writeFileSync(file, yaml);
      const r = await sb.kubectl(['apply', '-f', file]);
      assert.equal(r.code, 0, r.stderr);
    },
    async patchPdb(namespace: string, name: string, spec: Record<string, unknown>, annotations?: Record<string, string>) {
      const body = { spec, ...(annotations ? { metadata: { annotations } } : {}) };
      await policy.patchNamespacedPodDisruptionBudget({ namespace, name, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    },
  });
}

/**
 * One sandbox for the enclosing describe, every pod Ready (or `setup` done)
 * before its tests, stopped after them. Call it in the describe body, where
 * the hooks belong to the suite: an after() registered inside a hook would
 * wait for the event loop to drain, which the running server prevents.
 */
export function suiteSandbox(options: { manifests?: KubeObject[]; speed?: number } = {}, setup: (sb: Sandbox) => Promise<unknown> = allReady): () => Sandbox {
  let sb: Sandbox | undefined;
  before(async () => {
    sb = await sandbox(options);
    await setup(sb);
  });
  after(() => sb?.stop());
  return () => sb!;
}

/** A copy of the sandbox's kubeconfig with one thing changed (a wrong token, server, CA, user…). */
export function variantKubeconfig(sb: Sandbox, name: string, edit: (config: any) => void): string {
  const config = parseYaml(fs.readFileSync(sb.kubeconfigPath!, 'utf8'));
  edit(config);
  const file = path.join(tempDir('kubeconfig-variant-'), name);
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Pods of an owner on the nodes, by phase, for comparing end states. */
export function podNames(pods: readonly Pod[]): string[] {
  return pods.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).sort();
}

/** Collects drain or eviction progress events for assertions. */
export function recorder<E extends { type: string }>() {
  const events: E[] = [];
  return { events, on: (e: E) => void events.push(e), types: () => events.map((e) => e.type) };
}

// Scenario builders: the few shapes the tests need, in their wire form.

export function node(name: string, cpu = '8', labels: Record<string, string> = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    status: { capacity: { cpu, memory: '64Gi', pods: '250' }, allocatable: { cpu, memory: '64Gi', pods: '250' } },
  } as Node;
}

export interface PodShape {
  labels?: Record<string, string>;
  /** Prefer this node (the scheduler's node-affinity score); replacements go elsewhere once it is cordoned. */
  preferNode?: string;
  /** Must run on this node (nodeSelector). */
  onNode?: string;
  startupSeconds?: number;
  shutdownSeconds?: number;
  terminationGracePeriodSeconds?: number;
  emptyDir?: boolean;
  cpu?: string;
}

function podSpec(shape: PodShape) {
  return {
    ...(shape.onNode ? { nodeSelector: { 'kubernetes.io/hostname': shape.onNode } } : {}),
    ...(shape.preferNode
      ? { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [shape.preferNode] }] } }] } } }
      : {}),
    ...(shape.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: shape.terminationGracePeriodSeconds } : {}),
    containers: [{ name: 'main', image: 'registry.invalid/app:1', resources: { requests: { cpu: shape.cpu ?? '100m', memory: '64Mi' } }, ...(shape.emptyDir ? { volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] } : {}) }],
    ...(shape.emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
  };
}

function podAnnotations(shape: PodShape): Record<string, string> {
  return {
    ...(shape.startupSeconds !== undefined ? { [knobs.startupSeconds]: String(shape.startupSeconds) } : {}),
    ...(shape.shutdownSeconds !== undefined ? { [knobs.shutdownSeconds]: String(shape.shutdownSeconds) } : {}),
  };
}

export function deployment(name: string, replicas: number, shape: PodShape = {}, namespace = 'default'): Workload {
  const labels = { app: name, ...shape.labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels, annotations: podAnnotations(shape) }, spec: podSpec(shape) } },
  } as Workload;
}

export function daemonSet(name: string, shape: PodShape = {}, namespace = 'default'): Workload {
  const labels = { app: name, ...shape.labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels, annotations: podAnnotations(shape) }, spec: podSpec(shape) } },
  } as Workload;
}

/** A pod with no controller, bound to a node. */
export function barePod(name: string, nodeName: string, shape: PodShape & { annotations?: Record<string, string> } = {}, namespace = 'default'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: name, ...shape.labels }, annotations: { ...podAnnotations(shape), ...shape.annotations } },
    spec: { nodeName, ...podSpec(shape) },
  } as Pod;
}

export function pdb(name: string, spec: { minAvailable?: number | string; maxUnavailable?: number | string; matchLabels: Record<string, string> }, namespace = 'default'): PodDisruptionBudget {
  const { matchLabels, ...numbers } = spec;
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace }, spec: { ...numbers, selector: { matchLabels } } };
}

export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** Waits until every pod of the sandbox is Running and Ready (and none is terminating). */
export async function allReady(sb: Sandbox, what = 'every pod Ready'): Promise<Pod[]> {
  return eventually(async () => {
    const pods = await sb.pods();
    const ready = pods.every((p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    return pods.length > 0 && ready ? pods : undefined;
  }, what);
}
