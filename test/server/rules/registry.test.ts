import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readingRules } from '../../../server/src/analysis/engine';
import { defaultSettings } from '../../../server/src/analysis/settings';
import { rules } from '../../../server/src/rules/registry';

const root = resolve(__dirname, '../../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const allIds = [...rules.map((r) => r.id), ...Object.values(readingRules).map((r) => r.id)];

describe('rule registry', () => {
  it('has exactly the rule ids of the interface, each self-described', () => {
    assert.deepEqual(
      rules.map((r) => r.id),
      ['pdb-conflict', 'pdb-blocks-eviction', 'pdb-selects-nothing', 'pdb-invalid', 'deprecated-api', 'untolerated-taint', 'toleration-invalid', 'eviction-invalid'],
    );
    for (const rule of rules) {
      assert.ok(rule.description.length > 20 && rule.docs.length > 80, rule.id);
      assert.ok(rule.kinds.length > 0, rule.id);
    }
  });

  it('package.json offers a setting for every rule, and the defaults the analysis uses', () => {
    assert.deepEqual(Object.keys(properties['kubeEviction.rules'].properties), allIds);
    for (const id of allIds) assert.deepEqual(properties['kubeEviction.rules'].properties[id].enum, ['off', 'error', 'warning', 'information', 'hint']);
    assert.equal(properties['kubeEviction.kubernetesVersion'].default, defaultSettings.kubernetesVersion);
    assert.deepEqual(properties['kubeEviction.exclude'].default, defaultSettings.exclude);
    assert.equal(properties['kubeEviction.maxFileSize'].default, defaultSettings.maxFileSize);
  });

  it('the README documents every rule and setting', () => {
    for (const id of allIds) assert.ok(readme.includes(`\`${id}\``), id);
    for (const setting of Object.keys(properties)) assert.ok(readme.includes(`\`${setting}\``), setting);
  });
});
