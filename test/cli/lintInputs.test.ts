import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AnalysisEngine } from '../../server/src/analysis/engine';
import { defaultSettings } from '../../server/src/analysis/settings';
import { listManifestFiles } from '../../server/src/analysis/workspaceFiles';
import { rules } from '../../server/src/rules/registry';
import { ParallelReading } from '../../cli/src/parallelReading';
import { deploymentDoc } from '../support/workspace';
import { deployment, pdb, yaml } from '../server/rules/harness';
import { runCli, workspace } from './lintHelpers';

const lines = (stdout: string) => stdout.trimEnd().split('\n').map((l) => l.replace(/ \S.*\(/, ' … ('));

describe('kube-eviction lint - (standard input)', () => {
  const rendered = [deployment('web', { app: 'web' }, 2), pdb('web-pdb', ['  minAvailable: 2', '  selector: {matchLabels: {app: web}}']), yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p', '')].join('---\n');
  const dir = workspace({ 'old.yaml': pdb('old', ['  maxUnavailable: 1'], 'policy/v1beta1') });

  it('reads every document of standard input, under <stdin>, parse errors included', () => {
    const { code, stdout, stderr } = runCli(['lint', '-'], dir, rendered);
    assert.equal(code, 1);
    assert.deepEqual(lines(stdout), ['<stdin>:24:3 … (pdb-blocks-eviction)', '<stdin>:31:1 … (parse-error)']);
    assert.equal(stderr, '2 findings (1 error, 1 warning) in 1 file.\n');
  });

  it('names it as --stdin-name says, and lints paths beside it as one workspace', () => {
    const { stdout } = runCli(['lint', '--stdin-name', 'helm/web.yaml', '-', 'old.yaml', '--format', 'json'], dir, rendered);
    assert.deepEqual(
      (JSON.parse(stdout) as { file: string; rule: string; line: number }[]).map((f) => `${f.file}:${f.line} ${f.rule}`),
      ['old.yaml:1 deprecated-api', 'old.yaml:6 pdb-selects-nothing', 'helm/web.yaml:24 pdb-blocks-eviction', 'helm/web.yaml:31 parse-error'],
    );
  });

  it('empty input has no findings; - twice is a usage error', () => {
    assert.deepEqual(runCli(['lint', '-'], dir, ''), { code: 0, stdout: '', stderr: 'No findings in 1 file.\n' });
    const twice = runCli(['lint', '-', '-'], dir, '');
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /^kube-eviction lint: - \(standard input\) can be given once$/m);
  });
});

describe('reading on worker threads: the findings of a complete reading on one thread', () => {
  // 70 files (enough for workers), with YAML errors where no rule reads, a template, and a kind no rule reads.
  let seed = 3;
  const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const files: Record<string, string> = {};
  for (let i = 0; i < 70; i++) {
    const docs = [deploymentDoc(`ns-${i % 7}`, `app-${i}`, 1 + (i % 3), rnd), pdb(`app-${i}-pdb`, ['  minAvailable: 2', '  selector:', '    matchLabels:', `      app.kubernetes.io/name: app-${i}`], 'policy/v1', `ns-${i % 7}`)];
    if (i % 9 === 0) docs[0] = docs[0]!.replace('        readinessProbe:', '        readinessProbe: {a: 1,\n  b: 2}\n        x:');
    if (i % 11 === 0) docs.push(yaml('apiVersion: v1', 'kind: ConfigMap', 'data: {a: [b'));
    if (i % 13 === 0) docs.push(yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: {{ .Release.Name }}}'));
    files[`f${String(i).padStart(2, '0')}.yaml`] = docs.join('---\n');
  }
  const dir = workspace(files);
  const paths = listManifestFiles(dir, []);

  const single = () => {
    const engine = new AnalysisEngine(rules, defaultSettings);
    for (const path of paths) engine.setFile(path, files[path.slice(dir.length + 1)]!);
    return paths.flatMap((p) => engine.findingsFor(p));
  };
  const readThrough = async (reading: ParallelReading) => {
    const engine = new AnalysisEngine(rules, defaultSettings);
    await engine.batchAsync(async () => {
      for await (const { path, content, reader } of reading.read()) {
        assert.equal(content.kind, 'text');
        if (content.kind === 'text') engine.setFile(path, content.text, reader);
      }
    });
    reading.close();
    return paths.flatMap((p) => engine.findingsFor(p));
  };
  const bigText = () => {
    let text = Object.values(files).join('---\n');
    while (text.length < 300 * 1024) text += `---\n${text}`;
    return text;
  };

  it('finds the same, parse errors included', async () => {
    const reading = new ParallelReading(paths, defaultSettings.maxFileSize, { workers: 2 });
    const expected = single();
    assert.deepEqual(await readThrough(reading), expected);
    assert.ok(reading.fromWorkers > 0, 'the workers read some of the files');
    assert.deepEqual(
      expected.filter((f) => f.ruleId === 'parse-error').map((f) => `${f.uri.slice(dir.length + 1)}:${f.range.start.line + 1}`),
      // The broken readinessProbe of every ninth Deployment, and the ConfigMap's unclosed `data:` flow of every eleventh file (deprecated-api reads every manifest's header, and the flow cannot be skipped unclosed).
      ['f00.yaml:55', 'f00.yaml:84', 'f09.yaml:67', 'f11.yaml:84', 'f18.yaml:55', 'f22.yaml:92', 'f27.yaml:67', 'f33.yaml:82', 'f36.yaml:53', 'f44.yaml:82', 'f45.yaml:61', 'f54.yaml:65', 'f55.yaml:78', 'f63.yaml:59', 'f66.yaml:94'],
    );
    assert.ok(expected.some((f) => f.ruleId === 'pdb-blocks-eviction'));
  });

  it('a large text is shared by documents: the same findings', async () => {
    const text = bigText();
    const single = new AnalysisEngine(rules, defaultSettings);
    single.setFile('big.yaml', text);
    const reading = new ParallelReading([], defaultSettings.maxFileSize, { workers: 2 });
    const parallel = new AnalysisEngine(rules, defaultSettings);
    parallel.setFile('big.yaml', text, await reading.readerOf(text));
    reading.close();
    assert.ok(reading.fromWorkers > 0, 'the workers read some of the documents');
    const expected = single.findingsFor('big.yaml');
    assert.ok(expected.some((f) => f.ruleId === 'parse-error'));
    assert.deepEqual(parallel.findingsFor('big.yaml'), expected);
  });

  // Workers that fail once they have taken work: each takes three files from the front and sends the first (or takes two
  // documents of a shared text and sends nothing), then throws. What they took and did not send is read here.
  const failing = join(
    workspace({
      'failing.js': [
        "const { workerData } = require('node:worker_threads');",
        `const { readFileCompletely, Slot, take, wake } = require(${JSON.stringify(join(__dirname, '../../cli/src/parallelReading.js'))});`,
        'const { paths, maxFileSize, interest, counters, port } = workerData;',
        'Atomics.add(counters, Slot.started, 1);',
        'wake(counters);',
        'if (paths.length) {',
        '  const taken = [0, 1, 2].map(() => take(counters, paths.length, Slot.front));',
        '  port.postMessage({ file: taken[0], ...readFileCompletely(paths[taken[0]], maxFileSize, interest) });',
        '  wake(counters);',
        "  throw new Error('a worker that fails');",
        '}',
        "port.on('message', ({ text }) => {",
        '  take(counters, 2, Slot.front);',
        '  take(counters, 2, Slot.front);',
        "  throw new Error('a worker that fails');",
        '});',
      ].join('\n'),
    }),
    'failing.js',
  );

  it('workers that fail leave what they took to this thread: the same findings', async () => {
    const reading = new ParallelReading(paths, defaultSettings.maxFileSize, { workers: 2, script: failing });
    assert.deepEqual(await readThrough(reading), single());
    assert.equal(reading.fromWorkers, 2, 'each worker sent one file before it failed');
    const text = bigText();
    const shared = new ParallelReading([], defaultSettings.maxFileSize, { workers: 2, script: failing });
    const parallel = new AnalysisEngine(rules, defaultSettings);
    parallel.setFile('big.yaml', text, await shared.readerOf(text));
    shared.close();
    assert.equal(shared.fromWorkers, 0);
    const one = new AnalysisEngine(rules, defaultSettings);
    one.setFile('big.yaml', text);
    assert.deepEqual(parallel.findingsFor('big.yaml'), one.findingsFor('big.yaml'));
  });

  it('kube-eviction lint on them prints those findings', () => {
    const { stdout } = runCli(['lint', '--format', 'json', '.'], dir);
    const single = new AnalysisEngine(rules, defaultSettings);
    for (const path of paths) single.setFile(path.slice(dir.length + 1), files[path.slice(dir.length + 1)]!);
    assert.deepEqual(
      (JSON.parse(stdout) as { file: string; line: number; rule: string; message: string }[]).map((f) => [f.file, f.line, f.rule, f.message]),
      paths.flatMap((p) => single.findingsFor(p.slice(dir.length + 1))).map((f) => [f.uri, f.range.start.line + 1, f.ruleId, f.message]),
    );
  });
});

describe('lint settings: .kube-eviction.yaml and --config', () => {
  const legacy = pdb('old', ['  maxUnavailable: 1', '  selector: {matchLabels: {app: x}}'], 'policy/v1beta1');
  const dir = workspace({
    '.kube-eviction.yaml': yaml('kubernetesVersion: 1.24', 'rules:', '  pdb-selects-nothing: off'),
    'apps/old.yaml': legacy,
    'strict.yaml': yaml('rules:', '  deprecated-api: error'),
    'typo/.kube-eviction.yaml': yaml('kubernetesVersoin: "1.30"', 'rules:', '  pdb-selects-nothin: off', '  deprecated-api: loud', 'exclude: vendor'),
    'typo/old.yaml': legacy,
  });
  const json = (stdout: string) => (JSON.parse(stdout) as { file: string; rule: string; severity: string }[]).map((f) => `${f.file} ${f.rule} ${f.severity}`);

  it('the nearest file above the linted path sets the target version and the rules', () => {
    const { code, stdout } = runCli(['lint', '--format', 'json', 'apps'], dir);
    assert.equal(code, 0);
    assert.deepEqual(json(stdout), ['apps/old.yaml deprecated-api warning']);
  });

  it('--kubernetes-version wins over the file, --config names another file', () => {
    assert.deepEqual(json(runCli(['lint', '--format', 'json', '--kubernetes-version', '1.25', 'apps'], dir).stdout), ['apps/old.yaml deprecated-api error']);
    const other = runCli(['lint', '--format', 'json', '--config', 'strict.yaml', '--kubernetes-version', '1.24', 'apps'], dir);
    assert.deepEqual(json(other.stdout), ['apps/old.yaml deprecated-api error', 'apps/old.yaml pdb-selects-nothing information']);
  });

  it('unknown keys, unknown rules and invalid values are reported with their place, exit 2', () => {
    const { code, stdout, stderr } = runCli(['lint', 'typo'], dir);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(
      stderr,
      [
        'kube-eviction lint: the settings file has problems:',
        'typo/.kube-eviction.yaml:1:1: unknown setting "kubernetesVersoin"; the settings are kubernetesVersion, rules, exclude, maxFileSize, clusters',
        `typo/.kube-eviction.yaml:3:3: unknown rule "pdb-selects-nothin"; the rules are ${[...rules.map((r) => r.id), 'parse-error', 'duplicate-key', 'file-too-large'].join(', ')}`,
        'typo/.kube-eviction.yaml:4:19: rules.deprecated-api: "loud" is not one of off, error, warning, information, hint',
        'typo/.kube-eviction.yaml:5:10: exclude: "vendor" is not a list of glob patterns; using ["**/node_modules/**","**/.git/**"]',
        '',
      ].join('\n'),
    );
  });

  it('paths under different settings files are linted in separate runs', () => {
    const { code, stderr } = runCli(['lint', 'apps', 'typo'], dir);
    assert.equal(code, 2);
    assert.match(stderr, /^kube-eviction lint: the paths are under different settings files \(\.kube-eviction\.yaml, typo\/\.kube-eviction\.yaml\); lint them in separate runs, or name one with --config$/m);
  });
});
