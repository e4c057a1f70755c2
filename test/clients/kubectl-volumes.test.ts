// Real kubectl against the sandbox's storage, scheduler messages and
// permissions: claims and volumes as `kubectl get` prints them, a
// StatefulSet pod held by its zonal volume as `kubectl describe` shows it,
// and `kubectl auth can-i` / `auth whoami` for both users.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { isPodReady } from '../../server/src/k8s/pods';
import type { KubeObject, Pod } from '../../server/src/k8s/types';
import { eventually, testSandbox, type TestSandbox } from './helpers';

const zone = 'topology.kubernetes.io/zone';

function node(name: string, zoneName: string): KubeObject {
  const resources = { cpu: '4', memory: '8Gi', pods: '110' };
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, [zone]: zoneName } }, status: { capacity: resources, allocatable: resources } } as KubeObject;
}

/** Two zones of one node each, a default WaitForFirstConsumer class, and the StatefulSet `db` with a claim template. */
const manifests = (): KubeObject[] => [
  node('node-a', 'a'),
  node('node-b', 'b'),
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'zonal', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'disk.csi.example.com', volumeBindingMode: 'WaitForFirstConsumer' } as KubeObject,
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas: 1,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }],
    },
  } as KubeObject,
];

const db0 = (sb: TestSandbox) => (sb.api.list('pods', 'default') as Pod[]).find((p) => p.metadata?.name === 'db-0');

describe('kubectl: claims, volumes and a pod held by its zonal volume', () => {
  let sb: TestSandbox;
  before(async () => {
    sb = await testSandbox({ manifests: manifests() });
    await eventually(() => {
      const p = db0(sb);
      return p && isPodReady(p);
    }, 'db-0 to run');
  });
  after(() => sb?.stop());

  test('get pvc, pv, sc: the template claim data-db-0 Bound to a provisioned volume of the default class', async () => {
    const pvc = await sb.kubectl(['get', 'pvc']);
    assert.equal(pvc.code, 0, pvc.stderr);
    const [header, row] = pvc.stdout.trim().split('\n');
    assert.match(header, /^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE$/);
    assert.match(row, /^data-db-0\s+Bound\s+pvc-[0-9a-f-]+\s+10Gi\s+RWO\s+zonal\s+<unset>\s+\S+$/);
    const pv = await sb.kubectl(['get', 'pv', '-o', 'wide']);
    assert.match(pv.stdout, /^pvc-[0-9a-f-]+\s+10Gi\s+RWO\s+Delete\s+Bound\s+default\/data-db-0\s+zonal\s+<unset>\s+\S+\s+Filesystem$/m);
    const sc = await sb.kubectl(['get', 'sc']);
    assert.match(sc.stdout, /^zonal \(default\)\s+disk\.csi\.example\.com\s+Delete\s+WaitForFirstConsumer\s+false\s+\S+$/m);
  });

  test('cordon the node and delete db-0: the new db-0 stays Pending, and describe shows the scheduler saying why', async () => {
    const nodeName = db0(sb)!.spec!.nodeName!;
    assert.equal((await sb.kubectl(['cordon', nodeName])).code, 0);
    assert.equal((await sb.kubectl(['delete', 'pod', 'db-0', '--wait=false'])).code, 0);
    const message =
      '0/2 nodes are available: 1 node(s) had volume node affinity conflict, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.';
    await eventually(() => {
      const p = db0(sb);
      return p && !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.message === message);
    }, 'the replacement to be unschedulable');
    const get = await sb.kubectl(['get', 'pod', 'db-0']);
    assert.match(get.stdout, /^db-0\s+0\/1\s+Pending\s+0\s+\S+$/m);
    const describe = await sb.kubectl(['describe', 'pod', 'db-0']);
    assert.equal(describe.code, 0, describe.stderr);
    assert.match(describe.stdout, /ClaimName:\s+data-db-0/);
    assert.ok(describe.stdout.includes(`Warning  FailedScheduling`), describe.stdout);
    assert.ok(describe.stdout.replace(/\s+/g, ' ').includes(message), describe.stdout);
    assert.equal((await sb.kubectl(['uncordon', nodeName])).code, 0);
    await eventually(() => db0(sb)?.spec?.nodeName === nodeName, 'db-0 back on its node once uncordoned');
  });
});

describe('kubectl auth: can-i and whoami for both users', () => {
  let sb: TestSandbox;
  before(async () => (sb = await testSandbox()));
  after(() => sb?.stop());
  const viewer = ['--context', 'kube-eviction-sandbox-viewer'];

  test('can-i create pods/eviction: yes for the admin; no (exit 1) for the viewer, who may still list pods', async () => {
    const admin = await sb.kubectl(['auth', 'can-i', 'create', 'pods/eviction']);
    assert.deepEqual([admin.code, admin.stdout.trim()], [0, 'yes']);
    const denied = await sb.kubectl(['auth', 'can-i', 'create', 'pods/eviction', ...viewer]);
    assert.deepEqual([denied.code, denied.stdout.trim()], [1, 'no']);
    const cordon = await sb.kubectl(['auth', 'can-i', 'patch', 'nodes', ...viewer]);
    assert.deepEqual([cordon.code, cordon.stdout.trim()], [1, 'no']);
    const list = await sb.kubectl(['auth', 'can-i', 'list', 'pods', ...viewer]);
    assert.deepEqual([list.code, list.stdout.trim()], [0, 'yes']);
  });

  test('whoami: the user name and groups of each context', async () => {
    const minor = Number.parseInt(JSON.parse((await sb.kubectl(['version', '--client', '-o', 'json'])).stdout).clientVersion.minor, 10);
    // `kubectl auth whoami` is GA in kubectl 1.28; an older client posts the same review with create --raw.
    const whoami = async (args: string[]) => {
      if (minor >= 28) return (await sb.kubectl(['auth', 'whoami', '-o', 'json', ...args])).stdout;
      const body = `${sb.dir}/whoami.json`;
      writeFileSync(body, JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }));
      return (await sb.kubectl(['create', '--raw', '/apis/authentication.k8s.io/v1/selfsubjectreviews', '-f', body, ...args])).stdout;
    };
    assert.deepEqual(JSON.parse(await whoami([])).status.userInfo, { username: 'kube-eviction-sandbox-admin', groups: ['system:masters', 'system:authenticated'] });
    assert.deepEqual(JSON.parse(await whoami(viewer)).status.userInfo, { username: 'kube-eviction-sandbox-viewer', groups: ['kube-eviction-sandbox:viewers', 'system:authenticated'] });
    if (minor >= 28) {
      const table = await sb.kubectl(['auth', 'whoami']);
      assert.match(table.stdout, /^Username\s+kube-eviction-sandbox-admin$/m);
      assert.match(table.stdout, /^Groups\s+\[system:masters system:authenticated\]$/m);
    }
  });
});
