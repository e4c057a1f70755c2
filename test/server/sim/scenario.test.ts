// Loading scenarios: kinds applied in order, namespaces created as needed,
// what the simulator does not model skipped, what the API refuses reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimCluster } from '../../../server/src/sim/cluster';
import { buildCluster, loadScenario } from '../../../server/src/sim/scenario';
import type { PodDisruptionBudget } from '../../../server/src/k8s/types';
import { bare, deployment, node, pdb, pods } from './helpers';

test('objects in any order come up: nodes first, namespaces made, workloads reconciled, bare pods scheduled', () => {
  const { cluster: c, report } = buildCluster({
    objects: [bare('solo', { labels: { app: 'solo' } }), deployment('web', 2), { ...deployment('api', 1), metadata: { name: 'api', namespace: 'team' } }, node('n1'), node('n2')],
    warmUpMs: 30_000,
  });
  assert.deepEqual(report, { rejected: [], skipped: [] });
  assert.equal(c.clock.now(), Date.parse('2026-01-01T00:00:00Z'), 'played up to startMs');
  assert.ok(c.get('namespaces', undefined, 'team').ok);
  assert.equal(pods(c, 'web').length, 2);
  assert.equal(c.list('pods', 'team').length, 1);
  assert.ok(pods(c).every((p) => p.status?.phase === 'Running' && p.spec?.nodeName));
  assert.deepEqual(c.diagnostics, []);
});

test('unknown kinds and versions are skipped, invalid objects reported, a List opened, nothing thrown', () => {
  const c = new SimCluster();
  const report = loadScenario(c, [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } },
    { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'old' } },
    { apiVersion: 'v1', kind: 'List', items: [node('n1'), pdb('bad', { minAvailable: 1, maxUnavailable: 1 })] },
    pdb('legacy', { minAvailable: 1, selector: {} }, 'policy/v1beta1'),
    'not an object',
    null,
  ]);
  assert.deepEqual(report.skipped, [
    'Service web: kind "Service" is not simulated',
    'Deployment old: apiVersion "extensions/v1beta1" is not served for Deployment (use apps/v1)',
    'not an object: "not an object"',
  ]);
  assert.equal(report.rejected.length, 1);
  assert.equal(report.rejected[0].object, 'PodDisruptionBudget default/bad');
  assert.equal(report.rejected[0].status.code, 422);
  assert.ok(c.get('nodes', undefined, 'n1').ok);
  const legacy = c.get('poddisruptionbudgets', 'default', 'legacy');
  assert.ok(legacy.ok);
  assert.equal((legacy.value as PodDisruptionBudget).spec?.selector?.matchExpressions?.[0]?.key, 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match');
});

test('the same seed plays the same names; another seed others', () => {
  const names = (seed: number) => pods(buildCluster({ seed, objects: [node('n1'), deployment('web', 3)] }).cluster, 'web').map((p) => p.metadata?.name);
  assert.deepEqual(names(7), names(7));
  assert.notDeepEqual(names(7), names(8));
});
