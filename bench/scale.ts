// The scale benchmark: the shapes that used to cost quadratic time, and a
// workspace and a live cluster at Kubernetes' documented limits (5,000
// nodes, 150,000 pods, 10,000 budgets), each in a fresh process. Wall and CPU
// time both: on a shared machine the wall time includes waiting for a core.
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { inFreshProcess, mb, ms, percentile, type Benchmark } from './benchmark';
import { generateLimitsWorkspace, writeQuadraticCases } from './scaleInputs';
import type { CaseResult, LimitsResult, LintResult, Timing } from './scaleWorker';

const benchDir = join(resolve(__dirname, '../..'), '.bench');
const worker = join(__dirname, 'scaleWorker.js');

const time = (t: Timing) => `${ms(t.wallMs)} (CPU ${ms(t.cpuMs)})`;
const spread = (samples: number[]) => `p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}, max ${ms(Math.max(...samples))}`;

export const scaleBenchmark: Benchmark = {
  name: 'scale (quadratic shapes; Kubernetes scale limits)',
  run() {
    console.log(`(load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores: with other work running, wall times grow and CPU times stay)`);
    for (const c of writeQuadraticCases(join(benchDir, 'quadratic'))) {
      const scan = inFreshProcess<CaseResult>(worker, ['case', c.root]);
      const lint = inFreshProcess<LintResult>(worker, ['lint', c.root]);
      console.log(`${c.name}: ${scan.objects} objects, ${scan.findings} findings (at most ${scan.maxRelated} related locations each)`);
      console.log(`  language server cold scan   ${time(scan.cold)}, then complete reading ${time(scan.complete)}; peak RSS ${mb(scan.peakRss)}`);
      console.log(`  kube-eviction lint          ${time(lint.run)}, exit ${lint.exit}, ${lint.lines} lines; peak RSS ${mb(lint.peakRss)}`);
    }
    const workspace = generateLimitsWorkspace(join(benchDir, 'limits'));
    const r = inFreshProcess<LimitsResult>(worker, ['limits', workspace.root]);
    console.log(`scale limits workspace: ${r.files} files, ${r.objects} objects (${r.pods} pods), ${r.findings} findings`);
    console.log(`  cold analysis               ${time(r.cold)}; peak RSS ${mb(r.coldRss)}`);
    console.log(`  complete reading            ${time(r.complete)} (after the cold scan, in the background)`);
    for (const [kind, samples] of Object.entries(r.edits)) console.log(`  keystroke: ${kind.padEnd(16)} ${spread(samples)} (${samples.length} edits)`);
    const all = Object.values(r.edits).flat();
    console.log(`  keystroke: any              ${spread(all)}`);
    const l = r.live;
    console.log(`  live cluster: ${l.nodes} nodes, ${l.pods} pods in ${l.labelSets} distinct label sets (${mb(l.factsBytes)} sent as kubeEviction/liveCluster)`);
    console.log(`    facts from the watches    ${time(l.facts)}`);
    console.log(`    analysed by the server    ${time(l.server)} (${l.findings} findings in the files it changed); then a cordon ${ms(l.cordonMs)}`);
    console.log(`  peak RSS                    ${mb(r.peakRss)}`);
  },
};
