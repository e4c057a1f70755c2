// SelfSubjectAccessReview and SelfSubjectReview over real HTTPS, as JSON and
// as the protobuf kubectl's typed clients send: the answers the RBAC
// authorizer would give the sandbox's two users.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSandbox, type RunningSandbox } from '../../../server/src/sandbox/sandbox';
import { call } from './https';
import { webScenario } from './scenario';

const ssar = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const ssr = '/apis/authentication.k8s.io/v1/selfsubjectreviews';

/** Protobuf wire format, enough for string fields and nested messages. */
function field(n: number, value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  const varint = (v: number) => {
    const out: number[] = [];
    do {
      out.push((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
      v >>>= 7;
    } while (v > 0);
    return Buffer.from(out);
  };
  return Buffer.concat([varint((n << 3) | 2), varint(bytes.length), bytes]);
}

describe('the reviews', () => {
  let sb: RunningSandbox;
  before(async () => (sb = await startSandbox({ manifests: webScenario(), speed: 50, kubeconfigPath: false })));
  after(() => sb?.stop());
  const asViewer = () => ({ token: null, clientCertificate: sb.viewer });
  const post = (path: string, body: unknown, opts = {}) => call(sb, 'POST', path, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, ...opts });
  const access = (attributes: Record<string, unknown>) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: attributes });

  const cases: { name: string; viewer: boolean; spec: Record<string, unknown>; status: Record<string, unknown> }[] = [
    { name: 'the admin may evict (system:masters: allowed, no reason)', viewer: false, spec: { resourceAttributes: { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default' } }, status: { allowed: true } },
    { name: 'the viewer may not evict (no opinion: not allowed, no reason)', viewer: true, spec: { resourceAttributes: { verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default' } }, status: { allowed: false } },
    { name: 'the viewer may not cordon', viewer: true, spec: { resourceAttributes: { verb: 'patch', resource: 'nodes', name: 'n1' } }, status: { allowed: false } },
    {
      name: 'the viewer may list pods, by its binding',
      viewer: true,
      spec: { resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'default' } },
      status: { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "kube-eviction-sandbox-viewers" of ClusterRole "kube-eviction-sandbox-viewer" to Group "kube-eviction-sandbox:viewers"' },
    },
    {
      name: 'the viewer may read discovery paths (system:discovery)',
      viewer: true,
      spec: { nonResourceAttributes: { path: '/apis', verb: 'get' } },
      status: { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"' },
    },
    { name: 'the viewer may not post to a path', viewer: true, spec: { nonResourceAttributes: { path: '/logs', verb: 'post' } }, status: { allowed: false } },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const r = await post(ssar, access(c.spec), c.viewer ? asViewer() : {});
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(r.json, { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec: c.spec, status: c.status });
    });
  }

  test('exactly one kind of attributes: the 422 of validation', async () => {
    const neither = await post(ssar, access({}));
    assert.equal(neither.status, 422);
    assert.equal(neither.json.message, 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
    const both = await post(ssar, access({ resourceAttributes: { verb: 'get' }, nonResourceAttributes: { path: '/api', verb: 'get' } }));
    assert.equal(both.json.message, 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/api", Verb:"get"}: cannot be specified in combination with resourceAttributes');
  });

  test('only created: GET is 405', async () => assert.equal((await call(sb, 'GET', ssar)).status, 405));

  test('whoami: the user and groups of each credential', async () => {
    const admin = await post(ssr, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    assert.equal(admin.status, 201);
    assert.deepEqual(admin.json.status, { userInfo: { username: 'kube-eviction-sandbox-admin', groups: ['system:masters', 'system:authenticated'] } });
    const viewer = await post(ssr, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, asViewer());
    assert.deepEqual(viewer.json.status, { userInfo: { username: 'kube-eviction-sandbox-viewer', groups: ['kube-eviction-sandbox:viewers', 'system:authenticated'] } });
  });

  test('a protobuf body (k8s\\0, runtime.Unknown around the review) is read as kubectl sends it', async () => {
    const attributes = Buffer.concat([field(1, 'default'), field(2, 'create'), field(5, 'pods'), field(6, 'eviction')]);
    const review = Buffer.concat([field(1, Buffer.alloc(0)), field(2, field(1, attributes))]);
    const typeMeta = Buffer.concat([field(1, 'authorization.k8s.io/v1'), field(2, 'SelfSubjectAccessReview')]);
    const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), field(1, typeMeta), field(2, review)]);
    const r = await call(sb, 'POST', ssar, { body, headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' }, ...asViewer() });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.json.spec, { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods', subresource: 'eviction' } });
    assert.deepEqual(r.json.status, { allowed: false });
  });
});
