import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiGroupDocument, apiGroupList, apiResourceList, versionInfo } from '../../../server/src/sandbox/discovery';
import { openApiV2Document, openApiV3Document, openApiV3Root } from '../../../server/src/sandbox/openapi';

test('/version reports v1.32, which makes the kubectl dispatcher pick kubectl 1.32', () => {
  const v = versionInfo();
  assert.equal(v.major, '1');
  assert.equal(v.minor, '32');
  assert.match(v.gitVersion, /^v1\.32\.\d+$/);
});

test('/api/v1 lists pods/eviction exactly as kubectl drain looks for it', () => {
  const list = apiResourceList('v1');
  assert.ok(list);
  assert.deepEqual(
    list.resources.find((r) => r.name === 'pods/eviction'),
    { name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] },
  );
});

test('shortNames are listed (kubectl get po/no/pdb need them)', () => {
  const short = (gv: string, name: string) => (apiResourceList(gv)?.resources.find((r) => r.name === name) as { shortNames?: string[] } | undefined)?.shortNames;
  assert.deepEqual(short('v1', 'pods'), ['po']);
  assert.deepEqual(short('v1', 'nodes'), ['no']);
  assert.deepEqual(short('policy/v1', 'poddisruptionbudgets'), ['pdb']);
  assert.deepEqual(short('apps/v1', 'deployments'), ['deploy']);
  assert.deepEqual(short('v1', 'persistentvolumeclaims'), ['pvc']);
  assert.deepEqual(short('v1', 'persistentvolumes'), ['pv']);
  assert.deepEqual(short('storage.k8s.io/v1', 'storageclasses'), ['sc']);
});

test('the reviews: create only, cluster-scoped (kubectl auth can-i and auth whoami post them)', () => {
  assert.deepEqual(apiResourceList('authorization.k8s.io/v1')?.resources, [
    { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] },
  ]);
  assert.deepEqual(apiResourceList('authentication.k8s.io/v1')?.resources, [
    { name: 'selfsubjectreviews', singularName: 'selfsubjectreview', namespaced: false, kind: 'SelfSubjectReview', verbs: ['create'] },
  ]);
});

test('scale and status subresources', () => {
  const apps = apiResourceList('apps/v1');
  assert.ok(apps);
  assert.deepEqual(
    apps.resources.find((r) => r.name === 'deployments/scale'),
    { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
  );
  assert.ok(apps.resources.find((r) => r.name === 'daemonsets/status'));
});

test('groups served: apps, authentication, authorization, batch, policy, storage; nothing else', () => {
  assert.deepEqual(apiGroupList().groups.map((g) => g.name).sort(), ['apps', 'authentication.k8s.io', 'authorization.k8s.io', 'batch', 'policy', 'storage.k8s.io']);
  assert.equal(apiGroupDocument('policy')?.preferredVersion.groupVersion, 'policy/v1');
  assert.equal(apiGroupDocument('autoscaling'), undefined);
  assert.equal(apiResourceList('policy/v1beta1'), undefined);
});

test('OpenAPI v3 tells kubectl that PATCH takes fieldValidation for each kind, so create/apply validate on the server', () => {
  const root = openApiV3Root();
  assert.deepEqual(Object.keys(root.paths).sort(), ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/policy/v1', 'apis/storage.k8s.io/v1']);
  assert.match(root.paths['api/v1'].serverRelativeURL, /^\/openapi\/v3\/api\/v1\?hash=/);
  const doc = openApiV3Document('api/v1') as { paths: Record<string, { patch: { parameters: { name: string; in: string }[]; 'x-kubernetes-group-version-kind': unknown } }> };
  const pods = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
  assert.deepEqual(pods['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'Pod' });
  assert.ok(pods.parameters.some((p) => p.name === 'fieldValidation' && p.in === 'query'));
  assert.ok(doc.paths['/api/v1/nodes/{name}']);
  assert.equal(openApiV3Document('apis/example.com/v1'), undefined);
});

test('OpenAPI v2 without definitions: gnostic protobuf for kubectl (the dotted media type Go can parse), JSON otherwise', () => {
  const kubectl = openApiV2Document('application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
  assert.equal(kubectl.contentType, 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
  // Document{swagger: "2.0", info: {title: "Kubernetes", version}, paths: {}, definitions: {}} (openapiv2/OpenAPIv2.proto: 1, 2, 8, 9).
  const version = Buffer.from('v1.32.0');
  assert.deepEqual(
    kubectl.body,
    Buffer.concat([Buffer.from('0a03322e3012', 'hex'), Buffer.from([12 + 2 + version.length]), Buffer.from('0a0a4b756265726e65746573', 'hex'), Buffer.from([0x12, version.length]), version, Buffer.from('42004a00', 'hex')]),
  );
  const json = openApiV2Document('application/json');
  assert.equal(json.contentType, 'application/json');
  assert.deepEqual(JSON.parse(json.body.toString()), { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {}, definitions: {} });
});
