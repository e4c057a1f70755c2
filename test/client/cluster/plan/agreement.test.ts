// The plan is the truth. For each scenario: two identical sandboxes; the
// plan is made on the first through its kubeconfig context (listed once:
// the sandbox counts only get and list requests); then the first is drained
// for real by our drain and the second by real kubectl, node after node as
// the plan did. The outcomes agree with the plan: the same pods evicted, the
// same pods held by the same budget, the same pods left Pending, the same
// verdict. Pods are named by their workload (a replacement's name is drawn
// at random, in the plan as on the cluster), and the first node's by name.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { drainNode, planDrainOnCluster, uncordonNode, type DrainPlan, type DrainReport, type PlanVerdict } from '../../../../client/src/cluster';
import { pdbsForPod } from '../../../../server/src/k8s/eviction';
import type { KubeObject, Pod, PodDisruptionBudget, Workload } from '../../../../server/src/k8s/types';
import { statsPath, type RequestCounts } from '../../../../server/src/sandbox/stats';
import { knobs } from '../../../../server/src/sim/knobs';
import { walkthroughScenario } from '../../../../server/src/sim/scenarios/walkthrough';
import { call } from '../../../server/sandbox/https';
import { barePod, daemonSet, deployment, eventually, node, noUnhandledRejections, pdb, sandbox, type Sandbox } from '../support';

noUnhandledRejections();

interface DrainFlags {
  ignoreDaemonSets?: boolean;
  force?: boolean;
}

interface Scenario {
  name: string;
  objects: () => KubeObject[];
  nodes: string[];
  flags?: DrainFlags;
  /** Before planning, once every pod runs: what makes the scenario (a pod whose readiness fails). */
  prepare?: (sb: Sandbox) => Promise<void>;
  verdict: PlanVerdict;
}

/** What a drain did, comparable across the plan, our drain and kubectl's. */
interface Outcome {
  /** Per node: the workloads of the pods evicted, sorted. */
  evicted: string[][];
  /** Per node: workload and budget of each pod held, sorted. */
  held: string[][];
  /** Per node: the workloads of the pods whose eviction failed, and those refused by the filters. */
  failed: string[][];
  refused: string[][];
  /** Workloads of the pods left Pending, with the scheduler's message. */
  pending: string[];
  verdict: PlanVerdict;
  /** The first node's evicted pods by name (they all existed when the plan was made). */
  firstNode: string[];
}

/** A pod's workload: its app label when it was seen, else its name without the suffixes its controller added. */
const appOf = (name: string, pods: ReadonlyMap<string, Pod>) => pods.get(name)?.metadata?.labels?.app ?? name.replace(/(-[a-z0-9]{8,10})?-[a-z0-9]{5}$/, '');
/** What the verdict of a plan with an unblocking event is, before the event: a drain held for good. */
const withoutEvents = (v: PlanVerdict): PlanVerdict => (v === 'completes-after-event' ? 'stuck' : v);

function fromPlan(plan: DrainPlan, pods: ReadonlyMap<string, Pod>): Outcome {
  const app = (pod: string) => appOf(pod.split('/')[1]!, pods);
  return {
    evicted: plan.nodes.map((n) => n.evicted.map(app).sort()),
    held: plan.nodes.map((n) => n.held.filter((h) => h.toSeconds === null).map((h) => `${app(h.pod)} by ${h.budget}`).sort()),
    failed: plan.nodes.map((n) => n.failed.map((f) => app(f.pod)).sort()),
    refused: plan.nodes.map((n) => n.refused.map((r) => app(r.pod)).sort()),
    pending: plan.pending.map((p) => `${app(p.pod)}: ${p.message}`).sort(),
    verdict: withoutEvents(plan.verdict),
    firstNode: plan.nodes[0]!.evicted.map((p) => p.split('/')[1]!).sort(),
  };
}

async function podsByName(sb: Sandbox): Promise<Map<string, Pod>> {
  return new Map((await sb.pods()).map((p) => [p.metadata!.name!, p]));
}

/** Pending pods of the sandbox, once the pods the plan says are Pending have had time to be placed if they could. */
async function pendingOf(sb: Sandbox, expected: number): Promise<string[]> {
  const list = async () =>
    (await sb.pods())
      .filter((p) => !p.spec?.nodeName && !p.metadata?.deletionTimestamp)
      .map((p) => `${p.metadata?.labels?.app}: ${p.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message ?? ''}`)
      .sort();
  return (await eventually(async () => ((await list()).length === expected ? list() : undefined), `${expected} pods Pending`, 20_000).catch(() => list()))!;
}

