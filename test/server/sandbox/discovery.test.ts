import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiGroupDocument, apiGroupList, apiResourceList, versionInfo } from '../../../server/src/sandbox/discovery';

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

test('groups served: apps, batch, policy; nothing else', () => {
  assert.deepEqual(apiGroupList().groups.map((g) => g.name).sort(), ['apps', 'batch', 'policy']);
  assert.equal(apiGroupDocument('policy')?.preferredVersion.groupVersion, 'policy/v1');
  assert.equal(apiGroupDocument('autoscaling'), undefined);
  assert.equal(apiResourceList('policy/v1beta1'), undefined);
});
