// The CLI's complete read against a bulk parser: `kube-eviction lint` as a
// user runs it (a process: start, read every file, check every document of a
// kind the rules read completely, run the rules, print JSON) on the generated
// 10,000-object workspace, beside js-yaml's `loadAll` of the same files: a
// process that does only that (start, list, read, loadAll), timed the same way
// (the goal's measure: wall against wall), and its parse time alone.
// Alternated, several times, so that both meet the same load; medians and
// their ratios.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { inFreshProcess, ms, percentile, type Benchmark } from './benchmark';
import { generateWorkspace } from '../test/support/workspace';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin', 'kube-eviction.js');
const floors = join(__dirname, 'floorWorker.js');
const rounds = 5;

export const lintBenchmark: Benchmark = {
  name: 'kube-eviction lint: complete read against js-yaml',
  run() {
    const workspace = generateWorkspace(join(root, '.bench', 'workspace'));
    const lintMs: number[] = [];
    const jsYamlMs: number[] = [];
    const jsYamlParseMs: number[] = [];
    let findings = 0;
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      const lint = spawnSync(process.execPath, [bin, 'lint', '--format', 'json', workspace.root], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      lintMs.push(performance.now() - started);
      if (lint.status !== 0 && lint.status !== 1) throw new Error(`kube-eviction lint failed:\n${lint.stderr}`);
      findings = (JSON.parse(lint.stdout) as unknown[]).length;
      const jsYamlStarted = performance.now();
      jsYamlParseMs.push(inFreshProcess<{ jsYamlMs: number }>(floors, [workspace.root, 'js-yaml']).jsYamlMs);
      jsYamlMs.push(performance.now() - jsYamlStarted);
    }
    const lintMedian = percentile(lintMs, 50);
    const jsYamlMedian = percentile(jsYamlMs, 50);
    const jsYamlParseMedian = percentile(jsYamlParseMs, 50);
    console.log(`generated workspace: ${workspace.files.length} files, ${findings} findings; medians of ${rounds} alternated runs`);
    console.log(`  kube-eviction lint (process wall)      ${ms(lintMedian)}  (all: ${lintMs.map(ms).join(', ')})`);
    console.log(`  js-yaml loadAll (process wall)         ${ms(jsYamlMedian)}  (all: ${jsYamlMs.map(ms).join(', ')})`);
    console.log(`  js-yaml loadAll (its parse time alone) ${ms(jsYamlParseMedian)}`);
    console.log(`  ratio, wall against wall               ${(lintMedian / jsYamlMedian).toFixed(2)}× (the goal: at most 2×)`);
    console.log(`  ratio against the parse time alone     ${(lintMedian / jsYamlParseMedian).toFixed(2)}×`);
  },
};
