// Builders and readers for the simulator's tests: real objects through the
// real API, nothing stubbed.
import assert from 'node:assert/strict';
import { resourceForKind, type Result } from '../../../server/src/sim/api';
import { SimCluster, type ClusterOptions } from '../../../server/src/sim/cluster';
import { knobs } from '../../../server/src/sim/knobs';
import type { KubeObject, Node, Pod, PodDisruptionBudget, PodDisruptionBudgetSpec, PodSpec, Status, Taint, Workload } from '../../../server/src/k8s/types';

export function ok<T>(r: Result<T>): T {
  if (!r.ok) assert.fail(`expected success, got ${r.status.code}: ${r.status.message}`);
  return r.value;
}

export function failed<T>(r: Result<T>): Status {
  if (r.ok) assert.fail('expected a failure Status');
  return r.status;
}

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

export function node(name: string, o: NodeOptions = {}): Node {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '16Gi', pods: o.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable },
  };
}

export interface TemplateOptions {
  labels?: Record<string, string>;
  cpu?: string;
  startupSeconds?: number;
  annotations?: Record<string, string>;
  spec?: Partial<PodSpec>;
}

function template(app: string, o: TemplateOptions) {
  const annotations = { ...(o.startupSeconds !== undefined ? { [knobs.startupSeconds]: String(o.startupSeconds) } : {}), ...o.annotations };
  return {
    metadata: { labels: { app, ...o.labels }, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: { containers: [{ name: app, image: 'nginx:1.27', ...(o.cpu ? { resources: { requests: { cpu: o.cpu } } } : {}) }], ...o.spec },
  };
}

export function deployment(name: string, replicas: number, o: TemplateOptions = {}): Workload {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name, o) } };
}

export function workload(kind: 'StatefulSet' | 'DaemonSet' | 'Job' | 'ReplicaSet', name: string, spec: Record<string, unknown>, o: TemplateOptions = {}): Workload {
  const apiVersion = kind === 'Job' ? 'batch/v1' : 'apps/v1';
  const t = template(name, o);
  if (kind === 'Job') (t.spec as PodSpec).restartPolicy = 'Never';
  return { apiVersion, kind, metadata: { name, namespace: 'default' }, spec: { ...(kind === 'Job' ? {} : { selector: { matchLabels: { app: name } } }), template: t, ...spec } };
}

export function pdb(name: string, spec: PodDisruptionBudgetSpec, apiVersion = 'policy/v1'): PodDisruptionBudget {
  return { apiVersion, kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec };
}

export function bare(name: string, o: TemplateOptions & { nodeName?: string } = {}): Pod {
  const t = template(o.labels?.app ?? 'web', o);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...t.metadata }, spec: { ...t.spec, ...(o.nodeName ? { nodeName: o.nodeName } : {}) } };
}

/** A cluster with nodes `n1..nN` (or the given ones), settled. */
export function cluster(nodes: Node[] = [node('n1'), node('n2'), node('n3')], options: ClusterOptions = {}): SimCluster {
  const c = new SimCluster(options);
  for (const n of nodes) ok(c.create('nodes', undefined, n));
  return c;
}

export function apply(c: SimCluster, ...objects: KubeObject[]): void {
  for (const o of objects) {
    const info = resourceForKind(o.kind ?? '');
    if (!info) assert.fail(`no resource for kind ${o.kind}`);
    ok(c.create(info.resource, info.namespaced ? (o.metadata?.namespace ?? 'default') : undefined, o));
  }
}

export const pods = (c: SimCluster, app?: string): Pod[] =>
  (c.list('pods', 'default') as Pod[]).filter((p) => !app || p.metadata?.labels?.app === app).sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));

export const podOn = (c: SimCluster, app: string, nodeName: string): Pod[] => pods(c, app).filter((p) => p.spec?.nodeName === nodeName);

export const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

export const readyAndLive = (c: SimCluster, app: string): Pod[] => pods(c, app).filter((p) => isReady(p) && !p.metadata?.deletionTimestamp);

export const pdbStatus = (c: SimCluster, name = 'web-pdb') => (ok(c.get('poddisruptionbudgets', 'default', name)) as PodDisruptionBudget).status!;

export const getPod = (c: SimCluster, name: string) => c.get('pods', 'default', name);

export const condition = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type);

export const evict = (c: SimCluster, name: string, body: Record<string, unknown> = {}, queryDryRun: string[] = [], namespace = 'default') =>
  c.evict(namespace, name, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, ...body }, queryDryRun);

export function setUnschedulable(c: SimCluster, nodeName: string, unschedulable: boolean): void {
  const n = ok(c.get('nodes', undefined, nodeName)) as Node;
  n.spec = { ...n.spec, unschedulable: unschedulable || undefined };
  if (!unschedulable) delete n.spec.unschedulable;
  ok(c.update('nodes', undefined, nodeName, n));
}
