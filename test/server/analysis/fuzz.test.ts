// Seeded fuzzing of the analysis, in process: a few thousand mutations of the
// sample workspace's manifests and of generated ones (hostile values such as
// `replicas: 2147483647`, broken YAML, deep nesting, duplicated documents,
// keys moved or renamed), each analysed in the sample workspace as the
// language server and `lint` analyse it, with hovers. Asserted on every
// mutation: no exception escapes the engine; no rule fails (a rule that does
// is reported as a rule-failed finding on its object, checked with a rule
// that fails on purpose); the spans recorded as the objects were read are
// those found in their trees; and the document costs a bounded number of
// operations, counted, never timed.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { generateBigFile } from '../../support/workspace';
import { AnalysisEngine, ruleFailedId } from '../../../server/src/analysis/engine';
import { hoverAt } from '../../../server/src/analysis/hovers';
import { defaultSettings } from '../../../server/src/analysis/settings';
import { rules } from '../../../server/src/rules/registry';
import type { Rule } from '../../../server/src/analysis/rule';
import { SeededRandom } from '../../../server/src/sim/random';
import { OperationCounter } from './operations';
import { assertRecordedSpans } from './recordedSpans';

const root = resolve(__dirname, '../../../..');
const fixtures = join(root, 'test/fixtures/workspace');

const mutations = Number(process.env.FUZZ_MUTATIONS ?? 2000);
const seed = 20260513;
/** Operations a document may cost: a fixed part plus a part per byte, about ten times what the worst mutation measured needs. */
const maxOperations = (bytes: number) => 3_000_000 + 300 * bytes;

const hostileValues = [
  '2147483647', '2147483648', '-1', '0', '1e308', '-1e308', '.inf', '.nan', '~', 'null', '""', "''", '"100%"', '"0%"', '"101%"', '"-1%"', '"1.5%"', '1.5',
  'true', '[]', '{}', '[[[[[[]]]]]]', '{a: {b: {c: {}}}}', '*a', '&a x', '!!binary aGVsbG8=', '!!str 3', '"\\u0000"', '"x\\ny"',
  `${'['.repeat(300)}${']'.repeat(300)}`, `${'{a: '.repeat(250)}1${'}'.repeat(250)}`, `"${'x'.repeat(100_000)}"`, '{{ .Values.replicas }}', '|\n  block\n  text',
];
const knownKeys = [
  'apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'spec', 'replicas', 'selector', 'matchLabels', 'matchExpressions', 'key', 'operator', 'values',
  'minAvailable', 'maxUnavailable', 'unhealthyPodEvictionPolicy', 'template', 'nodeSelector', 'nodeName', 'tolerations', 'taints', 'effect', 'value',
  'tolerationSeconds', 'unschedulable', 'affinity', 'deleteOptions', 'gracePeriodSeconds', 'dryRun', 'ownerReferences', 'scaleTargetRef', 'items',
];
const snippets = ['{', '}', '[', ']', ': ', '- ', ', ', '&a ', '*a', '!!map ', '\t', '\u0000', '\uFEFF', '"', "'", '#', '---\n', '...\n', '? ', '|', '>', '%YAML 1.2\n', '\\', '{{ x }}', '\r'];

type Mutation = (text: string, r: SeededRandom) => string;

const lineRange = (text: string, r: SeededRandom) => {
  const lines = text.split('\n');
  return { lines, i: Math.floor(r.next() * lines.length) };
};
const pick = <T>(r: SeededRandom, list: readonly T[]): T => list[Math.floor(r.next() * list.length)]!;

