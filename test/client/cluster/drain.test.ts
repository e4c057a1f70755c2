// drainNode against the sandbox over HTTPS with real client-node: the
// walkthrough, kubectl's filters, budgets that hold and conflict, dry runs,
// cancellation, timeouts and faults.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { drainNode, openCluster, uncordonNode, type DrainEvent, type DrainReport, type PodRef } from '../../../client/src/cluster';
import { stillProcessing } from '../../../server/src/explain/eviction';
import { drainMessages } from '../../../server/src/k8s/drain';
import { evictionMessages } from '../../../server/src/k8s/eviction';
import type { Pod } from '../../../server/src/k8s/types';
import { knobs } from '../../../server/src/sim/knobs';
import { allReady, barePod, daemonSet, deployment, eventually, node, noUnhandledRejections, pdb, recorder, sandbox, suiteSandbox, variantKubeconfig, type Sandbox } from './support';

noUnhandledRejections();

const names = (refs: readonly PodRef[]) => refs.map((r) => r.name).sort();
const onNode = async (sb: Sandbox, nodeName: string, app?: string) =>
  (await sb.pods(nodeName)).filter((p) => !p.metadata?.deletionTimestamp && (!app || p.metadata?.labels?.app === app));
const podNamesOf = (pods: readonly Pod[]) => pods.map((p) => p.metadata!.name!).sort();

/** Tests shorten the retry fallbacks; the floor stays kubectl-safe at its default. */
const timing = { watchedRetryMs: 10_000 };

describe('the walkthrough: drain node-1, then node-2 waits for the replacement', () => {
  const sb = suiteSandbox();

  it('drains node-1: cordoned, both pods evicted and gone, node left cordoned', async () => {
    const before = podNamesOf(await onNode(sb(), 'node-1'));
    assert.equal(before.length, 2);
    const rec = recorder<DrainEvent>();
    const report = await drainNode(sb().open(), 'node-1', { ignoreDaemonSets: true, onProgress: rec.on, timing });
    assert.equal(report.result, 'drained', JSON.stringify(report));
    assert.equal(report.cordoned, true);
    assert.deepEqual(names(report.evicted), before);
    assert.equal(report.explanation.summary, 'node/node-1 drained');
    assert.deepEqual(report.left, []);
    assert.equal(rec.events[0].type, 'cordoned');
    for (const name of before) {
      const mine = rec.events.filter((e) => 'pod' in e && e.pod.name === name).map((e) => e.type);
      assert.deepEqual(mine.slice(-3), ['evicted', 'waiting', 'gone'], `${name}: ${mine.join(',')}`);
      assert.equal(await sb().pod('default', name), undefined);
    }
    assert.equal((await sb().node('node-1')).spec?.unschedulable, true);
  });

  it('drains node-2: held by web-pdb until capacity returns, then completes without ever going below 2 Ready', async () => {
    await allReady(sb(), 'the replacements Ready');
    const onNode2 = podNamesOf(await onNode(sb(), 'node-2'));
    const rec = recorder<DrainEvent>();
    let lowest = Infinity;
    const cluster = sb().open();
    const draining = drainNode(cluster, 'node-2', {
      timing,
      onProgress: (e) => {
        rec.on(e);
        if (e.type === 'blocked') void uncordonWhenHeld();
      },
    });
    let uncordoned = false;
    async function uncordonWhenHeld() {
      if (uncordoned) return;
      uncordoned = true;
      const outcome = await uncordonNode(cluster, 'node-1');
      assert.equal(outcome.kind, 'done');
    }
    const watchBudget = setInterval(() => {
      sb().pdb('default', 'web-pdb').then(
        (budget) => (lowest = Math.min(lowest, budget.status?.currentHealthy ?? lowest)),
        () => undefined,
      );
    }, 20);
    let report: DrainReport;
    try {
      report = await draining;
    } finally {
      clearInterval(watchBudget);
    }
    assert.equal(report.result, 'drained', JSON.stringify(report));
    assert.deepEqual(names(report.evicted), onNode2);
    const blocked = rec.events.filter((e): e is Extract<DrainEvent, { type: 'blocked' }> => e.type === 'blocked');
    assert.ok(blocked.length >= 1, 'a web pod was held by its budget');
    assert.equal(blocked[0].answer.kind, 'blocked');
    assert.equal(blocked[0].answer.kind === 'blocked' && blocked[0].answer.pdb.name, 'web-pdb');
    assert.equal(blocked[0].retry.when, 'budgetAllows');
    // Retried when the budget allowed, not blindly: a couple of attempts, not one per second.
    const heldPod = blocked[0].pod.name;
    const attempts = rec.events.filter((e) => e.type === 'evicting' && e.pod.name === heldPod).length;
    assert.ok(attempts <= 3, `held pod was tried ${attempts} times`);
    assert.ok(lowest >= 2, `web-pdb went down to ${lowest} healthy pods`);
  });
});

