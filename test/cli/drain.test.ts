// The cluster subcommands as users run them (the built binary), next to real
// kubectl on an identical sandbox: the same lines, the same end state.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { get as httpsGet } from 'node:https';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { drainMessages } from '../../server/src/k8s/drain';
import { evictionMessages } from '../../server/src/k8s/eviction';
import type { KubeObject, Pod } from '../../server/src/k8s/types';
import { knobs } from '../../server/src/sim/knobs';
import { run, type Run } from '../clients/helpers';
import { allReady, barePod, daemonSet, deployment, eventually, node, noUnhandledRejections, pdb, suiteSandbox, tempDir, type Sandbox } from '../client/cluster/support';

noUnhandledRejections();

const cli = path.join(__dirname, '../../../dist/cli.js');

function ours(sb: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return run(process.execPath, [cli, ...args, '--kubeconfig', sb.kubeconfigPath!], { env: { PATH: process.env.PATH, HOME: sb.dir, ...env } });
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
/** kubectl groups filter errors in a Go map, so their order varies from run to run: sort the items of an aggregate. */
const unordered = (line: string) => line.replace(/\[(cannot delete .*)\]/, (_, items: string) => `[${items.split(/, (?=cannot delete )/).sort().join(', ')}]`);
const sorted = (text: string) => lines(text).sort();

/** A pod of a DaemonSet outside apps/v1 (OpenKruise's): kubectl 1.32 looks it up as an apps/v1 DaemonSet, which does not exist. */
function kruisePod(): Pod {
  const pod = barePod('kruise', 'n1', { startupSeconds: 0 });
  pod.metadata!.ownerReferences = [{ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet', name: 'kds', uid: 'kds-uid', controller: true }];
  return pod;
}

/** The scenario both drains run on: a DaemonSet, a budgeted web tier, an emptyDir cache, a bare pod, an OpenKruise DaemonSet's pod. */
function scenario(): KubeObject[] {
  return [
    node('n1'),
    node('n2'),
    node('n3'),
    daemonSet('agent', { startupSeconds: 0 }),
    deployment('web', 3, { preferNode: 'n1', startupSeconds: 2 }),
    pdb('web-pdb', { maxUnavailable: 1, matchLabels: { app: 'web' } }),
    deployment('cache', 1, { preferNode: 'n1', emptyDir: true, startupSeconds: 0 }),
    barePod('bare', 'n1', { startupSeconds: 0 }),
    kruisePod(),
  ];
}

/** What a drain leaves behind that does not depend on timing: pod names that were there at the start, node state, budget numbers once settled. */
async function endState(sb: Sandbox, original: readonly string[]) {
  const pods = await allReady(sb, 'replacements Ready');
  const settled = await eventually(async () => {
    const status = (await sb.pdb('default', 'web-pdb')).status!;
    return status.disruptionsAllowed === 1 ? status : undefined;
  }, 'web-pdb settled');
  const byNodeAndApp = (p: Pod) => `${p.spec?.nodeName === 'n1' ? 'n1' : 'elsewhere'}:${p.metadata?.labels?.app}`;
  return {
    unschedulable: {
      n1: (await sb.node('n1')).spec?.unschedulable ?? false,
      n2: (await sb.node('n2')).spec?.unschedulable ?? false,
      n3: (await sb.node('n3')).spec?.unschedulable ?? false,
    },
    originalsLeft: original.filter((name) => pods.some((p) => p.metadata?.name === name)).sort(),
    placement: pods.map(byNodeAndApp).sort(),
    budget: { expectedPods: settled.expectedPods, desiredHealthy: settled.desiredHealthy, currentHealthy: settled.currentHealthy, disruptionsAllowed: settled.disruptionsAllowed },
  };
}

describe('drain: kube-eviction and kubectl on identical sandboxes', () => {
  const mine = suiteSandbox({ manifests: scenario() });
  const theirs = suiteSandbox({ manifests: scenario() });

  it('start from the same pods', async () => {
    assert.deepEqual((await mine().pods()).map((p) => `${p.metadata?.name}@${p.spec?.nodeName}`).sort(), (await theirs().pods()).map((p) => `${p.metadata?.name}@${p.spec?.nodeName}`).sort());
  });

  it('refuse alike without flags: same stdout, the same error lines, exit 1, node cordoned', async () => {
    const [a, b] = await Promise.all([ours(mine(), ['drain', 'n1']), theirs().kubectl(['drain', 'n1'])]);
    assert.equal(a.code, 1, a.stderr);
    assert.equal(b.code, 1, b.stderr);
    assert.deepEqual(lines(a.stdout), lines(b.stdout));
    // kubectl 1.32's own words: the doubled "cannot delete cannot delete", and the OpenKruise pod's DaemonSet "not found" as apps/v1.
    const kubectlLines = lines(b.stderr).map(unordered);
    assert.ok(kubectlLines.includes('cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare'), b.stderr);
    assert.ok(kubectlLines.includes('cannot delete daemonsets.apps "kds" not found: default/kruise'), b.stderr);
    assert.deepEqual(lines(a.stderr).slice(0, kubectlLines.length).map(unordered).sort(), [...kubectlLines].sort());
    assert.match(a.stderr, /^node\/n1 not drained: some pods cannot be evicted without a flag$/m);
    assert.match(a.stderr, /The node stays cordoned/);
  });

  it('drain alike with the flags: same stdout lines, exit 0, and the same end state', async () => {
    const original = (await mine().pods()).map((p) => p.metadata!.name!);
    const flags = ['drain', 'n1', '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=120s'];
    const [a, b] = await Promise.all([ours(mine(), flags), theirs().kubectl(flags, 180_000)]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    // Lines interleave differently (concurrent evictions), and kubectl prints "evicting pod" once per retry: compare each distinct line.
    assert.deepEqual([...new Set(sorted(a.stdout))], [...new Set(sorted(b.stdout))]);
    assert.match(a.stderr, /^Warning: ignoring DaemonSet-managed Pods: default\/agent-\w+; deleting Pods that declare no controller: default\/bare$/m);
    assert.deepEqual(await endState(mine(), original), await endState(theirs(), original));
  });

  it('cordon and uncordon print what kubectl prints', async () => {
    for (const args of [['uncordon', 'n1'], ['uncordon', 'n1'], ['cordon', 'n2', '--dry-run=server'], ['cordon', 'n2', '--dry-run=client'], ['cordon', 'n2'], ['cordon', 'n2'], ['uncordon', 'n2']]) {
      const [a, b] = [await ours(mine(), args), await theirs().kubectl(args)];
      assert.equal(a.code, b.code, args.join(' '));
      assert.equal(a.stdout, b.stdout, args.join(' '));
    }
  });

  it('a node that does not exist: the same error, exit 1', async () => {
    const [a, b] = await Promise.all([ours(mine(), ['drain', 'n9']), theirs().kubectl(['drain', 'n9'])]);
    assert.equal(a.code, 1);
    assert.equal(b.code, 1);
    assert.equal(a.stderr, b.stderr);
  });
});

/** The sandbox's request counts (`GET /sandbox/stats`), e.g. `"list pods": 3`. */
function requests(sb: Sandbox): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    httpsGet(new URL('/sandbox/stats', sb.url), { ca: sb.ca, headers: { Authorization: `Bearer ${sb.token}` } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body).byRequest));
    }).on('error', reject);
  });
}