function verdictOf(results: ('drained' | 'held' | 'failed')[]): PlanVerdict {
  return results.includes('failed') ? 'fails' : results.includes('held') ? 'stuck' : 'completes';
}

/** Our drain, node after node; a held drain is given a few seconds (a minute of the sandbox's time), then left. */
async function oursOn(sb: Sandbox, nodes: readonly string[], flags: DrainFlags, expectedPending: number): Promise<Outcome & { reports: DrainReport[] }> {
  const pods = await podsByName(sb);
  const cluster = sb.open();
  const reports: DrainReport[] = [];
  for (const n of nodes) reports.push(await drainNode(cluster, n, { ...flags, timeoutMs: 4000 }));
  const all = new Map([...pods, ...(await podsByName(sb))]);
  const app = (name: string) => appOf(name, all);
  return {
    reports,
    evicted: reports.map((r) => r.evicted.map((p) => app(p.name)).sort()),
    held: reports.map((r) => r.left.filter((l) => l.reason === 'blocked').map((l) => `${app(l.pod.name)} by ${l.answer?.kind === 'blocked' ? l.answer.pdb.name : '?'}`).sort()),
    failed: reports.map((r) => r.left.filter((l) => l.reason === 'failed').map((l) => app(l.pod.name)).sort()),
    refused: reports.map((r) => r.filterErrors.flatMap((e) => [...e.matchAll(/default\/([a-z0-9-]+)/g)].map((m) => app(m[1]!))).sort()),
    pending: await pendingOf(sb, expectedPending),
    verdict: verdictOf(reports.map((r) => (r.result === 'drained' ? 'drained' : r.left.some((l) => l.reason === 'blocked') ? 'held' : 'failed'))),
    firstNode: reports[0]!.evicted.map((p) => p.name).sort(),
  };
}

