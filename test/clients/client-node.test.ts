// Real @kubernetes/client-node 1.4.0 (what the extension's cluster code uses)
// against the sandbox: list, watch, patch, evict and the ApiExceptions.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiException, AuthenticationV1Api, AuthorizationV1Api, CoreV1Api, KubeConfig, PatchStrategy, PolicyV1Api, Watch, makeInformer, setHeaderOptions, type V1PodDisruptionBudget } from '@kubernetes/client-node';
import { pdbSelectsPod } from '../../server/src/k8s/pdb';
import { isPodReady } from '../../server/src/k8s/pods';
import type { Pod, PodDisruptionBudget } from '../../server/src/k8s/types';
import { startSandbox, type RunningSandbox } from '../../server/src/sandbox/sandbox';
import { walkthroughScenario } from '../../server/src/sim/scenarios/walkthrough';
import { eventually } from './helpers';
import { deployment, node, pdb } from '../server/sandbox/scenario';

/** client-node's Eviction call for a pod in `default`. */
const evictWith = (core: CoreV1Api) => (name: string) =>
  core.createNamespacedPodEviction({ name, namespace: 'default', body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } } });

/** The ApiException a call must fail with. */
async function apiException(call: Promise<unknown>): Promise<ApiException<string>> {
  const e = await call.then(
    () => assert.fail('expected an ApiException'),
    (err: unknown) => err,
  );
  assert.ok(e instanceof ApiException, String(e));
  return e as ApiException<string>;
}

