// Issue 11 as an operator meets it in VS Code, on the sandbox: the context in
// the view (and a viewer context that looks different), the sample
// Eviction's lenses telling the hover's story, the namespace filter, several
// pods evicted in one confirmed action, and the details document following
// an event as it happens. The view keeps VS Code's default width, as a new
// user has it. What the window shows is checked against the sandbox through
// kubectl. The tests run in order on one sandbox.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { kubectlFor } from './lib/kubectl.mjs';
import { waitFor } from './lib/processes.mjs';
import { sandboxContext } from './lib/sandbox.mjs';
import { openSession } from './lib/session.mjs';

const statusBarId = 'kube-eviction.kube-eviction.kubeEviction.context';
const viewerContext = `${sandboxContext}-viewer`;
const slow = { timeoutMs: 90_000 };
const nameOf = (object) => object.metadata.name;
const isReady = (pod) => !pod.metadata.deletionTimestamp && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

describe('the Cluster view as an operator reads it', () => {
  let session;
  let k;
  let rows;

  const row = (label) => session.workbench.treeItem(rows, label);
  const rowSays = (label, text) => waitFor(`the tree to show ${label} with "${text}"`, async () => {
    const r = row(label);
    return (await r.count()) > 0 && (await session.workbench.treeItemDescription(r)) === text;
  }, slow);
  const noDescription = async (label) => (await row(label).locator('.label-description').allInnerTexts()).join('').trim() === '';
  const budgetSettled = (allowed) => waitFor(`web-pdb to allow ${allowed}`, async () => {
    const pdb = await k.pdb('web-pdb');
    return pdb.status.observedGeneration === pdb.metadata.generation && pdb.status.disruptionsAllowed === allowed && pdb;
  }, slow);
  const useContext = async (context) => {
    await session.workbench.statusBarItem(statusBarId).click();
    await session.workbench.pickQuickPickItem('Kube Eviction: Select Context', context);
    await waitFor(`the view to show ${context}`, async () => (await session.workbench.sideBarTitle()) === `KUBE EVICTION: CLUSTER · ${context.toUpperCase()}`, slow);
    await row(context).waitFor(slow);
  };
  /** The lines of the active editor (a details document), once one of them is `line`. */
  const editorShows = (line) => waitFor(`the editor to show "${line}"`, async () => {
    const lines = await session.workbench.editorLines();
    return lines.includes(line) && lines;
  }, slow);

  before(async () => {
    session = await openSession('view', { sandbox: true });
    k = kubectlFor(session);
    await session.workbench.openViewContainer('Kube Eviction');
    rows = await session.workbench.view('Cluster');
  });
  beforeEach(async () => {
    await session.workbench.runCommand('View: Close All Editors');
    await session.workbench.clearNotifications();
  });
  after(() => session?.close());

  test('the view names its context in its title and first row; the status bar item has words to read aloud; rows fit the default width', async () => {
    const { workbench } = session;
    await waitFor('the title to name the context', async () => (await workbench.sideBarTitle()) === `KUBE EVICTION: CLUSTER · ${sandboxContext.toUpperCase()}`, slow);
    await row(sandboxContext).waitFor(slow);
    await waitFor('the status bar item to be connected', async () => (await workbench.statusBarItem(statusBarId).getAttribute('aria-label'))?.includes('connected'), slow);
    assert.equal(await workbench.statusBarItem(statusBarId).getAttribute('aria-label'), `Kube Eviction context: ${sandboxContext}, connected. Activate to switch context.`);
    await rowSays('web-pdb', '1 allowed · 3 healthy');
    await rowSays('postgres-pdb', '0 allowed · 3 healthy');
    await workbench.expand(row('node-2'));
    const [web] = (await k.pods('node-2')).filter((pod) => pod.metadata.labels.app === 'web');
    await rowSays(nameOf(web), '1 allowed');
    assert.ok((await workbench.sideBarTitle()).length > 0);
    for (const label of ['web-pdb', 'postgres-pdb', nameOf(web), 'node-2']) assert.ok(await workbench.rowFits(row(label)), `${label}: its description is cut off at the default width`);
    assert.deepEqual(await workbench.rowInlineActions(row(nameOf(web))), ['Evict Pod']);
    assert.deepEqual(await workbench.rowInlineActions(row('node-2')), ['Simulate Drain…', 'Drain Node…']);
    assert.deepEqual(await workbench.rowInlineActions(row(sandboxContext)), ['Filter Namespaces…', 'Select Context']);
    await workbench.page.mouse.move(0, 0);
    await workbench.screenshot('cluster-view');
  });

  test("the viewer context looks different: its name in the title, read-only from a review of its permissions before any action; Evict, Drain and Cordon unavailable, saying why; its forecasts are the API server's 403", async () => {
    const { workbench } = session;
    await useContext(viewerContext);
    await rowSays(viewerContext, 'read-only');
    const [web] = (await k.pods('node-3')).filter((pod) => pod.metadata.labels.app === 'web');
    await workbench.expand(row('node-3'));
    await row(nameOf(web)).waitFor(slow);
    assert.deepEqual(await workbench.contextMenuItems(row(nameOf(web))), ['Why Is This Unavailable?', 'Show Details']);
    assert.deepEqual(await workbench.disabledContextMenuItems(row(nameOf(web))), ['Evict Pod', 'Evict Pod (Dry Run)']);
    assert.deepEqual(await workbench.contextMenuItems(row('node-3')), ['Simulate Drain…', 'Why Is This Unavailable?', 'Show Details']);
    assert.deepEqual(await workbench.disabledContextMenuItems(row('node-3')), ['Drain Node…', 'Cordon']);
    await workbench.screenshot('viewer-read-only');

    await workbench.contextMenu(row(nameOf(web)), 'Why Is This Unavailable?');
    const why = await workbench.markdownPreview(/Evict pods/, slow);
    assert.match(why, /^What user kube-eviction-sandbox-viewer may do on context kube-eviction-sandbox-viewer/);
    assert.match(why, /Evict pods \(Evict Pod, Evict Pod \(Dry Run\), Drain Node\): not allowed\s+A SelfSubjectAccessReview says this user may not create pods\/eviction in the namespace default: the API server should refuse \(403\): pods is forbidden: User "kube-eviction-sandbox-viewer" cannot create resource "pods\/eviction" in API group "" in the namespace "default"\./);
    assert.match(why, /Patch nodes .*: not allowed/);
    await workbench.runCommand('View: Close All Editors');

    await row(nameOf(web)).click();
    await waitFor('the pod tab', async () => (await workbench.activeTabTitle()) === `${nameOf(web)}.yaml`, slow);
    await editorShows(`# An eviction now: A SelfSubjectAccessReview says this user may not create pods/eviction in the namespace default: the API server should refuse (403): pods "${nameOf(web)}" is forbidden: User "kube-eviction-sandbox-viewer" cannot create resource "pods/eviction" in API group "" in the namespace "default".`);
    assert.equal((await k.node('node-3')).spec.unschedulable, undefined, 'node-3 is not cordoned');
    await useContext(sandboxContext);
    assert.equal(await noDescription(sandboxContext), true, 'nothing refused, every namespace: nothing to say');
  });

  test("the sample Eviction's lenses tell its hover's story: the Dry run gets the predicted 429, Evict's confirmation plays it on a copy of the cluster first (a refusal that stays; a missing pod's 404); an invalid one offers no Evict", async () => {
    const { workbench } = session;
    await workbench.openFile('eviction.yaml');
    const hover = await workbench.hover('Eviction', /postgres-pdb/);
    const [, predicted] = /the API server should refuse \((\d{3})\)/.exec(hover);
    assert.equal(predicted, '429');
    await workbench.page.mouse.move(0, 0);
    await waitFor('the lenses', async () => (await workbench.codeLenses()).join(' | ') === `Evict on ${sandboxContext} | Dry run`, slow);
    await workbench.clickCodeLens('Dry run');
    const answer = await workbench.waitForNotification(new RegExp(`Dry-run eviction of pod default/postgres-0 on "${sandboxContext}": ${predicted} Too Many Requests`), slow);
    assert.match(answer, /Cannot evict pod as it would violate the pod's disruption budget/);
    assert.deepEqual((await workbench.notificationTexts()).filter((text) => /Dry run: evicting/.test(text)), [], 'no progress is left beside the result');
    await workbench.screenshot('sample-eviction-dry-run');
    await workbench.clickCodeLens(`Evict on ${sandboxContext}`);
    assert.match(await workbench.dialog(), /Simulated first on a copy of the cluster \(nothing was changed\):\s+default\/postgres-0: 429 Too Many Requests: Cannot evict pod as it would violate the pod's disruption budget\. postgres-pdb allows no disruption.* Nothing is evicted: Evict Pod sends the eviction once\. The refusal stays: nothing in the simulated cluster makes postgres-pdb allow it\./);
    await workbench.answerDialog('Cancel');
    assert.equal((await k.pod('postgres-0')).metadata.deletionTimestamp, undefined);

    writeFileSync(join(session.workspace, 'evict-ghost.yaml'), 'apiVersion: policy/v1\nkind: Eviction\nmetadata:\n  name: ghost-0\n  namespace: default\n');
    await workbench.openFile('evict-ghost.yaml');
    await waitFor('the ghost lenses', async () => (await workbench.codeLenses()).includes(`Evict on ${sandboxContext}`), slow);
    await workbench.clickCodeLens(`Evict on ${sandboxContext}`);
    assert.match(await workbench.dialog(), /default\/ghost-0: 404 Not Found \(pods "ghost-0" not found\)\. The pod does not exist: nothing is evicted\./);
    await workbench.answerDialog('Cancel');

    await workbench.openFile('eviction-invalid.yaml');
    await waitFor('the invalid Eviction\'s lens', async () => (await workbench.codeLenses()).join(' | ') === 'Not offered: the API server would refuse this Eviction (422), see Problems', slow);
    await workbench.screenshot('invalid-eviction-lens');
  });

  test('the namespace filter: only the chosen namespaces, said in the first row, kept for the context', async () => {
    const { workbench } = session;
    const manifest = join(session.dir, 'shop.yaml');
    writeFileSync(manifest, [
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\n  namespace: shop\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: cart}\n  template:\n    metadata:\n      labels: {app: cart}\n    spec:\n      containers: [{name: cart, image: "nginx:1.27"}]\n',
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: cart-pdb\n  namespace: shop\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: cart}\n',
    ].join('---\n'));
    await k.kubectl('apply', '-f', manifest);
    await row('cart-pdb').waitFor(slow);
    await workbench.expand(row('Namespaces'));
    await row('shop').waitFor(slow);

    await workbench.runCommand('Kube Eviction: Filter Namespaces…');
    const title = `Namespaces to show on ${sandboxContext}`;
    assert.deepEqual(await workbench.checkedQuickPickItems(title), ['default', 'shop'], 'every namespace is shown at first');
    await workbench.toggleQuickPickItem(title, 'default');
    await workbench.acceptQuickPick(title);
    await rowSays(sandboxContext, 'shop');
    await row('default').waitFor({ state: 'detached', timeout: slow.timeoutMs });
    await row('web-pdb').waitFor({ state: 'detached', timeout: slow.timeoutMs });
    await rowSays('Namespaces', '1 of 2');
    await rowSays('PodDisruptionBudgets', '1 of 3');
    await rowSays('cart-pdb', 'shop · 1 allowed · 1 healthy');
    const cart = (await k.json('get', 'pods', '-n', 'shop')).items[0];
    const node = cart.spec.nodeName;
    const onNode = (await k.json('get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`)).items.length;
    await rowSays(node, `1 of ${onNode} pods`);
    await workbench.screenshot('namespace-filter');

    await useContext(viewerContext);
    await rowSays(viewerContext, 'read-only');
    await useContext(sandboxContext);
    await rowSays(sandboxContext, 'shop');

    await workbench.clickRowInlineAction(row(sandboxContext), 'Filter Namespaces');
    await workbench.toggleQuickPickItem(title, 'default');
    await workbench.acceptQuickPick(title);
    await waitFor('the filter to be gone', () => noDescription(sandboxContext), slow);
    await row('web-pdb').waitFor(slow);
  });

  test('several pods selected together are evicted in one confirmed action, the second only once web-pdb allows it', async () => {
    const { workbench } = session;
    await waitFor('three Ready web pods', async () => (await k.pods()).filter((pod) => pod.metadata.labels.app === 'web' && isReady(pod)).length === 3, slow);
    await budgetSettled(1);
    const web = (await k.pods()).filter((pod) => pod.metadata.labels.app === 'web').map(nameOf).sort();
    await workbench.expand(row('default'));
    const [first, second] = web;
    await row(first).waitFor(slow);
    await row(first).click();
    await workbench.ctrlClick(row(second));
    await workbench.contextMenu(row(second), 'Evict Pod');
    const confirmation = await workbench.dialog();
    assert.match(confirmation, new RegExp(`Evict 2 pods on context "${sandboxContext}"\\?`));
    assert.match(confirmation, new RegExp(`• default/${first}: 201 Created\\. Accepted at 0s; gone at \\S+; its replacement runs on node-\\d`));
    assert.match(confirmation, new RegExp(`• default/${second}: 429 Too Many Requests\\. web-pdb allows no disruption until 1 more pod is Ready: .* The refusal clears after \\S+: accepted at`));
    await workbench.screenshot('multi-select-confirmation');

    let lowest = Infinity;
    const watch = setInterval(() => {
      k.pdb('web-pdb').then((pdb) => (lowest = Math.min(lowest, pdb.status.currentHealthy)), () => undefined);
    }, 250);
    try {
      const progress = workbench.waitForNotification(new RegExp(`Evicting 2 pods on "${sandboxContext}".*waiting for web-pdb to allow evicting default/web-`), slow);
      await workbench.answerDialog('Evict');
      await progress;
      await workbench.screenshot('multi-select-progress');
      const result = await workbench.waitForNotification(new RegExp(`2 pods evicted on "${sandboxContext}"\\.`), slow);
      assert.match(result, /2 pods evicted; every PodDisruptionBudget was respected\./);
    } finally {
      clearInterval(watch);
    }
    assert.ok(lowest >= 2, `web-pdb went down to ${lowest} healthy pods`);
    for (const name of [first, second]) assert.equal(await k.pod(name), undefined, `${name} is gone`);
    await workbench.screenshot('multi-select-done');
  });

  test("a budget's details document: its pods and their readiness, and an event as it happens", async () => {
    const { workbench } = session;
    await waitFor('three Ready web pods', async () => (await k.pods()).filter((pod) => pod.metadata.labels.app === 'web' && isReady(pod)).length === 3, slow);
    // The row once its budget's last update is shown: a click on a row the tree is re-rendering runs a command VS Code has already let go.
    await budgetSettled(1);
    await rowSays('web-pdb', '1 allowed · 3 healthy');
    await row('web-pdb').click();
    await waitFor('the details tab', async () => (await workbench.activeTabTitle()) === 'web-pdb.yaml', slow);
    await editorShows(`# PodDisruptionBudget default/web-pdb on context ${sandboxContext}: read-only, kept current while open.`);
    await editorShows('# Selects 3 pods, 3 Ready:');
    // The budget is changed to select nothing: the disruption controller says so with an event, which the document shows as it comes
    // (once per sync, as upstream: the status write syncs it again, so the event may already count two).
    await k.kubectl('patch', 'pdb', 'web-pdb', '-n', 'default', '--type', 'merge', '-p', '{"spec":{"selector":{"matchLabels":{"app":"nobody"}}}}');
    try {
      await editorShows('# Selects no pod.');
      const lines = await waitFor('the NoPods event', async () => {
        const shown = await workbench.editorLines();
        return shown.some((line) => /^#\s+\S+Z\s+Normal\s+NoPods(?: \(x\d+\))?\s+controllermanager: No matching pods found$/.test(line)) && shown;
      }, slow);
      assert.ok(lines.some((line) => line.startsWith('apiVersion: policy/v1')), lines.join('\n'));
      await workbench.screenshot('details-budget-event');
    } finally {
      await k.kubectl('patch', 'pdb', 'web-pdb', '-n', 'default', '--type', 'merge', '-p', '{"spec":{"selector":{"matchLabels":{"app":"web"}}}}');
    }
    await editorShows('# Selects 3 pods, 3 Ready:');

    const [pod] = (await k.pods('node-2')).filter((p) => p.metadata.labels.app === 'web');
    await workbench.expand(row('node-2'));
    await row(nameOf(pod)).click();
    await waitFor('the pod tab', async () => (await workbench.activeTabTitle()) === `${nameOf(pod)}.yaml`, slow);
    await editorShows('# PodDisruptionBudget: web-pdb (minAvailable 2; 3 healthy, 2 desired).');
    await editorShows('# An eviction now: web-pdb (minAvailable 2; 3 healthy, 2 desired) allows 1 disruption now: the API server should accept (201), leaving 0 until a replacement is Ready.');
    // The events are listed after the document opens: wait for them.
    let shown = [];
    await waitFor('the pod\'s Scheduled event', async () => (shown = await workbench.editorLines()).some((line) => /^#\s+\S+Z\s+Normal\s+Scheduled\s+default-scheduler: Successfully assigned default\//.test(line)), slow).catch((error) => {
      throw new Error(`${error.message}; the document shows:\n${shown.join('\n')}`);
    });
    await workbench.screenshot('details-pod');
  });
});
