// Scenarios: manifests (already parsed) applied to a new cluster as a client
// would create them. Workloads are reconciled into pods by the controllers;
// bare pods are placed by the scheduler unless they name a node. Namespaces a
// scenario uses are created when it does not declare them. Kinds the
// simulator does not serve are reported and skipped; objects the API server
// would reject are reported with its Status and skipped.

import type { KubeObject, Status } from '../k8s/types';
import { resourceForKind } from './api';
import { defaultEpochMs } from './clock';
import { SimCluster, type ClusterOptions } from './cluster';

/**
 * Objects are applied kind by kind in this order, each kind in manifest
 * order. Claims come before volumes: a volume bound to a claim that does not
 * exist yet would be released (and deleted, under the Delete policy).
 */
const applyOrder = ['Namespace', 'Node', 'StorageClass', 'PersistentVolumeClaim', 'PersistentVolume', 'PodDisruptionBudget', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'Pod'];

/** The group versions a scenario may use for each kind (policy/v1beta1 PDBs keep their v1beta1 meaning). */
const acceptedVersions: Record<string, string[]> = {
  Namespace: ['v1'],
  Node: ['v1'],
  Pod: ['v1'],
  StorageClass: ['storage.k8s.io/v1'],
  PersistentVolume: ['v1'],
  PersistentVolumeClaim: ['v1'],
  PodDisruptionBudget: ['policy/v1', 'policy/v1beta1'],
  Deployment: ['apps/v1'],
  ReplicaSet: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  DaemonSet: ['apps/v1'],
  Job: ['batch/v1'],
};

export interface ScenarioReport {
  /** Objects the API server refused, with its answer. */
  rejected: { object: string; status: Status }[];
  /** Objects the simulator does not model (a Service, a ConfigMap), or that are not objects at all. */
  skipped: string[];
}

function describe(o: KubeObject): string {
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o.kind ?? '<no kind>'} ${ns}${o.metadata?.name ?? o.metadata?.generateName ?? '<no name>'}`;
}

/** `kind: List` (what `kubectl get -o yaml` writes) is opened up. */
function flatten(objects: readonly unknown[]): unknown[] {
  return objects.flatMap((o) => {
    const list = o as { kind?: unknown; items?: unknown };
    return list && typeof list === 'object' && typeof list.kind === 'string' && list.kind.endsWith('List') && Array.isArray(list.items) ? flatten(list.items) : [o];
  });
}

export function loadScenario(cluster: SimCluster, objects: readonly unknown[]): ScenarioReport {
  const report: ScenarioReport = { rejected: [], skipped: [] };
  const wanted: KubeObject[] = [];
  for (const o of flatten(objects)) {
    if (o === null || o === undefined) continue;
    if (typeof o !== 'object' || Array.isArray(o)) {
      report.skipped.push(`not an object: ${JSON.stringify(o)?.slice(0, 60)}`);
      continue;
    }
    const obj = o as KubeObject;
    const versions = acceptedVersions[obj.kind ?? ''];
    if (!versions) {
      report.skipped.push(`${describe(obj)}: kind ${JSON.stringify(obj.kind ?? '')} is not simulated`);
      continue;
    }
    if (!versions.includes(obj.apiVersion ?? '')) {
      report.skipped.push(`${describe(obj)}: apiVersion ${JSON.stringify(obj.apiVersion ?? '')} is not served for ${obj.kind} (use ${versions.join(' or ')})`);
      continue;
    }
    wanted.push(obj);
  }
  const declared = new Set(wanted.filter((o) => o.kind === 'Namespace').map((o) => o.metadata?.name));
  const used = new Set(wanted.filter((o) => o.kind !== 'Namespace' && o.kind !== 'Node').map((o) => o.metadata?.namespace || 'default'));
  for (const ns of used) {
    if (!declared.has(ns) && !cluster.get('namespaces', undefined, ns).ok) cluster.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  }
  for (const kind of applyOrder) {
    for (const obj of wanted.filter((o) => o.kind === kind)) {
      const info = resourceForKind(kind)!;
      const created = cluster.create(info.resource, info.namespaced ? obj.metadata?.namespace || 'default' : undefined, obj);
      if (!created.ok) report.rejected.push({ object: describe(obj), status: created.status });
    }
  }
  return report;
}

export interface BuildOptions extends ClusterOptions {
  objects?: readonly unknown[];
  /**
   * The scenario is loaded this long before `startMs` and played up to it, so
   * that at `startMs` its pods are already running (and their ages are real).
   * The sandbox uses a minute; tests usually want 0.
   */
  warmUpMs?: number;
}

/** A cluster with a scenario loaded and, optionally, played forward to `startMs`. */
export function buildCluster(options: BuildOptions = {}): { cluster: SimCluster; report: ScenarioReport } {
  const startMs = options.startMs ?? defaultEpochMs;
  const warmUpMs = Math.max(0, options.warmUpMs ?? 0);
  const cluster = new SimCluster({ ...options, startMs: startMs - warmUpMs });
  const report = loadScenario(cluster, options.objects ?? []);
  cluster.advanceTo(startMs);
  return { cluster, report };
}