/** kubectl drain, node after node, with a timeout; what it printed, read back. */
async function kubectlOn(sb: Sandbox, nodes: readonly string[], flags: DrainFlags, expectedPending: number): Promise<Outcome> {
  const pods = await podsByName(sb);
  const budgets = (await sb.policy.listNamespacedPodDisruptionBudget({ namespace: 'default' })).items as unknown as PodDisruptionBudget[];
  const outcome: Outcome = { evicted: [], held: [], failed: [], refused: [], pending: [], verdict: 'completes', firstNode: [] };
  const results: ('drained' | 'held' | 'failed')[] = [];
  for (const n of nodes) {
    const args = ['drain', n, '--timeout=4s', ...(flags.ignoreDaemonSets ? ['--ignore-daemonsets'] : []), ...(flags.force ? ['--force'] : [])];
    const r = await sb.kubectl(args);
    const all = new Map([...pods, ...(await podsByName(sb))]);
    const app = (name: string) => appOf(name, all);
    const evicted = [...r.stdout.matchAll(/^pod\/(\S+) evicted$/gm)].map((m) => m[1]!);
    const held = [...new Set([...r.stderr.matchAll(/^error when evicting pods\/"([^"]+)" -n "default" \(will retry after 5s\)/gm)].map((m) => m[1]!))].filter((p) => !evicted.includes(p));
    const failed = [...r.stderr.matchAll(/^error when evicting pods\/"([^"]+)" -n "default": (?!global timeout)/gm)].map((m) => m[1]!);
    const refused = r.stderr.includes('cannot delete') ? [...r.stderr.matchAll(/default\/([a-z0-9-]+)/g)].map((m) => m[1]!) : [];
    // kubectl names no budget: the one that selects the pod.
    const budgetOf = (name: string) => pdbsForPod(all.get(name)!, budgets).map((b) => b.metadata?.name).join(',');
    if (n === nodes[0]) outcome.firstNode = [...evicted].sort();
    outcome.evicted.push(evicted.map(app).sort());
    outcome.held.push(held.map((p) => `${app(p)} by ${budgetOf(p)}`).sort());
    outcome.failed.push(failed.map(app).sort());
    outcome.refused.push([...new Set(refused)].map(app).sort());
    results.push(r.code === 0 ? 'drained' : held.length > 0 ? 'held' : 'failed');
  }
  return { ...outcome, pending: await pendingOf(sb, expectedPending), verdict: verdictOf(results) };
}

const stats = async (sb: Sandbox): Promise<RequestCounts> => (await call(sb, 'GET', statsPath)).json as RequestCounts;

/** Every pod scheduled and running (Ready or not, as the scenario makes it), every budget caught up. */
async function steady(sb: Sandbox): Promise<void> {
  await eventually(async () => {
    const pods = await sb.pods();
    const budgets = (await sb.policy.listNamespacedPodDisruptionBudget({ namespace: 'default' })).items;
    const running = pods.length > 0 && pods.every((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
    return running && budgets.every((b) => (b.status?.observedGeneration ?? 0) === (b.metadata?.generation ?? 0)) ? true : undefined;
  }, 'every pod running');
}

const spread = (): KubeObject[] => [node('n1'), node('n2'), node('n3')];
/** One node per zone: a, b, c. */
const zones = (): KubeObject[] => ['a', 'b', 'c'].map((z, i) => node(`n${i + 1}`, '8', { 'topology.kubernetes.io/zone': z }));

/** A Deployment whose pod template gets `spec` too (affinity, spread constraints). */
function constrained(name: string, replicas: number, spec: Record<string, unknown>): Workload {
  const d = deployment(name, replicas, { startupSeconds: 1 });
  d.spec!.template!.spec = { ...d.spec!.template!.spec, ...spec };
  return d;
}

const webTerm = { labelSelector: { matchLabels: { app: 'web' } } };

/** A StatefulSet of three whose volumes are provisioned in the zone of the node each pod first went to. */
function zonalStatefulSet(): KubeObject[] {
  const storageClass = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'zonal', annotations: { [knobs.volumeTopology]: 'zone' } }, provisioner: 'disk.csi.example.com', volumeBindingMode: 'WaitForFirstConsumer' };
  const set = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default', labels: { app: 'db' } },
    spec: {
      replicas: 3,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' }, annotations: { [knobs.startupSeconds]: '1' } },
        spec: { containers: [{ name: 'db', image: 'registry.invalid/db:1', resources: { requests: { cpu: '100m', memory: '64Mi' } }, volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'zonal', resources: { requests: { storage: '1Gi' } } } }],
    },
  };
  return [...zones(), storageClass as KubeObject, set as KubeObject, pdb('db-pdb', { maxUnavailable: 1, matchLabels: { app: 'db' } })];
}

const scenarios: Scenario[] = [
  {
    name: 'the walkthrough: node-1, then node-2 held by web-pdb on its Pending replacement; once node-1 is uncordoned it completes',
    objects: walkthroughScenario,
    nodes: ['node-1', 'node-2'],
    verdict: 'completes-after-event',
  },
  {
    name: 'minAvailable equal to the replicas: every web pod held',
    objects: () => [...spread(), deployment('web', 3, { preferNode: 'n1', startupSeconds: 1 }), pdb('web-pdb', { minAvailable: 3, matchLabels: { app: 'web' } })],
    nodes: ['n1'],
    verdict: 'stuck',
  },
  {
    name: 'an unready pod elsewhere: the budget holds the drain on it',
    objects: () => [...spread(), deployment('web', 3, { startupSeconds: 1 }), pdb('web-pdb', { maxUnavailable: 1, matchLabels: { app: 'web' } })],
    prepare: async (sb) => {
      const lame = (await sb.pods('n3')).find((p) => p.metadata?.labels?.app === 'web')!;
      await sb.core.patchNamespacedPod({ namespace: 'default', name: lame.metadata!.name!, body: [{ op: 'add', path: `/metadata/annotations/${knobs.ready.replace('/', '~1')}`, value: 'false' }] });
      await eventually(async () => ((await sb.pdb('default', 'web-pdb')).status?.currentHealthy === 2 ? true : undefined), 'the pod on n3 unready');
    },
    nodes: ['n1'],
    verdict: 'stuck',
  },
  {
    name: 'required anti-affinity, one web pod per node, maxUnavailable 1: the second drain waits for a place the first took away',
    objects: () => [...spread(), constrained('web', 3, { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...webTerm, topologyKey: 'kubernetes.io/hostname' }] } } }), pdb('web-pdb', { maxUnavailable: 1, matchLabels: { app: 'web' } })],
    nodes: ['n1', 'n2'],
    verdict: 'completes-after-event',
  },
  {
    name: 'topology spread over zones (DoNotSchedule): the replacement must stay in its zone',
    objects: () => [...zones(), constrained('web', 3, { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', ...webTerm }] }), pdb('web-pdb', { maxUnavailable: 1, matchLabels: { app: 'web' } })],
    nodes: ['n1', 'n2'],
    verdict: 'completes-after-event',
  },
  {
    name: 'a StatefulSet whose volumes are pinned to their zone: its pod comes back only to its zone',
    objects: zonalStatefulSet,
    nodes: ['n1', 'n2'],
    verdict: 'completes-after-event',
  },
  {
    name: 'two budgets over one pod: its eviction fails',
    objects: () => [...spread(), deployment('web', 2, { preferNode: 'n1', startupSeconds: 1 }), pdb('web-pdb', { maxUnavailable: 1, matchLabels: { app: 'web' } }), pdb('web-pdb-too', { minAvailable: 1, matchLabels: { app: 'web' } })],
    nodes: ['n1'],
    verdict: 'fails',
  },
  {
    name: 'a DaemonSet and a bare pod without flags: refused',
    objects: () => [...spread(), daemonSet('agent', { startupSeconds: 0 }), barePod('bare', 'n1', { startupSeconds: 0 }), deployment('web', 2, { preferNode: 'n1', startupSeconds: 1 })],
    nodes: ['n1'],
    verdict: 'fails',
  },
  {
    name: 'a DaemonSet and a bare pod with --ignore-daemonsets --force: the bare pod goes for good',
    objects: () => [...spread(), daemonSet('agent', { startupSeconds: 0 }), barePod('bare', 'n1', { startupSeconds: 0 }), deployment('web', 2, { preferNode: 'n1', startupSeconds: 1 })],
    nodes: ['n1'],
    flags: { ignoreDaemonSets: true, force: true },
    verdict: 'completes',
  },
];

describe('the plan is the truth', () => {
  for (const s of scenarios) {
    test(s.name, async () => {
      const [mine, theirs] = await Promise.all([sandbox({ manifests: s.objects(), speed: 20 }), sandbox({ manifests: s.objects(), speed: 20 })]);
      try {
        await Promise.all([steady(mine), steady(theirs)]);
        await Promise.all([s.prepare?.(mine), s.prepare?.(theirs)]);
        assert.deepEqual([...(await podsByName(theirs)).keys()], [...(await podsByName(mine)).keys()], 'identical sandboxes');

        const before = await stats(mine);
        const cluster = mine.open();
        const planned = await planDrainOnCluster(cluster, { nodes: s.nodes, drain: s.flags });
        if (!planned.ok) assert.fail(planned.failure.message);
        const plan = planned.plan;
        const after = await stats(mine);
        const verbs = Object.keys(after.byVerb).filter((v) => after.byVerb[v] !== before.byVerb[v]);
        assert.deepEqual(verbs.filter((v) => v !== 'get' && v !== 'list'), [], `the plan only reads: ${JSON.stringify(after.byRequest)}`);
        assert.equal(plan.verdict, s.verdict, JSON.stringify(plan.nodes.map((n) => [n.name, n.result, n.problem])));

        const expected = fromPlan(plan, await podsByName(mine));
        const [ours, kubectl] = await Promise.all([oursOn(mine, s.nodes, s.flags ?? {}, plan.pending.length), kubectlOn(theirs, s.nodes, s.flags ?? {}, plan.pending.length)]);
        const { reports, ...oursOutcome } = ours;
        assert.deepEqual(oursOutcome, expected, 'our drain does what the plan said');
        assert.deepEqual(kubectl, expected, 'kubectl drain does what the plan said');

        if (plan.unblockedBy) {
          // The event the plan found, on the cluster: the held drain then completes.
          const { node: event } = plan.unblockedBy.event;
          assert.equal((await uncordonNode(cluster, event)).kind, 'done');
          const last = s.nodes[s.nodes.length - 1]!;
          const again = await drainNode(cluster, last, { ...s.flags, timeoutMs: 20_000 });
          assert.equal(again.result, 'drained', JSON.stringify(again.left));
          assert.equal(reports.at(-1)!.result, 'timedOut');
        }
      } finally {
        await Promise.all([mine.stop(), theirs.stop()]);
      }
    });
  }
});
