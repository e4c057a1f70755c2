import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';

// The npm package as a user gets it: `npm pack` (of the bundles `npm test`
// built), installed globally into a prefix of its own with no registry and
// an empty cache, run with nothing of this checkout in reach.
const root = resolve(__dirname, '../../..');

function npm(args: string[], cwd: string) {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  assert.equal(result.status, 0, `npm ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('the npm package (npm pack, npm install -g)', () => {
  const temp = mkdtempSync(join(tmpdir(), 'kube-eviction-package-'));
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', temp], root)) as { filename: string; files: { path: string }[] }[];
  const tarball = join(temp, packed[0]!.filename);
  const prefix = join(temp, 'prefix');
  const home = join(temp, 'home');
  // Only node itself and the installed bin on PATH; no NODE_PATH, a home of its own.
  const env = { PATH: [join(prefix, 'bin'), dirname(process.execPath)].join(':'), HOME: home };
  const cli = (args: string[], cwd = temp) => spawnSync(join(prefix, 'bin', 'kube-eviction'), args, { cwd, encoding: 'utf8', env, timeout: 120_000 });

  it('holds the bin, the bundles it runs and the docs, nothing else', () => {
    assert.deepEqual(packed[0]!.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'bin/kube-eviction.js', 'dist/cli-cluster.js', 'dist/cli.js', 'dist/readingWorker.js', 'package.json']);
  });

  it('installs offline, from nothing but the tarball: it has no dependencies', () => {
    npm(['install', '--global', '--prefix', prefix, '--offline', '--cache', join(temp, 'empty-cache'), '--ignore-scripts', tarball], temp);
    const installed = join(prefix, 'lib', 'node_modules', 'kube-eviction');
    assert.ok(existsSync(join(prefix, 'bin', 'kube-eviction')));
    assert.deepEqual(readdirSync(installed).sort(), ['LICENSE', 'README.md', 'bin', 'dist', 'package.json']);
    assert.equal(existsSync(join(installed, 'node_modules')), false);
  });

  it('kube-eviction lint runs from the installed bin on the sample workspace', () => {
    const result = cli(['lint', '--format', 'json', join(root, 'test/fixtures/workspace')]);
    assert.equal(result.status, 1, result.stderr);
    const rulesFound = new Set((JSON.parse(result.stdout) as { rule: string }[]).map((f) => f.rule));
    assert.deepEqual([...rulesFound].sort(), ['deprecated-api', 'eviction-invalid', 'pdb-blocks-eviction', 'pdb-conflict', 'pdb-invalid', 'pdb-selects-nothing', 'toleration-invalid', 'untolerated-taint']);
    // SARIF names the tool from the installed package.json.
    const sarif = JSON.parse(cli(['lint', '--format', 'sarif', join(root, 'test/fixtures/workspace')]).stdout) as { runs: { tool: { driver: { name: string; version: string } } }[] };
    assert.deepEqual(sarif.runs[0]!.tool.driver.name, 'kube-eviction');
  });

  it('the cluster commands load their own bundle', () => {
    const result = cli(['cordon', '--help']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Usage: kube-eviction cordon NODE/);
  });
});
