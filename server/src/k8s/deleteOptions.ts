// What the API server rejects in the DeleteOptions of a DELETE or an eviction.
// Source: apimachinery/pkg/apis/meta/v1/validation/validation.go (ValidateDeleteOptions,
// ValidateDryRun). A negative gracePeriodSeconds is not an error there:
// rest.BeforeDelete makes it 1 (see pods.ts, gracePeriodForDelete).

import type { DeleteOptions } from './types';
import { fieldErrors, goQuote, type FieldError } from './validation';

const propagationPolicies = ['Foreground', 'Background', 'Orphan'];

/** `ValidateDeleteOptions`, with the server's messages (the 422 is `DeleteOptions.meta.k8s.io "" is invalid: …`). */
export function validateDeleteOptions(options: DeleteOptions): FieldError[] {
  const errs: FieldError[] = [];
  const policy = options.propagationPolicy;
  const hasPolicy = policy !== undefined && policy !== null;
  if (options.orphanDependents !== undefined && options.orphanDependents !== null && hasPolicy) {
    errs.push(fieldErrors.invalid('propagationPolicy', goQuote(policy), 'orphanDependents and deletionPropagation cannot be both set'));
  }
  if (hasPolicy && !propagationPolicies.includes(policy)) {
    errs.push(fieldErrors.notSupported('propagationPolicy', goQuote(policy), [...propagationPolicies, 'nil']));
  }
  const dryRun = options.dryRun ?? [];
  if (dryRun.some((v) => v !== 'All')) {
    errs.push(fieldErrors.notSupported('dryRun', `[]string{${dryRun.map(goQuote).join(', ')}}`, ['All']));
  }
  return errs;
}
