import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { overlayFiles as files } from '../server/kustomize/overlayFixture';
import { runCli, workspace } from './lintHelpers';

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  message: string;
}

function snapshot(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = statSync(path);
      if (stat.isDirectory()) visit(path);
      else out.push(`${path.slice(dir.length)} ${stat.size} ${stat.mtimeMs}`);
    }
  };
  visit(dir);
  return out;
}

describe('kube-eviction lint --kustomize (the overlay as kubectl renders it)', () => {
  const dir = workspace(files);
  const lint = (...args: string[]) => {
    const { code, stdout, stderr } = runCli(['lint', '--format', 'json', '--kustomize', ...args], dir);
    return { code, stderr, findings: stdout ? (JSON.parse(stdout) as JsonFinding[]) : [] };
  };
  const places = (findings: JsonFinding[]) => findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`);

  it('the base alone has no finding', () => {
    assert.deepEqual(lint('base'), { code: 0, stderr: '', findings: [] });
  });

  it('an overlay that raises the budget: the finding is on the line of its patch that does', () => {
    const { code, findings } = lint('overlays/prod');
    assert.equal(code, 0);
    assert.deepEqual(places(findings), ['overlays/prod/pdb-patch.yaml:6:3 pdb-blocks-eviction warning']);
    assert.match(findings[0]!.message, /^disruptionsAllowed is always 0 \(minAvailable 3 of 3 pods\)/);
  });

  it('JSON 6902 patches: each finding on the operation that set the field, the budget judged against the patched replicas', () => {
    const { findings } = lint('overlays/scaled');
    assert.deepEqual(places(findings), ['overlays/scaled/budget.json:2:60 pdb-blocks-eviction warning']);
    assert.match(findings[0]!.message, /^disruptionsAllowed is always 0 \(minAvailable 2 of 1 pods?\)/);
  });

  it('an overlay that adds a second budget: findings on the base\'s files and on the overlay\'s own', () => {
    const { code, findings } = lint('overlays/staging');
    assert.equal(code, 1);
    assert.deepEqual(places(findings), [
      'base/deployment.yaml:12:7 pdb-conflict error',
      'base/pdb.yaml:8:3 pdb-conflict error',
      'overlays/staging/extra-pdb.yaml:8:3 pdb-conflict error',
    ]);
    assert.match(findings[0]!.message, /^The pods of Deployment web are selected by 2 PodDisruptionBudgets \(extra, web-pdb\)/);
  });

  it('a suppression comment in the source file holds', () => {
    assert.deepEqual(lint('overlays/quiet').findings, []);
  });

  it('text output names the overlay; nothing is written into the user\'s folders', () => {
    const before = snapshot(dir);
    const { code, stdout, stderr } = runCli(['lint', '--kustomize', 'overlays/prod'], dir);
    assert.equal(code, 0);
    assert.match(stdout, /^overlays\/prod\/pdb-patch\.yaml:6:3 warning disruptionsAllowed is always 0/);
    assert.equal(stderr, '1 finding (1 warning) in the overlay overlays/prod.\n');
    assert.deepEqual(snapshot(dir), before);
  });

  it('kubectl failing: exit 2 with what it said', () => {
    const { code, stderr, findings } = lint('overlays/broken');
    assert.equal(code, 2);
    assert.deepEqual(findings, []);
    assert.match(stderr, /^kube-eviction lint: kubectl kustomize overlays\/broken failed:\n/);
    assert.match(stderr, /^"command failed" err="accumulating resources: .*missing\.yaml: no such file or directory/m);
  });

  it('kubectl missing, or no kustomization: exit 2 saying so', () => {
    const missing = runCli(['lint', '--kustomize', 'overlays/prod'], dir, undefined, { ...process.env, PATH: join(dir, 'no-such-folder') });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^kube-eviction lint: cannot render overlays\/prod: kubectl was not found \(kube-eviction renders overlays with your kubectl, "kubectl kustomize"; install kubectl 1\.24 or later, or put it on PATH\)$/m);
    const none = runCli(['lint', '--kustomize', 'base/..'], dir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^kube-eviction lint: base\/\.\. has no kustomization\.yaml, kustomization\.yml or Kustomization$/m);
  });
});
