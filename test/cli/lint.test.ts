import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { deployment, pdb } from '../server/rules/harness';
import { run as runAsync } from '../clients/helpers';
import { runLint } from '../../cli/src/lint';
import { rules } from '../../server/src/rules/registry';
import type { Rule } from '../../server/src/analysis/rule';
import { node as liveNode, deployment as workload, suiteSandbox, variantKubeconfig } from '../client/cluster/support';
import { bin, runCli, workspace } from './lintHelpers';

const root = resolve(__dirname, '../../..');

describe('kube-eviction lint (as a process)', () => {
  const dir = workspace({
    'apps/web.yaml': deployment('web', { app: 'web' }, 3),
    'apps/pdbs.yaml': [pdb('a', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}']), pdb('b', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}'])].join('---\n'),
    'old/pdb.yml': pdb('old', ['  maxUnavailable: 1'], 'policy/v1beta1'),
    'node_modules/ignored.yaml': pdb('ignored', ['  maxUnavailable: 1'], 'policy/v1beta1'),
    'notes.txt': 'not a manifest',
  });

  it('prints one line a finding, relative to the folder given, and exits 1 on errors', () => {
    const { code, stdout, stderr } = runCli(['lint', '.'], dir);
    assert.equal(code, 1);
    assert.deepEqual(
      stdout.trimEnd().split('\n').map((l) => l.replace(/ \S.*\(/, ' … (')),
      [
        'apps/pdbs.yaml:8:3 … (pdb-conflict)',
        'apps/pdbs.yaml:17:3 … (pdb-conflict)',
        'apps/web.yaml:12:7 … (pdb-conflict)',
        'old/pdb.yml:1:13 … (deprecated-api)',
        'old/pdb.yml:6:1 … (pdb-selects-nothing)',
      ],
    );
    assert.match(stdout, /^apps\/web\.yaml:12:7 error The pods of Deployment web are selected by 2 PodDisruptionBudgets \(a, b\)\./m);
    assert.equal(stderr, '5 findings (4 errors, 1 information) in 3 files.\n');
  });

  it('prints JSON with 1-based positions', () => {
    const { code, stdout } = runCli(['lint', 'old', '--format', 'json'], dir);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout);
    assert.deepEqual(findings[0], {
      file: 'old/pdb.yml',
      line: 1,
      column: 13,
      endLine: 1,
      endColumn: 27,
      severity: 'error',
      rule: 'deprecated-api',
      message: findings[0].message,
    });
    assert.deepEqual(findings.map((f: { rule: string; severity: string }) => `${f.rule} ${f.severity}`), ['deprecated-api error', 'pdb-selects-nothing information']);
  });

  it('takes the target version, and exits 0 when nothing is an error', () => {
    const { code, stdout } = runCli(['lint', join(dir, 'old'), '--kubernetes-version=1.24'], root);
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`^${join(dir, 'old', 'pdb.yml')}:1:13 warning policy/v1beta1 PodDisruptionBudget is deprecated since Kubernetes 1.21 and not served from 1.25\\. Use policy/v1 \\(only the apiVersion changes\\)\\. \\(deprecated-api\\)$`, 'm'));
  });

  it('exits 2 with a clear message on usage and I/O errors', () => {
    for (const [args, message] of [
      [['lint', 'missing'], /^kube-eviction lint: cannot read missing: no such file or folder$/m],
      [['lint', '--format', 'xml'], /^kube-eviction lint: --format must be text, json, sarif or github, not "xml"$/m],
      [['lint', '--kustomize', 'a', 'b'], /^kube-eviction lint: --kustomize renders one overlay on its own; lint other paths in another run$/m],
      [['lint', '--kubernetes-version', 'latest'], /^kube-eviction lint: --kubernetes-version must be a version like 1\.32, not "latest"$/m],
      [['lint', '--fix'], /^kube-eviction lint: unknown option --fix$/m],
      [['lint', '--cluster-files', 'prod'], /^kube-eviction lint: --cluster-files must be NAME=GLOB, not "prod"$/m],
      [['frobnicate'], /^kube-eviction: unknown command "frobnicate"$/m],
    ] as const) {
      const { code, stderr, stdout } = runCli([...args], dir);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, message);
      assert.equal(stdout, '');
    }
  });

  it('skips a file over the size limit with a finding instead of reading it', () => {
    const big = workspace({ 'big.yaml': `${deployment('w', { a: 'b' }, 1)}---\n`.repeat(85_000) });
    const { code, stdout } = runCli(['lint', '--format', 'json', '.'], big);
    assert.equal(code, 0);
    const [finding] = JSON.parse(stdout);
    assert.equal(finding.rule, 'file-too-large');
    assert.match(finding.message, /^Not analysed: this file is 2\d\.\d MB, over kubeEviction\.maxFileSize \(5\.0 MB\)\.$/);
  });

  it('--cluster-files names the files deployed together: budgets of other clusters never conflict', () => {
    const envs = workspace({
      'prod/app.yaml': [deployment('web-prod', { app: 'web' }, 3), pdb('pdb-prod', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}'])].join('---\n'),
      'staging/app.yaml': [deployment('web-staging', { app: 'web' }, 3), pdb('pdb-staging', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}'])].join('---\n'),
    });
    // Other names in each folder: the automatic split sees one cluster.
    assert.equal(runCli(['lint', '.'], envs).stdout.match(/\(pdb-conflict\)/g)?.length, 4);
    const { code, stdout, stderr } = runCli(['lint', '.', '--cluster-files', 'prod=prod/**', '--cluster-files=staging=staging/**'], envs);
    assert.equal(code, 0, stdout);
    assert.equal(stderr, 'No findings in 2 files.\n');
  });

  it('prints its usage', () => {
    const { code, stdout } = runCli(['lint', '--help'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: kube-eviction lint \[PATH\.\.\.\] \[-\] \[--kustomize DIR\] \[--format text\|json\|sarif\|github\]/);
  });
});

describe('kube-eviction lint on a hostile or odd folder', () => {
  const blocked = [
    deployment('web', { app: 'web' }, 200000),
    pdb('web-pdb', ['  minAvailable: "100%"', '  selector: {matchLabels: {app: web}}']),
  ].join('---\n');
  const dir = workspace({ 'web.yaml': blocked, 'sub/ok.yaml': deployment('ok', { app: 'ok' }, 1) });
  symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
  execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
  symlinkSync(join(dir, 'pipe.yaml'), join(dir, 'to-pipe.yaml'));
  symlinkSync(join(dir, 'sub'), join(dir, 'sub.yaml'));
  symlinkSync(join(dir, 'loop.yaml'), join(dir, 'loop.yaml'));

  it('skips devices, pipes and folders, reports a symbolic link loop, lints the rest, and exits 2 for what it could not read', () => {
    const { code, stdout, stderr } = runCli(['lint', '.'], dir);
    assert.deepEqual(stdout.trimEnd().split('\n').map((l) => l.replace(/ \S.*\(/, ' … (')), ['web.yaml:24:3 … (pdb-blocks-eviction)']);
    assert.match(stdout, /minAvailable 100% of 200000 pods\): expectedPods 200000, desiredHealthy 200000, disruptionsAllowed 0/);
    assert.deepEqual(stderr.split('\n'), [
      'kube-eviction lint: cannot read loop.yaml: a loop of symbolic links',
      'kube-eviction lint: skipped sub.yaml: a folder, not a file',
      'kube-eviction lint: skipped to-pipe.yaml: a named pipe, not a file',
      'kube-eviction lint: skipped zero.yaml: a character device, not a file',
      '1 finding (1 warning) in 2 files.',
      '',
    ]);
    assert.equal(code, 2);
  });

  it('a file named on the command line that is no regular file: exit 2 with the reason', () => {
    const { code, stderr } = runCli(['lint', 'zero.yaml', 'sub/ok.yaml'], dir);
    assert.equal(code, 2);
    assert.match(stderr, /^kube-eviction lint: cannot read zero\.yaml: a character device, not a file$/m);
    assert.match(stderr, /^No findings in 1 file\.$/m);
  });

  it('a folder it may not list: exit 2 with the reason, not "No findings"', () => {
    const parent = mkdtempSync(join(tmpdir(), 'kube-eviction-locked-'));
    chmodSync(parent, 0o755);
    const locked = join(parent, 'manifests');
    mkdirSync(locked);
    writeFileSync(join(locked, 'pdb.yaml'), pdb('p', ['  maxUnavailable: 0', '  selector: {}']));
    chmodSync(locked, 0o000);
    // root reads any folder: the CLI then runs as nobody, from a copy of the bundle nobody can read
    // (the checkout may be in root's home), as a user whose checkout has such a folder.
    const asNobody = process.getuid?.() === 0;
    const cli = asNobody ? join(parent, 'cli.js') : bin;
    if (asNobody) copyFileSync(join(root, 'dist', 'cli.js'), cli);
    const result = spawnSync(process.execPath, [cli, 'lint', locked], { cwd: parent, encoding: 'utf8', timeout: 60_000, ...(asNobody ? { uid: 65534, gid: 65534 } : {}) });
    chmodSync(locked, 0o700);
    assert.equal(result.stderr, `kube-eviction lint: cannot read ${locked}: permission denied\nNo findings in 0 files.\n`);
    assert.equal(result.status, 2);
  });
});

describe('kube-eviction lint when a rule fails (a bug)', () => {
  it('prints a rule-failed error naming the rule and the file, exits 1, never "No findings"', async () => {
    const dir = workspace({ 'web.yaml': deployment('web', { app: 'web' }, 3) });
    // A rule with a bug, in the registry the command reads, for this test only.
    const buggy: Rule = { id: 'buggy', description: '', defaultSeverity: 'warning', docs: '', fixable: false, kinds: ['Deployment'], inputs: [], check: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'charCodeAt')");
      },
    };
    const registry = rules as Rule[];
    registry.push(buggy);
    const out = { stdout: '', stderr: '' };
    let code: number;
    try {
      code = await runLint(['.'], { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) }, dir);
    } finally {
      registry.pop();
    }
    assert.equal(code, 1);
    assert.equal(
      out.stdout,
      "web.yaml:4:9 error Rule buggy failed on Deployment web, so its findings here are missing: TypeError: Cannot read properties of undefined (reading 'charCodeAt'). This is a bug in kube-eviction; please report it. (rule-failed)\n",
    );
    assert.match(out.stderr, /^kube-eviction: rule buggy failed on Deployment web in web\.yaml: TypeError/);
    assert.match(out.stderr, /\n1 finding \(1 error\) in 1 file\.\n$/);
  });
});

