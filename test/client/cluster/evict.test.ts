// evictPod against the sandbox over HTTPS with real client-node: every class
// of answer produced for real.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { evictPod, openCluster, type EvictionOutcome } from '../../../client/src/cluster';
import { stillProcessing } from '../../../server/src/explain/eviction';
import { evictionMessages } from '../../../server/src/k8s/eviction';
import type { Pod } from '../../../server/src/k8s/types';
import { knobs } from '../../../server/src/sim/knobs';
import { barePod, deployment, eventually, namespace, node, noUnhandledRejections, pdb, sandbox, suiteSandbox, tempDir, variantKubeconfig } from './support';

noUnhandledRejections();

const isReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

function expectKind<K extends EvictionOutcome['kind']>(outcome: EvictionOutcome, kind: K): Extract<EvictionOutcome, { kind: K }> {
  assert.equal(outcome.kind, kind, `expected ${kind}, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<EvictionOutcome, { kind: K }>;
}

/** Evict through a connection made from `kubeconfig`, closed after. */
async function evictWith(kubeconfig: string, name: string): Promise<EvictionOutcome> {
  const cluster = openCluster({ kubeconfig });
  try {
    return await evictPod(cluster, { namespace: 'default', name });
  } finally {
    cluster.close();
  }
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe('evictPod', () => {
  const sb = suiteSandbox({
    manifests: [
      node('node-1'),
      node('node-2'),
      namespace('doomed'),
      // Replacements take 15 s to be Ready, so the 429 test's second eviction meets the budget exhausted however slow the machine.
      deployment('web', 3, { startupSeconds: 15 }),
      pdb('web-pdb', { minAvailable: 2, matchLabels: { app: 'web' } }),
      deployment('api', 2, { startupSeconds: 1 }),
      pdb('api-pdb', { maxUnavailable: 1, matchLabels: { app: 'api' } }),
      pdb('api-pdb-too', { maxUnavailable: 1, matchLabels: { app: 'api' } }),
      deployment('free', 2, { startupSeconds: 1 }),
      // In a namespace of their own, where nothing else queues the budget for its controller.
      deployment('queue', 2, { startupSeconds: 1 }, 'quiet'),
      pdb('queue-pdb', { minAvailable: 2, matchLabels: { app: 'queue' } }, 'quiet'),
      barePod('lonely', 'node-2', {}, 'doomed'),
    ],
  });

  const webPods = async () => (await sb().pods()).filter((p) => p.metadata?.labels?.app === 'web' && !p.metadata?.deletionTimestamp && isReady(p));

  it('server dry run: 201 and nothing changes', async () => {
    const cluster = sb().open();
    const [target] = await webPods();
    const outcome = expectKind(await evictPod(cluster, { namespace: 'default', name: target.metadata!.name! }, { dryRun: true }), 'evicted');
    assert.equal(outcome.dryRun, true);
    assert.equal(outcome.code, 201);
    assert.match(outcome.explanation.summary, /server dry run/);
    const after = await sb().pod('default', target.metadata!.name!);
    assert.equal(after?.metadata?.deletionTimestamp, undefined);
    assert.equal((await sb().pdb('default', 'web-pdb')).status?.disruptionsAllowed, 1);
  });

  it('201 evicted, then 429 blocked by the budget with its name and numbers', async () => {
    const cluster = sb().open();
    const [first, second] = await webPods();
    const evicted = expectKind(await evictPod(cluster, { namespace: 'default', name: first.metadata!.name! }), 'evicted');
    assert.equal(evicted.dryRun, false);
    const terminating = await sb().pod('default', first.metadata!.name!);
    assert.ok(!terminating || terminating.metadata?.deletionTimestamp, 'the evicted pod is terminating or gone');
    // The controller recounts after its latency; until then a refusal would still say "has 3".
    await eventually(async () => ((await sb().pdb('default', 'web-pdb')).status?.currentHealthy === 2 ? true : undefined), 'web-pdb recounted');

    const blocked = expectKind(await evictPod(cluster, { namespace: 'default', name: second.metadata!.name! }), 'blocked');
    assert.equal(blocked.code, 429);
    assert.equal(blocked.message, evictionMessages.violatesBudget);
    assert.equal(blocked.cause, evictionMessages.needsHealthy('web-pdb', 2, 2));
    assert.deepEqual(blocked.pdb, { name: 'web-pdb', disruptionsAllowed: 0, expectedPods: blocked.pdb.expectedPods, desiredHealthy: 2, currentHealthy: 2 });
    assert.ok(blocked.pdb.expectedPods! >= 3);
    assert.equal(blocked.status?.code, 429);
    assert.match(`${blocked.explanation.summary} ${blocked.explanation.details}`, /web-pdb/);
    assert.equal((await sb().pod('default', second.metadata!.name!))?.metadata?.deletionTimestamp, undefined);
  });

  it('429 "still being processed" for an eviction right after a change to the budget\'s spec, with Retry-After 10', async () => {
    const [target] = (await sb().pods()).filter((p) => p.metadata?.labels?.app === 'queue' && isReady(p));
    const settled = await sb().pdb('quiet', 'queue-pdb');
    assert.equal(settled.status?.observedGeneration, settled.metadata?.generation, 'the controller has seen the budget as created');
    // Relaxed, and the controller made slow to see it (an hour) so that the eviction surely comes first.
    await sb().patchPdb('quiet', 'queue-pdb', { minAvailable: 1 }, { [knobs.disruptionLatencySeconds]: '3600' });
    const outcome = expectKind(await evictPod(sb().open(), { namespace: 'quiet', name: target.metadata!.name! }, { retryAfterRetries: 0 }), 'stillProcessing');
    assert.equal(outcome.code, 429);
    assert.equal(outcome.retryAfterSeconds, 10);
    assert.equal(outcome.message, evictionMessages.violatesBudget);
    assert.equal(outcome.cause, evictionMessages.stillProcessing('queue-pdb'));
    assert.equal(outcome.pdb.name, 'queue-pdb');
    assert.deepEqual(outcome.explanation, stillProcessing);
    const pdbNow = await sb().pdb('quiet', 'queue-pdb');
    assert.deepEqual([pdbNow.metadata?.generation, pdbNow.status?.observedGeneration], [settled.metadata!.generation! + 1, settled.metadata?.generation]);
    assert.equal((await sb().pod('quiet', target.metadata!.name!))?.metadata?.deletionTimestamp, undefined, 'nothing evicted');
  });

  it('500 when two budgets select the pod, naming both', async () => {
    const cluster = sb().open();
    const api = (await sb().pods()).find((p) => p.metadata?.labels?.app === 'api')!;
    const outcome = expectKind(await evictPod(cluster, { namespace: 'default', name: api.metadata!.name! }), 'multipleBudgets');
    assert.equal(outcome.code, 500);
    assert.equal(outcome.message, evictionMessages.multipleBudgets);
    assert.deepEqual([...outcome.pdbs].sort(), ['api-pdb', 'api-pdb-too']);
    assert.match(outcome.explanation.details, /selected by `api-pdb(-too)?` and `api-pdb(-too)?`/);
  });

  it('404 for a pod that does not exist', async () => {
    const outcome = expectKind(await evictPod(sb().open(), { namespace: 'default', name: 'ghost' }), 'notFound');
    assert.equal(outcome.code, 404);
    assert.equal(outcome.message, 'pods "ghost" not found');
  });

  it('an unguarded pod with a grace period of 0 is gone at once', async () => {
    const free = (await sb().pods()).find((p) => p.metadata?.labels?.app === 'free')!;
    expectKind(await evictPod(sb().open(), { namespace: 'default', name: free.metadata!.name! }, { gracePeriodSeconds: 0 }), 'evicted');
    assert.equal(await sb().pod('default', free.metadata!.name!), undefined);
  });

  it('403 in a terminating namespace (NamespaceTerminating)', async () => {
    const del = await sb().kubectl(['delete', 'namespace', 'doomed', '--wait=false']);
    assert.equal(del.code, 0, del.stderr);
    const outcome = expectKind(await evictPod(sb().open(), { namespace: 'doomed', name: 'lonely' }), 'forbidden');
    assert.equal(outcome.code, 403);
    assert.deepEqual(outcome.status?.details?.causes?.map((c) => c.reason), ['NamespaceTerminating']);
  });

  it('403 for a user RBAC does not allow to evict (the viewer context, a client certificate), never echoing its key', async () => {
    const target = (await sb().pods()).find((p) => p.metadata?.namespace === 'default' && !p.metadata?.deletionTimestamp)!;
    const name = target.metadata!.name!;
    const cluster = openCluster({ kubeconfig: sb().kubeconfigPath, context: 'kube-eviction-sandbox-viewer' });
    let outcome: EvictionOutcome;
    try {
      outcome = await evictPod(cluster, { namespace: 'default', name });
    } finally {
      cluster.close();
    }
    const refused = expectKind(outcome, 'forbidden');
    assert.equal(refused.code, 403);
    assert.equal(refused.message, `pods "${name}" is forbidden: User "kube-eviction-sandbox-viewer" cannot create resource "pods/eviction" in API group "" in the namespace "default"`);
    assert.match(refused.explanation.details, /RBAC does not allow this request.*`create` on `pods\/eviction`/);
    const keyBody = sb().viewer.key.split('\n')[1]!;
    assert.ok(!JSON.stringify(outcome).includes(keyBody), 'the client key leaked');
    assert.equal((await sb().pod('default', name))?.metadata?.deletionTimestamp, undefined, 'nothing was evicted');
  });

  it('401 with a wrong token, and neither token appears anywhere in the outcome', async () => {
    const wrong = 'wrong-token-0123456789abcdef';
    const kubeconfig = variantKubeconfig(sb(), 'wrong-token', (c) => (c.users[0].user.token = wrong));
    const outcome = expectKind(await evictWith(kubeconfig, 'anything'), 'unauthorized');
    const text = JSON.stringify(outcome);
    assert.ok(!text.includes(wrong), 'the wrong token leaked');
    assert.ok(!text.includes(sb().token), 'the real token leaked');
    assert.match(outcome.message, /rejected the credentials/);
    assert.equal(outcome.explanation.summary, '401 Unauthorized: the credentials were not accepted');
  });

  it('unreachable: connection refused, with the server named', async () => {
    const port = await closedPort();
    const kubeconfig = variantKubeconfig(sb(), 'refused', (c) => (c.clusters[0].cluster.server = `https://127.0.0.1:${port}`));
    const outcome = expectKind(await evictWith(kubeconfig, 'x'), 'unreachable');
    assert.equal(outcome.cause, 'connectionRefused');
    assert.equal(outcome.server, `https://127.0.0.1:${port}`);
  });

  it('unreachable: a host name that does not resolve', async () => {
    const kubeconfig = variantKubeconfig(sb(), 'dns', (c) => (c.clusters[0].cluster.server = 'https://kube-eviction-test.invalid:6443'));
    assert.equal(expectKind(await evictWith(kubeconfig, 'x'), 'unreachable').cause, 'dns');
  });

  it('unreachable: a certificate authority that did not sign the server certificate', async () => {
    const other = await sandbox({ manifests: [node('elsewhere')] });
    await other.stop();
    const kubeconfig = variantKubeconfig(sb(), 'wrong-ca', (c) => (c.clusters[0].cluster['certificate-authority-data'] = Buffer.from(other.ca).toString('base64')));
    const outcome = expectKind(await evictWith(kubeconfig, 'x'), 'unreachable');
    assert.equal(outcome.cause, 'tlsUnknownAuthority');
    assert.match(outcome.message, /not signed by the kubeconfig's certificate authority/);
    assert.match(outcome.explanation.details, /certificate-authority-data/);
  });

  it('unreachable: a certificate that does not name the server (tls-server-name)', async () => {
    const kubeconfig = variantKubeconfig(sb(), 'wrong-name', (c) => (c.clusters[0].cluster['tls-server-name'] = 'api.example.invalid'));
    assert.equal(expectKind(await evictWith(kubeconfig, 'x'), 'unreachable').cause, 'tlsHostnameMismatch');
  });

  it('an exec credential plugin supplies the token', async () => {
    const dir = tempDir('exec-plugin-');
    const plugin = path.join(dir, 'token-plugin.sh');
    fs.writeFileSync(plugin, `#!/bin/sh\nprintf '%s' '${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: sb().token } })}'\n`, { mode: 0o755 });
    const kubeconfig = variantKubeconfig(sb(), 'exec', (c) => (c.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } }));
    expectKind(await evictWith(kubeconfig, 'ghost'), 'notFound');
  });

  it('a failing exec plugin is a credentials failure that never shows its output', async () => {
    const dir = tempDir('exec-plugin-');
    const plugin = path.join(dir, 'failing-plugin.sh');
    const leaked = 'plugin-secret-xyz-987654';
    fs.writeFileSync(plugin, `#!/bin/sh\necho "refresh token ${leaked} expired" >&2\necho '{"token":"${leaked}"}'\nexit 1\n`, { mode: 0o755 });
    const kubeconfig = variantKubeconfig(sb(), 'exec-fail', (c) => (c.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin } }));
    const outcome = expectKind(await evictWith(kubeconfig, 'ghost'), 'credentials');
    assert.ok(!JSON.stringify(outcome).includes(leaked));
    assert.match(outcome.message, /exec credential plugin ".*failing-plugin\.sh" failed/);
  });

  it('a cancelled eviction says so', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await evictPod(sb().open(), { namespace: 'default', name: 'ghost' }, { signal: controller.signal });
    assert.equal(outcome.kind, 'cancelled');
  });

  it('the web pods end Ready again (the budget was honoured throughout)', async () => {
    await eventually(async () => ((await webPods()).length >= 3 ? true : undefined), 'three Ready web pods', 60_000);
  });
});