describe("kubectl's filters", () => {
  const sb = suiteSandbox({
    manifests: [
      node('n1'),
      node('n2'),
      daemonSet('agent', { startupSeconds: 0 }),
      deployment('cache', 1, { onNode: 'n1', emptyDir: true, startupSeconds: 0, labels: { tier: 'backend' } }),
      deployment('front', 2, { onNode: 'n1', startupSeconds: 0, labels: { tier: 'frontend' } }),
      barePod('bare', 'n1'),
      barePod('static-web', 'n1', { annotations: { 'kubernetes.io/config.mirror': 'abc123' } }),
    ],
  });

  it('errors fail the node before any eviction; the node stays cordoned', async () => {
    const before = podNamesOf(await sb().pods('n1'));
    const rec = recorder<DrainEvent>();
    const report = await drainNode(sb().open(), 'n1', { onProgress: rec.on, timing });
    assert.equal(report.result, 'failed');
    const ds = before.find((n) => n.startsWith('agent-'));
    const cache = before.find((n) => n.startsWith('cache-'));
    assert.deepEqual([...report.filterErrors].sort(), [
      `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/${ds}`,
      `cannot delete Pods with local storage (use --delete-emptydir-data to override): default/${cache}`,
      `cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare`,
    ]);
    assert.deepEqual(rec.types(), ['cordoned']);
    assert.deepEqual(report.evicted, []);
    assert.equal(report.cordoned, true);
    assert.deepEqual(podNamesOf(await sb().pods('n1')), before);
  });

  it('--pod-selector limits the drain to matching pods', async () => {
    const front = podNamesOf(await onNode(sb(), 'n1', 'front'));
    const report = await drainNode(sb().open(), 'n1', { podSelector: 'tier=frontend', timing });
    assert.equal(report.result, 'drained', JSON.stringify(report));
    assert.deepEqual(names(report.evicted), front);
    assert.ok((await onNode(sb(), 'n1', 'cache')).length === 1, 'the backend pod is untouched');
  });

  it('an invalid --pod-selector is refused before anything is sent', async () => {
    const requests: string[] = [];
    const report = await drainNode(sb().open({ onRequest: (r) => requests.push(r.url) }), 'n1', { podSelector: 'tier in (a' });
    assert.deepEqual(report.failure, { kind: 'invalid', message: '--pod-selector=<pod_selector> must be a valid label selector' });
    assert.deepEqual(requests, []);
  });

  it('with the flags: warnings, DaemonSet and mirror pods stay, the rest is evicted', async () => {
    const ds = podNamesOf(await onNode(sb(), 'n1', 'agent'));
    const cache = podNamesOf(await onNode(sb(), 'n1', 'cache'));
    const rec = recorder<DrainEvent>();
    const report = await drainNode(sb().open(), 'n1', { ignoreDaemonSets: true, deleteEmptyDirData: true, force: true, onProgress: rec.on, timing });
    assert.equal(report.result, 'drained', JSON.stringify(report));
    // The local-storage warning of the replicated cache pod is lost: kubectl's chain keeps only the last
    // filter's status, and the unreplicated filter that runs after it says Okay (spec §4, filters).
    assert.equal(report.warnings, `ignoring DaemonSet-managed Pods: default/${ds[0]}; deleting Pods that declare no controller: default/bare`);
    assert.deepEqual(rec.events.filter((e) => e.type === 'warning').length, 1);
    assert.deepEqual(names(report.evicted), ['bare', ...cache].sort());
    assert.deepEqual(podNamesOf(await sb().pods('n1')), [...ds, 'static-web'].sort());
  });
});

