// evictPods against the sandbox: pods chosen together (the Cluster view's
// multi-select) are evicted as a drain evicts a node's, without a cordon or
// the drain's filters: a refusal by a budget is retried as soon as the budget
// allows, so the budget is respected one pod at a time, and every pod's
// answer is in the report.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evictPods, type DrainEvent, type PodRef } from '../../../client/src/cluster';
import { allReady, barePod, deployment, node, noUnhandledRejections, pdb, recorder, suiteSandbox } from './support';

noUnhandledRejections();

const names = (refs: readonly PodRef[]) => refs.map((r) => r.name).sort();
const timing = { watchedRetryMs: 10_000 };

describe('evictPods: pods chosen together', () => {
  const sb = suiteSandbox({
    manifests: [
      node('n1'),
      node('n2'),
      deployment('web', 3, { startupSeconds: 40 }),
      pdb('web-pdb', { minAvailable: 2, matchLabels: { app: 'web' } }),
      barePod('loner', 'n2'),
    ],
  });

  it('two pods of a budget that allows one: the second waits for the first one\'s replacement; no cordon, no filter, never below the budget', async () => {
    const web = (await sb().pods()).filter((p) => p.metadata?.labels?.app === 'web').map((p) => ({ namespace: 'default', name: p.metadata!.name! }));
    // A pod without a controller, which a drain refuses without --force: chosen by name, it is simply evicted.
    const chosen = [web[0]!, web[1]!, { namespace: 'default', name: 'loner' }];
    const rec = recorder<DrainEvent>();
    let lowest = Infinity;
    const watchBudget = setInterval(() => {
      sb().pdb('default', 'web-pdb').then((budget) => (lowest = Math.min(lowest, budget.status?.currentHealthy ?? lowest)), () => undefined);
    }, 20);
    const report = await evictPods(sb().open(), chosen, { onProgress: rec.on, timing }).finally(() => clearInterval(watchBudget));
    assert.equal(report.result, 'drained', JSON.stringify(report));
    assert.deepEqual(names(report.evicted), names(chosen));
    assert.equal(report.cordoned, false);
    assert.deepEqual(report.left, []);
    assert.deepEqual(report.explanation, { summary: '3 pods evicted', details: '3 pods evicted; every PodDisruptionBudget was respected.' });
    assert.equal(rec.events.some((e) => e.type === 'cordoned'), false, 'nothing cordoned');
    const blocked = rec.events.filter((e): e is Extract<DrainEvent, { type: 'blocked' }> => e.type === 'blocked');
    assert.equal(blocked.length >= 1 && blocked[0]!.answer.kind === 'blocked' && blocked[0]!.answer.pdb.name, 'web-pdb', 'one web pod waited for web-pdb');
    assert.equal(blocked[0]!.retry.when, 'budgetAllows');
    assert.ok(lowest >= 2, `web-pdb went down to ${lowest} healthy pods`);
    for (const node of ['n1', 'n2']) assert.equal((await sb().node(node)).spec?.unschedulable, undefined);
    for (const pod of chosen) assert.equal(await sb().pod('default', pod.name), undefined, `${pod.name} is gone`);
  });

  it('a server dry run: each answer, nothing changed (a dry run spends no disruption); a pod that does not exist is 404', async () => {
    const web = (await allReady(sb(), 'the replacements Ready')).filter((p) => p.metadata?.labels?.app === 'web');
    const chosen = web.map((p) => ({ namespace: 'default', name: p.metadata!.name! }));
    assert.equal(chosen.length, 3);
    const rec = recorder<DrainEvent>();
    const report = await evictPods(sb().open(), [...chosen, { namespace: 'default', name: 'ghost' }], { dryRun: 'server', onProgress: rec.on, timing });
    assert.equal(report.result, 'drained', JSON.stringify(report));
    assert.deepEqual(report.explanation.summary, '4 pods: every eviction would be accepted (server dry run)');
    const gone = rec.events.filter((e) => e.type === 'gone' && e.alreadyGone).map((e) => 'pod' in e && e.pod.name);
    assert.deepEqual(gone, ['ghost'], 'the API server answered 404 for ghost');
    assert.deepEqual(names(report.evicted), names([...chosen, { namespace: 'default', name: 'ghost' }]));
    assert.equal(rec.events.filter((e) => e.type === 'evicting').length, chosen.length + 1, 'each sent once');
    for (const pod of chosen) assert.equal((await sb().pod('default', pod.name))?.metadata?.deletionTimestamp, undefined, `${pod.name} untouched`);
  });
});
