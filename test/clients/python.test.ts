// Real python3-kubernetes (Debian's package) against the sandbox. The client
// validates required fields when it reads responses, so these also check
// that the sandbox's objects are complete.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isPodReady } from '../../server/src/k8s/pods';
import type { Pod, PodDisruptionBudget } from '../../server/src/k8s/types';
import { eventually, requirePythonKubernetes, testSandbox, type TestSandbox } from './helpers';

describe('python3-kubernetes', () => {
  let sb: TestSandbox;
  before(async () => {
    await requirePythonKubernetes();
    sb = await testSandbox();
    await eventually(
      () => (sb.api.list('pods') as Pod[]).every(isPodReady) && (sb.api.list('poddisruptionbudgets') as PodDisruptionBudget[]).every((p) => (p.status?.disruptionsAllowed ?? 0) > 0),
      'the scenario to settle',
    );
  });
  after(() => sb?.stop());

  async function py(script: string): Promise<any> {
    const r = await sb.python(script);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  }

  test('lists nodes, pods across namespaces and PDBs with their status fields', async () => {
    const out = await py(`
v1 = client.CoreV1Api(api_client)
policy = client.PolicyV1Api(api_client)
nodes = v1.list_node()
pods = v1.list_pod_for_all_namespaces(field_selector='spec.nodeName=node-1')
pdbs = policy.list_pod_disruption_budget_for_all_namespaces()
print(json.dumps({
  'nodes': [n.metadata.name for n in nodes.items],
  'kubelet': nodes.items[0].status.node_info.kubelet_version,
  'podsOnNode1': sorted(p.metadata.name for p in pods.items),
  'pdbs': [{'name': p.metadata.name, 'current': p.status.current_healthy, 'desired': p.status.desired_healthy,
            'allowed': p.status.disruptions_allowed, 'expected': p.status.expected_pods} for p in pdbs.items],
}))
`);
    assert.deepEqual(out.nodes, ['node-1', 'node-2', 'node-3']);
    assert.match(out.kubelet, /^v1\.32/);
    const onNode1 = (sb.api.list('pods') as Pod[]).filter((p) => p.spec?.nodeName === 'node-1').map((p) => p.metadata!.name).sort();
    assert.deepEqual(out.podsOnNode1, onNode1);
    assert.deepEqual(out.pdbs.map((p: { current: number; desired: number; allowed: number; expected: number }) => [p.current, p.desired, p.allowed, p.expected]), [[3, 2, 1, 3]]);
  });

  test('evicts with a V1Eviction of metadata only, then reads the 429', async () => {
    const [pdb] = sb.api.list('poddisruptionbudgets') as PodDisruptionBudget[];
    const web = (sb.api.list('pods', 'default') as Pod[]).filter((p) => Object.entries(pdb.spec?.selector?.matchLabels ?? {}).every(([k, v]) => p.metadata?.labels?.[k] === v));
    const [first, second] = web.map((p) => p.metadata!.name);
    const out = await py(`
v1 = client.CoreV1Api(api_client)
def evict(name):
    body = client.V1Eviction(metadata=client.V1ObjectMeta(name=name, namespace='default'))
    try:
        v1.create_namespaced_pod_eviction(name=name, namespace='default', body=body)
        return {'status': 201}
    except client.exceptions.ApiException as e:
        return {'status': e.status, 'reason': e.reason, 'body': json.loads(e.body), 'retryAfter': e.headers.get('Retry-After')}
print(json.dumps([evict(${JSON.stringify(first)}), evict(${JSON.stringify(second)}), evict('ghost')]))
`);
    assert.deepEqual(out[0], { status: 201 });
    assert.equal(out[1].status, 429);
    assert.equal(out[1].reason, 'Too Many Requests');
    assert.equal(out[1].body.message, "Cannot evict pod as it would violate the pod's disruption budget.");
    assert.equal(out[1].body.details.causes[0].reason, 'DisruptionBudget');
    assert.match(out[1].body.details.causes[0].message, new RegExp(`^The disruption budget ${pdb.metadata!.name} needs 2 healthy pods and has [23] currently$`));
    assert.equal(out[1].retryAfter, null);
    assert.equal(out[2].status, 404);
    assert.equal(out[2].body.message, 'pods "ghost" not found');
  });

  test('the viewer context authenticates with its client certificate: lists pods, and its eviction is a 403', async () => {
    const pod = (sb.api.list('pods', 'default') as Pod[]).find((p) => !p.metadata?.deletionTimestamp)!;
    const name = pod.metadata!.name!;
    const out = await py(`
viewer = config.new_client_from_config(config_file=${JSON.stringify(join(sb.dir, 'kubeconfig'))}, context='kube-eviction-sandbox-viewer')
v1 = client.CoreV1Api(viewer)
listed = [p.metadata.name for p in v1.list_namespaced_pod('default').items]
try:
    v1.create_namespaced_pod_eviction(name=${JSON.stringify(name)}, namespace='default', body=client.V1Eviction(metadata=client.V1ObjectMeta(name=${JSON.stringify(name)})))
    refused = {'status': 201}
except client.exceptions.ApiException as e:
    refused = {'status': e.status, 'body': json.loads(e.body)}
print(json.dumps({'listed': listed, 'refused': refused}))
`);
    assert.ok(out.listed.includes(name));
    assert.equal(out.refused.status, 403);
    assert.equal(out.refused.body.reason, 'Forbidden');
    assert.equal(out.refused.body.message, `pods "${name}" is forbidden: User "kube-eviction-sandbox-viewer" cannot create resource "pods/eviction" in API group "" in the namespace "default"`);
    assert.equal((sb.api.get('pods', 'default', name) as any).value.metadata.deletionTimestamp, undefined);
  });
});
