// The REST face over real HTTPS: what it answers to well-formed and to bad
// requests, with the simulator behind it.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Agent } from 'node:https';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../../server/src/sandbox/sandbox';
import { isPodReady } from '../../../server/src/k8s/pods';
import type { KubeObject, Pod } from '../../../server/src/k8s/types';
import { createCertificateAuthority, issueClientCertificate } from '../../../server/src/sandbox/x509';
import { call, openWatch } from './https';
import { deployment, node, pdb, webScenario } from './scenario';

async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const readyPods = (sb: RunningSandbox, app: string) =>
  (sb.api.list('pods', 'default') as Pod[]).filter((p) => p.metadata?.labels?.app === app && isPodReady(p) && !p.metadata?.deletionTimestamp);

async function webSandbox(): Promise<RunningSandbox> {
  const sb = await startSandbox({ manifests: webScenario(), speed: 50, kubeconfigPath: false });
  await until(() => readyPods(sb, 'web').length === 3 && readyPods(sb, 'solo').length === 1, 'the scenario to settle');
  await until(() => (sb.api.get('poddisruptionbudgets', 'default', 'web-pdb') as { ok: boolean; value?: any }).value?.status?.disruptionsAllowed === 1, 'the PDB to allow 1');
  return sb;
}

describe('authentication', () => {
  let sb: RunningSandbox;
  before(async () => (sb = await webSandbox()));
  after(() => sb?.stop());

  test('no token and a wrong token: 401 Unauthorized Status', async () => {
    for (const token of [null, 'wrong', `${'x'.repeat(43)}`]) {
      const r = await call(sb, 'GET', '/api/v1/pods', { token });
      assert.equal(r.status, 401);
      assert.deepEqual(r.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    }
    const basic = await call(sb, 'GET', '/api', { token: null, headers: { Authorization: 'Basic YWRtaW46YWRtaW4=' } });
    assert.equal(basic.status, 401);
  });

  test('/version and health checks are public; discovery is not', async () => {
    const v = await call(sb, 'GET', '/version?timeout=5s', { token: null });
    assert.equal(v.status, 200);
    assert.equal(v.json.minor, '32');
    assert.equal((await call(sb, 'GET', '/healthz', { token: null })).text, 'ok');
    assert.equal((await call(sb, 'GET', '/readyz', { token: null })).status, 200);
    assert.equal((await call(sb, 'GET', '/apis', { token: null })).status, 401);
  });

  test('the viewer\'s client certificate: reads everything, changes nothing (the API server\'s 403)', async () => {
    const asViewer = { token: null, clientCertificate: sb.viewer };
    assert.equal((await call(sb, 'GET', '/apis', asViewer)).status, 200, 'discovery');
    const pods = await call(sb, 'GET', '/api/v1/namespaces/default/pods', asViewer);
    assert.equal(pods.status, 200);
    const name = pods.json.items.find((p: Pod) => p.metadata?.labels?.app === 'web').metadata.name;
    assert.equal((await call(sb, 'GET', '/api/v1/nodes/n1', asViewer)).status, 200);

    const eviction = JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } });
    const refused = await call(sb, 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { ...asViewer, body: eviction });
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `pods "${name}" is forbidden: User "kube-eviction-sandbox-viewer" cannot create resource "pods/eviction" in API group "" in the namespace "default"`,
      reason: 'Forbidden',
      details: { name, kind: 'pods' },
      code: 403,
    });
    const cordon = await call(sb, 'PATCH', '/api/v1/nodes/n1', { ...asViewer, body: '{"spec":{"unschedulable":true}}', headers: { 'Content-Type': 'application/strategic-merge-patch+json' } });
    assert.equal(cordon.json.message, 'nodes "n1" is forbidden: User "kube-eviction-sandbox-viewer" cannot patch resource "nodes" in API group "" at the cluster scope');
    assert.equal((sb.api.get('nodes', undefined, 'n1') as { value?: { spec?: { unschedulable?: boolean } } }).value?.spec?.unschedulable, undefined, 'nothing changed');
    assert.ok(readyPods(sb, 'web').some((p) => p.metadata?.name === name), 'the pod still runs');

    // As the API server's union authenticator, a valid certificate decides before a token.
    assert.equal((await call(sb, 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { clientCertificate: sb.viewer, body: eviction })).status, 403);
  });

  test('a client certificate the sandbox\'s CA did not sign authenticates nobody: 401', async () => {
    const foreign = issueClientCertificate(createCertificateAuthority(), 'kube-eviction-sandbox-admin', ['system:masters']);
    const r = await call(sb, 'GET', '/api/v1/pods', { token: null, clientCertificate: foreign });
    assert.equal(r.status, 401);
  });

  test('the token never appears in any answer', async () => {
    for (const path of ['/api', '/api/v1/pods', '/nope', '/api/v1/namespaces/default/pods/ghost']) {
      assert.ok(!(await call(sb, 'GET', path)).text.includes(sb.token), path);
    }
  });
});

