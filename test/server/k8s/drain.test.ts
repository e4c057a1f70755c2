import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultDrainFilterOptions, filterPodsForDeletion, goDuration, parseGoDuration, podDeleteErrors, podDeleteWarnings, type DaemonSetCheck } from '../../../server/src/k8s/drain';
import type { Pod } from '../../../server/src/k8s/types';
import { pod } from './fixtures';

const now = Date.parse('2026-01-01T00:10:00Z');
const exists = (): DaemonSetCheck => ({ exists: true });
const ds = (name: string) => pod(name, { owner: { kind: 'DaemonSet', name: 'agent', uid: 'ds' } });
const rsPod = (name: string) => pod(name, { owner: { kind: 'ReplicaSet', name: 'web-1', uid: 'rs' } });
const withEmptyDir = (p: Pod): Pod => ({ ...p, spec: { ...p.spec, volumes: [{ name: 'cache', emptyDir: {} }] } });
const mirror = (p: Pod): Pod => ({ ...p, metadata: { ...p.metadata, annotations: { 'kubernetes.io/config.mirror': 'x' } } });

describe('kubectl drain filters (spec §4)', () => {
  const cases: [string, Pod, Partial<typeof defaultDrainFilterOptions>, { delete: boolean; reason: string; message?: string }][] = [
    ['replicated pod', rsPod('a'), {}, { delete: true, reason: 'Okay' }],
    ['DaemonSet pod without the flag', ds('d'), {}, { delete: false, reason: 'Error', message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' }],
    ['DaemonSet pod with the flag', ds('d'), { ignoreAllDaemonSets: true }, { delete: false, reason: 'Warning', message: 'ignoring DaemonSet-managed Pods' }],
    ['terminal DaemonSet pod is evicted', { ...ds('d'), status: { phase: 'Succeeded' } }, {}, { delete: true, reason: 'Okay' }],
    ['mirror pod is skipped silently', mirror(pod('m')), {}, { delete: false, reason: 'Skip' }],
    ['emptyDir without the flag', withEmptyDir(rsPod('e')), {}, { delete: false, reason: 'Error', message: 'Pods with local storage (use --delete-emptydir-data to override)' }],
    // kubectl's own TODO: a later filter's Okay drops the localStorage warning of a replicated pod.
    ['emptyDir with the flag: evicted, warning lost', withEmptyDir(rsPod('e')), { deleteEmptyDirData: true }, { delete: true, reason: 'Okay' }],
    ['bare pod without --force', pod('bare'), {}, { delete: false, reason: 'Error', message: 'cannot delete Pods that declare no controller (use --force to override)' }],
    ['bare pod with --force', pod('bare'), { force: true }, { delete: true, reason: 'Warning', message: 'deleting Pods that declare no controller' }],
    ['emptyDir warning is lost to the unreplicated warning', withEmptyDir(pod('bare')), { force: true, deleteEmptyDirData: true }, { delete: true, reason: 'Warning', message: 'deleting Pods that declare no controller' }],
    ['terminal bare pod passes', { ...pod('done'), status: { phase: 'Failed' } }, {}, { delete: true, reason: 'Okay' }],
    ['long-deleting pod is skipped with skip-wait', pod('old', { deleting: '2026-01-01T00:00:00Z', owner: { kind: 'ReplicaSet', name: 'x', uid: 'x' } }), { skipWaitForDeleteTimeoutSeconds: 60 }, { delete: false, reason: 'Skip' }],
  ];
  for (const [name, p, opts, want] of cases) {
    test(name, () => {
      const [r] = filterPodsForDeletion([p], { ...defaultDrainFilterOptions, ...opts }, exists, now);
      assert.deepEqual(r.status, want);
    });
  }

  test('kubectl 1.32 takes any controller of kind DaemonSet for one, whatever its API group (an OpenKruise DaemonSet is looked up in apps/v1)', () => {
    const kruise = pod('k', { owner: { kind: 'DaemonSet', name: 'kds', uid: 'kds', apiVersion: 'apps.kruise.io/v1alpha1' } });
    const looked: string[] = [];
    const missing = (p: Pod): DaemonSetCheck => (looked.push(p.metadata!.name!), { exists: false, notFound: true, message: 'daemonsets.apps "kds" not found' });
    const [r] = filterPodsForDeletion([kruise], defaultDrainFilterOptions, missing, now);
    assert.deepEqual(looked, ['k']);
    assert.deepEqual(podDeleteErrors([r]), ['cannot delete daemonsets.apps "kds" not found: default/k']);
  });

  test('a missing DaemonSet is an error, or a warning with --force', () => {
    const missing = (): DaemonSetCheck => ({ exists: false, notFound: true, message: 'daemonsets.apps "agent" not found' });
    assert.deepEqual(filterPodsForDeletion([ds('d')], defaultDrainFilterOptions, missing, now)[0].status, { delete: false, reason: 'Error', message: 'daemonsets.apps "agent" not found' });
    // With --force the orphan is evicted; the later filters' Okay drops the warning, as in kubectl.
    assert.deepEqual(filterPodsForDeletion([ds('d')], { ...defaultDrainFilterOptions, force: true }, missing, now)[0].status, { delete: true, reason: 'Okay' });
  });

  test('case 18: errors and warnings read as kubectl prints them', () => {
    const list = filterPodsForDeletion([pod('bare'), pod('bare2'), withEmptyDir(rsPod('e'))], defaultDrainFilterOptions, exists, now);
    assert.deepEqual(podDeleteErrors(list), [
      'cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare, default/bare2',
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/e',
    ]);
    const forced = filterPodsForDeletion([pod('bare'), ds('d')], { ...defaultDrainFilterOptions, force: true, ignoreAllDaemonSets: true }, exists, now);
    assert.equal(podDeleteWarnings(forced), 'deleting Pods that declare no controller: default/bare; ignoring DaemonSet-managed Pods: default/d');
  });
});

test('Go durations', () => {
  for (const [ms, s] of [[0, '0s'], [5000, '5s'], [60000, '1m0s'], [90500, '1m30.5s'], [3723000, '1h2m3s'], [250, '250ms']] as const) assert.equal(goDuration(ms), s);
});

describe('parseGoDuration (time.ParseDuration)', () => {
  const cases: [string, number | undefined][] = [
    ['0', 0],
    ['30s', 30_000],
    ['1m0s', 60_000],
    ['1h2m3.5s', 3_723_500],
    ['250ms', 250],
    ['1.5h', 5_400_000],
    ['90', undefined],
    ['', undefined],
    ['1d', undefined],
    ['s', undefined],
  ];
  for (const [text, ms] of cases) test(`${JSON.stringify(text)} -> ${ms}`, () => assert.equal(parseGoDuration(text), ms));
});