const corpus = '/work/shared/corpus';
describe('kube-eviction lint on real-world manifests (where the corpus is present)', { skip: !existsSync(corpus) }, () => {
  const findings = (folder: string) => {
    const { code, stdout } = runCli(['lint', '--format', 'json', join(corpus, folder)], root);
    return { code, findings: JSON.parse(stdout) as { rule: string; severity: string; file: string }[] };
  };

  it('kube-prometheus v0.9.0: its policy/v1beta1 PDBs are deprecated-api errors, and nothing else is a warning or error', () => {
    const { code, findings: all } = findings('kube-prometheus-v0.9.0');
    assert.equal(code, 1);
    const serious = all.filter((f) => f.severity === 'error' || f.severity === 'warning');
    assert.deepEqual(serious.map((f) => `${f.rule} ${f.severity} ${f.file.split('/').pop()}`), [
      'deprecated-api error alertmanager-podDisruptionBudget.yaml',
      'deprecated-api error prometheus-adapter-podDisruptionBudget.yaml',
      'deprecated-api error prometheus-podDisruptionBudget.yaml',
    ]);
  });

  it('kube-prometheus main: no warning or error', () => {
    const { code, findings: all } = findings('kube-prometheus-main');
    assert.equal(code, 0);
    assert.deepEqual(all.filter((f) => f.severity === 'error' || f.severity === 'warning'), []);
  });

  it('microservices-demo: nothing', () => {
    assert.deepEqual(findings('microservices-demo'), { code: 0, findings: [] });
  });
});

