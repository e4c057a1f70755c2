// The actions a plan's report offers on its lines, on the plan the issue
// starts from: node-2 drained right after node-1 (node-1 still cordoned).
// What the plan made up (the simulated replacement) is not in the live
// cluster and gets no lens; a report of another context offers only its
// preview.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { DrainChoices } from '../../../client/src/actions/drainChoices';
import { planDrain, planReport, snapshotOfManifests, type DrainPlan } from '../../../client/src/cluster';
import { commandIds } from '../../../client/src/commandIds';
import { planLenses, type LiveObjects } from '../../../client/src/reports/planLenses';
import type { Node, Pod } from '../../../server/src/k8s/types';
import { walkthroughScenario } from '../../../server/src/sim/scenarios/walkthrough';

const choices: DrainChoices = { ignoreDaemonSets: true, deleteEmptyDirData: false, force: false, gracePeriodSeconds: -1, timeoutSeconds: 0 };
const now = Date.parse('2026-01-01T00:00:00Z');
const uri = 'kube-eviction-plan:/1/Drain%20plan%20node-2.md';

describe('planLenses', () => {
  let plan: DrainPlan;
  let held: string;
  let replacement: string;
  before(async () => {
    const objects = walkthroughScenario().map((o) => (o.kind === 'Node' && o.metadata?.name === 'node-1' ? { ...(o as Node), spec: { unschedulable: true } } : o));
    const planned = await planDrain(snapshotOfManifests(objects, 'the walkthrough, node-1 drained', now), { nodes: ['node-2'] });
    assert.ok(planned.ok);
    plan = planned.plan;
    assert.equal(plan.verdict, 'completes-after-event');
    [held] = plan.nodes[0]!.held.map((h) => h.pod);
    [replacement] = plan.pending.map((p) => p.pod);
    assert.ok(held && replacement, JSON.stringify(plan.nodes[0]));
  });

  /** The live cluster: node-1 cordoned, node-2, and the pods of the copy as they were (not the replacement the plan made). */
  const live = (cordoned: boolean): LiveObjects => ({
    node: (name) => (['node-1', 'node-2', 'node-3'].includes(name) ? ({ metadata: { name }, spec: name === 'node-1' && cordoned ? { unschedulable: true } : {} } as Node) : undefined),
    pod: (namespace, name) => (`${namespace}/${name}` === replacement ? undefined : ({ metadata: { namespace, name } } as Pod)),
  });
  const ref = (pod: string) => ({ namespace: pod.split('/')[0], name: pod.split('/')[1] });

  it('title: preview and simulate again; verdict: the uncordon it names; node: drain it for real with the same options; hold: the budget and the held pod, not the replacement', () => {
    const report = planReport(plan);
    const lines = report.markdown.split('\n');
    const lenses = planLenses(report, plan, live(true), choices, uri).map(({ line, title, command, argument }) => [lines[line]!.slice(0, 40), title, command, argument]);
    const heldLine = lines.find((l) => l.startsWith('- held: '))!.slice(0, 40);
    assert.deepEqual(lenses, [
      [lines[0]!.slice(0, 40), 'Open Preview', 'markdown.showPreviewToSide', uri],
      [lines[0]!.slice(0, 40), 'Simulate Again', commandIds.simulateDrain, { kind: 'plan', nodes: ['node-2'], choices }],
      ['**Completes only once node-1 is uncordon', 'Uncordon node-1', commandIds.uncordonNode, { kind: 'node', id: '', name: 'node-1' }],
      [lines.find((l) => l.startsWith('### node-2'))!.slice(0, 40), 'Drain node-2…', commandIds.drainNode, { kind: 'node', id: '', name: 'node-2', choices }],
      [lines.find((l) => l.startsWith('### node-2'))!.slice(0, 40), 'Show node-2', commandIds.showDetails, { kind: 'node', id: '', name: 'node-2' }],
      [heldLine, 'Open web-pdb', commandIds.showDetails, { kind: 'pdb', id: '', namespace: 'default', name: 'web-pdb' }],
      [heldLine, `Reveal ${held}`, commandIds.revealPod, ref(held)],
    ]);
  });

  it('node-1 uncordoned since: no Uncordon; the replacement live by then: revealed from the hold and from the pods left Pending', () => {
    const report = planReport(plan);
    const everything: LiveObjects = { ...live(false), pod: (namespace, name) => ({ metadata: { namespace, name } }) as Pod };
    const titles = planLenses(report, plan, everything, choices, uri).map((l) => l.title);
    assert.ok(!titles.includes('Uncordon node-1'), titles.join(', '));
    assert.deepEqual(titles.filter((t) => t === `Reveal ${replacement}`).length, 2, titles.join(', '));
  });

  it('a report of another context than the one in use: only its preview', () => {
    assert.deepEqual(planLenses(planReport(plan), plan, undefined, choices, uri).map((l) => l.title), ['Open Preview']);
  });
});