/** Two nodes of pool a: n1 with web (a budget that allows no disruption), n2 with a bare pod; n3 (pool b) takes the replacements. */
function poolScenario(): KubeObject[] {
  return [
    node('n1', '8', { pool: 'a' }),
    node('n2', '8', { pool: 'a' }),
    node('n3', '8', { pool: 'b' }),
    deployment('web', 2, { preferNode: 'n1', startupSeconds: 0 }),
    pdb('web-pdb', { minAvailable: 2, matchLabels: { app: 'web' } }),
    barePod('bare', 'n2', { startupSeconds: 0 }),
  ];
}

describe('drain --selector --disable-eviction --chunk-size: kube-eviction and kubectl on identical sandboxes', () => {
  const mine = suiteSandbox({ manifests: poolScenario() });
  const theirs = suiteSandbox({ manifests: poolScenario() });

  it('cordon every node the selector picks, then drain each: deleted despite the budget, pages of one pod, the failing node reported as kubectl does', async () => {
    const web = async (sb: Sandbox) => (await sb.pods('n1')).filter((p) => p.metadata?.labels?.app === 'web').map((p) => p.metadata!.name!);
    assert.equal((await web(mine())).length, 2, 'both web pods start on n1');
    assert.equal((await mine().pdb('default', 'web-pdb')).status?.disruptionsAllowed, 0);
    const listsBefore = [(await requests(mine()))['list pods'] ?? 0, (await requests(theirs()))['list pods'] ?? 0];
    const flags = ['drain', '-l', 'pool=a', '--ignore-daemonsets', '--disable-eviction', '--grace-period=0', '--chunk-size=1', '--timeout=60s'];
    const [a, b] = await Promise.all([ours(mine(), flags), theirs().kubectl(flags, 90_000)]);
    assert.equal(b.code, 1, b.stderr);
    assert.equal(a.code, 1, a.stderr);
    assert.deepEqual(sorted(a.stdout), sorted(b.stdout));
    assert.deepEqual(lines(a.stdout).slice(0, 2), ['node/n1 cordoned', 'node/n2 cordoned']);
    assert.equal(lines(a.stdout).at(-1), 'node/n1 drained');
    assert.equal(lines(a.stdout).filter((l) => /^pod\/web-\S+ deleted$/.test(l)).length, 2);
    assert.deepEqual(lines(b.stderr), [
      'error: unable to drain node "n2" due to error: cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...',
      'There are pending nodes to be drained:',
      ' n2',
      'cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare',
    ]);
    assert.deepEqual(lines(a.stderr).slice(0, 4), lines(b.stderr));
    // The budget allowed nothing, yet both web pods went: a DELETE does not ask it.
    assert.deepEqual(await web(mine()), []);
    assert.deepEqual(await web(theirs()), []);
    // --chunk-size=1: n1's two pods took two pages, n2's one: three lists where one a node would do.
    const listsAfter = [(await requests(mine()))['list pods'] ?? 0, (await requests(theirs()))['list pods'] ?? 0];
    assert.ok(listsAfter[0] - listsBefore[0] >= 3, `kube-eviction listed pods ${listsAfter[0] - listsBefore[0]} times`);
    assert.ok(listsAfter[1] - listsBefore[1] >= 3, `kubectl listed pods ${listsAfter[1] - listsBefore[1]} times`);
  });

  it('a node name and --selector together: kubectl\'s refusal (a usage error here, exit 2)', async () => {
    const [a, b] = await Promise.all([ours(mine(), ['drain', 'n1', '-l', 'pool=a']), theirs().kubectl(['drain', 'n1', '-l', 'pool=a'])]);
    assert.equal(b.code, 1);
    assert.equal(a.code, 2);
    assert.equal(lines(a.stderr)[0], lines(b.stderr)[0]);
    assert.equal(lines(b.stderr)[0], 'error: cannot specify both a node name and a --selector option');
  });

  it('a selector no node matches: nothing to do, nothing printed, exit 0; a malformed one: the server\'s 400 as kubectl words it', async () => {
    const [a, b] = await Promise.all([ours(mine(), ['drain', '-l', 'pool=none']), theirs().kubectl(['drain', '-l', 'pool=none'])]);
    assert.deepEqual([a.code, a.stdout, a.stderr], [b.code, b.stdout, b.stderr]);
    assert.equal(a.code, 0);
    const [c, d] = await Promise.all([ours(mine(), ['drain', '-l', 'pool in (a']), theirs().kubectl(['drain', '-l', 'pool in (a'])]);
    assert.equal(c.code, 1);
    assert.equal(d.code, 1);
    assert.equal(lines(c.stderr)[0], lines(d.stderr)[0]);
  });
});