describe('kube-eviction lint --cluster (against a sandbox, listed once)', () => {
  const sb = suiteSandbox({ manifests: [liveNode('n1'), liveNode('n2'), workload('web', 2, { startupSeconds: 0 })] });
  const dir = workspace({
    'trainer.yaml': deployment('trainer', { app: 'trainer' }, 1, ['      nodeSelector: {pool: gpu}']),
    'pdbs.yaml': [pdb('metrics', ['  minAvailable: 1', '  selector: {matchLabels: {app: metrics}}']), pdb('web-pdb', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}'])].join('---\n'),
  });
  const lint = async (...args: string[]) => {
    const r = await runAsync(process.execPath, [bin, 'lint', '--format', 'json', '.', ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir } });
    return { code: r.code, stderr: r.stderr, findings: r.stdout ? (JSON.parse(r.stdout) as { file: string; rule: string; severity: string; message: string }[]) : [] };
  };
  const summary = (findings: { file: string; rule: string; severity: string }[]) => findings.map((f) => `${f.file} ${f.rule} ${f.severity}`);

  it('without it, the workspace alone: both budgets select nothing (information), the pinned Deployment is not judged', async () => {
    const { code, findings } = await lint();
    assert.equal(code, 0);
    assert.deepEqual(summary(findings), ['pdbs.yaml pdb-selects-nothing information', 'pdbs.yaml pdb-selects-nothing information']);
  });

  it('with it, the cluster\'s nodes and pods: no node accepts trainer, metrics protects nothing, web-pdb covers live pods', async () => {
    const { code, findings } = await lint('--kubeconfig', sb().kubeconfigPath!);
    assert.equal(code, 0);
    assert.deepEqual(summary(findings), ['pdbs.yaml pdb-selects-nothing warning', 'trainer.yaml untolerated-taint warning']);
    assert.match(findings[1]!.message, /^No node on context kube-eviction-sandbox accepts the pods of Deployment trainer: nodeSelector or required node affinity not matched: 2 nodes \(n1, n2\)\./);
    assert.match(findings[0]!.message, /^metrics selects no Pod .* and no pod of namespace default on context kube-eviction-sandbox matches either/);
  });

  it('a certificate authority that is garbage: exit 4, saying so (not "not signed by the kubeconfig\'s certificate authority")', async () => {
    const garbage = variantKubeconfig(sb(), 'garbage-ca', (c) => (c.clusters[0].cluster['certificate-authority-data'] = Buffer.from('hello garbage').toString('base64')));
    const { code, stderr } = await lint('--kubeconfig', garbage);
    assert.equal(code, 4);
    assert.match(stderr, /^error: the kubeconfig's cluster "kube-eviction-sandbox": its certificate-authority-data holds no certificate: unable to load root certificates: unable to parse bytes as PEM block$/m);
    assert.doesNotMatch(stderr, /not signed/);
  });

  it('a cluster it cannot reach: exit 4, saying why, and no findings printed', async () => {
    const unreachable = variantKubeconfig(sb(), 'refused', (c) => (c.clusters[0].cluster.server = 'https://127.0.0.1:1'));
    const { code, stderr, findings } = await lint('--kubeconfig', unreachable);
    assert.equal(code, 4);
    assert.match(stderr, /127\.0\.0\.1:1/);
    assert.deepEqual(findings, []);
  });
});