describe('budgets: two over one pod, one that never allows', () => {
  const sb = suiteSandbox({
    manifests: [
      node('n1'),
      node('n2'),
      deployment('api', 2, { preferNode: 'n1', startupSeconds: 0 }),
      pdb('api-pdb', { maxUnavailable: 1, matchLabels: { app: 'api' } }),
      pdb('api-pdb-too', { maxUnavailable: 1, matchLabels: { app: 'api' } }),
      deployment('free', 2, { preferNode: 'n1', startupSeconds: 0 }),
    ],
  });

  it('a pod under two budgets fails at once (500, both named); the others are evicted', async () => {
    const api = podNamesOf(await onNode(sb(), 'n1', 'api'));
    const free = podNamesOf(await onNode(sb(), 'n1', 'free'));
    assert.equal(api.length, 2);
    const rec = recorder<DrainEvent>();
    const report = await drainNode(sb().open(), 'n1', { onProgress: rec.on, timing });
    assert.equal(report.result, 'failed');
    assert.deepEqual(names(report.evicted), free);
    assert.deepEqual(names(report.left.map((l) => l.pod)), api);
    for (const left of report.left) {
      assert.equal(left.reason, 'failed');
      assert.equal(left.answer?.kind, 'multipleBudgets');
      assert.deepEqual(left.answer?.kind === 'multipleBudgets' && [...left.answer.pdbs].sort(), ['api-pdb', 'api-pdb-too']);
      assert.equal(left.message, drainMessages.evictionError(left.pod.name, 'default', evictionMessages.multipleBudgets));
    }
    assert.equal(rec.events.filter((e) => e.type === 'evicting' && api.includes(e.pod.name)).length, 2, 'no retry of a 500');
    assert.deepEqual(names(report.pendingPods), api);
    assert.equal(report.cordoned, true);
  });
});

