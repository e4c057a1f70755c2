// The sandbox's RBAC stand-in: verbs as RequestInfoFactory names them, and the
// API server's own 403 for what the viewer may not do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admin, authorize, requestVerb, viewerName, viewersGroup } from '../../../server/src/sandbox/authorization';

const viewer = { name: viewerName, groups: [viewersGroup, 'system:authenticated'] };

test('verbs: get/list/watch by name and watch=true, and the write verbs', () => {
  const cases: [string, boolean, boolean, string][] = [
    ['GET', true, false, 'get'],
    ['GET', false, false, 'list'],
    ['GET', false, true, 'watch'],
    ['POST', false, false, 'create'],
    ['POST', true, false, 'create'],
    ['PUT', true, false, 'update'],
    ['PATCH', true, false, 'patch'],
    ['DELETE', true, false, 'delete'],
    ['DELETE', false, false, 'deletecollection'],
  ];
  for (const [method, named, watch, verb] of cases) assert.equal(requestVerb(method, named, watch), verb, `${method} named=${named} watch=${watch}`);
});

test('the admin may do anything; the viewer may read and nothing else', () => {
  for (const verb of ['get', 'list', 'watch', 'create', 'patch', 'delete']) {
    assert.equal(authorize(admin, { verb, group: '', resource: 'pods', namespace: 'default' }), undefined, `admin ${verb}`);
  }
  for (const verb of ['get', 'list', 'watch']) assert.equal(authorize(viewer, { verb, group: '', resource: 'nodes' }), undefined, `viewer ${verb}`);
  assert.notEqual(authorize({ name: 'nobody', groups: ['system:authenticated'] }, { verb: 'get', group: '', resource: 'pods', namespace: 'default', name: 'a' }), undefined);
});

test('403 as the API server words it: resource/subresource, API group, namespace or cluster scope, the object named', () => {
  assert.deepEqual(authorize(viewer, { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'default', name: 'web-a' }), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'pods "web-a" is forbidden: User "kube-eviction-sandbox-viewer" cannot create resource "pods/eviction" in API group "" in the namespace "default"',
    reason: 'Forbidden',
    details: { name: 'web-a', kind: 'pods' },
    code: 403,
  });
  assert.equal(
    authorize(viewer, { verb: 'patch', group: '', resource: 'nodes', name: 'node-1' })?.message,
    'nodes "node-1" is forbidden: User "kube-eviction-sandbox-viewer" cannot patch resource "nodes" in API group "" at the cluster scope',
  );
  assert.equal(
    authorize(viewer, { verb: 'create', group: 'policy', resource: 'poddisruptionbudgets', namespace: 'team-a' })?.message,
    'poddisruptionbudgets.policy is forbidden: User "kube-eviction-sandbox-viewer" cannot create resource "poddisruptionbudgets" in API group "policy" in the namespace "team-a"',
  );
});
