// The sample workspace shows what its README promises: each rule of issue 2
// once, in the file built for it, and nothing else. Checked with
// `kube-eviction lint` (the language server's engine).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintSampleWorkspace } from './lib/lint.mjs';
import { expectedFindings } from './lib/sampleFindings.mjs';

test('the sample workspace shows every rule, each in its own file, and no other finding', async () => {
  const findings = await lintSampleWorkspace();
  const key = ({ file, rule, severity }) => `${file} ${severity} ${rule}`;
  assert.deepEqual([...new Set(findings.map(key))].sort(), expectedFindings.map(key).sort());
});
