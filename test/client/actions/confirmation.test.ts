// When a real eviction or drain asks first, and what the dialog says.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confirmationRequired, drainConfirmation, evictionConfirmation, evictionsConfirmation, type Target } from '../../../client/src/actions/confirmation';
import type { DrainChoices } from '../../../client/src/actions/drainChoices';
import { planDrain, planEvictions, snapshotOfManifests, type PlanSnapshot } from '../../../client/src/cluster';
import { simulatedClusterOf } from '../../../client/src/cluster/plan/snapshot';
import type { KubeObject, Node, Pod } from '../../../server/src/k8s/types';
import type { SimCluster } from '../../../server/src/sim/cluster';
import { walkthroughScenario } from '../../../server/src/sim/scenarios/walkthrough';

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

/** The walkthrough played until its pods run, then restored with `cordoned` unschedulable: a live cluster's snapshot. */
function walkthroughWith(cordoned: readonly string[]): { snapshot: PlanSnapshot; web: string[] } {
  const { sim } = simulatedClusterOf(snapshotOfManifests(walkthroughScenario(), 'the walkthrough', now), {});
  const objects = (['namespaces', 'nodes', 'deployments', 'replicasets', 'poddisruptionbudgets', 'pods'] as const)
    .flatMap((r) => sim.list(r))
    .map((o) => (o.kind === 'Node' && cordoned.includes(o.metadata?.name ?? '') ? { ...(o as Node), spec: { ...(o as Node).spec, unschedulable: true } } : o));
  return { snapshot: { source: 'the walkthrough', mode: 'restore', objects, takenAtMs: sim.now(), skipped: [] }, web: webPodsOf(sim) };
}

/** The web pods' names, by their node's name. */
const webPodsOf = (sim: SimCluster) =>
  (sim.list('pods') as Pod[])
    .filter((p) => p.metadata?.name?.startsWith('web-'))
    .sort((a, b) => (a.spec?.nodeName ?? '').localeCompare(b.spec?.nodeName ?? ''))
    .map((p) => p.metadata!.name!);

const ref = (name: string) => ({ namespace: 'default', name });
const plannedOn = async (snapshot: PlanSnapshot, pods: string[]) => {
  const planned = await planEvictions(snapshot, { pods: pods.map(ref) });
  assert.ok(planned.ok);
  return { kind: 'plan' as const, plan: planned.plan };
};

describe('evictionConfirmation', () => {
  it('names the pod, the context and the cluster, and the eviction simulated on a copy: the answer, the pod gone, its replacement scheduled', async () => {
    const { snapshot, web } = walkthroughWith([]);
    const c = evictionConfirmation(target, ref(web[0]!), await plannedOn(snapshot, [web[0]!]));
    assert.equal(c.message, `Evict pod default/${web[0]} on context "staging-admin"?`);
    assert.equal(c.button, 'Evict');
    const [where, simulated, last] = c.detail.split('\n\n');
    assert.equal(where, 'Context: staging-admin\nCluster: staging (https://k8s.example:6443)');
    assert.match(simulated!, new RegExp(`^Simulated first on a copy of the cluster \\(nothing was changed\\):\\ndefault/${web[0]}: 201 Created: evicted\\. Accepted at 0s; gone at 2s; its replacement default/web-\\S+ runs on node-\\d, Ready at 11s\\.$`));
    assert.equal(last, 'An accepted eviction deletes the pod with its own grace period; its controller, if it has one, creates a replacement.');
  });

  const cases: { name: string; extra?: object[]; patch?: (o: KubeObject) => KubeObject; pods: (web: readonly string[]) => string[]; line: RegExp }[] = [
    {
      name: 'a budget that never allows a disruption: 429, why, and that nothing is evicted (Evict Pod sends it once)',
      patch: (o) => (o.kind === 'PodDisruptionBudget' && o.metadata?.name === 'web-pdb' ? { ...o, spec: { ...(o as { spec: object }).spec, minAvailable: 3 } } : o),
      pods: (web) => [web[0]!],
      line: /^default\/web-\S+: 429 Too Many Requests: Cannot evict pod as it would violate the pod's disruption budget\. web-pdb allows no disruption: web-pdb can never allow a disruption: it wants 3 healthy of the 3 pods it expects\. Nothing is evicted: Evict Pod sends the eviction once\. The refusal stays: nothing in the simulated cluster makes web-pdb allow it\.$/,
    },
    { name: 'a pod that does not exist: 404, in the API server\'s words', pods: () => ['ghost'], line: /^default\/ghost: 404 Not Found \(pods "ghost" not found\)\. The pod does not exist: nothing is evicted\.$/ },
    {
      name: 'two budgets over the pod: 500 with the core\'s explanation, and the eviction fails',
      extra: [{ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb-2', namespace: 'default' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } }],
      pods: (web) => [web[0]!],
      line: /^default\/web-\S+: 500 Internal Server Error: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support\. The eviction fails: error when evicting pods\/"web-\S+" -n "default": This pod has more than one PodDisruptionBudget/,
    },
    {
      name: 'a pod without a controller: nothing replaces it',
      extra: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }],
      pods: () => ['bare'],
      line: /^default\/bare: 201 Created: evicted\. Accepted at 0s; gone at 2s; no pod replaces it\.$/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const snapshot = snapshotOfManifests([...walkthroughScenario().map(c.patch ?? ((o) => o)), ...((c.extra ?? []) as KubeObject[])], 'the walkthrough', now);
      const pods = c.pods(webPodsOf(simulatedClusterOf(snapshot, {}).sim));
      const parts = evictionConfirmation(target, ref(pods[0]!), await plannedOn(snapshot, pods)).detail.split('\n\n');
      assert.match(parts[1]!.split('\n')[1]!, c.line);
      assert.equal(parts.length, 3, 'no retry note: Evict Pod does not retry a refusal');
    });
  }

  it('not simulated: says why, and that the API server decides; with the grace period of an Eviction manifest', () => {
    const c = evictionConfirmation(target, ref('ghost'), { kind: 'notSimulated', why: 'the cluster could not be listed: cancelled' }, 5);
    assert.match(c.detail, /\n\nThe eviction could not be simulated \(the cluster could not be listed: cancelled\); the API server decides\.\n\nAn accepted eviction deletes the pod with a grace period of 5 s;/);
  });
});

