// Issue 12 as an operator meets it in VS Code, on the sandbox's built-in
// scenario: Simulate Drain on node-1, then on node-1 and node-2 selected
// together (the verdict and the cause read in the report, its lens opening
// the budget); the real drain of node-1 started from the report, confirmed
// with its plan and kept in the History with its Explain; then node-2 right
// after: the confirmation tells the plan's hold, the progress names the
// Pending replacement's scheduler message, the view shows it under Pending,
// and the Uncordon offered completes the drain. What the window shows is
// checked against the sandbox through kubectl. The tests run in order.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { kubectlFor } from './lib/kubectl.mjs';
import { waitFor } from './lib/processes.mjs';
import { sandboxContext } from './lib/sandbox.mjs';
import { openSession } from './lib/session.mjs';

const slow = { timeoutMs: 90_000 };
const nameOf = (object) => object.metadata.name;
const isReady = (pod) => !pod.metadata.deletionTimestamp && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
/** The scheduler's message for web's replacement once node-1 and node-2 are cordoned and node-3 is full (db-1 is tainted for the database). */
const fitError = /0\/4 nodes are available: 1 Insufficient cpu, 1 node\(s\) had untolerated taint \{dedicated: database\}, 2 node\(s\) were unschedulable/;

describe('the drain planner in VS Code', () => {
  let session;
  let k;
  let rows;

  const row = (label) => session.workbench.treeItem(rows, label);
  const rowSays = (label, pattern) => waitFor(`the tree to show ${label} with ${pattern}`, async () => {
    const r = row(label);
    return (await r.count()) > 0 && pattern.test(await session.workbench.treeItemDescription(r));
  }, slow);
  /** The lines of the active editor once one of them matches `pattern`. */
  const editorShows = (pattern) => waitFor(`the editor to show ${pattern}`, async () => {
    const lines = await session.workbench.editorLines();
    return lines.some((line) => pattern.test(line)) && lines;
  }, slow);
  const activeTab = (title) => waitFor(`the tab ${title}`, async () => (await session.workbench.activeTabTitle()) === title, slow);
  const settled = () => waitFor('three Ready web pods and web-pdb allowing 1', async () => {
    const web = (await k.pods()).filter((pod) => pod.metadata.labels.app === 'web' && isReady(pod));
    const pdb = await k.pdb('web-pdb');
    return web.length === 3 && pdb.status.observedGeneration === pdb.metadata.generation && pdb.status.disruptionsAllowed === 1;
  }, slow);

  before(async () => {
    session = await openSession('planner', { sandbox: true });
    k = kubectlFor(session);
    await session.workbench.openViewContainer('Kube Eviction');
    await session.workbench.resizeSideBar(520);
    rows = await session.workbench.view('Cluster');
    await row('node-1').waitFor(slow);
  });
  beforeEach(async () => {
    await session.workbench.runCommand('View: Close All Editors');
    await session.workbench.clearNotifications();
  });
  after(() => session?.close());

  test('Simulate Drain on node-1: the report says it completes and what it evicts; its lenses act on it; nothing changes', async () => {
    const { workbench } = session;
    await settled();
    const onNode1 = (await k.pods('node-1')).map(nameOf).sort();
    await workbench.contextMenu(row('node-1'), 'Simulate Drain…');
    await workbench.acceptQuickPick('Simulate drain of node-1: options');
    await activeTab(`Drain plan node-1 on ${sandboxContext}.md`);
    const lines = await editorShows(/^\*\*Completes: node-1 drains in 2s\*\*$/);
    assert.ok(lines.includes('### node-1: drained (0s → 2s)'), lines.join('\n'));
    for (const pod of onNode1) assert.ok(lines.includes(`- evicted at once: \`default/${pod}\` at 0s, gone at 2s`), `${pod}: ${lines.join('\n')}`);
    await waitFor('the lenses', async () => {
      const lenses = await workbench.codeLenses();
      return ['Open Preview', 'Simulate Again', 'Drain node-1…', 'Show node-1'].every((lens) => lenses.includes(lens));
    }, slow);
    await rowSays('Simulated drain of node-1', /Completes: node-1 drains in 2s$/);
    assert.equal((await k.node('node-1')).spec.unschedulable, undefined, 'a plan changes nothing');
    assert.deepEqual((await k.pods('node-1')).map(nameOf).sort(), onNode1);
  });

  test("Simulate Drain on node-1 and node-2 selected together: completes only once node-1 is uncordoned; the cause is the Pending replacement with the scheduler's message; a lens opens web-pdb", async () => {
    const { workbench } = session;
    await row('node-1').click();
    await workbench.ctrlClick(row('node-2'));
    await workbench.contextMenu(row('node-2'), 'Simulate Drain…');
    await workbench.acceptQuickPick('Simulate drain of node-1, node-2: options');
    await activeTab(`Drain plan node-1, node-2 on ${sandboxContext}.md`);
    const lines = await editorShows(/^\*\*Completes only once node-1 is uncordoned: node-2 is stuck until then\*\*$/);
    const held = lines.find((line) => line.startsWith('- held: '));
    assert.match(held, /^- held: `default\/web-\S+` by `web-pdb` from 2s, never released: web-pdb allows no disruption until 1 more pod is Ready: default\/web-\S+ is Pending: /);
    assert.match(held, fitError);
    assert.ok(lines.some((line) => /^- uncordon node-1 at 4\.2s: completes by \S+$/.test(line)), lines.join('\n'));
    await waitFor('the lens on the hold', async () => (await workbench.codeLenses()).includes('Open web-pdb'), slow);
    // The screenshot wraps the report's long lines, as VS Code shows Markdown by default.
    await workbench.runCommand('View: Toggle Word Wrap');
    await workbench.page.mouse.move(0, 0);
    await workbench.screenshot('plan-report');
    await workbench.clickCodeLens('Open web-pdb');
    await activeTab('web-pdb.yaml');
    await editorShows(/^# PodDisruptionBudget default\/web-pdb on context kube-eviction-sandbox: read-only, kept current while open\.$/);
  });

  test('the real drain of node-1, from the report: confirmed with its plan, then kept in the History with its Explain', async () => {
    const { workbench } = session;
    await settled();
    const onNode1 = (await k.pods('node-1')).map(nameOf);
    await row('Simulated drain of node-1').click();
    await activeTab(`Drain plan node-1 on ${sandboxContext}.md`);
    await waitFor('the Drain lens', async () => (await workbench.codeLenses()).includes('Drain node-1…'), slow);
    await workbench.clickCodeLens('Drain node-1…');
    const confirmation = await workbench.dialog();
    assert.match(confirmation, new RegExp(`Drain node node-1 on context "${sandboxContext}"\\?`));
    assert.match(confirmation, /Simulated first on a copy of the cluster, with these options \(nothing was changed\):/);
    assert.match(confirmation, /Completes: node-1 drains in 2s/);
    for (const pod of onNode1) assert.match(confirmation, new RegExp(`- evicted at once: default/${pod} at 0s`));
    await workbench.answerDialog('Drain');
    await workbench.waitForNotification(new RegExp(`node/node-1 drained on "${sandboxContext}"`), slow);
    assert.equal((await k.node('node-1')).spec.unschedulable, true);
    await rowSays('Drain of node node-1', /node\/node-1 drained$/);
    await workbench.clearNotifications();
    await row('Drain of node node-1').click();
    const explanation = await workbench.markdownPreview(/What happened/, slow);
    assert.match(explanation, /^Drain of node node-1: node\/node-1 drained/);
    assert.match(explanation, new RegExp(`The same as kubectl --context ${sandboxContext} drain node-1`));
  });

  test("node-2 right after: the confirmation tells the plan's hold; the progress and the view name the Pending replacement's scheduler message; Uncordon, offered, completes it", async () => {
    const { workbench } = session;
    await settled();
    const onNode2 = (await k.pods('node-2')).map(nameOf);
    assert.equal(onNode2.length, 2, "node-1's web replica was replaced on node-2");
    await workbench.contextMenu(row('node-2'), 'Drain Node…');
    await workbench.acceptQuickPick('Drain node-2: options');
    const confirmation = await workbench.dialog();
    assert.match(confirmation, /Completes only once node-1 is uncordoned: node-2 is stuck until then/);
    assert.match(confirmation, /- held: default\/web-\S+ by web-pdb from 0s, never released: web-pdb allows no disruption until 1 more pod is Ready: default\/web-\S+ is Pending: /);
    assert.match(confirmation, fitError);
    assert.doesNotMatch(confirmation, /needs 2 healthy pods and has 3/, "the one-step forecast's contradiction");
    await workbench.screenshot('drain-confirmation');
    await workbench.answerDialog('Drain');

    const progress = await workbench.waitForNotification(/Draining node-2 on "kube-eviction-sandbox".*waiting for web-pdb to allow evicting default\/web-\S+: web-pdb allows no disruption until 1 more pod is Ready: default\/web-\S+ is Pending: 0\/4 nodes are available/s, slow);
    assert.match(progress, fitError);
    const offer = /the drain of node-2 on "kube-eviction-sandbox" is held: web-pdb waits for default\/web-\S+, Pending with no node to take it\. Uncordon node-1 to give it room\./;
    assert.match(await workbench.waitForNotification(offer, slow), /Uncordon node-1[\s\S]*Open web-pdb/);
    await rowSays('Pending', /^1 pod · 1 unschedulable$/);
    const pending = (await k.pods()).find((pod) => !pod.spec.nodeName);
    assert.ok(pending, 'a pod bound to no node');
    await rowSays(nameOf(pending), fitError);
    await rowSays('Drain of node node-2', /held: web-pdb allows no disruption until 1 more pod is Ready/);
    await workbench.expand(row('Drain of node node-2'));
    await row('Uncordon node-1').waitFor(slow);
    await row('Open web-pdb').waitFor(slow);
    await workbench.page.mouse.move(0, 0);
    await workbench.screenshot('drain-held');

    await workbench.clickNotificationButton(offer, 'Uncordon node-1');
    await workbench.waitForNotification(new RegExp(`Node node-1 uncordoned on "${sandboxContext}"\\.`), slow);
    const result = await workbench.waitForNotification(new RegExp(`node/node-2 drained on "${sandboxContext}"`), slow);
    assert.match(result, /2 pods evicted; every PodDisruptionBudget was respected\. The node stays cordoned/);
    assert.deepEqual((await k.pods('node-2')).map(nameOf), []);
    assert.equal((await k.node('node-1')).spec.unschedulable, undefined, 'node-1 uncordoned');
    await rowSays('Drain of node node-2', /node\/node-2 drained$/);
    await row('Pending').waitFor({ state: 'detached', timeout: slow.timeoutMs });
    await workbench.screenshot('history');
  });
});
