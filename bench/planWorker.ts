// One measurement of the drain planner on a generated snapshot of a large
// cluster, in a process of its own (so its memory is its own). Prints one
// JSON line: `restore` (a snapshot into the simulator alone), `one` (a plan of
// one node), `rolling` (a plan of 20 nodes, one after another), wall ms each,
// and the memory the snapshot takes.
import { planDrain, snapshotOfManifests, type DrainPlan } from '../client/src/cluster';
import { SimCluster } from '../server/src/sim/cluster';
import { generateClusterSnapshot, largeCluster } from './clusterSnapshot';

async function main(): Promise<void> {
  const takenAtMs = Date.parse('2026-03-01T12:00:00Z');
  const heapBefore = process.memoryUsage().heapUsed;
  const objects = generateClusterSnapshot(largeCluster, takenAtMs);
  const snapshot = { ...snapshotOfManifests(objects, 'generated'), mode: 'restore' as const, takenAtMs };
  global.gc?.();
  const snapshotHeap = process.memoryUsage().heapUsed - heapBefore;

  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  let started = performance.now();
  let cpuStarted = cpu();
  const sim = new SimCluster({ startMs: takenAtMs });
  sim.restore(objects);
  const restoreMs = performance.now() - started;
  const restoreCpuMs = cpu() - cpuStarted;
  global.gc?.();
  const simHeap = process.memoryUsage().heapUsed - heapBefore - snapshotHeap;

  const nodes = (count: number) => Array.from({ length: count }, (_, i) => `node-${String(3 + i * 37).padStart(4, '0')}`);
  const plan = async (names: string[]): Promise<{ ms: number; cpuMs: number; plan: DrainPlan }> => {
    const t = performance.now();
    const c = cpu();
    const result = await planDrain(snapshot, { nodes: names, drain: { ignoreDaemonSets: true } });
    if (!result.ok) throw new Error(result.failure.message);
    return { ms: performance.now() - t, cpuMs: cpu() - c, plan: result.plan };
  };
  const one = await plan(nodes(1));
  const rolling = await plan(nodes(20));
  const summary = (p: DrainPlan) => ({ verdict: p.verdict, virtualSeconds: p.durationSeconds, evicted: p.nodes.reduce((n, x) => n + x.evicted.length, 0), held: p.nodes.reduce((n, x) => n + x.held.length, 0), pending: p.pending.length, diagnostics: p.diagnostics.length });
  process.stdout.write(
    `${JSON.stringify({
      objects: objects.length,
      pods: objects.filter((o) => o.kind === 'Pod').length,
      restoreMs,
      restoreCpuMs,
      snapshotHeap,
      simHeap,
      oneMs: one.ms,
      oneCpuMs: one.cpuMs,
      one: summary(one.plan),
      rollingMs: rolling.ms,
      rollingCpuMs: rolling.cpuMs,
      rolling: summary(rolling.plan),
      peakRss: process.resourceUsage().maxRSS * 1024,
    })}\n`,
  );
}

void main();
