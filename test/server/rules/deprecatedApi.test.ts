import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { lint, pdb, yaml } from './harness';
import { applyFix } from './fixes';
import { runCases } from './run';

const v1beta1 = pdb('web-pdb', ['  minAvailable: 1', '  selector:', '    matchLabels: {app: web}'], 'policy/v1beta1');

describe('deprecated-api', () => {
  runCases('deprecated-api', [
    { name: 'policy/v1 is current', files: { 'p.yaml': pdb('p', ['  minAvailable: 1']) }, expect: [] },
    {
      name: 'policy/v1beta1 PDB: error at the default target 1.32',
      files: { 'p.yaml': v1beta1 },
      expect: ['p.yaml:1 error'],
      messages: ['policy/v1beta1 PodDisruptionBudget is not served by Kubernetes 1.32 (removed in 1.25, deprecated since 1.21): applying it fails with: no matches for kind "PodDisruptionBudget" in version "policy/v1beta1". Use policy/v1.'],
    },
    { name: 'policy/v1beta1 PDB: warning where 1.24 still serves it', files: { 'p.yaml': v1beta1 }, settings: { kubernetesVersion: '1.24' }, expect: ['p.yaml:1 warning'] },
    { name: 'policy/v1beta1 PDB: nothing before 1.21', files: { 'p.yaml': v1beta1 }, settings: { kubernetesVersion: '1.20' }, expect: [] },
    {
      name: 'PodSecurityPolicy: removed, with no replacement',
      files: { 'psp.yaml': yaml('apiVersion: policy/v1beta1', 'kind: PodSecurityPolicy', 'metadata: {name: restricted}', 'spec: {privileged: false}') },
      expect: ['psp.yaml:1 error'],
      messages: ['Pod Security Admission'],
    },
    {
      name: 'policy/v1beta1 Eviction: still accepted, deprecated',
      files: { 'e.yaml': yaml('apiVersion: policy/v1beta1', 'kind: Eviction', 'metadata: {name: web-0, namespace: default}') },
      expect: ['e.yaml:1 warning'],
    },
  ]);

  it('moves a PDB to policy/v1 with its quick fix', () => {
    const files = { 'p.yaml': v1beta1 };
    const [finding] = lint(files).findings.filter((f) => f.ruleId === 'deprecated-api');
    assert.equal(finding!.fixes[0]!.title, 'Move to policy/v1');
    const fixed = applyFix(files, finding!);
    assert.equal(fixed['p.yaml'], v1beta1.replace('policy/v1beta1', 'policy/v1'));
    assert.deepEqual(lint(fixed).findings.filter((f) => f.ruleId === 'deprecated-api'), []);
  });

  it('warns that selector {} changes meaning, and offers a fix that keeps selecting no pods', () => {
    const files = { 'p.yaml': pdb('all', ['  maxUnavailable: 1', '  selector: {}'], 'policy/v1beta1'), 'web.yaml': yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: w}', 'spec: {containers: []}') };
    const [finding] = lint(files).findings.filter((f) => f.ruleId === 'deprecated-api');
    assert.match(finding!.message, /selector: \{\}` selects no pods in policy\/v1beta1 but every pod of the namespace in policy\/v1/);
    assert.deepEqual(finding!.fixes.map((f) => f.preferred), [true, false]);
    const kept = applyFix(files, finding!, 'Move to policy/v1, keeping selector {} selecting no pods');
    assert.deepEqual(parse(kept['p.yaml']!).spec.selector, { matchExpressions: [{ key: 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match', operator: 'Exists' }] });
    // Kept: the PDB still selects nothing, so it conflicts with nothing and reports it selects nothing.
    assert.deepEqual(lint(kept).findings.map((f) => f.ruleId), ['pdb-selects-nothing']);
    const plain = applyFix(files, finding!, 'Move to policy/v1 (selector {} then selects every pod of the namespace)');
    assert.equal(parse(plain['p.yaml']!).apiVersion, 'policy/v1');
    // Now it selects the bare pod, which has no controller: maxUnavailable then counts no pods and allows nothing.
    const after = lint(plain).findings;
    assert.deepEqual(after.map((f) => f.ruleId), ['pdb-blocks-eviction']);
    assert.match(after[0]!.message, /only pods that have a controller, and Pod w has none/);
  });
});
