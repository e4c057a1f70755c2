// One analysis benchmark scenario in a fresh process (its peak memory is its
// own); prints one JSON line of figures. Run by analysis.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisEngine } from '../server/src/analysis/engine';
import { LiveCluster, type ClusterFacts } from '../server/src/analysis/liveCluster';
import { defaultSettings } from '../server/src/analysis/settings';
import { listManifestFiles, readManifestFile } from '../server/src/analysis/workspaceFiles';
import { rules } from '../server/src/rules/registry';
import { peakRss } from './benchmark';

export interface ScenarioResult {
  files: number;
  bytes: number;
  documents: number;
  objects: number;
  findings: number;
  coldMs: number;
  /** The complete reading after the cold scan (the language server's background pass). */
  completeMs: number;
  editMs: number[];
  peakRss: number;
  /** The live cluster's facts arriving (see liveClusterFacts). */
  live?: { nodes: number; pods: number; labelSets: number; factsBytes: number; firstMs: number; cordonMs: number; podsMs: number };
}

/** The cold scan as the language server makes it: files read fast, then completely in the background. */
function cold(root: string): { engine: AnalysisEngine; files: string[]; bytes: number; coldMs: number; completeMs: number } {
  const started = performance.now();
  const engine = new AnalysisEngine(rules, defaultSettings);
  const files = listManifestFiles(root, defaultSettings.exclude);
  let bytes = 0;
  for (const file of files) {
    const content = readManifestFile(file, defaultSettings.maxFileSize);
    if (content.kind === 'text') {
      bytes += content.text.length;
      engine.setFile(file, content.text, 'fast');
    } else if (content.kind === 'tooLarge') engine.setFileTooLarge(file, content.size);
  }
  // What the language server publishes after its scan: the findings of every file.
  for (const file of files) engine.findingsFor(file);
  const coldMs = performance.now() - started;
  const completing = performance.now();
  for (const file of files) for (const changed of engine.completeFile(file)) engine.findingsFor(changed);
  return { engine, files, bytes, coldMs, completeMs: performance.now() - completing };
}

function count(engine: AnalysisEngine, files: string[]): { documents: number; objects: number; findings: number } {
  return {
    documents: [...engine.index.files()].reduce((n, f) => n + f.documents.filter((d) => /\S/.test(d.text.replace(/^---.*$/m, ''))).length, 0),
    objects: [...engine.index.objects()].length,
    findings: files.reduce((n, f) => n + engine.findingsFor(f).length, 0),
  };
}

/** An edit as a keystroke makes it: new text for one file, re-analysis, and the findings to publish. */
function edit(engine: AnalysisEngine, uri: string, text: string): number {
  const started = performance.now();
  for (const changed of engine.setFile(uri, text)) engine.findingsFor(changed);
  return performance.now() - started;
}

function replicasEdit(text: string, i: number): string {
  let seen = 0;
  return text.replace(/replicas: (\d+)/g, (match, n: string) => (seen++ === i % 3 ? `replicas: ${(Number(n) % 4) + 1 + (i % 2)}` : match));
}

/**
 * A cluster of 1,000 nodes (the generated workspace's pools: general, gpu
 * tainted NoSchedule, spot tainted PreferNoSchedule, some cordoned) running
 * 10,000 pods of the workspace's apps, in the shape the client sends.
 */
function liveClusterFacts(engine: AnalysisEngine): ClusterFacts {
  const nodes: ClusterFacts['nodes'] = Array.from({ length: 1000 }, (_, i) => {
    const pool = ['general', 'general', 'general', 'gpu', 'spot'][i % 5]!;
    const taints = pool === 'gpu' ? [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] : pool === 'spot' ? [{ key: 'spot', effect: 'PreferNoSchedule' }] : [];
    return { name: `live-${i}`, labels: { 'kubernetes.io/hostname': `live-${i}`, pool }, taints, unschedulable: i % 17 === 0 };
  });
  const templates = [...engine.index.objects()].filter((o) => o.kind === 'Deployment');
  const pods: ClusterFacts['pods'] = Array.from({ length: 10000 }, (_, i) => {
    const template = templates[i % templates.length]!;
    return { namespace: template.namespace, labels: { app: template.name, 'pod-template-hash': '5d8f7c9b4' } };
  });
  return { context: 'bench', nodes, pods };
}

function timed(work: () => Set<string>, engine: AnalysisEngine): number {
  const started = performance.now();
  for (const changed of work()) engine.findingsFor(changed);
  return performance.now() - started;
}

const [scenario, path, editsArg] = process.argv.slice(2);
const edits = Number(editsArg ?? 200);
let result: ScenarioResult;
if (scenario === 'workspace') {
  const { engine, files, bytes, coldMs, completeMs } = cold(path!);
  const targets = files.filter((f) => f.includes('app-'));
  const editMs: number[] = [];
  for (let i = 0; i < edits; i++) {
    const file = targets[(i * 7919) % targets.length]!;
    editMs.push(edit(engine, file, replicasEdit(readFileSync(file, 'utf8'), i)));
  }
  const facts = liveClusterFacts(engine);
  const cluster = new LiveCluster(facts);
  const firstMs = timed(() => engine.setCluster(cluster), engine);
  const cordoned = { ...facts, nodes: facts.nodes.map((n, i) => (i === 1 ? { ...n, unschedulable: true } : n)) };
  const cordonMs = timed(() => engine.setCluster(new LiveCluster(cordoned)), engine);
  const podsMs = timed(() => engine.setCluster(new LiveCluster({ ...cordoned, pods: [...cordoned.pods, { namespace: 'team-3', labels: { app: 'new' } }] })), engine);
  const labelSets = new Set(facts.pods.map((p) => `${p.namespace} ${JSON.stringify(p.labels)}`)).size;
  const live = { nodes: facts.nodes.length, pods: facts.pods.length, labelSets, factsBytes: JSON.stringify({ ...facts, pods: facts.pods.slice(0, labelSets) }).length, firstMs, cordonMs, podsMs };
  result = { files: files.length, bytes, ...count(engine, files), coldMs, completeMs, editMs, peakRss: peakRss(), live };
} else if (scenario === 'bigfile') {
  const { engine, files, bytes, coldMs, completeMs } = cold(join(path!, '..'));
  // Keystrokes as an editor applies them (TextDocument.update slices and concatenates): a digit typed
  // into one Deployment's replicas, one document changing at a time.
  let text = readFileSync(path!, 'utf8');
  const positions = [...text.matchAll(/^ {2}replicas: \d+$/gm)].map((m) => m.index);
  const editMs: number[] = [];
  for (let i = 0; i < edits; i++) {
    const at = positions[(i * 104729) % positions.length]!;
    const end = text.indexOf('\n', at);
    text = `${text.slice(0, at)}  replicas: ${(Number(text.slice(at + 12, end)) % 5) + 1}${text.slice(end)}`;
    editMs.push(edit(engine, path!, text));
  }
  result = { files: files.length, bytes, ...count(engine, files), coldMs, completeMs, editMs, peakRss: peakRss() };
} else {
  const { engine, files, bytes, coldMs, completeMs } = cold(path!);
  result = { files: files.length, bytes, ...count(engine, files), coldMs, completeMs, editMs: [], peakRss: peakRss() };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
