import type { RuleFinding } from '../analysis/findings';
import { validatePodDisruptionBudget } from '../k8s/pdb';
import { fieldErrorMessage } from '../explain/validation';
import { budgetOf } from '../analysis/workloads';
import { anchorAt, fieldPath } from '../analysis/anchors';
import type { Rule } from '../analysis/rule';

export const pdbInvalid: Rule = {
  id: 'pdb-invalid',
  description: "A PodDisruptionBudget the API server's validation rejects.",
  defaultSeverity: 'error',
  docs:
    'Reports what `kubectl apply` would be refused with 422 Invalid, in the API server\'s own words: both `minAvailable` and ' +
    '`maxUnavailable` set, a negative value, a malformed or over-100% percentage, an unsupported `unhealthyPodEvictionPolicy`, ' +
    'and invalid selector operators, keys or values.',
  fixable: false,
  kinds: ['PodDisruptionBudget'],
  reads: { PodDisruptionBudget: { spec: { selector: true, minAvailable: true, maxUnavailable: true, unhealthyPodEvictionPolicy: true } } },
  inputs: [],
  check(pdb) {
    return validatePodDisruptionBudget(budgetOf(pdb)).map((error): RuleFinding => {
      // "cannot be both set" is reported on `spec`: point at the second of the two fields.
      const path = error.field === 'spec' ? ['spec', 'maxUnavailable'] : fieldPath(error.field);
      return { at: anchorAt(pdb, path), message: fieldErrorMessage(error) };
    });
  },
};
