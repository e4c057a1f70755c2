// The drain planner at Kubernetes' scale: a cluster of 1,000 nodes and
// 10,000 pods, listed as a live one is, then a plan of one node and a rolling
// plan of 20. Goals (issue 12): one node in 2 s, twenty in 10 s, the snapshot
// in 300 MB. Wall time is printed with the CPU time next to it (on a shared
// machine the two part).
import { join } from 'node:path';
import { inFreshProcess, mb, ms, type Benchmark } from './benchmark';

interface PlanFigures {
  objects: number;
  pods: number;
  nodes: number;
  listing: { ms: number; cpuMs: number };
  one: { ms: number; cpuMs: number; verdict: string; virtualSeconds: number; evicted: number };
  rolling: { ms: number; cpuMs: number; verdict: string; virtualSeconds: number; evicted: number; held: number; pending: number };
  snapshotHeap: number;
  simulatorHeap: number;
  peakRss: number;
}

export const planBenchmark: Benchmark = {
  name: 'drain planner: 1,000 nodes, 10,000 pods',
  run() {
    const f = inFreshProcess<PlanFigures>(join(__dirname, 'planWorker.js'), []);
    const time = (t: { ms: number; cpuMs: number }) => `${ms(t.ms)} wall (${ms(t.cpuMs)} CPU)`;
    console.log(`snapshot: ${f.nodes} nodes, ${f.pods} pods, ${f.objects} objects, listed through client-node in ${time(f.listing)}`);
    console.log(`plan of 1 node from the listed snapshot: ${time(f.one)} (goal 2 s): ${f.one.verdict}, ${f.one.evicted} pods evicted in ${f.one.virtualSeconds} s of virtual time`);
    console.log(
      `rolling plan of 20 nodes: ${time(f.rolling)} (goal 10 s): ${f.rolling.verdict}, ${f.rolling.evicted} pods evicted, ${f.rolling.held} held, ${f.rolling.pending} left Pending, in ${f.rolling.virtualSeconds} s of virtual time`,
    );
    console.log(`memory: the listed snapshot ${mb(f.snapshotHeap)}, a simulator holding it ${mb(f.simulatorHeap)} more (goal 300 MB together); peak RSS ${mb(f.peakRss)}`);
  },
};