describe('a budget that never allows: cancellation, timeout, a pod that vanishes', () => {
  const sb = suiteSandbox({
    manifests: [
      node('n1'),
      node('n2'),
      node('n3'),
      deployment('held', 2, { onNode: 'n1', startupSeconds: 0 }),
      pdb('held-pdb', { minAvailable: 2, matchLabels: { app: 'held' } }),
      deployment('free', 2, { preferNode: 'n1', startupSeconds: 0, shutdownSeconds: 0 }),
      deployment('other', 1, { onNode: 'n2', startupSeconds: 0 }),
      pdb('other-pdb', { minAvailable: 1, matchLabels: { app: 'other' } }),
      deployment('solo', 1, { onNode: 'n3', startupSeconds: 0 }),
      pdb('solo-pdb', { minAvailable: 1, matchLabels: { app: 'solo' } }),
    ],
  });

  it('cancellation stops the drain: evictions done are reported, held pods left, node cordoned', async () => {
    const held = podNamesOf(await onNode(sb(), 'n1', 'held'));
    const free = podNamesOf(await onNode(sb(), 'n1', 'free'));
    const controller = new AbortController();
    const rec = recorder<DrainEvent>();
    const report = await drainNode(sb().open(), 'n1', {
      signal: controller.signal,
      timing,
      onProgress: (e) => {
        rec.on(e);
        if (e.type === 'blocked') controller.abort();
      },
    });
    assert.equal(report.result, 'cancelled');
    assert.equal(report.cordoned, true);
    assert.equal(report.explanation.summary, 'node/n1 not drained: cancelled');
    const accepted = report.evicted.length + report.terminating.length;
    assert.match(report.explanation.details, new RegExp(`^${accepted} pods? evicted.*; 2 pods held by PodDisruptionBudgets`));
    assert.deepEqual(names(report.left.map((l) => l.pod)), held);
    assert.ok(report.left.every((l) => l.reason === 'blocked' && l.answer?.kind === 'blocked'));
    assert.deepEqual(names([...report.evicted, ...report.terminating]), free, 'every eviction the server accepted is reported');
    assert.deepEqual(podNamesOf(await onNode(sb(), 'n1', 'held')), held);
    assert.equal((await sb().node('n1')).spec?.unschedulable, true);
  });

  it('--timeout: kubectl\'s "global timeout reached" for pods still held', async () => {
    const held = podNamesOf(await onNode(sb(), 'n1', 'held'));
    const report = await drainNode(sb().open(), 'n1', { timeoutMs: 1000, timing });
    assert.equal(report.result, 'timedOut');
    assert.deepEqual(
      [...report.errors].sort(),
      held.map((name) => `error when evicting pods/"${name}" -n "default": global timeout reached: 1s`),
    );
    assert.equal(report.cordoned, true);
  });

  it('a held pod deleted by someone else counts as evicted and the drain completes', async () => {
    const others = podNamesOf(await onNode(sb(), 'n2'));
    assert.equal((await onNode(sb(), 'n2', 'other')).length, 1);
    const rec = recorder<DrainEvent>();
    let deleted = false;
    const report = await drainNode(sb().open(), 'n2', {
      timing,
      onProgress: (e) => {
        rec.on(e);
        if (e.type === 'blocked' && !deleted) {
          deleted = true;
          void sb().kubectl(['delete', 'pod', e.pod.name, '--wait=false', '--grace-period=0', '--force']);
        }
      },
    });
    assert.ok(deleted, 'the pod was held first');
    assert.equal(report.result, 'drained', JSON.stringify(report));
    assert.deepEqual(names(report.evicted), others);
  });

  it('server dry run: the API server answers each step, nothing changes, refusals are not retried', async () => {
    const before = podNamesOf(await sb().pods('n3'));
    const rec = recorder<DrainEvent>();
    const report = await drainNode(sb().open(), 'n3', { dryRun: 'server', onProgress: rec.on, timing });
    assert.equal(report.cordoned, false);
    assert.equal((await sb().node('n3')).spec?.unschedulable, undefined);
    const solo = podNamesOf(await onNode(sb(), 'n3', 'solo'));
    assert.deepEqual(names(report.left.map((l) => l.pod)), solo);
    assert.deepEqual(report.left.map((l) => l.answer?.kind), ['blocked']);
    assert.deepEqual(names(report.evicted), before.filter((n) => !solo.includes(n)));
    assert.deepEqual(rec.events.filter((e) => e.type === 'blocked').map((e) => e.type === 'blocked' && e.retry.when), ['never']);
    assert.deepEqual(podNamesOf(await sb().pods('n3')), before);
  });

  it('client dry run: no writes at all, every pod it would evict named', async () => {
    const before = podNamesOf(await sb().pods('n3'));
    const methods: string[] = [];
    const rec = recorder<DrainEvent>();
    const report = await drainNode(sb().open({ onRequest: (r) => methods.push(r.method) }), 'n3', { dryRun: 'client', onProgress: rec.on });
    assert.equal(report.result, 'drained');
    assert.equal(report.cordoned, false);
    assert.deepEqual([...new Set(methods)], ['GET']);
    assert.deepEqual(rec.events.filter((e) => e.type === 'evicting').map((e) => e.type === 'evicting' && `${e.pod.name} ${e.dryRun}`), before.map((n) => `${n} client`));
    assert.equal((await sb().node('n3')).spec?.unschedulable, undefined);
  });
});

