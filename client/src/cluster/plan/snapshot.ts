// What a plan starts from, and the simulated cluster it becomes. Two kinds:
// the objects of a live cluster, listed once and restored with their status
// (pods keep their node, readiness, age, uids and owners); or manifests,
// created as a client would create them, whose workloads' pods the
// simulated controllers make and start before the plan begins.

import type { KubeObject } from '../../../../server/src/k8s/types';
import { SimCluster, type ClusterOptions } from '../../../../server/src/sim/cluster';
import { prepareRestore, type Restorable } from '../../../../server/src/sim/restore';
import { loadScenario } from '../../../../server/src/sim/scenario';
import type { Cluster } from '../connection';
import type { ClusterFailure } from '../failure';
import { listClusterObjects } from '../listing';
import type { PlanSnapshotSummary } from './types';

export interface PlanSnapshot {
  /** For the report: `context prod (cluster eu-1)`, `manifests in deploy/`. */
  source: string;
  /** `restore`: objects as a cluster holds them; `create`: manifests, made into pods by the simulated controllers. */
  mode: 'restore' | 'create';
  objects: readonly KubeObject[];
  /** When the objects were read: the plan's time zero, so that ages and timestamps stay true. */
  takenAtMs: number;
  /** Resources not listed (and why). */
  skipped: string[];
}

/** List a live cluster once (get and list requests only). */
/** Now, to the second: the resolution of every timestamp, so that times read back from them fall on the plan's seconds. */
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

export async function snapshotOfCluster(cluster: Cluster, signal?: AbortSignal): Promise<{ ok: true; snapshot: PlanSnapshot } | { ok: false; failure: ClusterFailure }> {
  const takenAtMs = wholeSecond(Date.now());
  const listed = await listClusterObjects(cluster, signal);
  if (!listed.ok) return listed;
  const source = `context ${cluster.context.name} (cluster ${cluster.context.cluster})`;
  return { ok: true, snapshot: { source, mode: 'restore', objects: listed.objects, takenAtMs, skipped: listed.skipped } };
}

/** Manifests (Nodes among them) as the cluster to plan on. */
export function snapshotOfManifests(objects: readonly KubeObject[], source: string, takenAtMs = wholeSecond(Date.now())): PlanSnapshot {
  return { source, mode: 'create', objects, takenAtMs, skipped: [] };
}

/**
 * Kubernetes' documented limit of pods in one cluster ("Considerations for
 * large clusters": no more than 150,000 total pods). The simulated
 * controllers make every pod a workload asks for, so a snapshot asking for
 * more (a manifest with `replicas: 2147483647`) is refused rather than
 * played until memory runs out.
 */
export const maxPlannedPods = 150_000;

const count = (value: unknown, absent: number) => (value === undefined || value === null ? absent : typeof value === 'number' ? (Number.isFinite(value) ? Math.max(0, value) : Infinity) : absent);

/** The pods the snapshot holds and its workloads ask for, counted, never made: bare pods, replicas (a Deployment's ReplicaSets counted by the Deployment), a Job's parallelism, a DaemonSet's pod per node. */
export function podsAskedFor(objects: readonly KubeObject[]): number {
  let nodes = 0;
  let daemonSets = 0;
  let pods = 0;
  for (const o of objects) {
    const spec = (o as { spec?: { replicas?: unknown; parallelism?: unknown } }).spec;
    const controlled = o.metadata?.ownerReferences?.some((r) => r.controller);
    switch (o.kind) {
      case 'Node':
        nodes++;
        break;
      case 'DaemonSet':
        daemonSets++;
        break;
      case 'Pod':
        if (!controlled) pods++;
        break;
      case 'Deployment':
      case 'StatefulSet':
        pods += count(spec?.replicas, 1);
        break;
      case 'ReplicaSet':
        if (!o.metadata?.ownerReferences?.some((r) => r.controller && r.kind === 'Deployment')) pods += count(spec?.replicas, 1);
        break;
      case 'Job':
        if (!controlled) pods += count(spec?.parallelism, 1);
        break;
    }
  }
  return pods + daemonSets * nodes;
}

/** The failure of a snapshot too large to simulate, or undefined. */
export function tooLargeToPlan(snapshot: PlanSnapshot): ClusterFailure | undefined {
  const asked = podsAskedFor(snapshot.objects);
  if (asked <= maxPlannedPods) return undefined;
  const n = Number.isSafeInteger(asked) ? asked.toLocaleString('en-US') : 'an unbounded number of';
  return { kind: 'invalid', message: `the plan does not simulate ${snapshot.source}: its workloads ask for ${n} pods, more than the ${maxPlannedPods.toLocaleString('en-US')} Kubernetes documents as a cluster's limit` };
}

/** Each snapshot's objects prepared once, shared (frozen) by every simulator a plan plays. */
const prepared = new WeakMap<readonly KubeObject[], Restorable>();

function restorable(snapshot: PlanSnapshot): Restorable {
  let ready = prepared.get(snapshot.objects);
  if (!ready) prepared.set(snapshot.objects, (ready = prepareRestore(snapshot.objects)));
  return ready;
}

/** How long manifests are played before the plan starts, at most: their pods scheduled, started and Ready. */
const maxWarmUpMs = 10 * 60_000;

/**
 * A simulated cluster holding the snapshot at its time zero. Manifests are
 * created a warm-up before it and played until the controllers have nothing
 * left to do (or ten minutes), so that the plan starts from running pods.
 */
export function simulatedClusterOf(snapshot: PlanSnapshot, options: Omit<ClusterOptions, 'startMs'>): { sim: SimCluster; skipped: string[] } {
  if (snapshot.mode === 'restore') {
    const sim = new SimCluster({ ...options, startMs: snapshot.takenAtMs });
    return { sim, skipped: sim.restore(restorable(snapshot)).skipped };
  }
  const sim = new SimCluster({ ...options, startMs: snapshot.takenAtMs - maxWarmUpMs });
  const report = loadScenario(sim, snapshot.objects);
  for (let due = sim.clock.nextDueAt(); due !== undefined && due <= snapshot.takenAtMs; due = sim.clock.nextDueAt()) sim.advanceTo(due);
  sim.advanceTo(snapshot.takenAtMs);
  return { sim, skipped: [...report.skipped, ...report.rejected.map((r) => `${r.object}: rejected: ${r.status.message}`)] };
}

export function summarize(snapshot: PlanSnapshot, skipped: readonly string[]): PlanSnapshotSummary {
  const counts: Record<string, number> = {};
  for (const o of snapshot.objects) counts[o.kind ?? '?'] = (counts[o.kind ?? '?'] ?? 0) + 1;
  return { source: snapshot.source, takenAt: new Date(snapshot.takenAtMs).toISOString(), counts, skipped: [...snapshot.skipped, ...skipped] };
}