describe('@kubernetes/client-node', () => {
  let sb: RunningSandbox;
  let kc: KubeConfig;
  let core: CoreV1Api;

  before(async () => {
    sb = await startSandbox({ manifests: walkthroughScenario(), speed: 20, kubeconfigPath: false });
    await eventually(
      () => (sb.api.list('pods') as Pod[]).every(isPodReady) && (sb.api.list('poddisruptionbudgets') as PodDisruptionBudget[]).every((p) => (p.status?.disruptionsAllowed ?? 0) > 0),
      'the scenario to settle',
    );
    kc = new KubeConfig();
    kc.loadFromString(sb.kubeconfig);
    core = kc.makeApiClient(CoreV1Api);
  });
  after(() => sb?.stop());

  test('lists nodes, pods by field selector and PDBs', async () => {
    assert.equal(kc.getCurrentContext(), 'kube-eviction-sandbox');
    const nodes = await core.listNode();
    assert.deepEqual(nodes.items.map((n) => n.metadata?.name), ['node-1', 'node-2', 'node-3']);
    const onNode1 = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=node-1' });
    assert.ok(onNode1.items.length >= 2);
    assert.ok(onNode1.items.every((p) => p.spec?.nodeName === 'node-1'));
    const pdbs = await kc.makeApiClient(PolicyV1Api).listPodDisruptionBudgetForAllNamespaces();
    assert.equal(pdbs.items[0].status?.disruptionsAllowed, 1);
  });

  test('patches a node with the strategic-merge header, and refuses an object body as JSON Patch', async () => {
    const cordoned = await core.patchNode({ name: 'node-3', body: { spec: { unschedulable: true } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    assert.equal(cordoned.spec?.unschedulable, true);
    const uncordoned = await core.patchNode({ name: 'node-3', body: { spec: { unschedulable: null } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    assert.equal(uncordoned.spec?.unschedulable, undefined);
    // client-node's default content type is JSON Patch: an object body is not one.
    assert.equal((await apiException(core.patchNode({ name: 'node-3', body: { spec: { unschedulable: true } } }))).code, 400);
  });

  test('watch sees the cordon (MODIFIED) and an eviction (MODIFIED, then DELETED, and the replacement ADDED)', async () => {
    const events: { type: string; kind: string; name: string; terminating: boolean }[] = [];
    const watch = new Watch(kc);
    const record = (kind: string) => (type: string, obj: { metadata?: { name?: string; deletionTimestamp?: unknown } }) =>
      events.push({ type, kind, name: obj.metadata?.name ?? '', terminating: !!obj.metadata?.deletionTimestamp });
    const nodesWatch = await watch.watch('/api/v1/nodes', {}, record('Node'), () => undefined);
    const podsWatch = await watch.watch('/api/v1/namespaces/default/pods', { allowWatchBookmarks: true }, record('Pod'), () => undefined);
    try {
      await eventually(() => events.filter((e) => e.type === 'ADDED').length >= 3 + (sb.api.list('pods', 'default') as Pod[]).length, 'the initial ADDED events');
      await core.patchNode({ name: 'node-2', body: { spec: { unschedulable: true } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
      await eventually(() => events.some((e) => e.kind === 'Node' && e.type === 'MODIFIED' && e.name === 'node-2'), 'the node MODIFIED event');

      // The unrelated pod on node-1: no PDB covers it, its controller replaces it.
      const before = new Set((sb.api.list('pods') as Pod[]).map((p) => p.metadata!.name));
      const victim = (sb.api.list('pods', 'default') as Pod[]).find((p) => p.spec?.nodeName === 'node-1' && !(sb.api.list('poddisruptionbudgets') as PodDisruptionBudget[]).some((b) => pdbSelectsPod(b, p)));
      assert.ok(victim, 'an unbudgeted pod on node-1');
      const name = victim.metadata!.name!;
      await evictWith(core)(name);
      await eventually(() => events.some((e) => e.kind === 'Pod' && e.type === 'MODIFIED' && e.name === name && e.terminating), 'the pod MODIFIED as terminating');
      await eventually(() => events.some((e) => e.kind === 'Pod' && e.type === 'DELETED' && e.name === name), 'the pod DELETED');
      await eventually(() => events.some((e) => e.kind === 'Pod' && e.type === 'ADDED' && !before.has(e.name)), 'the replacement ADDED');
    } finally {
      nodesWatch.abort();
      podsWatch.abort();
    }
  });

  test('an informer (list, then watch from its resourceVersion) follows a PDB through an eviction', async () => {
    const policy = kc.makeApiClient(PolicyV1Api);
    const informer = makeInformer<V1PodDisruptionBudget>(kc, '/apis/policy/v1/namespaces/default/poddisruptionbudgets', () => policy.listNamespacedPodDisruptionBudget({ namespace: 'default' }));
    const allowed: number[] = [];
    informer.on('update', (pdb) => allowed.push(pdb.status?.disruptionsAllowed ?? -1));
    await informer.start();
    try {
      const [budget] = informer.list();
      assert.equal(budget.status?.disruptionsAllowed, 1);
      const victim = (sb.api.list('pods', 'default') as Pod[]).find((p) => pdbSelectsPod(budget as PodDisruptionBudget, p) && isPodReady(p) && !p.metadata?.deletionTimestamp);
      await evictWith(core)(victim!.metadata!.name!);
      await eventually(() => allowed.includes(0), 'the informer to see the budget spent');
      await eventually(() => informer.list()[0]?.status?.disruptionsAllowed === 1, 'the informer to see the budget back once the replacement is Ready');
    } finally {
      await informer.stop();
    }
  });

  test('evict: 201, then an ApiException 429 with the Status body; a missing pod is 404', async () => {
    const [budget] = sb.api.list('poddisruptionbudgets') as PodDisruptionBudget[];
    await eventually(() => (sb.api.get('poddisruptionbudgets', 'default', budget.metadata!.name!) as any).value.status.disruptionsAllowed === 1, 'the budget to allow one');
    const web = (sb.api.list('pods', 'default') as Pod[]).filter((p) => p.metadata?.labels?.app === budget.spec?.selector?.matchLabels?.app && isPodReady(p) && !p.metadata?.deletionTimestamp);
    const evict = evictWith(core);
    await evict(web[0].metadata!.name!);
    const refused = await apiException(evict(web[1].metadata!.name!));
    assert.equal(refused.code, 429);
    const status = JSON.parse(refused.body);
    assert.equal(status.reason, 'TooManyRequests');
    assert.equal(status.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.equal(refused.headers['retry-after'], undefined);
    assert.equal((await apiException(evict('ghost'))).code, 404);
  });

  test('evict a pod under two PDBs: ApiException 500 with the upstream message', async () => {
    const other = await startSandbox({
      manifests: [node('n1'), deployment('api', 1), pdb('api-a', { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } }), pdb('api-b', { minAvailable: 0, selector: { matchLabels: { app: 'api' } } })],
      speed: 50,
      kubeconfigPath: false,
    });
    after(() => other.stop());
    const pod = await eventually(() => (other.api.list('pods', 'default') as Pod[]).find(isPodReady), 'the api pod to be ready');
    const okc = new KubeConfig();
    okc.loadFromString(other.kubeconfig);
    const failed = await apiException(evictWith(okc.makeApiClient(CoreV1Api))(pod.metadata!.name!));
    assert.equal(failed.code, 500);
    const status = JSON.parse(failed.body);
    assert.equal(status.message, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    assert.equal(status.reason, undefined);
  });

  test('SelfSubjectAccessReview and SelfSubjectReview for each context: may I evict? who am I?', async () => {
    const viewerConfig = new KubeConfig();
    viewerConfig.loadFromString(sb.kubeconfig);
    viewerConfig.setCurrentContext('kube-eviction-sandbox-viewer');
    const evictAttributes = { resourceAttributes: { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default' } };
    const canEvict = async (config: KubeConfig) => {
      const { status } = await config.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({ body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: evictAttributes } });
      return { allowed: status?.allowed, reason: status?.reason };
    };
    assert.deepEqual(await canEvict(kc), { allowed: true, reason: undefined });
    assert.deepEqual(await canEvict(viewerConfig), { allowed: false, reason: undefined });
    const whoami = async (config: KubeConfig) => {
      const info = (await config.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } })).status?.userInfo;
      return { username: info?.username, groups: info?.groups };
    };
    assert.deepEqual(await whoami(kc), { username: 'kube-eviction-sandbox-admin', groups: ['system:masters', 'system:authenticated'] });
    assert.deepEqual(await whoami(viewerConfig), { username: 'kube-eviction-sandbox-viewer', groups: ['kube-eviction-sandbox:viewers', 'system:authenticated'] });
  });
});