describe('faults: clear failures, nothing thrown', () => {
  const sb = suiteSandbox({ manifests: [node('n1')] }, async () => undefined);

  async function drainWith(kubeconfig: string, nodeName = 'n1'): Promise<DrainReport> {
    const cluster = openCluster({ kubeconfig });
    try {
      return await drainNode(cluster, nodeName, { timing });
    } finally {
      cluster.close();
    }
  }

  it('a node that does not exist', async () => {
    const report = await drainNode(sb().open(), 'n9');
    assert.equal(report.result, 'failed');
    assert.equal(report.failure?.kind, 'notFound');
    assert.equal(report.failure?.message, 'nodes "n9" not found');
    assert.equal(report.cordoned, false);
  });

  it('an unreachable server', async () => {
    const report = await drainWith(variantKubeconfig(sb(), 'refused', (c) => (c.clusters[0].cluster.server = 'https://127.0.0.1:1')));
    assert.equal(report.failure?.kind, 'unreachable');
    assert.equal(report.failure?.kind === 'unreachable' && report.failure.cause, 'connectionRefused');
  });

  it('a wrong certificate authority', async () => {
    const other = await sandbox({ manifests: [node('x')] });
    try {
      const report = await drainWith(variantKubeconfig(sb(), 'wrong-ca', (c) => (c.clusters[0].cluster['certificate-authority-data'] = Buffer.from(other.ca).toString('base64'))));
      assert.equal(report.failure?.kind === 'unreachable' && report.failure.cause, 'tlsUnknownAuthority');
    } finally {
      await other.stop();
    }
  });

  it('a user RBAC does not allow to cordon (the viewer context, a client certificate): 403, and, as kubectl, the drain goes on', async () => {
    const cluster = openCluster({ kubeconfig: sb().kubeconfigPath, context: 'kube-eviction-sandbox-viewer' });
    const rec = recorder<DrainEvent>();
    let report: DrainReport;
    try {
      report = await drainNode(cluster, 'n1', { timing, onProgress: rec.on });
    } finally {
      cluster.close();
    }
    const failed = rec.events.find((e) => e.type === 'cordonFailed');
    assert.equal(failed?.type === 'cordonFailed' && failed.failure.kind, 'forbidden');
    assert.equal(failed?.type === 'cordonFailed' && failed.failure.message, 'nodes "n1" is forbidden: User "kube-eviction-sandbox-viewer" cannot patch resource "nodes" in API group "" at the cluster scope');
    assert.match(failed?.type === 'cordonFailed' ? failed.explanation.details : '', /RBAC does not allow this request/);
    // n1 holds no pod: nothing to evict, so kubectl would say drained too.
    assert.equal(report.result, 'drained');
    assert.equal(report.cordoned, false);
    assert.match(report.explanation.details, /The node could not be cordoned/);
    assert.equal((await sb().node('n1')).spec?.unschedulable, undefined, 'nothing was cordoned');
  });

  it('a token the server rejects (401), never echoed', async () => {
    const token = 'expired-token-abcdef123456';
    const report = await drainWith(variantKubeconfig(sb(), '401', (c) => (c.users[0].user.token = token)));
    assert.equal(report.failure?.kind, 'unauthorized');
    assert.ok(!JSON.stringify(report).includes(token));
    assert.equal((await sb().node('n1')).spec?.unschedulable, undefined, 'nothing was cordoned');
  });
});

