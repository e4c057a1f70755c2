import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifecycleOf, statusAt } from '../../../server/src/k8s/apiLifecycle';

test('policy/v1beta1 PodDisruptionBudget by target version', () => {
  const l = lifecycleOf('policy/v1beta1', 'PodDisruptionBudget');
  assert.ok(l);
  assert.equal(statusAt(l, '1.20'), 'current');
  assert.equal(statusAt(l, '1.21'), 'deprecated');
  assert.equal(statusAt(l, '1.24'), 'deprecated');
  assert.equal(statusAt(l, '1.25'), 'removed');
  assert.equal(statusAt(l, '1.32'), 'removed');
});

test('policy/v1beta1 Eviction stays served', () => {
  const l = lifecycleOf('policy/v1beta1', 'Eviction');
  assert.ok(l);
  assert.equal(statusAt(l, '1.32'), 'deprecated');
});

test('PodSecurityPolicy has no replacement version', () => {
  const l = lifecycleOf('policy/v1beta1', 'PodSecurityPolicy');
  assert.equal(l?.replacement, undefined);
  assert.equal(l && statusAt(l, '1.25'), 'removed');
});

test('policy/v1 is not in the table', () => assert.equal(lifecycleOf('policy/v1', 'PodDisruptionBudget'), undefined));
