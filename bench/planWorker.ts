// One measurement of the drain planner on a large cluster, in a process of
// its own (so its memory is its own). The cluster (generated: 1,000 nodes,
// 10,000 pods) is served by a simulator in process and listed as a live one
// is, through client-node and the REST face; the plans start from that
// listed snapshot. Prints one JSON line: wall and CPU milliseconds of the
// listing, of a plan of one node, of a rolling plan of 20 nodes, and the
// heap the snapshot and its simulator take.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { planDrain, snapshotOfCluster, type DrainPlan, type PlanSnapshot } from '../client/src/cluster';
import { openSimulatedCluster } from '../client/src/cluster/plan/simulated';
import { simulatedClusterOf } from '../client/src/cluster/plan/snapshot';
import { serveInProcess } from '../server/src/sandbox/inProcess';
import { SimCluster } from '../server/src/sim/cluster';
import { realTimers } from '../client/src/cluster/timers';
import { generateClusterSnapshot, largeCluster } from './clusterSnapshot';

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function timed<T>(run: () => Promise<T> | T): Promise<{ value: T; ms: number; cpuMs: number }> {
  const wall = performance.now();
  const c = cpu();
  const value = await run();
  return { value, ms: performance.now() - wall, cpuMs: cpu() - c };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The heap in use once garbage is collected. */
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

async function listed(): Promise<PlanSnapshot> {
  const live = new SimCluster({ startMs: Date.parse('2026-03-01T12:00:00Z') });
  live.restore(generateClusterSnapshot(largeCluster, live.now()));
  const served = serveInProcess(live);
  const cluster = openSimulatedCluster(served, realTimers);
  try {
    const result = await snapshotOfCluster(cluster);
    if (!result.ok) throw new Error(result.failure.message);
    return result.snapshot;
  } finally {
    served.close();
    cluster.close();
  }
}

async function main(): Promise<void> {
  const base = heap();
  const listing = await timed(listed);
  const snapshot = listing.value;
  const snapshotHeap = heap() - base;
  const held = simulatedClusterOf(snapshot, {});
  const simulatorHeap = heap() - base - snapshotHeap;
  void held;

  const nodes = (count: number) => Array.from({ length: count }, (_, i) => `node-${String(3 + i * 37).padStart(4, '0')}`);
  const plan = (names: string[]) =>
    timed(async () => {
      const result = await planDrain(snapshot, { nodes: names, drain: { ignoreDaemonSets: true } });
      if (!result.ok) throw new Error(result.failure.message);
      return result.plan;
    });
  const one = await plan(nodes(1));
  const rolling = await plan(nodes(20));
  const summary = (p: DrainPlan) => ({
    verdict: p.verdict,
    virtualSeconds: p.durationSeconds,
    evicted: p.nodes.reduce((n, x) => n + x.evicted.length, 0),
    held: p.nodes.reduce((n, x) => n + x.held.length, 0),
    pending: p.pending.length,
    diagnostics: p.diagnostics.length,
  });
  process.stdout.write(
    `${JSON.stringify({
      objects: snapshot.objects.length,
      pods: snapshot.objects.filter((o) => o.kind === 'Pod').length,
      nodes: snapshot.objects.filter((o) => o.kind === 'Node').length,
      listing: { ms: listing.ms, cpuMs: listing.cpuMs },
      one: { ms: one.ms, cpuMs: one.cpuMs, ...summary(one.value) },
      rolling: { ms: rolling.ms, cpuMs: rolling.cpuMs, ...summary(rolling.value) },
      snapshotHeap,
      simulatorHeap,
      peakRss: process.resourceUsage().maxRSS * 1024,
    })}\n`,
  );
}

void main();