describe('the server goes away mid-drain', () => {
  const sb = suiteSandbox({ manifests: [node('n1'), node('n2'), deployment('held', 1, { onNode: 'n1', startupSeconds: 0 }), pdb('held-pdb', { minAvailable: 1, matchLabels: { app: 'held' } })] });

  it('ends with the failure and what is left, instead of waiting for ever', async () => {
    const held = podNamesOf(await onNode(sb(), 'n1', 'held'));
    const report = await drainNode(sb().open(), 'n1', {
      onProgress: (e) => {
        if (e.type === 'blocked') void sb().stop();
      },
    });
    assert.equal(report.result, 'failed');
    assert.equal(report.failure?.kind, 'unreachable');
    assert.equal(report.failure?.kind === 'unreachable' && report.failure.cause, 'connectionRefused');
    assert.deepEqual(names(report.left.map((l) => l.pod)), held);
    assert.equal(report.explanation.summary, `Cannot reach the API server at ${report.failure?.kind === 'unreachable' && report.failure.server}`);
  });
});

describe('--skip-wait-for-delete-timeout', () => {
  // Real-time clock: the skip compares the pod's deletionTimestamp with this machine's clock, as kubectl does.
  const manifests = [node('n1'), node('n2'), barePod('stuck', 'n1', { terminationGracePeriodSeconds: 1, startupSeconds: 0 })];
  const sb = suiteSandbox({ speed: 1, manifests }, async (s) => {
    await allReady(s);
    // A finalizer keeps the pod after its grace period: its deletionTimestamp falls into the past.
    const patch = await s.kubectl(['patch', 'pod', 'stuck', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}']);
    assert.equal(patch.code, 0, patch.stderr);
  });

  it('stops waiting for a pod deleting for longer than N seconds', async () => {
    const rec = recorder<DrainEvent>();
    const report = await drainNode(sb().open(), 'n1', { force: true, skipWaitForDeleteTimeoutSeconds: 1, onProgress: rec.on, timing });
    assert.equal(report.result, 'drained', JSON.stringify(report));
    assert.deepEqual(names(report.terminating), ['stuck']);
    const skipped = rec.events.find((e) => e.type === 'skipped');
    assert.equal(skipped?.type === 'skipped' && skipped.message, 'pod "stuck" has DeletionTimestamp older than 1 seconds, skipping');
    await eventually(async () => ((await sb().pod('default', 'stuck'))?.metadata?.deletionTimestamp ? true : undefined), 'stuck still terminating');
  });
});

describe('a budget still being processed', () => {
  const sb = suiteSandbox({ manifests: [node('n1'), node('n2'), deployment('queue', 2, { preferNode: 'n1', startupSeconds: 0 }), pdb('queue-pdb', { minAvailable: 2, matchLabels: { app: 'queue' } })] });

  it('meets the 429 with Retry-After 10, retries no sooner, and completes', async () => {
    const queued = podNamesOf(await onNode(sb(), 'n1', 'queue'));
    assert.equal(queued.length, 2);
    // The controller sees the relaxed budget 100 s later: 5 s at the sandbox's speed, within the 10 s Retry-After.
    await sb().patchPdb('default', 'queue-pdb', { minAvailable: 1 }, { [knobs.disruptionLatencySeconds]: '100' });
    const rec = recorder<DrainEvent>();
    const report = await drainNode(sb().open(), 'n1', { onProgress: rec.on, timing });
    assert.equal(report.result, 'drained', JSON.stringify(report));
    assert.deepEqual(names(report.evicted), queued);
    const processing = rec.events.filter((e): e is Extract<DrainEvent, { type: 'blocked' }> => e.type === 'blocked' && e.answer.kind === 'stillProcessing');
    // One each: a retry before the Retry-After (the 1 s floor) would have met the budget still being processed again.
    assert.deepEqual(processing.map((e) => e.pod.name).sort(), queued);
    for (const e of processing) {
      assert.deepEqual(e.retry, { when: 'retryAfter', seconds: 10 });
      assert.deepEqual(e.explanation, stillProcessing);
    }
  });
});
