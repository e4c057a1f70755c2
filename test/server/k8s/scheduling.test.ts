import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { filterNode, fitErrorMessage, kubeletAdmissionFailure, matchesNodeSelectorAndAffinity, podRequest } from '../../../server/src/k8s/scheduling';
import { milliValue, wholeValue } from '../../../server/src/k8s/quantity';
import type { Node, Pod } from '../../../server/src/k8s/types';

const node = (name: string, o: Partial<Node['spec']> & { labels?: Record<string, string>; cpu?: string; pods?: string } = {}): Node => ({
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
  spec: { unschedulable: o.unschedulable, taints: o.taints },
  status: { allocatable: { cpu: o.cpu ?? '2', memory: '4Gi', pods: o.pods ?? '110' } },
});
const pod = (spec: Pod['spec']): Pod => ({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c' }], ...spec } });

describe('matchesNodeSelectorAndAffinity', () => {
  const n = node('n1', { labels: { zone: 'a', gen: '5' } });
  const cases: [string, Pod['spec'], boolean][] = [
    ['no constraints', {}, true],
    ['nodeSelector match', { nodeSelector: { zone: 'a' } }, true],
    ['nodeSelector mismatch', { nodeSelector: { zone: 'b' } }, false],
    ['affinity In', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } } }, true],
    ['affinity terms are ORed', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['x'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } } }, true],
    ['an empty term matches nothing', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } }, false],
    ['Gt compares integers', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gen', operator: 'Gt', values: ['4'] }] }] } } } }, true],
    ['DoesNotExist', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }] } } } }, false],
    ['both nodeSelector and affinity must hold', { nodeSelector: { zone: 'b' }, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }] } } } }, false],
  ];
  for (const [name, spec, want] of cases) test(name, () => assert.equal(matchesNodeSelectorAndAffinity(spec, n), want));
});

describe('filterNode, in plugin order', () => {
  test('cordoned: node(s) were unschedulable, unless tolerated', () => {
    assert.deepEqual(filterNode(pod({}), node('n', { unschedulable: true })).reasons, ['node(s) were unschedulable']);
    assert.equal(filterNode(pod({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' }] }), node('n', { unschedulable: true })).fits, true);
  });
  test('untolerated NoSchedule taint names the taint (v1.32 wording)', () =>
    assert.deepEqual(filterNode(pod({}), node('n', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })).reasons, ['node(s) had untolerated taint {dedicated: gpu}']));
  test('PreferNoSchedule does not filter', () => assert.equal(filterNode(pod({}), node('n', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] })).fits, true));
  test('capacity: pods and cpu', () => {
    const r = filterNode(pod({ containers: [{ name: 'c', resources: { requests: { cpu: '500m' } } }] }), node('n', { cpu: '1', pods: '2' }), { pods: 2, milliCPU: 600, memory: 0 });
    assert.deepEqual(r, { fits: false, reasons: ['Too many pods', 'Insufficient cpu'], unresolvable: false });
  });
});

test('FitError message with the preemption post-filter', () => {
  const msg = fitErrorMessage([
    { fits: false, reasons: ['node(s) were unschedulable'], unresolvable: true },
    { fits: false, reasons: ['Insufficient cpu'], unresolvable: false },
    { fits: false, reasons: ['Insufficient cpu'], unresolvable: false },
  ]);
  assert.equal(msg, '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
});

test('kubelet admission of nodeName pods looks only at NoExecute taints', () => {
  const tainted = node('n', { taints: [{ key: 'a', effect: 'NoSchedule' }], unschedulable: true });
  assert.equal(kubeletAdmissionFailure(pod({ nodeName: 'n' }), tainted), undefined);
  assert.deepEqual(kubeletAdmissionFailure(pod({ nodeName: 'n' }), node('n', { taints: [{ key: 'a', effect: 'NoExecute' }] })), {
    reason: 'TaintToleration',
    message: "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate",
  });
  assert.deepEqual(kubeletAdmissionFailure(pod({ nodeName: 'n', nodeSelector: { zone: 'b' } }), node('n')), {
    reason: 'NodeAffinity',
    message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
  });
});

test('pod requests: containers add up, init containers raise the floor, limits default requests', () => {
  assert.deepEqual(
    podRequest({
      containers: [{ name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { name: 'b', resources: { limits: { cpu: '0.2' } } }],
      initContainers: [{ name: 'i', resources: { requests: { cpu: '1' } } }],
    }),
    { milliCPU: 1000, memory: 64 * 2 ** 20 },
  );
});

test('quantities', () => {
  assert.equal(milliValue('250m'), 250);
  assert.equal(milliValue('1.5'), 1500);
  assert.equal(milliValue('0.0001'), 1, 'MilliValue rounds up');
  assert.equal(wholeValue('1Gi'), 2 ** 30);
  assert.equal(wholeValue('1e3'), 1000);
  assert.equal(wholeValue('128M'), 128e6);
  assert.equal(wholeValue('12x'), undefined);
});