const operators: [string, Mutation][] = [
  ['hostile value', (text, r) => {
    const { lines, i } = lineRange(text, r);
    const at = lines.findIndex((l, k) => k >= i && /:\s*\S/.test(l));
    if (at >= 0) lines[at] = lines[at]!.replace(/:\s*\S.*$/, `: ${pick(r, hostileValues)}`);
    return lines.join('\n');
  }],
  // The known dangers, more often than chance would pick them.
  ['hostile counts', (text, r) => text.replace(/^(\s*replicas:).*$/gm, `$1 ${pick(r, ['2147483647', '200000', '1e308', '-1', '0', '2147483648'])}`)],
  ['hostile budget', (text, r) => text.replace(/^(\s*(?:minAvailable|maxUnavailable):).*$/gm, `$1 ${pick(r, ['"100%"', '0', '"0%"', '2147483647', '-1', '"101%"', 'null', '[]'])}`)],
  ['renamed key', (text, r) => {
    const { lines, i } = lineRange(text, r);
    lines[i] = lines[i]!.replace(/^(\s*-?\s*)[\w.]+:/, `$1${pick(r, knownKeys)}:`);
    return lines.join('\n');
  }],
  ['deleted line', (text, r) => {
    const { lines, i } = lineRange(text, r);
    lines.splice(i, 1 + Math.floor(r.next() * 3));
    return lines.join('\n');
  }],
  ['duplicated line', (text, r) => {
    const { lines, i } = lineRange(text, r);
    lines.splice(i, 0, lines[i]!);
    return lines.join('\n');
  }],
  ['moved line', (text, r) => {
    const { lines, i } = lineRange(text, r);
    const [line] = lines.splice(i, 1);
    lines.splice(Math.floor(r.next() * lines.length), 0, line!);
    return lines.join('\n');
  }],
  ['reindented line', (text, r) => {
    const { lines, i } = lineRange(text, r);
    const shift = Math.floor(r.next() * 9) - 4;
    lines[i] = shift > 0 ? ' '.repeat(shift) + lines[i] : lines[i]!.slice(Math.min(-shift, lines[i]!.length - lines[i]!.trimStart().length));
    return lines.join('\n');
  }],
  ['inserted characters', (text, r) => {
    const at = Math.floor(r.next() * (text.length + 1));
    return text.slice(0, at) + pick(r, snippets) + text.slice(at);
  }],
  ['truncated', (text, r) => text.slice(0, Math.floor(r.next() * text.length))],
  ['repeated documents', (text, r) => (text.length > 20_000 ? text : Array.from({ length: 2 + Math.floor(r.next() * 5) }, () => text).join('\n---\n'))],
  ['anchors and aliases', (text, r) => {
    const { lines, i } = lineRange(text, r);
    const at = lines.findIndex((l, k) => k >= i && /:\s*\S/.test(l));
    if (at < 0) return text;
    lines[at] = lines[at]!.replace(/:\s*/, ': &x ');
    lines.splice(Math.min(lines.length, at + 1 + Math.floor(r.next() * 5)), 0, `${lines[at]!.match(/^\s*/)![0]}extra: *x`);
    return lines.join('\n');
  }],
  ['list instead of map', (text, r) => {
    const { lines, i } = lineRange(text, r);
    lines[i] = lines[i]!.replace(/^(\s*)([\w.]+):\s*$/, '$1$2: [1, 2]');
    return lines.join('\n');
  }],
  ['wrapped in a List', (text) => `apiVersion: v1\nkind: List\nitems:\n${text.split('---\n')[0]!.split('\n').map((l, k) => `${k === 0 ? '- ' : '  '}${l}`).join('\n')}\n`],
];

/** The sample workspace, and manifests generated as the benchmarks generate them (Deployments, Services, PDBs). */
function corpus(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.yaml'))) files.set(name, readFileSync(join(fixtures, name), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-fuzz-'));
  const generated = generateBigFile(join(dir, 'big.yaml')).split('---\n');
  rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < 60; i += 3) files.set(`generated-${i / 3}.yaml`, generated.slice(i, i + 3).join('---\n'));
  return files;
}