describe('evictionsConfirmation', () => {
  it('each pod with its simulated answer: the first accepted, the second refused by web-pdb until the replacement is Ready (after 11.1 s), whose own replacement stays Pending with the scheduler\'s message', async () => {
    const { snapshot, web } = walkthroughWith(['node-1', 'node-2']);
    const pods = web.slice(0, 2);
    const c = evictionsConfirmation(target, pods.map(ref), await plannedOn(snapshot, pods));
    assert.equal(c.message, 'Evict 2 pods on context "staging-admin"?');
    assert.equal(c.button, 'Evict');
    const parts = c.detail.split('\n\n');
    assert.equal(parts[0], 'Context: staging-admin\nCluster: staging (https://k8s.example:6443)');
    const [lead, first, second] = parts[1]!.split('\n');
    assert.equal(lead, 'Simulated first on a copy of the cluster, all 2 evicted at once (nothing was changed):');
    assert.match(first!, new RegExp(`^• default/${web[0]}: 201 Created\\. Accepted at 0s; gone at 2s; its replacement runs on node-3, Ready at 11s\\.$`));
    assert.match(
      second!,
      new RegExp(
        `^• default/${web[1]}: 429 Too Many Requests\\. web-pdb allows no disruption until 1 more pod is Ready: default/web-\\S+ on node-3 is starting \\(ContainerCreating\\)\\. ` +
          'The refusal clears after 11\\.1s: accepted at 11\\.1s; gone at 13\\.1s; its replacement stays Pending: 0/3 nodes are available: 1 Insufficient cpu, 2 node\\(s\\) were unschedulable\\.',
      ),
    );
    assert.match(parts[2]!, /retried as soon as it allows one again; you can cancel/);
  });

  it('a refusal that stays: the third web pod waits for a replacement that never runs', async () => {
    const { snapshot, web } = walkthroughWith(['node-1', 'node-2']);
    const c = evictionsConfirmation(target, web.map(ref), await plannedOn(snapshot, web));
    const third = c.detail.split('\n\n')[1]!.split('\n')[3]!;
    assert.match(third, new RegExp(`^• default/${web[2]}: 429 Too Many Requests\\. web-pdb allows no disruption until 1 more pod is Ready: default/web-\\S+ is Pending: 0/3 nodes are available: 1 Insufficient cpu, 2 node\\(s\\) were unschedulable.* The refusal stays: nothing in the simulated cluster makes web-pdb allow it \\(retried until you cancel\\)\\.$`));
  });

  it('at most five pods listed, the rest counted, so that the dialog keeps its buttons in the window', async () => {
    const { snapshot, web } = walkthroughWith([]);
    const pods = [...web, 'ghost-1', 'ghost-2', 'ghost-3'];
    const [, simulated] = evictionsConfirmation(target, pods.map(ref), await plannedOn(snapshot, pods)).detail.split('\n\n');
    const lines = simulated!.split('\n');
    assert.equal(lines.length, 7, simulated);
    assert.equal(lines[5], '• default/ghost-2: 404 Not Found (pods "ghost-2" not found). The pod does not exist: nothing is evicted.');
    assert.equal(lines[6], '… and 1 more');
  });

  it('not simulated: says why, once for all', () => {
    const c = evictionsConfirmation(target, [ref('a'), ref('b')], { kind: 'notSimulated', why: 'connect ECONNREFUSED 10.0.0.1:6443' });
    assert.equal(c.detail.split('\n\n')[1], 'The evictions could not be simulated (connect ECONNREFUSED 10.0.0.1:6443); the API server decides.');
  });
});

describe('drainConfirmation', () => {

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

  it('not simulated: says why, and that the API server decides; no one-step forecast instead', () => {
    const c = drainConfirmation(target, 'n1', { kind: 'notSimulated', why: 'the cluster could not be listed: connect ECONNREFUSED 10.0.0.1:6443' }, choices);
    assert.deepEqual(c.detail.split('\n\n').slice(1), [
      'The drain could not be simulated (the cluster could not be listed: connect ECONNREFUSED 10.0.0.1:6443); the API server decides.',
      "Options: ignore DaemonSets, each pod's own grace period, no timeout. n1 stays cordoned afterwards, whatever happens.",
    ]);
  });
});