describe('reads', () => {
  let sb: RunningSandbox;
  before(async () => (sb = await webSandbox()));
  after(() => sb?.stop());

  test('lists carry kind, apiVersion and resourceVersion; items are sorted and typed by the list', async () => {
    const r = await call(sb, 'GET', '/api/v1/pods?limit=500');
    assert.equal(r.status, 200);
    assert.equal(r.json.kind, 'PodList');
    assert.equal(r.json.apiVersion, 'v1');
    assert.match(r.json.metadata.resourceVersion, /^\d+$/);
    assert.equal(r.json.metadata.continue, undefined);
    const names = r.json.items.map((p: KubeObject) => p.metadata?.name);
    assert.deepEqual(names, [...names].sort());
    assert.equal(r.json.items.length, 4);
  });

  test('fieldSelector spec.nodeName (the drain query) and labelSelector', async () => {
    const onN1 = (sb.api.list('pods') as Pod[]).filter((p) => p.spec?.nodeName === 'n1').map((p) => p.metadata?.name).sort();
    const r = await call(sb, 'GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dn1&limit=500');
    assert.deepEqual(r.json.items.map((p: KubeObject) => p.metadata?.name).sort(), onN1);
    const web = await call(sb, 'GET', `/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent('app in (web),!canary')}`);
    assert.equal(web.json.items.length, 3);
    const notWeb = await call(sb, 'GET', '/api/v1/namespaces/default/pods?labelSelector=app!%3Dweb');
    assert.equal(notWeb.json.items.length, 1);
  });

  test('a bad selector is a 400 with the server wording', async () => {
    const f = await call(sb, 'GET', '/api/v1/pods?fieldSelector=spec.foo%3Dx');
    assert.equal(f.status, 400);
    assert.equal(f.json.reason, 'BadRequest');
    assert.equal(f.json.message, 'field label not supported: spec.foo');
    const l = await call(sb, 'GET', '/api/v1/pods?labelSelector=a%20in%20b');
    assert.equal(l.status, 400);
    assert.match(l.json.message, /^unable to parse requirement/);
  });

  test('get, a status subresource, and a 404 NotFound', async () => {
    const n = await call(sb, 'GET', '/api/v1/nodes/n1');
    assert.equal(n.json.kind, 'Node');
    assert.equal((await call(sb, 'GET', '/api/v1/nodes/n1/status')).json.metadata.name, 'n1');
    const missing = await call(sb, 'GET', '/api/v1/namespaces/default/pods/ghost');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.reason, 'NotFound');
    assert.equal(missing.json.message, 'pods "ghost" not found');
  });

  test('unknown paths and kinds: 404 Status', async () => {
    for (const path of ['/foo', '/api/v2', '/api/v1/widgets', '/apis/example.com/v1/things', '/apis/policy/v1beta1/poddisruptionbudgets', '/openapi/v2/x', '/api/v1/namespaces/default/pods/x/exec']) {
      const r = await call(sb, 'GET', path);
      assert.equal(r.status, 404, path);
      assert.deepEqual(r.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 }, path);
    }
  });

  test('Table output for kubectl get, and PartialObjectMetadata rows', async () => {
    const r = await call(sb, 'GET', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', {
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json' },
    });
    assert.equal(r.json.kind, 'Table');
    assert.equal(r.json.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(r.json.rows[0].cells.slice(0, 4), ['web-pdb', '2', 'N/A', 1]);
    assert.equal(r.json.rows[0].object.kind, 'PartialObjectMetadata');
    assert.equal(r.json.rows[0].object.metadata.name, 'web-pdb');
    const one = await call(sb, 'GET', '/api/v1/nodes/n1', { headers: { Accept: 'application/json;as=Table;v=v1beta1;g=meta.k8s.io' } });
    assert.equal(one.json.apiVersion, 'meta.k8s.io/v1beta1');
    assert.equal(one.json.rows.length, 1);
  });

  test('protobuf Accept headers are answered with JSON', async () => {
    const r = await call(sb, 'GET', '/api/v1/nodes', { headers: { Accept: 'application/vnd.kubernetes.protobuf, */*' } });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.equal(r.json.kind, 'NodeList');
  });

  test('the eviction subresource answers GET and PATCH with 405', async () => {
    for (const method of ['GET', 'PATCH', 'PUT', 'DELETE']) {
      const r = await call(sb, method, '/api/v1/namespaces/default/pods/x/eviction', { body: '{}' });
      assert.equal(r.status, 405, method);
      assert.equal(r.json.reason, 'MethodNotAllowed');
    }
  });
});

