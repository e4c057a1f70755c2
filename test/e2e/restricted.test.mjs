// Workspace trust as a user meets it: in Restricted Mode (an untrusted folder)
// the manifests are still analysed and the Cluster view still shows the
// cluster, but nothing can change it: no Evict, Drain, Cordon or Uncordon in
// the menus or the palette, and no code lens on an Eviction manifest.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubectlFor } from './lib/kubectl.mjs';
import { expectedFindings } from './lib/sampleFindings.mjs';
import { waitFor } from './lib/processes.mjs';
import { openSession } from './lib/session.mjs';

const slow = { timeoutMs: 90_000 };
const changesTheCluster = ['Evict Pod', 'Evict Pod (Dry Run)', 'Drain Node…', 'Cordon', 'Uncordon'];

describe('the extension in Restricted Mode', () => {
  let session;
  let rows;
  let k;

  before(async () => {
    session = await openSession('restricted', { sandbox: true, restricted: true });
    k = kubectlFor(session);
  });
  after(() => session?.close());

  test('the window is restricted, and the manifests are analysed all the same', async () => {
    const { workbench } = session;
    await waitFor('the Restricted Mode indicator', async () => (await session.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count()) > 0, slow);
    const { file, severity } = expectedFindings.find((finding) => finding.rule === 'pdb-blocks-eviction');
    await workbench.openFile(file);
    await workbench.waitForSquiggle(severity);
    await workbench.screenshot('restricted-analysis');
  });

  test('the Cluster view shows the cluster, and no menu offers to change it', async () => {
    const { workbench } = session;
    await workbench.openViewContainer('Kube Eviction');
    rows = await workbench.view('Cluster');
    await workbench.treeItem(rows, 'node-1').waitFor(slow);
    await workbench.expand(workbench.treeItem(rows, 'node-1'));
    const [pod] = await k.pods('node-1');
    await workbench.treeItem(rows, pod.metadata.name).waitFor(slow);
    // Menus work in this window: the budget's, which changes nothing, is there.
    assert.deepEqual(await workbench.contextMenuItems(workbench.treeItem(rows, 'web-pdb')), ['Show Selected Pods', 'Show Details']);
    for (const label of [pod.metadata.name, 'node-1']) {
      const items = await workbench.contextMenuItems(workbench.treeItem(rows, label), { none: true, timeoutMs: 3000 });
      assert.deepEqual(items.filter((item) => changesTheCluster.includes(item)), [], `${label}: ${items.join(', ')}`);
    }
    await workbench.screenshot('restricted-cluster-view');
  });

  test('the palette has the commands that only read, and none that change the cluster', async () => {
    const commands = await session.workbench.paletteCommands('Kube Eviction:', 'Kube Eviction: Refresh');
    assert.ok(commands.includes('Kube Eviction: Show Selected Pods'), commands.join(', '));
    assert.deepEqual(commands.filter((command) => changesTheCluster.some((title) => command === `Kube Eviction: ${title}`)), [], commands.join(', '));
  });

  test('an Eviction manifest gets no code lens', async () => {
    const { workbench } = session;
    const [pod] = await k.pods('node-1');
    writeFileSync(join(session.workspace, 'evict-restricted.yaml'), `apiVersion: policy/v1\nkind: Eviction\nmetadata:\n  name: ${pod.metadata.name}\n  namespace: default\n`);
    await workbench.openFile('evict-restricted.yaml');
    // The hover predicts the answer: the language server has read the file (and offered its lenses) by then.
    await workbench.hover('Eviction', /429/);
    assert.deepEqual(await workbench.codeLenses(), []);
    await workbench.screenshot('restricted-no-code-lens');
    assert.equal((await k.pod(pod.metadata.name)).metadata.deletionTimestamp, undefined);
  });
});
