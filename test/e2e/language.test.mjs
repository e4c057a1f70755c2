// Issue 2 as a user meets it in VS Code: squiggles and Problems entries on the
// sample manifests, the Eviction hover, the deprecated-api quick fix.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectedFindings } from './lib/sampleFindings.mjs';
import { waitFor } from './lib/processes.mjs';
import { openSession } from './lib/session.mjs';

describe('the language server in VS Code', () => {
  let session;
  before(async () => {
    session = await openSession('language');
  });
  after(() => session?.close());

  test('every rule shows its squiggle in the editor and its entry in Problems', async () => {
    const { workbench } = session;
    for (const file of new Set(expectedFindings.map((finding) => finding.file))) {
      await workbench.openFile(file);
      for (const { severity } of expectedFindings.filter((finding) => finding.file === file)) await workbench.waitForSquiggle(severity);
    }
    await workbench.screenshot('squiggles');
    const problems = await workbench.problems({ atLeast: expectedFindings.length });
    for (const { file, rule, severity } of expectedFindings) {
      assert.ok(problems.some((problem) => problem.file === file && problem.code === rule && problem.severity === severity),
        `Problems lacks ${severity} ${rule} in ${file}:\n${JSON.stringify(problems, null, 1)}`);
    }
    await workbench.screenshot('problems');
  });

  test('hovering `kind: Eviction` predicts the answer: 429, postgres-pdb allows no disruption', async () => {
    await session.workbench.openFile('eviction.yaml');
    const hover = await session.workbench.hover('Eviction', /postgres-pdb/);
    assert.match(hover, /429/);
    assert.match(hover, /postgres-pdb/);
    await session.workbench.screenshot('eviction-hover');
  });

  test('the deprecated-api quick fix moves the PDB to policy/v1 and the finding goes away', async () => {
    const { workbench } = session;
    await workbench.openFile('legacy-api-pdb.yaml');
    await workbench.waitForSquiggle('error');
    await workbench.applyQuickFix(/policy\/v1\b/);
    const lines = await waitFor('the edit to apply', async () => {
      const shown = await workbench.editorLines();
      return !shown.includes('apiVersion: policy/v1beta1') && shown;
    });
    assert.ok(lines.includes('apiVersion: policy/v1'), lines.join('\n'));
    await waitFor('the deprecated-api finding to go', async () => !(await workbench.problems())
      .some((problem) => problem.file === 'legacy-api-pdb.yaml' && problem.code === 'deprecated-api'));
    await workbench.screenshot('quick-fix-applied');
  });

  test('a pdb-conflict quick fix merges the two budgets into one, and every pdb-conflict finding goes away', async () => {
    const { workbench } = session;
    await workbench.openFile('frontend-pdb.yaml');
    await workbench.waitForSquiggle('error');
    assert.ok((await workbench.problems()).some((problem) => problem.code === 'pdb-conflict'));
    await workbench.applyQuickFix(/^Merge checkout-pdb into frontend-pdb: one budget over Deployment checkout/, { beforeApply: () => workbench.screenshot('pdb-conflict-quick-fixes') });
    await waitFor('the pdb-conflict findings to go', async () => !(await workbench.problems()).some((problem) => problem.code === 'pdb-conflict'));
    await workbench.openFile('checkout.yaml');
    const lines = await workbench.editorLines();
    assert.ok(!lines.some((line) => line.includes('checkout-pdb')), `checkout-pdb is merged away:\n${lines.join('\n')}`);
    await workbench.screenshot('pdb-conflict-fixed');
  });
});
