// One scale benchmark scenario in a fresh process (its peak memory is its
// own); prints one JSON line of figures. Run by scale.ts.
//   case ROOT     the language server's cold scan of a folder (fast reading, the rules once per 20 ms slice of files), then its complete reading
//   lint ROOT     `kube-eviction lint ROOT` (complete reading) in process
//   limits ROOT   the scale workspace cold, then keystrokes, then the live cluster's facts of the same size through kubeEviction/liveCluster
import { readFileSync } from 'node:fs';
import { clusterFacts } from '../client/src/cluster/clusterFacts';
import { tuneForBatchRun } from '../cli/src/batchRun';
import { runLint } from '../cli/src/lint';
import { AnalysisEngine } from '../server/src/analysis/engine';
import { clusterFactsFrom, LiveCluster } from '../server/src/analysis/liveCluster';
import { defaultSettings } from '../server/src/analysis/settings';
import { listManifestFiles, readManifestFile } from '../server/src/analysis/workspaceFiles';
import { rules } from '../server/src/rules/registry';
import { peakRss } from './benchmark';
import { limitsCluster } from './scaleInputs';

/** Wall and CPU milliseconds of some work. */
export interface Timing {
  wallMs: number;
  cpuMs: number;
}

function timed<T>(work: () => T): { value: T } & Timing {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

export interface CaseResult {
  files: number;
  objects: number;
  findings: number;
  cold: Timing;
  complete: Timing;
  maxRelated: number;
  peakRss: number;
}

export interface LintResult {
  exit: number;
  lines: number;
  run: Timing;
  peakRss: number;
}

export interface LimitsResult {
  files: number;
  objects: number;
  pods: number;
  findings: number;
  cold: Timing;
  complete: Timing;
  coldRss: number;
  edits: Record<string, number[]>;
  live: { nodes: number; pods: number; labelSets: number; factsBytes: number; facts: Timing; server: Timing; findings: number; cordonMs: number };
  peakRss: number;
}

/** The language server's cold scan: files read fast, the rules run once per 20 ms slice of files; then the findings of every file. */
function coldScan(root: string): { engine: AnalysisEngine; files: string[]; cold: Timing } {
  const engine = new AnalysisEngine(rules, defaultSettings);
  const files = listManifestFiles(root, defaultSettings.exclude);
  const cold = timed(() => {
    let next = 0;
    while (next < files.length) {
      engine.batch(() => {
        const started = performance.now();
        do {
          const content = readManifestFile(files[next]!, defaultSettings.maxFileSize);
          if (content.kind === 'text') engine.setFile(files[next]!, content.text, 'fast');
          next++;
        } while (next < files.length && performance.now() - started <= 20);
      });
    }
    for (const file of files) engine.findingsFor(file);
  });
  return { engine, files, cold };
}

function completeReading(engine: AnalysisEngine, files: string[]): Timing {
  return timed(() => {
    for (const file of files) for (const changed of engine.completeFile(file)) engine.findingsFor(changed);
  });
}

function countFindings(engine: AnalysisEngine, files: string[]): { findings: number; maxRelated: number } {
  let findings = 0;
  let maxRelated = 0;
  for (const file of files) {
    for (const finding of engine.findingsFor(file)) {
      findings++;
      maxRelated = Math.max(maxRelated, finding.related.length);
    }
  }
  return { findings, maxRelated };
}

/** A keystroke: new text for one file, re-analysis, and the findings of the files to publish. */
function keystroke(engine: AnalysisEngine, uri: string, text: string): number {
  return timed(() => {
    for (const changed of engine.setFile(uri, text)) engine.findingsFor(changed);
  }).wallMs;
}

/** The n-th match of `pattern` in `text`, replaced. */
function replaceNth(text: string, pattern: RegExp, n: number, replace: (match: string) => string): string {
  let seen = 0;
  return text.replace(pattern, (match) => (seen++ === n ? replace(match) : match));
}

function limits(root: string): LimitsResult {
  const { engine, files, cold } = coldScan(root);
  const coldRss = peakRss();
  const complete = completeReading(engine, files);
  const appFiles = files.filter((f) => f.includes('/apps/'));
  const nodeFiles = files.filter((f) => f.includes('/nodes/'));
  const edits: Record<string, number[]> = { replicas: [], budget: [], 'pod labels': [], cordon: [] };
  const texts = new Map<string, string>();
  const text = (file: string) => texts.get(file) ?? readFileSync(file, 'utf8');
  const edit = (kind: string, file: string, next: string) => {
    texts.set(file, next);
    edits[kind]!.push(keystroke(engine, file, next));
  };
  for (let i = 0; i < 100; i++) {
    const app = appFiles[(i * 7919) % appFiles.length]!;
    edit('replicas', app, replaceNth(text(app), /replicas: \d+/g, i % 10, () => `replicas: ${10 + (i % 9)}`));
    edit('budget', app, replaceNth(text(app), /minAvailable: 10\b|minAvailable: 11\b/g, 0, (m) => (m.endsWith('10') ? 'minAvailable: 11' : 'minAvailable: 10')));
    edit('pod labels', app, replaceNth(text(app), /team: team-\d+(-x)?\}/g, i % 10, (m) => (m.includes('-x') ? m.replace('-x', '') : m.replace('}', '-x}'))));
    const nodes = nodeFiles[(i * 31) % nodeFiles.length]!;
    edit('cordon', nodes, replaceNth(text(nodes), /unschedulable: (true|false)/g, (i * 13) % 100, (m) => (m.endsWith('true') ? 'unschedulable: false' : 'unschedulable: true')));
  }
  // The live cluster as the extension's feed builds its facts, sends them as JSON, and the server reads them.
  const objects = limitsCluster();
  let sent = '';
  const facts = timed(() => {
    sent = JSON.stringify(clusterFacts('bench', objects));
  });
  const server = timed(() => {
    const read = clusterFactsFrom(JSON.parse(sent));
    let n = 0;
    for (const changed of engine.setCluster(read && new LiveCluster(read))) n += engine.findingsFor(changed).length;
    return n;
  });
  const parsed = clusterFactsFrom(JSON.parse(sent))!;
  const cordoned = { ...parsed, nodes: parsed.nodes.map((n, i) => (i === 1 ? { ...n, unschedulable: true } : n)) };
  const cordonMs = timed(() => {
    for (const changed of engine.setCluster(new LiveCluster(cordoned))) engine.findingsFor(changed);
  }).wallMs;
  const pods = [...engine.index.objects()].reduce((n, o) => n + (o.kind === 'Deployment' || o.kind === 'StatefulSet' ? Number((o.data['spec'] as { replicas?: number }).replicas ?? 1) : 0), 0);
  return {
    files: files.length,
    objects: [...engine.index.objects()].length,
    pods,
    ...countFindings(engine, files),
    cold,
    complete,
    coldRss,
    edits,
    live: { nodes: parsed.nodes.length, pods: objects.namespaces().reduce((n, ns) => n + objects.podsInNamespace(ns).length, 0), labelSets: parsed.pods.length, factsBytes: sent.length, facts, server, findings: server.value, cordonMs },
    peakRss: peakRss(),
  };
}

async function main(scenario: string, root: string): Promise<CaseResult | LintResult | LimitsResult> {
  if (scenario === 'case') {
    const { engine, files, cold } = coldScan(root);
    const complete = completeReading(engine, files);
    return { files: files.length, objects: [...engine.index.objects()].length, ...countFindings(engine, files), cold, complete, peakRss: peakRss() };
  }
  if (scenario === 'lint') {
    // As the command runs it (cli/src/main.ts).
    tuneForBatchRun();
    let lines = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const exit = await runLint([root, '--format', 'text'], { stdout: (text) => void (lines += text.split('\n').length - 1), stderr: () => {} });
    const used = process.cpuUsage(cpu);
    return { exit, lines, run: { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }, peakRss: peakRss() };
  }
  return limits(root);
}

const [scenario, root] = process.argv.slice(2) as [string, string];
void main(scenario, root).then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
