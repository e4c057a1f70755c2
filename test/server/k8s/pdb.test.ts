import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pdbSelectsPod, scaleFinderFor, syncDisruptionBudget, validatePodDisruptionBudget, type ObjectLookup } from '../../../server/src/k8s/pdb';
import { formatFieldError } from '../../../server/src/k8s/validation';
import type { KubeObject, PodDisruptionBudgetSpec } from '../../../server/src/k8s/types';
import { pdb, pod } from './fixtures';

describe('validatePodDisruptionBudget (spec §3, §8 case 15)', () => {
  const cases: { name: string; spec: PodDisruptionBudgetSpec; errors: string[] }[] = [
    { name: 'neither field is valid', spec: { selector: { matchLabels: { app: 'web' } } }, errors: [] },
    { name: '0, "0%" and "100%" are valid', spec: { minAvailable: '100%' }, errors: [] },
    { name: 'maxUnavailable 0 is valid', spec: { maxUnavailable: 0 }, errors: [] },
    {
      name: 'both set',
      spec: { minAvailable: 1, maxUnavailable: 1 },
      errors: ['spec: Invalid value: policy.PodDisruptionBudgetSpec{…}: minAvailable and maxUnavailable cannot be both set'],
    },
    { name: 'negative', spec: { minAvailable: -1 }, errors: ['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0'] },
    {
      name: 'over 100%',
      spec: { maxUnavailable: '150%' },
      errors: ['spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%'],
    },
    {
      name: '"5" is not a percentage',
      spec: { minAvailable: '5' },
      errors: [
        `spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"5"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
      ],
    },
    {
      name: 'unsupported policy',
      spec: { unhealthyPodEvictionPolicy: 'Sometimes' },
      errors: ['spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"'],
    },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(validatePodDisruptionBudget(pdb('web-pdb', c.spec)).map(formatFieldError), c.errors));
  }
});

describe('pdbSelectsPod: empty versus null selectors by API version (spec §2)', () => {
  const unlabelled = pod('bare', { labels: {} });
  test('policy/v1 {} selects every pod of the namespace', () => assert.equal(pdbSelectsPod(pdb('p', { selector: {} }), unlabelled), true));
  test('policy/v1beta1 {} selects none', () => assert.equal(pdbSelectsPod(pdb('p', { selector: {} }, undefined, { apiVersion: 'policy/v1beta1' }), unlabelled), false));
  test('null selects none in v1', () => assert.equal(pdbSelectsPod(pdb('p', { selector: null }), pod('a')), false));
  test('null selects none in v1beta1', () => assert.equal(pdbSelectsPod(pdb('p', {}, undefined, { apiVersion: 'policy/v1beta1' }), pod('a')), false));
  test('never across namespaces', () => assert.equal(pdbSelectsPod(pdb('p', { selector: {} }, undefined, { namespace: 'other' }), pod('a')), false));
  test('v1beta1 with labels selects as usual', () =>
    assert.equal(pdbSelectsPod(pdb('p', { selector: { matchLabels: { app: 'web' } } }, undefined, { apiVersion: 'policy/v1beta1' }), pod('a')), true));
});

function objects(list: KubeObject[]): ObjectLookup {
  return (kind, ns, name) => list.find((o) => o.kind === kind && o.metadata?.namespace === ns && o.metadata?.name === name) as ReturnType<ObjectLookup>;
}

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd1' }, spec: { replicas: 3 } };
const replicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-1', namespace: 'default', uid: 'rs1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] },
  spec: { replicas: 3 },
};
const rsOwner = { kind: 'ReplicaSet', name: 'web-1', uid: 'rs1' };
const threeReady = ['a', 'b', 'c'].map((n) => pod(`web-${n}`, { owner: rsOwner }));
const now = Date.parse('2026-01-01T00:00:00Z');
const findScale = scaleFinderFor(objects([deployment, replicaSet]));

describe('syncDisruptionBudget: controller math (spec §2, §8 case 14)', () => {
  const cases: { name: string; spec: PodDisruptionBudgetSpec; pods: ReturnType<typeof pod>[]; want: { expectedPods: number; desiredHealthy: number; currentHealthy: number; disruptionsAllowed: number } }[] = [
    { name: 'maxUnavailable 50% of a 3-replica Deployment', spec: { maxUnavailable: '50%' }, pods: threeReady, want: { expectedPods: 3, desiredHealthy: 1, currentHealthy: 3, disruptionsAllowed: 2 } },
    { name: 'minAvailable 50%', spec: { minAvailable: '50%' }, pods: threeReady, want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 } },
    { name: 'minAvailable "67%" of 3 rounds up to 3 and blocks', spec: { minAvailable: '67%' }, pods: threeReady, want: { expectedPods: 3, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 } },
    { name: 'minAvailable "66%" of 3 rounds up to 2', spec: { minAvailable: '66%' }, pods: threeReady, want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 } },
    { name: 'maxUnavailable 0 blocks', spec: { maxUnavailable: 0 }, pods: threeReady, want: { expectedPods: 3, desiredHealthy: 3, currentHealthy: 3, disruptionsAllowed: 0 } },
    {
      name: 'minAvailable 2 with 4 matched pods, one terminating',
      spec: { minAvailable: 2 },
      pods: [...threeReady, pod('web-d', { owner: rsOwner, deleting: '2026-01-01T00:00:10Z' })],
      want: { expectedPods: 4, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 },
    },
    { name: 'neither field: expected 0, allowed 0', spec: {}, pods: threeReady, want: { expectedPods: 0, desiredHealthy: 0, currentHealthy: 3, disruptionsAllowed: 0 } },
    {
      name: 'integer minAvailable counts bare pods',
      spec: { minAvailable: 1 },
      pods: [pod('x'), pod('y')],
      want: { expectedPods: 2, desiredHealthy: 1, currentHealthy: 2, disruptionsAllowed: 1 },
    },
    {
      name: 'unready pods are not healthy',
      spec: { minAvailable: 2 },
      pods: [pod('x', { owner: rsOwner }), pod('y', { owner: rsOwner, ready: false }), pod('z', { owner: rsOwner })],
      want: { expectedPods: 3, desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 },
    },
    { name: 'no pods: allowed 0 even with maxUnavailable', spec: { maxUnavailable: 1 }, pods: [], want: { expectedPods: 0, desiredHealthy: 0, currentHealthy: 0, disruptionsAllowed: 0 } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = syncDisruptionBudget({ pdb: pdb('web-pdb', { selector: { matchLabels: { app: 'web' } }, ...c.spec }), pods: c.pods, findScale, now });
      assert.equal(r.syncError, undefined);
      const { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed } = r.status;
      assert.deepEqual({ expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed }, c.want);
      const cond = r.status.conditions?.find((x) => x.type === 'DisruptionAllowed');
      assert.deepEqual([cond?.status, cond?.reason], c.want.disruptionsAllowed > 0 ? ['True', 'SufficientPods'] : ['False', 'InsufficientPods']);
      assert.equal(r.status.observedGeneration, 1);
    });
  }

  test('Job pods fail safe with SyncFailed', () => {
    const jobPods = [pod('j1', { owner: { kind: 'Job', name: 'batch', uid: 'j', apiVersion: 'batch/v1' } })];
    const r = syncDisruptionBudget({ pdb: pdb('p', { selector: {}, maxUnavailable: 1 }, { disruptionsAllowed: 3, currentHealthy: 1, desiredHealthy: 0, expectedPods: 1 }), pods: jobPods, findScale, now });
    assert.equal(r.syncError, 'jobs.batch does not implement the scale subresource');
    assert.equal(r.status.disruptionsAllowed, 0);
    assert.equal(r.status.currentHealthy, 1, 'other fields stay as they were');
    const cond = r.status.conditions?.find((x) => x.type === 'DisruptionAllowed');
    assert.deepEqual([cond?.status, cond?.reason, cond?.message], ['False', 'SyncFailed', 'jobs.batch does not implement the scale subresource']);
  });

  test('a pod whose controller is gone: found no controllers', () => {
    const r = syncDisruptionBudget({ pdb: pdb('p', { selector: {}, minAvailable: '50%' }), pods: [pod('orphan', { owner: { kind: 'ReplicaSet', name: 'gone', uid: 'x' } })], findScale, now });
    assert.equal(r.syncError, 'found no controllers for pod "orphan"');
  });

  test('a UID mismatch counts as not found', () => {
    const r = syncDisruptionBudget({ pdb: pdb('p', { selector: {}, maxUnavailable: 1 }), pods: [pod('x', { owner: { kind: 'ReplicaSet', name: 'web-1', uid: 'other' } })], findScale, now });
    assert.equal(r.syncError, 'found no controllers for pod "x"');
  });

  test('bare pods are skipped for scale-based budgets and reported unmanaged', () => {
    const r = syncDisruptionBudget({ pdb: pdb('p', { selector: {}, maxUnavailable: 1 }), pods: [...threeReady, pod('bare')], findScale, now });
    assert.equal(r.status.expectedPods, 3);
    assert.deepEqual(r.unmanagedPods, ['bare']);
  });

  test('disruptedPods keep a pod out of currentHealthy for 2 minutes, then expire', () => {
    const at = new Date(now - 60_000).toISOString();
    const budget = pdb('p', { selector: { matchLabels: { app: 'web' } }, minAvailable: 2 }, { disruptedPods: { 'web-a': at }, disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 });
    const live = syncDisruptionBudget({ pdb: budget, pods: threeReady, findScale, now });
    assert.equal(live.status.currentHealthy, 2);
    assert.deepEqual(live.status.disruptedPods, { 'web-a': at });
    assert.equal(live.recheckAtMs, now + 60_000);
    const later = syncDisruptionBudget({ pdb: budget, pods: threeReady, findScale, now: now + 61_000 });
    assert.equal(later.status.currentHealthy, 3);
    assert.deepEqual(later.status.disruptedPods, {});
    assert.deepEqual(later.expiredDisruptions, ['web-a']);
  });

  test('an unchanged status is not written again', () => {
    const first = syncDisruptionBudget({ pdb: pdb('p', { selector: {}, minAvailable: 2 }), pods: threeReady, findScale, now });
    const again = syncDisruptionBudget({ pdb: { ...pdb('p', { selector: {}, minAvailable: 2 }), status: first.status }, pods: threeReady, findScale, now: now + 5000 });
    assert.equal(again.changed, false);
  });

  test('a spec change (generation 2) is observed', () => {
    const r = syncDisruptionBudget({ pdb: pdb('p', { selector: {}, minAvailable: 2 }, { observedGeneration: 1 }, { generation: 2 }), pods: threeReady, findScale, now });
    assert.equal(r.status.observedGeneration, 2);
  });

  test('a ReplicaSet whose Deployment is gone is sized by the ReplicaSet', () => {
    const lonely = { ...replicaSet, spec: { replicas: 5 } };
    const r = syncDisruptionBudget({ pdb: pdb('p', { selector: {}, maxUnavailable: 1 }), pods: threeReady, findScale: scaleFinderFor(objects([lonely])), now });
    assert.equal(r.status.expectedPods, 5);
  });
});
