// Issues 3 and 4 as a user meets them in VS Code: the sandbox as the current
// kubeconfig context, the Cluster view, Evict Pod (accepted and refused by a
// PodDisruptionBudget), Drain Node, the Eviction code lens and the context
// switcher. What the window shows is checked against the sandbox through
// kubectl, never through the extension itself. The tests run in order on one
// sandbox, each leaving the cluster as the next expects it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { kubectlFor } from './lib/kubectl.mjs';
import { processesMentioning, waitFor } from './lib/processes.mjs';
import { sandboxContext } from './lib/sandbox.mjs';
import { openSession } from './lib/session.mjs';

const statusBarId = 'kube-eviction.kube-eviction.kubeEviction.context';
/** Waits on the cluster: generous, since the whole suite shares two cores. */
const slow = { timeoutMs: 90_000 };

const nameOf = (object) => object.metadata.name;
const isReady = (pod) => !pod.metadata.deletionTimestamp && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

describe('the extension on the sandbox cluster', () => {
  let session;
  let k;
  let rows;

  /** The PDB once the disruption controller has processed its spec and allows `allowed` disruptions. */
  const budgetSettled = (allowed) => waitFor(`web-pdb to allow ${allowed}`, async () => {
    const pdb = await k.pdb('web-pdb');
    return pdb.status.observedGeneration === pdb.metadata.generation && pdb.status.disruptionsAllowed === allowed && pdb;
  }, slow);
  /** The tree shows `text` in the description of the row labelled `label`. */
  const rowSays = (label, text) => waitFor(`the tree to show ${label} with "${text}"`, async () => {
    const row = session.workbench.treeItem(rows, label);
    return (await row.count()) > 0 && (await session.workbench.treeItemDescription(row)).includes(text);
  }, slow);

  before(async () => {
    session = await openSession('cluster', { sandbox: true });
    k = kubectlFor(session);
    await session.workbench.openViewContainer('Kube Eviction');
    await session.workbench.resizeSideBar(520);
    rows = await session.workbench.view('Cluster');
  });
  // Each step's screenshots show that step alone.
  beforeEach(async () => {
    await session.workbench.runCommand('View: Close All Editors');
    await session.workbench.clearNotifications();
  });
  after(() => session?.close());

  test('the extension host runs with the sandbox kubeconfig, whose current context is the sandbox', async () => {
    const extensionHost = await waitFor('the extension host', () => processesMentioning(session.dir)
      .find((process) => process.commandLine.includes('--type=extensionHost')));
    const environment = readFileSync(`/proc/${extensionHost.pid}/environ`, 'utf8').split('\0');
    assert.ok(environment.includes(`KUBECONFIG=${session.kubeconfig}`), 'KUBECONFIG is not the sandbox kubeconfig');
    assert.match(readFileSync(session.kubeconfig, 'utf8'), new RegExp(`current-context:\\s*"?${sandboxContext}"?\\s*$`, 'm'));
  });

  test('the cluster tree shows the sandbox nodes node-1..node-3, their pods and web-pdb', async () => {
    const { workbench } = session;
    await waitFor('the status bar to name the sandbox context', async () => (await workbench.statusBarItem(statusBarId).innerText()).includes(sandboxContext), slow);
    for (const node of ['node-1', 'node-2', 'node-3']) {
      await workbench.treeItem(rows, node).waitFor(slow);
      await workbench.expand(workbench.treeItem(rows, node));
      const pods = await k.pods(node);
      assert.ok(pods.length > 0, `the sandbox has pods on ${node}`);
      for (const pod of pods) await workbench.treeItem(rows, nameOf(pod)).waitFor(slow);
      await rowSays(node, `${pods.length} pod`);
    }
    await rowSays('web-pdb', '1 allowed · 3 healthy');
    const web = (await k.pods()).filter((pod) => pod.metadata.labels.app === 'web');
    await rowSays(nameOf(web[0]), '1 allowed');
    await workbench.screenshot('cluster-tree');

    // Show Selected Pods lists what the budget covers.
    await workbench.contextMenu(workbench.treeItem(rows, 'web-pdb'), 'Show Selected Pods');
    const selected = await workbench.quickPickItems('Pods selected by default/web-pdb');
    assert.deepEqual(selected.map((item) => item.label).sort(), web.map(nameOf).sort());
    assert.ok(selected.every((item) => item.description.includes('1 allowed')), JSON.stringify(selected));
    await workbench.screenshot('selected-pods');
    await session.page.keyboard.press('Escape');
  });

  test('Evict Pod on the unguarded pod evicts it: the notification says so and the pod leaves the tree', async () => {
    const { workbench } = session;
    const batch = (await k.pods('node-1')).find((pod) => pod.metadata.labels.app === 'batch-worker');
    assert.ok(batch, 'the batch worker runs on node-1');
    const name = nameOf(batch);
    await workbench.contextMenu(workbench.treeItem(rows, name), 'Evict Pod');
    const confirmation = await workbench.dialog();
    assert.match(confirmation, new RegExp(`Evict pod default/${name} on context "${sandboxContext}"\\?`));
    assert.match(confirmation, /Cluster: .* \(https:\/\/127\.0\.0\.1:\d+\)/);
    assert.match(confirmation, new RegExp(`default/${name}: 201 Created: evicted\\. Accepted at 0s; gone at \\S+; its replacement default/\\S+ runs on node-\\d`));
    await workbench.screenshot('evict-confirmation');
    await workbench.answerDialog('Evict');
    assert.match(await workbench.waitForNotification(new RegExp(`Eviction of pod default/${name} on "${sandboxContext}": 201 Created: evicted`), slow), /201 Created: evicted/);
    await workbench.screenshot('evicted');
    await workbench.treeItem(rows, name).waitFor({ state: 'detached', ...{ timeout: slow.timeoutMs } });
    await waitFor(`${name} to be gone from the sandbox`, async () => (await k.pod(name)) === undefined, slow);
    await workbench.screenshot('evicted-pod-left-the-tree');
  });

  test('Evict Pod on a web pod while web-pdb allows no disruption shows the 429 explanation and changes nothing', async () => {
    const { workbench } = session;
    // Every web pod Ready, and a budget that needs all three: disruptionsAllowed 0.
    await waitFor('three Ready web pods', async () => (await k.pods()).filter((pod) => pod.metadata.labels.app === 'web' && isReady(pod)).length === 3, slow);
    await k.kubectl('patch', 'pdb', 'web-pdb', '-n', 'default', '--type', 'merge', '-p', '{"spec":{"minAvailable":3}}');
    try {
      const pdbBefore = await budgetSettled(0);
      await rowSays('web-pdb', '0 allowed · 3 healthy');
      const target = (await k.pods('node-2')).find((pod) => pod.metadata.labels.app === 'web');
      const name = nameOf(target);
      await rowSays(name, '0 allowed');

      await workbench.contextMenu(workbench.treeItem(rows, name), 'Evict Pod');
      const confirmation = await workbench.dialog();
      assert.match(confirmation, new RegExp(`default/${name}: 429 Too Many Requests: Cannot evict pod as it would violate the pod's disruption budget\\. web-pdb allows no disruption: web-pdb can never allow a disruption: it wants 3 healthy of the 3 pods it expects\\. Nothing is evicted: Evict Pod sends the eviction once\\. The refusal stays`));
      await workbench.answerDialog('Evict');
      const refused = new RegExp(`Eviction of pod default/${name} on "${sandboxContext}": 429 Too Many Requests`);
      assert.match(await workbench.waitForNotification(refused, slow), /Cannot evict pod as it would violate the pod's disruption budget/);
      await workbench.screenshot('refused-429');

      await workbench.clickNotificationButton(refused, 'Explain');
      const explanation = await workbench.markdownPreview(/What it means/, slow);
      assert.match(explanation, new RegExp(`^Eviction of pod default/${name}: 429 Too Many Requests`));
      assert.match(explanation, /Cause \(DisruptionBudget\): The disruption budget web-pdb needs 3 healthy pods and has 3 currently/);
      assert.match(explanation, /What to do: wait until enough pods are Ready again/);
      await workbench.screenshot('explanation-429');

      // Nothing changed: the same pod, not terminating; the budget untouched.
      const after = await k.pod(name);
      assert.equal(after.metadata.uid, target.metadata.uid);
      assert.equal(after.metadata.deletionTimestamp, undefined);
      const pdbAfter = await k.pdb('web-pdb');
      assert.equal(pdbAfter.status.disruptionsAllowed, 0);
      assert.deepEqual(pdbAfter.status.disruptedPods ?? {}, pdbBefore.status.disruptedPods ?? {});
    } finally {
      // The next tests expect the walkthrough's budget back.
      await k.kubectl('patch', 'pdb', 'web-pdb', '-n', 'default', '--type', 'merge', '-p', '{"spec":{"minAvailable":2}}');
    }
    await budgetSettled(1);
    await rowSays('web-pdb', '1 allowed · 3 healthy');
  });

  test('Drain Node… on node-1 runs with progress and ends drained', async () => {
    const { workbench } = session;
    await waitFor('node-1 to hold a pod to evict again', async () => (await k.pods('node-1')).some(isReady), slow);
    const onNode1 = await k.pods('node-1');
    await rowSays('node-1', `${onNode1.length} pod`);
    await workbench.contextMenu(workbench.treeItem(rows, 'node-1'), 'Drain Node…');
    const options = await workbench.quickPickItems('Drain node-1: options');
    assert.deepEqual(options.map((item) => item.label), ['Ignore DaemonSets', 'Delete emptyDir data', 'Force', 'Change grace period and timeout…']);
    await workbench.acceptQuickPick('Drain node-1: options');
    const confirmation = await workbench.dialog();
    assert.match(confirmation, new RegExp(`Drain node node-1 on context "${sandboxContext}"\\?`));
    // The drain simulated first: every pod evicted at once.
    assert.match(confirmation, /Simulated first on a copy of the cluster/);
    assert.match(confirmation, /Completes: node-1 drains in \S+/);
    for (const pod of onNode1) assert.match(confirmation, new RegExp(`- evicted (at once|after its hold): default/${nameOf(pod)} at `));
    await workbench.screenshot('drain-confirmation');
    const progress = workbench.waitForNotification(/Draining node-1 on "kube-eviction-sandbox"/, slow);
    await workbench.answerDialog('Drain');
    await progress;
    await workbench.screenshot('drain-progress');
    const result = await workbench.waitForNotification(/node\/node-1 drained on "kube-eviction-sandbox"/, slow);
    assert.match(result, new RegExp(`${onNode1.length} pods? evicted; every PodDisruptionBudget was respected\\. The node stays cordoned`));
    await workbench.screenshot('drained');

    const node = await k.node('node-1');
    assert.equal(node.spec.unschedulable, true, 'node-1 is cordoned');
    assert.deepEqual((await k.pods('node-1')).map(nameOf), [], 'node-1 holds no pod');
    for (const pod of onNode1) await workbench.treeItem(rows, nameOf(pod)).waitFor({ state: 'detached', timeout: slow.timeoutMs });
    await rowSays('node-1', 'cordoned · 0 pods');
    const menu = await workbench.contextMenuItems(workbench.treeItem(rows, 'node-1'));
    assert.ok(menu.includes('Uncordon') && !menu.includes('Cordon'), `a cordoned node offers Uncordon, not Cordon: ${menu.join(', ')}`);
  });

  test('Drain Node… on node-2 right after waits for web-pdb, and completes once node-1 is uncordoned', async () => {
    // The walkthrough's second act: node-1 and node-2 cordoned, node-3 full, so the first web pod
    // evicted from node-2 gets a replacement that fits nowhere, and web-pdb holds the other one.
    const { workbench } = session;
    const onNode2 = (await k.pods('node-2')).filter((pod) => pod.metadata.labels.app === 'web');
    assert.equal(onNode2.length, 2, 'node-1\'s web replica was replaced on node-2');
    await workbench.expand(workbench.treeItem(rows, 'node-2'));
    await workbench.contextMenu(workbench.treeItem(rows, 'node-2'), 'Drain Node…');
    await workbench.acceptQuickPick('Drain node-2: options');
    assert.match(await workbench.dialog(), /Completes only once node-1 is uncordoned: node-2 is stuck until then/);
    await workbench.answerDialog('Drain');
    const waiting = await workbench.waitForNotification(/Draining node-2 .*waiting for web-pdb to allow evicting default\/web-/, slow);
    await workbench.screenshot('drain-held-by-budget');
    const held = /allow evicting default\/([\w-]+)/.exec(waiting)[1];
    assert.ok(onNode2.some((pod) => nameOf(pod) === held), `${held} is one of node-2's web pods`);
    assert.equal((await k.pdb('web-pdb')).status.disruptionsAllowed, 0);
    assert.equal((await k.pod(held)).metadata.deletionTimestamp, undefined, 'the held pod still runs');

    await workbench.contextMenu(workbench.treeItem(rows, 'node-1'), 'Uncordon');
    await workbench.waitForNotification(/Node node-1 uncordoned on "kube-eviction-sandbox"\./, slow);
    const result = await workbench.waitForNotification(/node\/node-2 drained on "kube-eviction-sandbox"/, slow);
    assert.match(result, /2 pods evicted; every PodDisruptionBudget was respected\. The node stays cordoned/);
    await workbench.screenshot('second-drain-done');
    assert.equal((await k.node('node-2')).spec.unschedulable, true);
    assert.deepEqual((await k.pods('node-2')).map(nameOf), []);
    await rowSays('node-2', 'cordoned · 0 pods');
  });

  test('Cordon, then Drain Node… cancelled while web-pdb holds a pod: the node stays cordoned and the notification says what was left', async () => {
    // node-2 is cordoned; cordoning node-3 too leaves node-1 the only schedulable node, so the
    // replacement of the first web pod evicted from node-1 fits nowhere and web-pdb holds the second.
    const { workbench } = session;
    await budgetSettled(1);
    const webOnNode1 = (await k.pods('node-1')).filter((pod) => pod.metadata.labels.app === 'web');
    assert.equal(webOnNode1.length, 2, 'node-2\'s web replicas were replaced on node-1');
    await workbench.contextMenu(workbench.treeItem(rows, 'node-3'), 'Cordon');
    await workbench.waitForNotification(/Node node-3 cordoned on "kube-eviction-sandbox"\./, slow);
    assert.equal((await k.node('node-3')).spec.unschedulable, true);
    await rowSays('node-3', 'cordoned');

    await workbench.contextMenu(workbench.treeItem(rows, 'node-1'), 'Drain Node…');
    await workbench.acceptQuickPick('Drain node-1: options');
    await workbench.dialog();
    await workbench.answerDialog('Drain');
    const progress = /Draining node-1 .*waiting for web-pdb to allow evicting default\/web-/;
    const waiting = await workbench.waitForNotification(progress, slow);
    const held = /allow evicting default\/([\w-]+)/.exec(waiting)[1];
    await workbench.clickNotificationButton(progress, 'Cancel');
    const result = await workbench.waitForNotification(/node\/node-1 not drained: cancelled on "kube-eviction-sandbox"/, slow);
    // The first web pod's eviction was accepted; it may still be terminating.
    assert.match(result, /[1-9]\d* pods? evicted( \(\d+ still terminating\))?; 1 pod held by PodDisruptionBudgets\./);
    assert.match(result, /The node stays cordoned/);
    await workbench.screenshot('drain-cancelled');
    assert.equal((await k.node('node-1')).spec.unschedulable, true, 'node-1 is still cordoned');
    assert.equal((await k.pod(held)).metadata.deletionTimestamp, undefined, 'the held pod still runs');

    // Back to schedulable nodes for the next test; node-2 stays cordoned as the walkthrough left it.
    for (const node of ['node-3', 'node-1']) {
      await workbench.contextMenu(workbench.treeItem(rows, node), 'Uncordon');
      await workbench.waitForNotification(new RegExp(`Node ${node} uncordoned on "kube-eviction-sandbox"\\.`), slow);
      assert.equal((await k.node(node)).spec.unschedulable, undefined);
    }
  });

  test('the code lens on an Eviction manifest dry-runs on the current context, and follows a context switch', async () => {
    const { workbench } = session;
    // The drain's replacement Ready again: the budget allows the eviction this dry run asks about.
    await budgetSettled(1);
    const target = (await k.pods()).find((pod) => pod.metadata.labels.app === 'web' && isReady(pod));
    const name = nameOf(target);
    writeFileSync(join(session.workspace, 'evict-web.yaml'), `apiVersion: policy/v1\nkind: Eviction\nmetadata:\n  name: ${name}\n  namespace: default\n`);
    await workbench.openFile('evict-web.yaml');
    await waitFor('the code lenses', async () => (await workbench.codeLenses()).join(' | ') === `Evict on ${sandboxContext} | Dry run`, slow);
    await workbench.screenshot('code-lens');
    await workbench.clickCodeLens('Dry run');
    await workbench.waitForNotification(new RegExp(`Dry-run eviction of pod default/${name} on "${sandboxContext}": 201 Created \\(server dry run\\): the eviction would be accepted`), slow);
    const after = await k.pod(name);
    assert.equal(after.metadata.uid, target.metadata.uid);
    assert.equal(after.metadata.deletionTimestamp, undefined, 'a dry run changes nothing');

    // A second context on the same cluster, added the way a user would; the view follows the file.
    const config = await k.json('config', 'view', '--minify');
    const { cluster, user } = config.contexts[0].context;
    await k.kubectl('config', 'set-context', 'sandbox-again', `--cluster=${cluster}`, `--user=${user}`);
    await workbench.statusBarItem(statusBarId).click();
    await workbench.pickQuickPickItem('Kube Eviction: Select Context', 'sandbox-again');
    await waitFor('the status bar to name the new context', async () => (await workbench.statusBarItem(statusBarId).innerText()).includes('sandbox-again'), slow);
    await waitFor('the code lens to name the new context', async () => (await workbench.codeLenses()).includes('Evict on sandbox-again'), slow);
    await workbench.treeItem(rows, 'node-1').waitFor(slow);
    assert.match(readFileSync(session.kubeconfig, 'utf8'), new RegExp(`current-context:\\s*"?${sandboxContext}"?\\s*$`, 'm'), 'the kubeconfig keeps its current-context');
    await workbench.screenshot('context-switched');
    await workbench.statusBarItem(statusBarId).click();
    await workbench.pickQuickPickItem('Kube Eviction: Select Context', sandboxContext);
    await waitFor('the code lens to name the sandbox context again', async () => (await workbench.codeLenses()).includes(`Evict on ${sandboxContext}`), slow);
  });

  test('from the palette, Evict Pod (Dry Run) asks for the pod, then gives the API server\'s answer', async () => {
    const { workbench } = session;
    const target = (await k.pods()).find((pod) => pod.metadata.labels.app === 'batch-worker' && isReady(pod));
    const name = nameOf(target);
    await workbench.runCommand('Kube Eviction: Evict Pod (Dry Run)');
    const items = await workbench.quickPickItems('Evict Pod (Dry Run)');
    const row = items.find((item) => item.label === name);
    assert.ok(row, `the picker offers ${name}: ${JSON.stringify(items)}`);
    assert.match(row.description, /no PDB/);
    await workbench.screenshot('palette-pod-picker');
    await workbench.pickQuickPickItem('Evict Pod (Dry Run)', name);
    await workbench.waitForNotification(new RegExp(`Dry-run eviction of pod default/${name} on "${sandboxContext}": 201 Created \\(server dry run\\)`), slow);
    const after = await k.pod(name);
    assert.equal(after.metadata.uid, target.metadata.uid);
    assert.equal(after.metadata.deletionTimestamp, undefined, 'a dry run changes nothing');
  });

  test('the Kube Eviction output channel logs each step and never the token', async () => {
    const logs = join(session.profile.userDataDir, 'logs');
    const files = readdirSync(logs, { recursive: true }).map((file) => join(logs, file)).filter((file) => statSync(file).isFile());
    const channel = files.filter((file) => file.endsWith('Kube Eviction.log'));
    assert.equal(channel.length, 1, `one log of the channel among ${files.join(', ')}`);
    const text = readFileSync(channel[0], 'utf8');
    assert.match(text, /evicting pod default\/batch-worker-\S+ on context kube-eviction-sandbox/);
    assert.match(text, /drain node-1: node\/node-1 cordoned/);
    assert.match(text, /drain node-1: pod\/\S+ evicted/);
    assert.match(text, /the kubeconfig changed; reading it again/, 'kubectl config set-context was noticed');
    const { users } = await k.json('config', 'view', '--raw', '--minify');
    const token = users[0].user.token;
    assert.ok(token && token.length > 16, 'the sandbox kubeconfig carries a token');
    for (const file of files) assert.ok(!readFileSync(file, 'utf8').includes(token), `${file} contains the token`);
  });
});
