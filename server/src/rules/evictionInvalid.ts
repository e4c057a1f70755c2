import type { RuleFinding } from '../analysis/findings';
import { checkEvictionRequest, evictionMessages } from '../k8s/eviction';
import { validateDeleteOptions } from '../k8s/deleteOptions';
import type { Eviction } from '../k8s/types';
import { invalidStatus } from '../k8s/validation';
import { anchorAt, nameAnchor } from '../analysis/anchors';
import type { Rule } from '../analysis/rule';

export const evictionInvalid: Rule = {
  id: 'eviction-invalid',
  description: 'An Eviction manifest the API server would reject, or whose pod is not in the workspace.',
  defaultSeverity: 'error',
  severityNote: 'error; information for a pod not in the workspace',
  docs:
    'Error: no `metadata.name` (400 "name in URL does not match name in Eviction object"), an apiVersion other than policy/v1 or ' +
    'policy/v1beta1, or deleteOptions the API server rejects (a `dryRun` other than `All`, an unknown `propagationPolicy`, or both ' +
    '`propagationPolicy` and `orphanDependents`). Information: no Pod of that name, and no workload naming its pods like it, in the ' +
    'workspace; and a negative `gracePeriodSeconds`, which the API server treats as 1 second.',
  fixable: false,
  kinds: ['Eviction'],
  reads: { Eviction: { deleteOptions: true } },
  inputs: ['podNames'],
  check(eviction, { related }) {
    const body = eviction.data as Eviction;
    const findings: RuleFinding[] = [];
    if (!eviction.name) {
      // Whatever pod the URL names, an Eviction without a name does not match it.
      findings.push({ at: anchorAt(eviction, ['metadata', 'name']), message: `The eviction subresource answers 400: ${evictionMessages.nameMismatch}` });
    }
    const rejected = checkEvictionRequest(eviction.namespace, eviction.name, body);
    if (rejected) findings.push({ at: anchorAt(eviction, ['apiVersion']), message: `The eviction subresource answers ${rejected.code}: ${rejected.message ?? ''}` });
    const options = body.deleteOptions ?? undefined;
    const errors = options ? validateDeleteOptions(options) : [];
    if (errors.length) {
      const status = invalidStatus('DeleteOptions', 'meta.k8s.io', '', errors);
      findings.push({ at: anchorAt(eviction, ['deleteOptions', errors[0]!.field]), message: `The pod delete is refused with ${status.code}: ${status.message}` });
    }
    const grace = options?.gracePeriodSeconds;
    if (typeof grace === 'number' && grace < 0) {
      findings.push({
        at: anchorAt(eviction, ['deleteOptions', 'gracePeriodSeconds']),
        severity: 'information',
        message: `gracePeriodSeconds ${grace} is treated as 1: the API server replaces a negative grace period with 1 second, so the pod is stopped almost at once.`,
      });
    }
    if (eviction.name && !related.evictionTarget(eviction)) {
      findings.push({
        at: nameAnchor(eviction),
        severity: 'information',
        message: `No pod ${eviction.name} in namespace ${eviction.namespace} in the workspace (no Pod manifest, and no workload whose pods are named like it): the answer depends on the cluster, 404 if the pod does not exist.`,
      });
    }
    return findings;
  },
};
