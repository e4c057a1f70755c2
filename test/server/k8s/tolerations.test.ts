import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  daemonSetPodTolerations,
  effectiveTaints,
  findMatchingUntoleratedTaint,
  getMatchingTolerations,
  minTolerationSeconds,
  toleratesTaint,
  validateNodeTaints,
  validateTolerations,
  withDefaultTolerationSeconds,
} from '../../../server/src/k8s/tolerations';
import { formatFieldError } from '../../../server/src/k8s/validation';
import type { Taint, Toleration } from '../../../server/src/k8s/types';

describe('toleratesTaint (spec §5, §8 case 16)', () => {
  const a1NoSchedule: Taint = { key: 'a', value: '1', effect: 'NoSchedule' };
  const cases: [string, Toleration, Taint, boolean][] = [
    ['Equal with same value and effect', { key: 'a', operator: 'Equal', value: '1', effect: 'NoSchedule' }, a1NoSchedule, true],
    ['Equal with another value', { key: 'a', operator: 'Equal', value: '1', effect: 'NoSchedule' }, { key: 'a', value: '2', effect: 'NoSchedule' }, false],
    ['effect mismatch', { key: 'a', operator: 'Equal', value: '1', effect: 'NoSchedule' }, { key: 'a', value: '1', effect: 'NoExecute' }, false],
    ['empty operator means Equal', { key: 'a', value: '1' }, a1NoSchedule, true],
    ['empty effect matches every effect', { key: 'a', operator: 'Exists' }, { key: 'a', effect: 'NoExecute' }, true],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, { key: 'z', value: 'q', effect: 'NoExecute' }, true],
    ['key mismatch', { key: 'b', operator: 'Exists' }, a1NoSchedule, false],
    ['Exists ignores value', { key: 'a', operator: 'Exists', effect: 'NoSchedule' }, a1NoSchedule, true],
    ['Lt is alpha and off: no match', { key: 'a', operator: 'Lt', value: '5' }, a1NoSchedule, false],
    ['unknown operator never matches', { key: 'a', operator: 'Like', value: '1' }, a1NoSchedule, false],
    ['Equal with empty value vs taint without value', { key: 'a', operator: 'Equal' }, { key: 'a', effect: 'NoSchedule' }, true],
  ];
  for (const [name, tol, taint, want] of cases) test(name, () => assert.equal(toleratesTaint(tol, taint), want));
});

test('findMatchingUntoleratedTaint returns the first filtered untolerated taint in node order', () => {
  const taints: Taint[] = [
    { key: 'soft', effect: 'PreferNoSchedule' },
    { key: 'gpu', value: 'true', effect: 'NoSchedule' },
    { key: 'maint', effect: 'NoExecute' },
  ];
  const hard = (t: Taint) => t.effect !== 'PreferNoSchedule';
  assert.deepEqual(findMatchingUntoleratedTaint(taints, [], hard), taints[1]);
  assert.deepEqual(findMatchingUntoleratedTaint(taints, [{ key: 'gpu', operator: 'Exists' }], hard), taints[2]);
  assert.equal(findMatchingUntoleratedTaint(taints, [{ operator: 'Exists' }], hard), undefined);
});

test('a cordoned node carries the unschedulable taint', () => {
  assert.deepEqual(effectiveTaints({ spec: { unschedulable: true } }), [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
  assert.deepEqual(effectiveTaints({ spec: {} }), []);
});

describe('NoExecute timing (spec §5, §8 case 17)', () => {
  const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  const cases: [string, Toleration[], boolean, number | undefined][] = [
    ['defaulted 300 s toleration', withDefaultTolerationSeconds([]), true, 300],
    ['tolerationSeconds 0 means now', [{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }], true, 0],
    ['negative means now', [{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -5 }], true, 0],
    ['no matching toleration', [{ key: 'other', operator: 'Exists' }], false, 0],
    ['DaemonSet pods tolerate forever', daemonSetPodTolerations({}), true, undefined],
  ];
  for (const [name, tolerations, allTolerated, seconds] of cases) {
    test(name, () => {
      const m = getMatchingTolerations([unreachable], tolerations);
      assert.equal(m.allTolerated, allTolerated);
      assert.equal(minTolerationSeconds(m.used), seconds);
    });
  }
  test('the minimum of the first matching tolerations wins', () => {
    const taints: Taint[] = [unreachable, { key: 'x', effect: 'NoExecute' }];
    const m = getMatchingTolerations(taints, [
      { key: unreachable.key, operator: 'Exists', tolerationSeconds: 60 },
      { key: 'x', operator: 'Exists', tolerationSeconds: 30 },
      { operator: 'Exists', tolerationSeconds: 1 },
    ]);
    assert.equal(minTolerationSeconds(m.used), 30);
  });
});

describe('DefaultTolerationSeconds admission', () => {
  test('adds both when neither is tolerated', () =>
    assert.deepEqual(withDefaultTolerationSeconds([]), [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]));
  test('an empty-key toleration with empty effect counts for both, whatever its operator', () =>
    assert.deepEqual(withDefaultTolerationSeconds([{ operator: 'Equal', value: 'x' }]), [{ operator: 'Equal', value: 'x' }]));
  test('a NoSchedule toleration does not count', () => assert.equal(withDefaultTolerationSeconds([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }]).length, 3));
});

test('DaemonSet tolerations replace a user toleration with the same identity', () => {
  const tols = daemonSetPodTolerations({ tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }], hostNetwork: true });
  assert.equal(tols.length, 7);
  assert.deepEqual(tols[0], { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
  assert.ok(tols.some((t) => t.key === 'node.kubernetes.io/network-unavailable'));
  assert.ok(!daemonSetPodTolerations({}).some((t) => t.key === 'node.kubernetes.io/network-unavailable'));
});

describe('validateTolerations (spec §5)', () => {
  const cases: [string, Toleration, string[]][] = [
    ['valid Equal', { key: 'a', operator: 'Equal', value: '1', effect: 'NoSchedule' }, []],
    ['valid match-all', { operator: 'Exists' }, []],
    ['empty key needs Exists', { key: '', operator: 'Equal' }, ['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"']],
    [
      'Exists needs an empty value',
      { key: 'a', operator: 'Exists', value: 'x' },
      [`spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"a", Operator:"Exists", Value:"x", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when \`operator\` is 'Exists'`],
    ],
    ['tolerationSeconds needs NoExecute', { key: 'a', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }, ['spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set']],
    ['unknown operator', { key: 'a', operator: 'In' }, ['spec.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists"']],
    ['unknown effect', { key: 'a', operator: 'Exists', effect: 'NoRun' }, ['spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']],
  ];
  for (const [name, tol, errors] of cases) test(name, () => assert.deepEqual(validateTolerations([tol], 'spec.tolerations').map(formatFieldError), errors));
});

describe('validateNodeTaints', () => {
  test('effect is required', () => assert.deepEqual(validateNodeTaints([{ key: 'a', effect: '' }], 'spec.taints').map(formatFieldError), ['spec.taints[0].effect: Required value']));
  test('unique by key and effect', () => {
    const errs = validateNodeTaints(
      [
        { key: 'a', value: '1', effect: 'NoSchedule' },
        { key: 'a', value: '2', effect: 'NoExecute' },
        { key: 'a', value: '3', effect: 'NoSchedule' },
      ],
      'spec.taints',
    );
    assert.deepEqual(errs.map(formatFieldError), ['spec.taints[2]: Duplicate value: core.Taint{Key:"a", Value:"3", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair']);
  });
});
