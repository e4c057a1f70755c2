// The analysis benchmark: cold full analysis, re-analysis after edits (p50/p95)
// and peak memory, on a generated 10,000-object workspace, on one 50,000-line
// file, and on the real-world corpus where present; plus the parse-only floors
// of `yaml` and `js-yaml` on the same files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inFreshProcess, mb, ms, percentile, type Benchmark } from './benchmark';
import type { ScenarioResult } from './analysisWorker';
import { lspEditLatencies } from './lspEdits';
import { generateBigFile, generateWorkspace } from '../test/support/workspace';

const root = resolve(__dirname, '../..');
const benchDir = join(root, '.bench');
const worker = join(__dirname, 'analysisWorker.js');
const floors = join(__dirname, 'floorWorker.js');
const corpus = '/work/shared/corpus';

function report(label: string, r: ScenarioResult, floorDir?: string): void {
  console.log(`${label}: ${r.files} files, ${mb(r.bytes)}, ${r.documents} documents (${r.objects} objects analysed), ${r.findings} findings`);
  console.log(`  cold full analysis   ${ms(r.coldMs)}`);
  console.log(`  complete reading     ${ms(r.completeMs)} (after the cold scan, in the background)`);
  if (r.editMs.length) console.log(`  edit re-analysis     p50 ${ms(percentile(r.editMs, 50))}, p95 ${ms(percentile(r.editMs, 95))}, max ${ms(Math.max(...r.editMs))} (${r.editMs.length} edits)`);
  if (r.live) {
    const l = r.live;
    console.log(`  live cluster facts   ${l.nodes} nodes, ${l.pods} pods in ${l.labelSets} distinct label sets (${mb(l.factsBytes)} sent): first ${ms(l.firstMs)}, a cordon ${ms(l.cordonMs)}, a new pod label set in one namespace ${ms(l.podsMs)}`);
  }
  console.log(`  peak RSS             ${mb(r.peakRss)}`);
  if (floorDir) {
    const f = inFreshProcess<{ yamlMs: number; jsYamlMs: number }>(floors, [floorDir]);
    console.log(`  parse-only floors    yaml parseAllDocuments ${ms(f.yamlMs)}, js-yaml loadAll ${ms(f.jsYamlMs)}`);
  }
}

export const analysisBenchmark: Benchmark = {
  name: 'analysis (language server and lint)',
  async run() {
    const workspace = generateWorkspace(join(benchDir, 'workspace'));
    report('generated workspace', inFreshProcess<ScenarioResult>(worker, ['workspace', workspace.root, '300']), workspace.root);
    const bigPath = join(benchDir, 'bigfile', 'big.yaml');
    const big = generateBigFile(bigPath);
    console.log(`(big file: ${big.split('\n').length} lines, ${big.split(/^---$/m).length} documents)`);
    report('50,000-line file', inFreshProcess<ScenarioResult>(worker, ['bigfile', bigPath, '300']), join(bigPath, '..'));
    const lsp = await lspEditLatencies(bigPath, 300);
    console.log(`  through the language server (stdio): scan ${ms(lsp.scanMs)}, then complete reading ${ms(lsp.completeMs)}; didChange to analysed p50 ${ms(percentile(lsp.editMs, 50))}, p95 ${ms(percentile(lsp.editMs, 95))}`);
    if (existsSync(corpus)) {
      for (const name of readdirSync(corpus).filter((n) => statSync(join(corpus, n)).isDirectory())) {
        report(`corpus ${name}`, inFreshProcess<ScenarioResult>(worker, ['corpus', join(corpus, name)]), join(corpus, name));
      }
    }
  },
};
