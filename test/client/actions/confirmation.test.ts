// When a real eviction or drain asks first, and what the dialog says.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confirmationRequired, drainConfirmation, evictionConfirmation, evictionsConfirmation, type Target } from '../../../client/src/actions/confirmation';
import type { DrainChoices } from '../../../client/src/actions/drainChoices';
import { forecastDrain, forecastEviction, forecastEvictions } from '../../../client/src/forecast';
import { planDrain, snapshotOfManifests } from '../../../client/src/cluster';
import { defaultDrainFilterOptions } from '../../../server/src/k8s/drain';
import type { Node } from '../../../server/src/k8s/types';
import { walkthroughScenario } from '../../../server/src/sim/scenarios/walkthrough';
import { pdb, pod } from '../explorer/fixtures';

const target: Target = { context: 'staging-admin', cluster: 'staging', server: 'https://k8s.example:6443' };
const choices: DrainChoices = { ignoreDaemonSets: true, deleteEmptyDirData: false, force: false, gracePeriodSeconds: -1, timeoutSeconds: 0 };
const now = Date.parse('2026-01-01T00:00:00Z');

describe('confirmationRequired', () => {
  const cases: [string, { confirm: boolean; alwaysConfirmContexts: string }, { context: string; cluster: string }, ReturnType<typeof confirmationRequired>][] = [
    ['the setting on', { confirm: true, alwaysConfirmContexts: 'prod' }, { context: 'dev', cluster: 'dev' }, { required: true, why: 'setting' }],
    ['the setting off', { confirm: false, alwaysConfirmContexts: 'prod' }, { context: 'dev', cluster: 'dev' }, { required: false }],
    ['off, but the context name matches (any case)', { confirm: false, alwaysConfirmContexts: 'prod' }, { context: 'EU-Production', cluster: 'eu' }, { required: true, why: 'pattern' }],
    ['off, but the cluster name matches', { confirm: false, alwaysConfirmContexts: 'prod' }, { context: 'admin@eu', cluster: 'prod-eu-1' }, { required: true, why: 'pattern' }],
    ['off, a pattern of alternatives', { confirm: false, alwaysConfirmContexts: '^(live|prd)-' }, { context: 'prd-1', cluster: 'x' }, { required: true, why: 'pattern' }],
    ['off, an empty pattern', { confirm: false, alwaysConfirmContexts: '' }, { context: 'prod', cluster: 'prod' }, { required: false }],
  ];
  for (const [name, settings, where, expected] of cases) it(name, () => assert.deepEqual(confirmationRequired(settings, where), expected));

  it('an invalid pattern asks every time, and says why', () => {
    const decision = confirmationRequired({ confirm: false, alwaysConfirmContexts: 'prod(' }, { context: 'dev', cluster: 'dev' });
    assert.equal(decision.required && decision.why, 'invalidPattern');
    assert.match(decision.required && decision.why === 'invalidPattern' ? decision.problem : '', /^kubeEviction\.alwaysConfirmContexts is not a valid regular expression \(.+\); asking every time$/);
  });
});

describe('evictionConfirmation', () => {
  it('names the pod, the context and the cluster, and forecasts the answer', () => {
    const c = evictionConfirmation(target, { namespace: 'default', name: 'web-a' }, forecastEviction(pod('web-a', 'n1', { app: 'web' }), [pdb('web-pdb', 'web', {})], now));
    assert.equal(c.message, 'Evict pod default/web-a on context "staging-admin"?');
    assert.equal(c.button, 'Evict');
    assert.equal(
      c.detail,
      'Context: staging-admin\nCluster: staging (https://k8s.example:6443)\n\n' +
        'web-pdb (minAvailable 2; 3 healthy, 2 desired) allows 1 disruption now: the API server should accept (201), leaving 0 until a replacement is Ready.\n\n' +
        'An accepted eviction deletes the pod with its own grace period; its controller, if it has one, creates a replacement.',
    );
  });

  it('a pod the explorer has not seen, with the grace period of an Eviction manifest', () => {
    const c = evictionConfirmation(target, { namespace: 'default', name: 'ghost' }, undefined, 5);
    assert.match(c.detail, /The pod and its budgets could not be read, so the answer is not forecast; the API server decides\.\n\nAn accepted eviction deletes the pod with a grace period of 5 s;/);
  });
});

