import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePath, type Route } from '../../../server/src/sandbox/routes';

function resource(r: Route) {
  assert.equal(r.kind, 'resource');
  const { info, ...rest } = r as Extract<Route, { kind: 'resource' }>;
  return { resource: info.resource, ...rest };
}

test('discovery and info paths', () => {
  assert.deepEqual(parsePath('/version'), { kind: 'version' });
  assert.deepEqual(parsePath('/healthz'), { kind: 'health' });
  assert.deepEqual(parsePath('/readyz'), { kind: 'health' });
  assert.deepEqual(parsePath('/api'), { kind: 'apiVersions' });
  assert.deepEqual(parsePath('/apis'), { kind: 'apiGroupList' });
  assert.deepEqual(parsePath('/apis/policy'), { kind: 'apiGroup', group: 'policy' });
  assert.deepEqual(parsePath('/api/v1'), { kind: 'resourceList', groupVersion: 'v1' });
  assert.deepEqual(parsePath('/apis/apps/v1'), { kind: 'resourceList', groupVersion: 'apps/v1' });
});

test('namespaced collections, objects and subresources', () => {
  assert.deepEqual(resource(parsePath('/api/v1/pods')), { kind: 'resource', resource: 'pods' });
  assert.deepEqual(resource(parsePath('/api/v1/namespaces/default/pods')), { kind: 'resource', resource: 'pods', namespace: 'default' });
  assert.deepEqual(resource(parsePath('/api/v1/namespaces/default/pods/web-a/eviction')), { kind: 'resource', resource: 'pods', namespace: 'default', name: 'web-a', subresource: 'eviction' });
  assert.deepEqual(resource(parsePath('/apis/policy/v1/namespaces/ns/poddisruptionbudgets/web-pdb/status')), {
    kind: 'resource',
    resource: 'poddisruptionbudgets',
    namespace: 'ns',
    name: 'web-pdb',
    subresource: 'status',
  });
  assert.deepEqual(resource(parsePath('/apis/apps/v1/namespaces/ns/deployments/web/scale')), { kind: 'resource', resource: 'deployments', namespace: 'ns', name: 'web', subresource: 'scale' });
});

test('cluster-scoped objects, including namespaces themselves', () => {
  assert.deepEqual(resource(parsePath('/api/v1/nodes/node-1')), { kind: 'resource', resource: 'nodes', name: 'node-1' });
  assert.deepEqual(resource(parsePath('/api/v1/namespaces/default')), { kind: 'resource', resource: 'namespaces', name: 'default' });
  assert.deepEqual(resource(parsePath('/api/v1/namespaces/default/status')), { kind: 'resource', resource: 'namespaces', name: 'default', subresource: 'status' });
});

test('escaped names are decoded', () => {
  assert.deepEqual(resource(parsePath('/api/v1/namespaces/default/pods/a%2Eb')), { kind: 'resource', resource: 'pods', namespace: 'default', name: 'a.b' });
});

test('unknown paths, kinds, groups, subresources and shapes are not found', () => {
  for (const p of [
    '/',
    '/foo',
    '/api/v2/pods',
    '/api/v1/widgets',
    '/apis/apps/v1/pods',
    '/api/v1/pods/web-a',
    '/api/v1/namespaces/default/nodes',
    '/api/v1/namespaces/default/pods/web-a/exec',
    '/api/v1/namespaces/default/pods/web-a/eviction/extra',
    '/api/v1/namespaces//pods',
    '/api/v1/namespaces/default/pods/%E0%A4%A',
    '/apis/policy/v1/namespaces/ns/poddisruptionbudgets/p/eviction',
  ]) {
    assert.deepEqual(parsePath(p), { kind: 'notFound' }, p);
  }
});

test('OpenAPI v3 paths', () => {
  assert.deepEqual(parsePath('/openapi/v3'), { kind: 'openapi', path: '' });
  assert.deepEqual(parsePath('/openapi/v3/apis/apps/v1'), { kind: 'openapi', path: 'apis/apps/v1' });
  assert.deepEqual(parsePath('/openapi/v2'), { kind: 'openapiV2' });
  assert.deepEqual(parsePath('/openapi/v2/x'), { kind: 'notFound' });
});

test('the reviews are their own route; nothing below them is', () => {
  const r = parsePath('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
  assert.equal(r.kind === 'review' && r.review.kind, 'SelfSubjectAccessReview');
  const whoami = parsePath('/apis/authentication.k8s.io/v1/selfsubjectreviews');
  assert.equal(whoami.kind === 'review' && whoami.review.kind, 'SelfSubjectReview');
  assert.deepEqual(parsePath('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/x'), { kind: 'notFound' });
  assert.deepEqual(parsePath('/apis/authorization.k8s.io/v1/subjectaccessreviews'), { kind: 'notFound' });
});
