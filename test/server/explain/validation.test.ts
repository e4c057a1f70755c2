// A Problems message for a rejected field: a sentence first (the field and
// what is wrong, no Go rendering of the value), the API server's exact text after.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorMessage } from '../../../server/src/explain/validation';
import { fieldErrors, formatFieldError, type FieldError } from '../../../server/src/k8s/validation';

const cases: [string, FieldError, string][] = [
  [
    'an invalid value, its detail with the quotes a reader does not need',
    fieldErrors.invalid('spec.tolerations[0].operator', 'core.Toleration{Key:"a", Operator:"Exists", Value:"x", Effect:"", TolerationSeconds:(*int64)(nil)}', "value must be empty when `operator` is 'Exists'"),
    "spec.tolerations[0].operator: value must be empty when operator is 'Exists'.",
  ],
  ['both set', fieldErrors.invalid('spec', 'policy.PodDisruptionBudgetSpec{…}', 'minAvailable and maxUnavailable cannot be both set'), 'spec: minAvailable and maxUnavailable cannot be both set.'],
  ['required', fieldErrors.required('spec.taints[0].effect'), 'spec.taints[0].effect is required.'],
  ['not supported', fieldErrors.notSupported('spec.unhealthyPodEvictionPolicy', '"Sometimes"', ['AlwaysAllow', 'IfHealthyBudget']), 'spec.unhealthyPodEvictionPolicy has a value the API server does not support (supported values: "AlwaysAllow", "IfHealthyBudget").'],
  ['duplicate', fieldErrors.duplicate('spec.taints[1]', 'core.Taint{Key:"a", Value:"", Effect:"NoSchedule", TimeAdded:<nil>}'), 'spec.taints[1] repeats a value that must be unique.'],
  ['forbidden', fieldErrors.forbidden('spec.selector', 'updates are forbidden'), 'spec.selector is not allowed: updates are forbidden.'],
];

describe('fieldErrorMessage', () => {
  for (const [name, error, lead] of cases) {
    it(name, () => assert.equal(fieldErrorMessage(error), `${lead} The API server rejects it (422): ${formatFieldError(error)}`));
  }
});
