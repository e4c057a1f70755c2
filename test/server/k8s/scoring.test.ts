import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelSelectorAsSelector, type Selector } from '../../../server/src/k8s/labels';
import { scoreNodes, selectHost, type CandidateNode } from '../../../server/src/k8s/scoring';
import type { Node, Pod, PodSpec, Taint } from '../../../server/src/k8s/types';

const node = (name: string, o: { cpu?: string; memory?: string; taints?: Taint[]; labels?: Record<string, string> } = {}): Node => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
  spec: { taints: o.taints },
  status: { allocatable: { cpu: o.cpu ?? '1', memory: o.memory ?? '4Gi', pods: '110' } },
});
const pod = (name: string, spec: Partial<PodSpec> = {}, labels: Record<string, string> = { app: 'web' }, deleting = false): Pod => ({
  metadata: { name, namespace: 'default', labels, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { containers: [{ name: 'c', resources: { requests: { cpu: '500m', memory: '256Mi' } } }], ...spec },
});
const candidates = (...nodes: [Node, Pod[]][]): CandidateNode[] => nodes.map(([n, pods]) => ({ node: n, pods }));
const webSelector = (): Selector => {
  const r = labelSelectorAsSelector({ matchLabels: { app: 'web' } });
  assert.ok(r.ok);
  return r.selector;
};

describe('score plugins, normalized to 0..100', () => {
  test('TaintToleration counts untolerated PreferNoSchedule taints, reversed', () => {
    const prefer = (key: string): Taint => ({ key, effect: 'PreferNoSchedule' });
    const nodes = candidates([node('a'), []], [node('b', { taints: [prefer('x')] }), []], [node('c', { taints: [prefer('x'), prefer('y')] }), []]);
    assert.deepEqual(scoreNodes(pod('p'), nodes, nodes).map((s) => s.scores.TaintToleration), [100, 50, 0]);
    const tolerant = pod('p', { tolerations: [{ key: 'x', operator: 'Exists', effect: 'PreferNoSchedule' }] });
    assert.deepEqual(scoreNodes(tolerant, nodes, nodes).map((s) => s.scores.TaintToleration), [100, 100, 0]);
    const noScheduleOnly = pod('p', { tolerations: [{ key: 'x', operator: 'Exists', effect: 'NoSchedule' }] });
    assert.deepEqual(scoreNodes(noScheduleOnly, nodes, nodes).map((s) => s.scores.TaintToleration), [100, 50, 0], 'a NoSchedule toleration does not count');
  });

  test('NodeAffinity sums the weights of matching preferred terms', () => {
    const nodes = candidates([node('a', { labels: { disk: 'ssd' } }), []], [node('b'), []]);
    const p = pod('p', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 30, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
            { weight: 10, preference: {} },
          ],
        },
      },
    });
    assert.deepEqual(scoreNodes(p, nodes, nodes).map((s) => s.scores.NodeAffinity), [100, 0]);
  });

  test('NodeResourcesFit (LeastAllocated) and BalancedAllocation', () => {
    const nodes = candidates([node('a'), []], [node('b', { cpu: '2' }), [pod('other')]]);
    const [a, b] = scoreNodes(pod('p'), nodes, nodes);
    // a: cpu (1000-500)/1000 = 50, memory (4096-256)/4096 = 93; (50+93)/2 = 71.
    assert.equal(a.scores.NodeResourcesFit, 71);
    // b: cpu (2000-1000)/2000 = 50, memory (4096-512)/4096 = 87; (50+87)/2 = 68.
    assert.equal(b.scores.NodeResourcesFit, 68);
    // a: fractions 0.5 and 0.0625, std 0.21875: 78. b: 0.5 and 0.125: 81.
    assert.deepEqual([a.scores.NodeResourcesBalancedAllocation, b.scores.NodeResourcesBalancedAllocation], [78, 81]);
  });

  test('a container without requests counts as 100m and 200Mi for LeastAllocated', () => {
    const nodes = candidates([node('a'), []]);
    const bestEffort = pod('p', { containers: [{ name: 'c' }] });
    // cpu (1000-100)/1000 = 90, memory (4096-200)/4096 = 95; 92.
    assert.equal(scoreNodes(bestEffort, nodes, nodes)[0].scores.NodeResourcesFit, 92);
  });

  test('PodTopologySpread (system defaults) prefers nodes with fewer pods of the workload, ignoring terminating ones', () => {
    const nodes = candidates([node('a'), [pod('web-1')]], [node('b'), [pod('web-2', {}, { app: 'web' }, true)]], [node('c'), [pod('db', {}, { app: 'db' })]]);
    // a: 1 * ln(5) + 2 = 3.6 -> 4; b and c: 2. Normalized 100 * (4 + 2 - s) / 4.
    assert.deepEqual(scoreNodes(pod('p'), nodes, nodes, webSelector()).map((s) => s.scores.PodTopologySpread), [50, 100, 100]);
    assert.deepEqual(scoreNodes(pod('p'), nodes, nodes).map((s) => s.scores.PodTopologySpread), [0, 0, 0], 'no owner selector: skipped');
  });

  test('PodTopologySpread also spreads across zones', () => {
    const nodes = candidates(
      [node('a', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), [pod('web-1')]],
      [node('b', { labels: { 'topology.kubernetes.io/zone': 'z1' } }), []],
      [node('c', { labels: { 'topology.kubernetes.io/zone': 'z2' } }), []],
    );
    const scores = scoreNodes(pod('p'), nodes, nodes, webSelector()).map((s) => s.scores.PodTopologySpread);
    // hostname weight ln(5), zone weight ln(4): a = 1.61 + 2 + 1.39 + 4 = 9 ; b = 2 + 1.39 + 4 = 7 ; c = 6.
    assert.deepEqual(scores, [Math.floor((100 * (9 + 6 - 9)) / 9), Math.floor((100 * (9 + 6 - 7)) / 9), 100]);
  });
});

test('totals are weighted sums, and ties go to the first node', () => {
  const nodes = candidates([node('a'), []], [node('b'), []]);
  const scores = scoreNodes(pod('p'), nodes, nodes);
  const s = scores[0].scores;
  assert.equal(scores[0].total, s.TaintToleration * 3 + s.NodeAffinity * 2 + s.PodTopologySpread * 2 + s.NodeResourcesFit + s.NodeResourcesBalancedAllocation);
  assert.equal(scores[0].total, scores[1].total);
  assert.equal(selectHost(scores), 'a');
  const emptier = candidates([node('a'), [pod('x')]], [node('b'), []]);
  assert.equal(selectHost(scoreNodes(pod('p'), emptier, emptier)), 'b');
});