describe('evict and the exit codes', () => {
  const sb = suiteSandbox({
    manifests: [
      node('n1'),
      node('n2'),
      deployment('web', 2, { startupSeconds: 0 }),
      pdb('web-pdb', { minAvailable: 2, matchLabels: { app: 'web' } }),
      // In a namespace of their own, where nothing else queues the budget for its controller.
      deployment('queue', 2, { startupSeconds: 0 }, 'quiet'),
      pdb('queue-pdb', { minAvailable: 2, matchLabels: { app: 'queue' } }, 'quiet'),
    ],
  });

  it('3 when a budget refuses, with the kubectl line and the explanation', async () => {
    const [web] = await sb().pods();
    const r = await ours(sb(), ['evict', web.metadata!.name!, '-n', 'default']);
    assert.equal(r.code, 3, r.stderr);
    assert.deepEqual(lines(r.stdout), [`evicting pod default/${web.metadata!.name}`]);
    const [first, ...explanation] = lines(r.stderr);
    assert.equal(first, `error when evicting pods/"${web.metadata!.name}" -n "default": Cannot evict pod as it would violate the pod's disruption budget.`);
    assert.match(explanation.join('\n'), /web-pdb/);
  });

  it('0 for a server dry run that would be accepted', async () => {
    const r = await ours(sb(), ['uncordon', 'n1']);
    assert.equal(r.code, 0);
    await sb().patchPdb('default', 'web-pdb', { minAvailable: 1 });
    const [web] = await eventually(async () => ((await sb().pdb('default', 'web-pdb')).status?.disruptionsAllowed === 1 ? sb().pods() : undefined), 'web-pdb allows 1');
    const dry = await ours(sb(), ['evict', web.metadata!.name!, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(lines(dry.stdout), [`evicting pod default/${web.metadata!.name} (server dry run)`, `pod/${web.metadata!.name} evicted (server dry run)`]);
    assert.equal((await sb().pod('default', web.metadata!.name!))?.metadata?.deletionTimestamp, undefined);
  });

  it('0 after a "still being processed" 429: kubectl\'s will-retry line, then evicted after the Retry-After', async () => {
    const [queued] = (await sb().pods()).filter((p) => p.metadata?.namespace === 'quiet');
    const name = queued.metadata!.name!;
    // The controller sees the relaxed budget 100 s later: 5 s at the sandbox's speed, within the 10 s Retry-After.
    await sb().patchPdb('quiet', 'queue-pdb', { minAvailable: 1 }, { [knobs.disruptionLatencySeconds]: '100' });
    const r = await ours(sb(), ['evict', name, '-n', 'quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), [`evicting pod quiet/${name}`, `pod/${name} evicted`]);
    assert.deepEqual(lines(r.stderr), [drainMessages.willRetry(name, 'quiet', '10s', evictionMessages.violatesBudget)], 'one retry: the second try came after the controller had seen the change');
  });

  it('1 for a pod that does not exist', async () => {
    const r = await ours(sb(), ['evict', 'ghost']);
    assert.equal(r.code, 1);
    const [first, ...explanation] = lines(r.stderr);
    assert.equal(first, 'Error from server (NotFound): pods "ghost" not found');
    assert.match(explanation.join(' '), /The pod does not exist/);
  });

  it('2 for usage errors, with the usage', async () => {
    for (const args of [['evict'], ['evict', 'a', 'b'], ['drain', 'n1', '--bogus'], ['drain', 'n1', '--timeout=90'], ['drain', 'n1', '--dry-run=maybe'], ['cordon']]) {
      const r = await ours(sb(), args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^error: .+\n\nUsage: kube-eviction /, args.join(' '));
    }
  });

  it('4 when the cluster cannot be used; credentials never printed', async () => {
    const config = parseYaml(fs.readFileSync(sb().kubeconfigPath!, 'utf8'));
    const token = 'expired-0123456789-token';
    config.users[0].user.token = token;
    const file = path.join(tempDir('cli-kubeconfig-'), 'config');
    fs.writeFileSync(file, JSON.stringify(config));
    const r = await run(process.execPath, [cli, 'drain', 'n1', '--kubeconfig', file], { env: { PATH: process.env.PATH, HOME: sb().dir } });
    assert.equal(r.code, 4);
    assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token) && !r.stderr.includes(sb().token));
    assert.match(r.stderr, /rejected the credentials/);
    const noContext = await ours(sb(), ['cordon', 'n1', '--context', 'prod']);
    assert.equal(noContext.code, 4);
    assert.match(noContext.stderr, /^error: context "prod" is not defined in the kubeconfig/);
  });

  it('$KUBECONFIG with several files and --context, like kubectl', async () => {
    const dir = tempDir('cli-multi-');
    const empty = path.join(dir, 'first');
    fs.writeFileSync(empty, JSON.stringify({ apiVersion: 'v1', kind: 'Config', 'current-context': 'elsewhere', contexts: [{ name: 'elsewhere', context: { cluster: 'nowhere', user: 'nobody' } }], clusters: [{ name: 'nowhere', cluster: { server: 'https://127.0.0.1:1' } }], users: [{ name: 'nobody', user: {} }] }));
    const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: `${empty}${path.delimiter}${path.join(dir, 'missing')}${path.delimiter}${sb().kubeconfigPath}` };
    const viaCurrent = await run(process.execPath, [cli, 'cordon', 'n2'], { env });
    assert.equal(viaCurrent.code, 4, 'the first file sets the current context, which is unreachable');
    assert.match(viaCurrent.stderr, /https:\/\/127\.0\.0\.1:1: the connection was refused/);
    const viaContext = await run(process.execPath, [cli, 'cordon', 'n2', '--context', sb().context], { env });
    assert.equal(viaContext.code, 0, viaContext.stderr);
    assert.equal(viaContext.stdout, 'node/n2 cordoned\n');
  });
});

describe('drain interrupted with Ctrl-C', () => {
  const sb = suiteSandbox({ manifests: [node('n1'), node('n2'), deployment('held', 2, { onNode: 'n1', startupSeconds: 0 }), pdb('held-pdb', { minAvailable: 2, matchLabels: { app: 'held' } })] });

  it('exits 130, says what is left and that the node remains cordoned', async () => {
    const child = spawn(process.execPath, [cli, 'drain', 'n1', '--kubeconfig', sb().kubeconfigPath!], { env: { PATH: process.env.PATH, HOME: sb().dir } });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      let interrupted = false;
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!interrupted && stderr.includes('will retry after')) interrupted = child.kill('SIGINT');
      });
      child.on('close', resolve);
    });
    assert.equal(code, 130, stderr);
    assert.match(stderr, /^node\/n1 not drained: cancelled$/m);
    assert.match(stderr, /0 pods evicted; 2 pods held by PodDisruptionBudgets\./);
    assert.match(stderr, /The node stays cordoned/);
    assert.equal((await sb().node('n1')).spec?.unschedulable, true);
  });
});