describe('writes and bad input', () => {
  let sb: RunningSandbox;
  before(async () => (sb = await webSandbox()));
  after(() => sb?.stop());
  const webPod = () => readyPods(sb, 'web')[0].metadata!.name!;

  test('malformed JSON: 400 with the real server wording, nothing changed', async () => {
    const before = sb.api.resourceVersion();
    const r = await call(sb, 'POST', `/api/v1/namespaces/default/pods/${webPod()}/eviction`, { body: '{"metadata": {"name": ' });
    assert.equal(r.status, 400);
    assert.equal(r.json.reason, 'BadRequest');
    assert.equal(r.json.message, `the object provided is unrecognized (must be of type Eviction): couldn't get version/kind; json parse error: unexpected end of JSON input ({"metadata": {"name": )`);
    const create = await call(sb, 'POST', '/api/v1/namespaces/default/pods', { body: '{bad' });
    assert.equal(create.status, 400);
    assert.match(create.json.message, /must be of type Pod\): couldn't get version\/kind; json parse error: invalid character 'b' looking for beginning of object key string/);
    assert.equal(sb.api.resourceVersion(), before);
  });

  test('name and namespace mismatches', async () => {
    const p = webPod();
    const name = await call(sb, 'POST', `/api/v1/namespaces/default/pods/${p}/eviction`, { body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'other', namespace: 'default' } }) });
    assert.equal(name.status, 400);
    assert.equal(name.json.message, 'name in URL does not match name in Eviction object');
    const ns = await call(sb, 'POST', `/api/v1/namespaces/default/pods/${p}/eviction`, { body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p, namespace: 'kube-system' } }) });
    assert.equal(ns.status, 400);
    assert.equal(ns.json.message, 'the namespace of the provided object does not match the namespace sent on the request');
    const put = await call(sb, 'PUT', '/api/v1/nodes/n1', { body: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n2' } }) });
    assert.equal(put.status, 400);
    assert.equal(put.json.message, 'the name of the object (n2) does not match the name on the URL (n1)');
  });

  test('a body of the wrong kind or version', async () => {
    const r = await call(sb, 'POST', '/api/v1/namespaces/default/pods', { body: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }) });
    assert.equal(r.status, 400);
    assert.match(r.json.message, /^Deployment in version "v1" cannot be handled as a Pod/);
    const ev = await call(sb, 'POST', `/api/v1/namespaces/default/pods/${webPod()}/eviction`, { body: JSON.stringify({ apiVersion: 'policy/v2', kind: 'Eviction', metadata: { name: webPod() } }) });
    assert.equal(ev.status, 400);
    assert.match(ev.json.message, /"policy\/v2"/);
  });

  test('an oversized body: 413, and the server keeps serving', async () => {
    const huge = `{"metadata":{"name":"x"},"pad":"${'a'.repeat(3 * 1024 * 1024)}"}`;
    const r = await call(sb, 'POST', '/api/v1/namespaces/default/pods', { body: huge });
    assert.equal(r.status, 413);
    assert.equal(r.json.reason, 'RequestEntityTooLarge');
    assert.equal(r.json.message, 'Request entity too large: limit is 3145728');
    assert.equal((await call(sb, 'GET', '/healthz')).status, 200);
  });

  test('unsupported media types: 415', async () => {
    const patch = await call(sb, 'PATCH', '/api/v1/nodes/n1', { body: '{"spec":{}}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(patch.status, 415);
    assert.equal(patch.json.reason, 'UnsupportedMediaType');
    assert.match(patch.json.message, /application\/strategic-merge-patch\+json/);
    const post = await call(sb, 'POST', '/api/v1/namespaces/default/pods', { body: 'x', headers: { 'Content-Type': 'text/plain' } });
    assert.equal(post.status, 415);
  });

  test('node PATCH in all three types; null deletes; a failed JSON Patch test changes nothing', async () => {
    const smp = await call(sb, 'PATCH', '/api/v1/nodes/n2', { body: '{"spec":{"unschedulable":true}}', headers: { 'Content-Type': 'application/strategic-merge-patch+json' } });
    assert.equal(smp.status, 200);
    assert.equal(smp.json.spec.unschedulable, true);
    const merge = await call(sb, 'PATCH', '/api/v1/nodes/n2', { body: '{"spec":{"unschedulable":null}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    assert.equal(merge.json.spec.unschedulable, undefined);
    const failing = await call(sb, 'PATCH', '/api/v1/nodes/n2', {
      body: '[{"op":"add","path":"/metadata/labels/x","value":"1"},{"op":"test","path":"/spec/unschedulable","value":true}]',
      headers: { 'Content-Type': 'application/json-patch+json' },
    });
    assert.equal(failing.status, 422);
    assert.equal((sb.api.get('nodes', undefined, 'n2') as any).value.metadata.labels.x, undefined);
    const jp = await call(sb, 'PATCH', '/api/v1/nodes/n2', {
      body: '[{"op":"test","path":"/metadata/name","value":"n2"},{"op":"add","path":"/metadata/labels/x","value":"1"}]',
      headers: { 'Content-Type': 'application/json-patch+json' },
    });
    assert.equal(jp.status, 200);
    assert.equal(jp.json.metadata.labels.x, '1');
  });

  test('PUT with the current resourceVersion updates; a stale one is 409 Conflict', async () => {
    const node = (await call(sb, 'GET', '/api/v1/nodes/n1')).json;
    node.metadata.labels.put = 'yes';
    const ok = await call(sb, 'PUT', '/api/v1/nodes/n1', { body: JSON.stringify(node) });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.metadata.labels.put, 'yes');
    assert.notEqual(ok.json.metadata.resourceVersion, node.metadata.resourceVersion);
    const stale = await call(sb, 'PUT', '/api/v1/nodes/n1', { body: JSON.stringify(node) });
    assert.equal(stale.status, 409);
    assert.equal(stale.json.reason, 'Conflict');
  });

  test('PATCH of a pod and of a PDB, and of the PDB status subresource', async () => {
    const p = webPod();
    const pod = await call(sb, 'PATCH', `/api/v1/namespaces/default/pods/${p}`, { body: '{"metadata":{"labels":{"tier":"front"}}}', headers: { 'Content-Type': 'application/strategic-merge-patch+json' } });
    assert.equal(pod.status, 200);
    assert.equal(pod.json.metadata.labels.tier, 'front');
    const budget = await call(sb, 'PATCH', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web-pdb', { body: '{"metadata":{"annotations":{"owner":"team-a"}}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    assert.equal(budget.status, 200);
    assert.equal(budget.json.metadata.annotations.owner, 'team-a');
    const status = await call(sb, 'PATCH', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web-pdb/status', { body: '[{"op":"test","path":"/status/desiredHealthy","value":2}]', headers: { 'Content-Type': 'application/json-patch+json' } });
    assert.equal(status.status, 200);
    assert.equal(status.json.status.desiredHealthy, 2);
  });

  test('dryRun=All evicts nothing; an unknown dryRun value is 422', async () => {
    const p = webPod();
    const rv = sb.api.resourceVersion();
    const r = await call(sb, 'POST', `/api/v1/namespaces/default/pods/${p}/eviction?dryRun=All`, { body: JSON.stringify({ metadata: { name: p } }) });
    assert.equal(r.status, 201);
    assert.equal(sb.api.resourceVersion(), rv);
    const bad = await call(sb, 'POST', `/api/v1/namespaces/default/pods/${p}/eviction?dryRun=Yes`, { body: JSON.stringify({ metadata: { name: p } }) });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.message, 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Yes"}: supported values: "All"');
  });

  test('scale subresource: GET and PATCH', async () => {
    const s = await call(sb, 'GET', '/apis/apps/v1/namespaces/default/deployments/solo/scale');
    assert.deepEqual([s.json.kind, s.json.apiVersion, s.json.spec.replicas, s.json.status.selector], ['Scale', 'autoscaling/v1', 1, 'app=solo']);
    const p = await call(sb, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/solo/scale', { body: '{"spec":{"replicas":2}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    assert.equal(p.status, 200);
    assert.equal(p.json.spec.replicas, 2);
    await until(() => readyPods(sb, 'solo').length === 2, 'solo to scale to 2');
  });

  test('garbage never crashes the server', async () => {
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
    const paths = ['/', '/api/v1/namespaces/default/pods/%zz', '/api/v1/namespaces/default/pods', '/api/v1/nodes/n1', '/apis/apps/v1/namespaces/default/deployments/web/scale', '/api/v1/namespaces/default/pods/x/eviction', '/api/v1/namespaces', '/api/v1/pods?watch=true&resourceVersion=abc', '/api/v1/pods?watch=true&resourceVersion=99999999&timeoutSeconds=1'];
    const bodies = ['', 'null', '[]', '"x"', '{"metadata":[]}', '{"metadata":{"name":{}}}', '{"spec":"x"}', '\u0000\uffff', '{"kind":7}', '[{"op":"move","from":"/a","path":"/b"}]', '{"$patch":"delete"}', '[' .repeat(100_000)];
    const contentTypes = ['application/json', 'application/strategic-merge-patch+json', 'application/merge-patch+json', 'application/json-patch+json', 'application/yaml'];
    let i = 0;
    for (const method of methods) {
      for (const path of paths) {
        const body = bodies[i % bodies.length];
        const contentType = contentTypes[i++ % contentTypes.length];
        const r = await call(sb, method, path, method === 'GET' || method === 'HEAD' ? {} : { body, headers: { 'Content-Type': contentType } });
        assert.ok(r.status >= 200 && r.status < 600, `${method} ${path}`);
        if (r.status >= 400 && method !== 'HEAD') assert.equal(r.json?.kind, 'Status', `${method} ${path} ${contentType} ${body.slice(0, 20)}: ${r.text.slice(0, 200)}`);
        assert.notEqual(r.status, 500, `${method} ${path} ${contentType} ${body.slice(0, 20)}: ${r.text.slice(0, 300)}`);
      }
    }
    assert.equal((await call(sb, 'GET', '/healthz')).text, 'ok');
  });
});

describe('concurrent evictions', () => {
  test('N evictions racing for one PDB allowance: exactly one 201, the rest 429', async () => {
    const sb = await startSandbox({
      manifests: [node('n1'), deployment('web', 6), pdb('web-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } })],
      speed: 50,
      kubeconfigPath: false,
    });
    after(() => sb.stop());
    await until(() => readyPods(sb, 'web').length === 6, 'six ready replicas');
    await until(() => (sb.api.get('poddisruptionbudgets', 'default', 'web-pdb') as any).value?.status?.disruptionsAllowed === 1, 'the PDB to allow 1');
    // Cordoned, so that no replacement becomes Ready and returns the allowance during the burst.
    await call(sb, 'PATCH', '/api/v1/nodes/n1', { body: '{"spec":{"unschedulable":true}}', headers: { 'Content-Type': 'application/strategic-merge-patch+json' } });
    // Separate connections, as kubectl drain's goroutines may use, all sent before any answer.
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const names = readyPods(sb, 'web').map((p) => p.metadata!.name!);
    const replies = await Promise.all(
      names.map((name) => call(sb, 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { agent, body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } }) })),
    );
    agent.destroy();
    const codes = replies.map((r) => r.status).sort();
    assert.deepEqual(codes, [201, 429, 429, 429, 429, 429]);
    for (const r of replies.filter((x) => x.status === 429)) {
      assert.equal(r.json.message, "Cannot evict pod as it would violate the pod's disruption budget.");
      assert.equal(r.json.details.causes[0].reason, 'DisruptionBudget');
      assert.equal(r.headers['retry-after'], undefined);
    }
    assert.deepEqual(replies.find((r) => r.status === 201)!.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  });
});

describe('watch', () => {
  let sb: RunningSandbox;
  before(async () => (sb = await webSandbox()));
  after(() => sb?.stop());

  test('initial ADDED events, then MODIFIED for a cordon; Table rows when asked', async () => {
    const w = openWatch(sb, '/api/v1/nodes?watch=true&allowWatchBookmarks=true');
    const t = openWatch(sb, '/api/v1/nodes?watch=1', { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    await until(() => w.events.length === 2 && t.events.length === 2, 'initial events');
    assert.deepEqual(w.events.map((e) => e.type), ['ADDED', 'ADDED']);
    await call(sb, 'PATCH', '/api/v1/nodes/n1', { body: '{"spec":{"unschedulable":true}}', headers: { 'Content-Type': 'application/strategic-merge-patch+json' } });
    const modified = await until(() => w.events.find((e) => e.type === 'MODIFIED' && e.object.spec?.unschedulable), 'the cordon event');
    assert.equal(modified.object.metadata.name, 'n1');
    const row = await until(() => t.events.find((e) => e.type === 'MODIFIED'), 'the table event');
    assert.equal(row.object.kind, 'Table');
    assert.equal(row.object.rows[0].cells[1], 'Ready,SchedulingDisabled');
    w.stop();
    t.stop();
  });

  test('a watch from a resourceVersion replays what followed it', async () => {
    const rv = sb.api.resourceVersion();
    await call(sb, 'PATCH', '/api/v1/nodes/n2', { body: '{"metadata":{"labels":{"replayed":"yes"}}}', headers: { 'Content-Type': 'application/merge-patch+json' } });
    const w = openWatch(sb, `/api/v1/nodes?watch=true&resourceVersion=${rv}`);
    const replayed = await until(() => w.events.find((e) => e.type === 'MODIFIED'), 'the replayed change');
    assert.equal(replayed.object.metadata.labels.replayed, 'yes');
    assert.equal(w.events.filter((e) => e.type === 'ADDED').length, 0, 'no initial state for a watch from a resourceVersion');
    w.stop();
  });

  test('with a selector, an object entering the selection is ADDED and one leaving it is DELETED', async () => {
    const w = openWatch(sb, '/api/v1/nodes?watch=true&labelSelector=zone%3Da');
    const label = (value: string | null) => call(sb, 'PATCH', '/api/v1/nodes/n2', { body: JSON.stringify({ metadata: { labels: { zone: value } } }), headers: { 'Content-Type': 'application/merge-patch+json' } });
    await label('a');
    const added = await until(() => w.events.find((e) => e.type === 'ADDED'), 'the labelled node entering the selection');
    assert.equal(added.object.metadata.name, 'n2');
    await label(null);
    const deleted = await until(() => w.events.find((e) => e.type === 'DELETED'), 'the node leaving the selection');
    assert.equal(deleted.object.metadata.name, 'n2');
    assert.deepEqual(w.events.map((e) => e.type), ['ADDED', 'DELETED']);
    w.stop();
  });

  test('a filtered watch from a resourceVersion replays an object leaving the selection since, though it is no longer there (labelled, then unlabelled)', async () => {
    const label = (value: string | null) => call(sb, 'PATCH', '/api/v1/nodes/n2', { body: JSON.stringify({ metadata: { labels: { wave: value } } }), headers: { 'Content-Type': 'application/merge-patch+json' } });
    await label('b');
    const rv = sb.api.resourceVersion();
    await label(null);
    const w = openWatch(sb, `/api/v1/nodes?watch=true&labelSelector=wave%3Db&resourceVersion=${rv}`);
    const deleted = await until(() => w.events.find((e) => e.type === 'DELETED'), 'the replayed departure');
    assert.equal(deleted.object.metadata.name, 'n2');
    assert.deepEqual(w.events.map((e) => e.type), ['DELETED']);
    w.stop();
  });

  test('timeoutSeconds ends the stream with a bookmark; a malformed resourceVersion is a 400; one from the future is an ERROR event', async () => {
    const w = openWatch(sb, '/api/v1/namespaces/default/pods?watch=true&timeoutSeconds=1&allowWatchBookmarks=true');
    await until(() => w.ended(), 'the watch to time out');
    assert.equal(w.events.at(-1)?.type, 'BOOKMARK');
    assert.match(w.events.at(-1)?.object.metadata.resourceVersion, /^\d+$/);
    const bad = await call(sb, 'GET', '/api/v1/pods?watch=true&resourceVersion=abc');
    assert.equal(bad.status, 400);
    const future = openWatch(sb, '/api/v1/pods?watch=true&resourceVersion=999999999');
    await until(() => future.ended(), 'the future watch to end');
    assert.equal(future.events[0].type, 'ERROR');
    assert.equal(future.events[0].object.kind, 'Status');
  });

  test('stopping the sandbox ends open watches', async () => {
    const other = await startSandbox({ manifests: [node('n1')], speed: 50, kubeconfigPath: false });
    const w = openWatch(other, '/api/v1/nodes?watch=true');
    await until(() => w.events.length === 1, 'the initial event');
    await other.stop();
    await until(() => w.ended(), 'the stream to end');
  });
});

describe('stopping', () => {
  test('a connection still in its TLS handshake when the sandbox stops is closed, never served after', async () => {
    const sb = await startSandbox({ manifests: webScenario(), kubeconfigPath: false });
    const raw = connect(sb.port, '127.0.0.1');
    await once(raw, 'connect');
    // Let the server accept it: it is then in its handshake, unknown to closeAllConnections().
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    const stopped = sb.stop();
    const outcome = await new Promise<string>((resolve) => {
      const secure = tlsConnect({ socket: raw, ca: sb.ca, servername: 'localhost' });
      secure.on('secureConnect', () => {
        secure.write(`GET /version HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${sb.token}\r\n\r\n`);
        secure.once('data', () => resolve('served after stop'));
      });
      secure.on('error', () => resolve('closed'));
      secure.on('close', () => resolve('closed'));
    });
    assert.equal(outcome, 'closed');
    await stopped;
  });
});
