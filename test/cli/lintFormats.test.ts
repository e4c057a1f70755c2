import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { rules } from '../../server/src/rules/registry';
import { deployment, pdb, yaml } from '../server/rules/harness';
import { runCli, workspace } from './lintHelpers';

const root = resolve(__dirname, '../../..');

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
  partialFingerprints: Record<string, string>;
}

interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; fullDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] } }; results: SarifResult[] }[];
}

/** The SARIF 2.1.0 schema (vendored, see test/fixtures/sarif/LICENSE), formats checked too. */
function sarifValidator() {
  // The schema's `language` pattern (`…{2}]?$`) is valid only without the `u` flag, as in JSON Schema draft 4's ECMA 262 regular expressions.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(root, 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8')));
}

describe('kube-eviction lint --format sarif', () => {
  const files = {
    'apps/web.yaml': [deployment('web', { app: 'web' }, 3), pdb('web-pdb', ['  maxUnavailable: 0', '  selector: {matchLabels: {app: web}}'])].join('---\n'),
    'apps/conflict.yaml': [pdb('a', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}']), pdb('b', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}'])].join('---\n'),
    'old pdb.yaml': pdb('old', ['  maxUnavailable: 1'], 'policy/v1beta1'),
    'broken.yaml': yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p'),
  };
  const dir = workspace(files);
  const sarif = (cwd = dir) => {
    const { code, stdout } = runCli(['lint', '--format', 'sarif', '.'], cwd);
    assert.equal(code, 1);
    return JSON.parse(stdout) as SarifLog;
  };

  it('is valid SARIF 2.1.0: one run, every rule described with a help link into the README', () => {
    const log = sarif();
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0]!.tool;
    assert.equal(driver.name, 'kube-eviction');
    assert.equal(driver.version, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    assert.deepEqual(driver.rules.map((r) => r.id), [...rules.map((r) => r.id), 'parse-error', 'duplicate-key', 'file-too-large']);
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text.length > 10 && rule.fullDescription.text.length >= rule.shortDescription.text.length, rule.id);
      assert.match(rule.helpUri, new RegExp(`/README\\.md#rule-${rule.id}$`));
    }
    // Every anchor the help links name is in the README.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const rule of driver.rules) assert.ok(readme.includes(`<a id="rule-${rule.id}"></a>`), rule.id);
  });

  it('results carry the rule, the level and 1-based regions, as the text format places them', () => {
    const log = sarif();
    const text = runCli(['lint', '.'], dir).stdout.trimEnd().split('\n');
    const results = log.runs[0]!.results;
    assert.deepEqual(
      results.map((r) => {
        const { artifactLocation, region } = r.locations[0]!.physicalLocation;
        return `${decodeURIComponent(artifactLocation.uri)}:${region.startLine}:${region.startColumn} ${r.level} ${r.ruleId} ${log.runs[0]!.tool.driver.rules[r.ruleIndex]!.id}`;
      }),
      text.map((line) => {
        const [, place, severity, rule] = /^(.*?:\d+:\d+) (\w+) .* \(([\w-]+)\)$/.exec(line)!;
        return `${place} ${{ error: 'error', warning: 'warning', information: 'note', hint: 'note' }[severity!]} ${rule} ${rule}`;
      }),
    );
    assert.deepEqual([...new Set(results.map((r) => r.level))].sort(), ['error', 'note', 'warning']);
    const old = results.find((r) => r.ruleId === 'deprecated-api')!;
    assert.deepEqual(old.locations[0]!.physicalLocation, { artifactLocation: { uri: 'old%20pdb.yaml', uriBaseId: 'SRCROOT' }, region: { startLine: 1, startColumn: 13, endLine: 1, endColumn: 27 } });
  });

  it('partialFingerprints stay when unrelated lines move, and change when the finding\'s own line does', () => {
    const fingerprints = (log: SarifLog) => new Map(log.runs[0]!.results.map((r) => [`${r.ruleId} ${r.message.text}`, Object.values(r.partialFingerprints)[0]!]));
    const before = fingerprints(sarif());
    assert.equal(new Set(before.values()).size, before.size, 'distinct findings, distinct fingerprints');
    const moved = workspace({
      ...files,
      'apps/web.yaml': `# a comment\n${yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}')}---\n${files['apps/web.yaml']}`,
      'apps/conflict.yaml': `${files['apps/conflict.yaml']}---\n${deployment('other', { app: 'other' }, 1)}`,
    });
    assert.deepEqual(fingerprints(sarif(moved)), before);
    writeFileSync(join(moved, 'apps/web.yaml'), readFileSync(join(moved, 'apps/web.yaml'), 'utf8').replace('  maxUnavailable: 0', '  maxUnavailable: 0 # none'));
    const edited = fingerprints(sarif(moved));
    const changed = [...edited].filter(([key, fingerprint]) => before.get(key) !== fingerprint).map(([key]) => key.split(' ')[0]);
    assert.deepEqual(changed, ['pdb-blocks-eviction']);
  });
});

describe('kube-eviction lint --format github', () => {
  it('prints one workflow command a finding, escaped as the Actions toolkit escapes', () => {
    const dir = workspace({
      'a,b:c.yaml': [deployment('web', { app: 'web' }, 3), pdb('web-pdb', ['  maxUnavailable: "0%"', '  selector: {matchLabels: {app: web}}'])].join('---\n'),
      'old.yaml': pdb('old', ['  maxUnavailable: 1', '  selector: {matchLabels: {app: web}}'], 'policy/v1beta1'),
    });
    const { code, stdout, stderr } = runCli(['lint', '--format', 'github', '.'], dir);
    assert.equal(code, 1);
    assert.equal(stderr, '');
    assert.deepEqual(stdout.trimEnd().split('\n').map((line) => line.replace(/::(?!.*::).*$/, '::…')), [
      '::error file=a%2Cb%3Ac.yaml,line=12,endLine=12,col=7,endColumn=13,title=kube-eviction pdb-conflict::…',
      '::warning file=a%2Cb%3Ac.yaml,line=24,endLine=24,col=3,endColumn=23,title=kube-eviction pdb-blocks-eviction::…',
      '::error file=a%2Cb%3Ac.yaml,line=25,endLine=25,col=3,endColumn=11,title=kube-eviction pdb-conflict::…',
      '::error file=old.yaml,line=1,endLine=1,col=13,endColumn=27,title=kube-eviction deprecated-api::…',
      '::error file=old.yaml,line=8,endLine=8,col=3,endColumn=11,title=kube-eviction pdb-conflict::…',
    ]);
    assert.match(stdout, /^::warning .*::disruptionsAllowed is always 0 \(maxUnavailable 0%25 of 3 pods\)/m);
  });
});