describe('fuzzing the analysis (seeded, bounded, in process)', () => {
  const counter = new OperationCounter((url) => url.includes('/out/server/src/') || url.includes('/node_modules/yaml/'));
  after(() => counter.stop());

  it(`${mutations} mutations: nothing escapes, no rule fails, every failure is reported, and each document costs a bounded number of operations`, () => {
    const r = new SeededRandom(seed);
    const files = corpus();
    const names = [...files.keys()];
    // A rule that fails on purpose, on some Deployments: its failures must all come out as rule-failed findings.
    const canary: Rule = {
      id: 'canary',
      description: '',
      defaultSeverity: 'hint',
      docs: '',
      fixable: false,
      kinds: ['Deployment'],
      inputs: [],
      check: (o) => {
        if (o.name.length % 3 === 0) throw new Error(`canary on ${o.name}`);
        return [];
      },
    };
    const reported: string[] = [];
    const engine = new AnalysisEngine([...rules, canary], defaultSettings, { reportError: (message) => void reported.push(message) });
    for (const [name, text] of files) engine.setFile(name, text);
    reported.length = 0;

    let worst = { operations: 0, bytes: 0, what: '' };
    let canaryFailures = 0;
    let spansChecked = 0;
    const byOperator = new Map<string, number>();
    for (let n = 0; n < mutations; n++) {
      const name = pick(r, names);
      const original = files.get(name)!;
      let text = original;
      const applied: string[] = [];
      for (let k = 1 + Math.floor(r.next() * 3); k > 0; k--) {
        const [what, mutate] = pick(r, operators);
        text = mutate(text, r);
        applied.push(what);
      }
      const fast = r.next() < 0.5;
      const where = `mutation ${n} (seed ${seed}) of ${name}: ${applied.join(', ')}${fast ? ', read fast then completely' : ''}`;
      counter.take();
      let findings;
      try {
        const touched = engine.setFile(name, text, fast ? 'fast' : 'complete');
        if (fast) for (const uri of engine.completeFile(name)) touched.add(uri);
        findings = [...touched].flatMap((uri) => engine.findingsFor(uri));
        const file = engine.index.file(name);
        for (let h = 0; h < 3 && file; h++) hoverAt(engine, name, Math.floor(r.next() * text.length));
      } catch (error) {
        assert.fail(`${where}: ${error instanceof Error ? error.stack : String(error)}\n--- document ---\n${text.slice(0, 2000)}`);
      }
      const operations = counter.take();
      const bytes = Buffer.byteLength(text);
      if (operations > worst.operations) worst = { operations, bytes, what: where };
      assert.ok(operations <= maxOperations(bytes), `${where}: ${operations} operations for ${bytes} bytes\n--- document ---\n${text.slice(0, 2000)}`);

      spansChecked += assertRecordedSpans(engine.index.file(name)?.documents.flatMap((document) => document.objects) ?? [], where);
      const failures = reported.splice(0);
      const notCanary = failures.filter((m) => !m.startsWith('kube-eviction: rule canary '));
      assert.deepEqual(notCanary, [], `${where}\n--- document ---\n${text.slice(0, 2000)}`);
      const reportedAs = findings
        .filter((f) => f.ruleId === ruleFailedId)
        .map((f) => /^Rule (\S+) failed on (\S+) ([\s\S]*?), so its findings here are missing/.exec(f.message)!)
        .map(([, rule, kind, object]) => `kube-eviction: rule ${rule} failed on ${kind} ${object} in `);
      // An object a complete reading then found invalid is no longer analysed, its failure with it.
      const analysed = [...engine.index.objects()].map((o) => `kube-eviction: rule canary failed on ${o.kind} ${o.name} in ${o.document.file.uri}: `);
      for (const message of failures.filter((m) => analysed.some((prefix) => m.startsWith(prefix)))) {
        assert.ok(reportedAs.some((prefix) => message.startsWith(prefix)), `${where}: ${message.split('\n')[0]} is not reported as a ${ruleFailedId} finding`);
      }
      canaryFailures += failures.length;
      for (const what of applied) byOperator.set(what, (byOperator.get(what) ?? 0) + 1);

      engine.setFile(name, original);
      reported.length = 0;
    }
    assert.ok(canaryFailures > 100, `the canary failed ${canaryFailures} times: too few to check the reporting`);
    assert.equal(byOperator.size, operators.length, 'every operator ran');
    assert.ok(spansChecked > mutations, `recorded spans of ${spansChecked} objects checked`);
    // Figures for the log (not asserted on): the costliest document.
    console.log(`fuzz: ${mutations} mutations, ${canaryFailures} canary failures reported; costliest: ${worst.operations} operations for ${worst.bytes} bytes (${worst.what})`);
  });
});