describe('evictionsConfirmation', () => {
  it('names the count and the context, and each pod with its forecast, the budget spent in turn', () => {
    const pods = [pod('web-a', 'n1', { app: 'web' }), pod('web-b', 'n2', { app: 'web' })];
    const forecasts = forecastEvictions(pods, () => [pdb('web-pdb', 'web', {})], now).map(({ pod: p, forecast }) => ({ pod: { namespace: 'default', name: p.metadata!.name! }, forecast }));
    const c = evictionsConfirmation(target, forecasts);
    assert.equal(c.message, 'Evict 2 pods on context "staging-admin"?');
    assert.equal(c.button, 'Evict');
    const parts = c.detail.split('\n\n');
    assert.equal(parts[0], 'Context: staging-admin\nCluster: staging (https://k8s.example:6443)');
    assert.match(parts[1]!, /^2 pods are evicted, all at once:\n• default\/web-a: .*should accept \(201\).*\n• default\/web-b: .*should refuse \(429\)/);
    assert.match(parts[2]!, /retried as soon as it allows one again; you can cancel/);
  });
});

describe('drainConfirmation', () => {
  const planFailure = 'the cluster could not be listed: connect ECONNREFUSED 10.0.0.1:6443';
  const fallback = (forecast: ReturnType<typeof forecastDrain>) => ({ kind: 'forecast' as const, forecast, planFailure });

  it("the plan simulated on a copy: node-2 right after node-1 (node-1 cordoned) is held by web-pdb on the Pending replacement, and completes once node-1 is uncordoned; the one-step forecast's contradiction is gone", async () => {
    const objects = walkthroughScenario().map((o) => (o.kind === 'Node' && o.metadata?.name === 'node-1' ? { ...(o as Node), spec: { unschedulable: true } } : o));
    const planned = await planDrain(snapshotOfManifests(objects, 'the walkthrough, node-1 drained', now), { nodes: ['node-2'] });
    assert.ok(planned.ok);
    const c = drainConfirmation(target, 'node-2', { kind: 'plan', plan: planned.plan }, choices);
    assert.equal(c.message, 'Drain node node-2 on context "staging-admin"?');
    const [where, simulated, ...rest] = c.detail.split('\n\n');
    assert.equal(where, 'Context: staging-admin\nCluster: staging (https://k8s.example:6443)');
    assert.equal(simulated, 'Simulated first on a copy of the cluster, with these options (nothing was changed):');
    const plan = rest.slice(0, -1).join('\n\n');
    assert.match(plan, /^Completes only once node-1 is uncordoned: node-2 is stuck until then\n/);
    assert.doesNotMatch(plan, /In virtual time|as of /, 'brief: the verdict without its explanation, nor where and when the copy was taken');
    assert.match(plan, /^- evicted at once: default\/web-\S+ at 0s, gone at 2s$/m);
    assert.match(plan, /^- held: default\/web-\S+ by web-pdb from 0s, never released: web-pdb allows no disruption until 1 more pod is Ready: default\/web-\S+ is Pending: 0\/3 nodes are available: 1 Insufficient cpu, 2 node\(s\) were unschedulable/m);
    assert.match(plan, /^- uncordon node-1 at \S+: completes by \S+$/m);
    assert.match(plan, /^Left Pending\n- default\/web-\S+ \(since 0s\): the scheduler's message quoted above$/m);
    assert.equal(plan.match(/Insufficient cpu/g)?.length, 1, "the scheduler's message once");
    assert.doesNotMatch(c.detail, /needs 2 healthy pods and has 3/);
    assert.equal(rest.at(-1), "Options: ignore DaemonSets, each pod's own grace period, no timeout. node-2 stays cordoned afterwards, whatever happens.");
  });

  it('without a plan, the one-step forecast: each eviction with its forecast, the pods left alone, the options, and why it is not the plan', () => {
    const daemon = { ...pod('agent', 'n1', { app: 'agent' }), metadata: { name: 'agent', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', controller: true }] } };
    const f = forecastDrain([pod('web-a', 'n1', { app: 'web' }), pod('web-b', 'n1', { app: 'web' }), daemon], () => [pdb('web-pdb', 'web', {})], { ...defaultDrainFilterOptions, ignoreAllDaemonSets: true }, now);
    const c = drainConfirmation(target, 'n1', fallback(f), choices);
    assert.equal(c.message, 'Drain node n1 on context "staging-admin"?');
    assert.equal(c.button, 'Drain');
    const parts = c.detail.split('\n\n');
    assert.equal(parts[0], 'Context: staging-admin\nCluster: staging (https://k8s.example:6443)');
    assert.equal(parts[1], `The drain could not be simulated (${planFailure}); this is a one-step forecast from the live objects instead.`);
    assert.match(parts[2]!, /^n1 will be cordoned, then 2 pods are evicted:\n• default\/web-a: .*should accept \(201\).*\n• default\/web-b: .*should refuse \(429\)/);
    assert.match(parts[3]!, /retried as soon as it allows one again; you can cancel/);
    assert.equal(parts[4], 'Left alone: default/agent (ignoring DaemonSet-managed Pods).');
    assert.equal(parts[5], "Options: ignore DaemonSets, each pod's own grace period, no timeout. n1 stays cordoned afterwards, whatever happens.");
  });

  it('a drain the filters stop says nothing will be evicted', () => {
    const bare = { ...pod('bare', 'n1', { app: 'bare' }), metadata: { name: 'bare', namespace: 'default' } };
    const c = drainConfirmation(target, 'n1', fallback(forecastDrain([bare], () => [], defaultDrainFilterOptions, now)), { ...choices, ignoreDaemonSets: false });
    assert.match(c.detail, /n1 will be cordoned, then the drain stops before evicting anything:\ncannot delete cannot delete Pods that declare no controller \(use --force to override\): default\/bare/);
  });

  it('a long list is cut short', () => {
    const pods = Array.from({ length: 12 }, (_, i) => pod(`p${i}`, 'n1', { app: 'x' }));
    const c = drainConfirmation(target, 'n1', fallback(forecastDrain(pods, () => [], defaultDrainFilterOptions, now)), choices);
    assert.match(c.detail, /• default\/p7: .*\n… and 4 more/);
  });

  it('a long plan is cut short, so that the dialog keeps its buttons in the window', async () => {
    const node = (name: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, status: { allocatable: { cpu: '40', memory: '64Gi', pods: '110' } } });
    const labels = { app: 'many' };
    const many = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'many', namespace: 'default' }, spec: { replicas: 40, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }] } } } };
    const planned = await planDrain(snapshotOfManifests([node('n1'), node('n2'), many], '40 replicas on two nodes', now), { nodes: ['n1'] });
    assert.ok(planned.ok);
    const [, , plan] = drainConfirmation(target, 'n1', { kind: 'plan', plan: planned.plan }, choices).detail.split('\n\n');
    const lines = plan!.split('\n');
    assert.equal(lines.length, 17, plan);
    assert.ok(!lines.includes(''), 'no blank line');
    assert.match(lines[16]!, /^… and \d+ more lines: Simulate Drain shows the whole plan\.$/);
  });

  it('pods already Pending before the plan: three named, the rest counted', async () => {
    const objects = walkthroughScenario().map((o) => (o.kind === 'Deployment' && o.metadata?.name === 'batch-worker' ? { ...o, spec: { ...(o as { spec: object }).spec, replicas: 12 } } : o));
    const planned = await planDrain(snapshotOfManifests(objects, 'the walkthrough, 12 batch workers', now), { nodes: ['node-1'] });
    assert.ok(planned.ok);
    assert.equal(planned.plan.pendingBefore.length, 10);
    const { detail } = drainConfirmation(target, 'node-1', { kind: 'plan', plan: planned.plan }, choices);
    assert.match(detail, /^Already Pending before the plan, and still: default\/batch-worker-\S+, default\/batch-worker-\S+, default\/batch-worker-\S+ and 7 more\.$/m);
  });

  it('a cluster not listed: nothing is forecast, and it says so', () => {
    const c = drainConfirmation(target, 'n1', { kind: 'unknown' }, choices);
    assert.equal(c.detail.split('\n\n')[1], 'The cluster is not listed, so what the drain will meet cannot be forecast.');
  });
});
