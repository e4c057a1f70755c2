// `kube-eviction plan drain` as users run it (the built binary): on
// manifests, on a sandbox's context, its formats, exit codes and errors.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { walkthroughScenario } from '../../server/src/sim/scenarios/walkthrough';
import { statsPath, type RequestCounts } from '../../server/src/sandbox/stats';
import { run, type Run } from '../clients/helpers';
import { noUnhandledRejections, suiteSandbox, tempDir } from '../client/cluster/support';
import { call } from '../server/sandbox/https';

noUnhandledRejections();

const cli = path.join(__dirname, '../../../dist/cli.js');

function plan(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return run(process.execPath, [cli, 'plan', ...args], { cwd, env: { PATH: process.env.PATH, HOME: cwd, ...env } });
}

/** The walkthrough as a folder of manifests, one file per object. */
function walkthroughFolder(): string {
  const dir = tempDir('plan-manifests-');
  const folder = path.join(dir, 'cluster');
  fs.mkdirSync(folder);
  walkthroughScenario().forEach((o, i) => fs.writeFileSync(path.join(folder, `${i}-${o.metadata!.name}.yaml`), stringify(o)));
  // Not Kubernetes: left out and said.
  fs.writeFileSync(path.join(folder, 'ci.yaml'), 'on: [push]\njobs: {}\n');
  return dir;
}

describe('kube-eviction plan drain on manifests', () => {
  it('0 and a text report when the drain completes', async () => {
    const dir = walkthroughFolder();
    const r = await plan(['drain', 'node-1', 'cluster'], dir);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'Drain plan: node-1 (one at a time)');
    assert.equal(lines[2], 'Completes: node-1 drains in 2s');
    assert.match(r.stdout, /^node-1: drained \(0s → 2s\)$/m);
    assert.match(r.stdout, /^- evicted at once: default\/web-[a-z0-9]+-[a-z0-9]+ at 0s, gone at 2s$/m);
    assert.match(r.stdout, /^- .*ci\.yaml: not a Kubernetes object \(apiVersion and kind are required\)$/m);
    assert.equal(r.stderr, '');
  });

  it('1 and the JSON the issue specifies when a budget holds the second drain', async () => {
    const dir = walkthroughFolder();
    const r = await plan(['drain', 'node-1', 'node-2', 'cluster', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const p = JSON.parse(r.stdout);
    assert.equal(p.verdict, 'completes-after-event');
    assert.equal(typeof p.durationSeconds, 'number');
    assert.deepEqual(p.nodes.map((n: { name: string }) => n.name), ['node-1', 'node-2']);
    const [n1, n2] = p.nodes;
    assert.equal(n1.evicted.length, 2);
    assert.ok(n1.evicted.every((e: unknown) => typeof e === 'string' && e.startsWith('default/')));
    assert.deepEqual(Object.keys(n2.held[0]).slice(0, 5), ['pod', 'budget', 'fromSeconds', 'toSeconds', 'cause']);
    assert.equal(n2.held[0].budget, 'web-pdb');
    assert.equal(n2.held[0].toSeconds, null);
    assert.match(n2.held[0].cause, /^web-pdb allows no disruption until 1 more pod is Ready: default\/web-\S+ is Pending: 0\/3 nodes are available: 1 Insufficient cpu, 2 node\(s\) were unschedulable/);
    assert.deepEqual(n2.refused, []);
    assert.deepEqual(n2.skipped, []);
    assert.equal(p.pending.length, 1);
    assert.deepEqual(Object.keys(p.pending[0]).slice(0, 2), ['pod', 'message']);
    assert.equal(p.unblockedBy.event.node, 'node-1');
  });

  it('markdown', async () => {
    const dir = walkthroughFolder();
    const r = await plan(['drain', 'node-1', 'cluster', '--format=markdown', '--startup-seconds', '5'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^## Drain plan: node-1 \(one at a time\)$/m);
    assert.match(r.stdout, /^\*\*Completes: node-1 drains in 2s\*\*$/m);
    assert.match(r.stdout, /are Ready 5s after starting/);
  });

  it('2 and no simulation when the workloads ask for more pods than a cluster holds', async () => {
    for (const [replicas, asked] of [['2147483647', '2,147,483,647'], ['1e308', 'an unbounded number of']]) {
      const dir = tempDir('plan-huge-');
      fs.writeFileSync(
        path.join(dir, 'huge.yaml'),
        `apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: big}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: big}}\n  template:\n    metadata: {labels: {app: big}}\n    spec: {containers: [{name: c, image: x}]}\n`,
      );
      const r = await plan(['drain', 'node-1', 'huge.yaml'], dir);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`the plan does not simulate the manifests in huge\\.yaml: its workloads ask for ${asked} pods, more than the 150,000 Kubernetes documents as a cluster's limit`));
    }
  });

  it('2 for usage errors, with the usage', async () => {
    const dir = walkthroughFolder();
    for (const args of [[], ['drain'], ['evict', 'n1'], ['drain', 'n1', '--format', 'xml'], ['drain', 'n1', '--order', 'worst'], ['drain', 'n1', '--max-parallel', '0'], ['drain', 'n1', '--startup-seconds', 'soon'], ['drain', 'n1', 'n1'], ['drain', 'n1', '--bogus']]) {
      const r = await plan(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^error: .+\n\nUsage: kube-eviction plan drain /, args.join(' '));
    }
    const help = await plan(['--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: kube-eviction plan drain NODE\.\.\. \[PATH\.\.\.\] \[options\]/);
  });
});

describe('kube-eviction plan drain on a context', () => {
  const sb = suiteSandbox();

  it('lists the cluster once (get and list only) and plans on it', async () => {
    const stats = async () => (await call(sb(), 'GET', statsPath)).json as RequestCounts;
    const before = await stats();
    const r = await plan(['drain', 'node-1', '--kubeconfig', sb().kubeconfigPath!], sb().dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^On context kube-eviction-sandbox \(cluster kube-eviction-sandbox\), as of /m);
    const after = await stats();
    const verbs = Object.keys(after.byVerb).filter((v) => after.byVerb[v] !== before.byVerb[v]).sort();
    assert.deepEqual(verbs, ['list'], JSON.stringify(after.byRequest));
    assert.deepEqual(
      Object.keys(after.byRequest).filter((k) => after.byRequest[k] !== before.byRequest[k]).sort(),
      ['daemonsets', 'deployments', 'jobs', 'namespaces', 'nodes', 'persistentvolumeclaims', 'persistentvolumes', 'poddisruptionbudgets', 'pods', 'replicasets', 'statefulsets', 'storageclasses'].map((r) => `list ${r}`),
      'each resource listed',
    );
    assert.equal((await sb().node('node-1')).spec?.unschedulable, undefined, 'node-1 untouched');
  });

  it('4 when the cluster cannot be used', async () => {
    const file = path.join(tempDir('plan-kubeconfig-'), 'config');
    fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Config', 'current-context': 'gone', contexts: [{ name: 'gone', context: { cluster: 'c', user: 'u' } }], clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }], users: [{ name: 'u', user: { token: 'x' } }] }));
    const r = await plan(['drain', 'node-1', '--kubeconfig', file], sb().dir);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /https:\/\/127\.0\.0\.1:1: the connection was refused/);
  });
});
