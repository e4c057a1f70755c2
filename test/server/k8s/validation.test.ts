import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invalidStatus, isDNS1123Label, isQualifiedName, fieldErrors } from '../../../server/src/k8s/validation';

test('qualified names', () => {
  assert.deepEqual(isQualifiedName('app'), []);
  assert.deepEqual(isQualifiedName('example.com/app'), []);
  assert.deepEqual(isQualifiedName('/app'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName('Example.com/app')[0].startsWith('prefix part a lowercase RFC 1123 subdomain'), true);
  assert.deepEqual(isQualifiedName('a/b/c')[0].startsWith('a qualified name must consist of'), true);
  assert.deepEqual(isQualifiedName(''), [
    'name part must be non-empty',
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.deepEqual(isQualifiedName('x'.repeat(64)), ['name part must be no more than 63 characters']);
});

test('NewInvalid aggregates messages and maps causes', () => {
  const one = invalidStatus('PodDisruptionBudget', 'policy', 'web', [fieldErrors.invalid('spec.minAvailable', '-1', 'must be greater than or equal to 0')]);
  assert.equal(one.code, 422);
  assert.equal(one.reason, 'Invalid');
  assert.equal(one.message, 'PodDisruptionBudget.policy "web" is invalid: spec.minAvailable: Invalid value: -1: must be greater than or equal to 0');
  assert.deepEqual(one.details?.causes, [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.minAvailable' }]);
  const two = invalidStatus('Pod', '', 'p', [fieldErrors.required('spec.containers'), fieldErrors.forbidden('spec.x', 'no')]);
  assert.equal(two.message, 'Pod "p" is invalid: [spec.containers: Required value, spec.x: Forbidden: no]');
});

test('DNS-1123 labels (namespace names)', () => {
  assert.deepEqual(isDNS1123Label('team-a'), []);
  assert.deepEqual(isDNS1123Label('Team.A'), [
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
  assert.deepEqual(isDNS1123Label('a'.repeat(64))[0], 'must be no more than 63 characters');
});
