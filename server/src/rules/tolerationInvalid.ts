import { anchorAt, fieldPath } from '../analysis/anchors';
import { mergeReads } from '../analysis/interest';
import { podTemplatePath, podTemplateReads } from '../analysis/podTemplates';
import type { Rule } from '../analysis/rule';
import { podSpecPath, podTemplateOf } from '../analysis/workloads';
import { validateNodeTaints, validateTolerations } from '../k8s/tolerations';
import type { Node } from '../k8s/types';
import { fieldErrorMessage } from '../explain/validation';

export const tolerationInvalid: Rule = {
  id: 'toleration-invalid',
  description: "Tolerations and node taints the API server's validation rejects.",
  defaultSeverity: 'error',
  docs:
    'Tolerations: an empty key needs `operator: Exists`; `Exists` needs an empty value; `tolerationSeconds` needs `effect: NoExecute`; ' +
    'the operator must be `Equal` or `Exists` and the effect one of NoSchedule, PreferNoSchedule, NoExecute. Node taints: the effect is ' +
    "required, and key and effect together must be unique. Messages are the API server's own.",
  fixable: false,
  kinds: ['Node', ...Object.keys(podTemplatePath)],
  reads: mergeReads(podTemplateReads({ spec: { tolerations: true } }), { Node: { spec: { taints: true } } }),
  inputs: [],
  check(object) {
    const errors =
      object.kind === 'Node'
        ? validateNodeTaints((object.data as Node).spec?.taints, 'spec.taints')
        : validateTolerations(podTemplateOf(object)?.spec?.tolerations, [...podSpecPath(object), 'tolerations'].join('.'));
    return errors.map((error) => ({ at: anchorAt(object, fieldPath(error.field)), message: fieldErrorMessage(error) }));
  },
};
