import { isAbsent, at } from '../analysis/tree';
import { budgetOf, hasEmptySelector } from '../analysis/workloads';
import { pdbSelector, policyV1beta1 } from '../k8s/pdb';
import { anchorAt } from './anchors';
import type { Rule } from './rule';

export const pdbSelectsNothing: Rule = {
  id: 'pdb-selects-nothing',
  description: 'A PodDisruptionBudget whose selector matches no pod or pod template in the workspace.',
  defaultSeverity: 'information',
  docs:
    'The selector matches no Pod and no workload pod template of its namespace in the workspace. That is normal for pods an operator creates ' +
    'from a custom resource (Prometheus, Alertmanager, databases), so this is never a warning; with a live cluster it becomes a stronger ' +
    'finding. A missing selector selects no pods in any version, and so does `{}` in policy/v1beta1.',
  fixable: false,
  kinds: ['PodDisruptionBudget'],
  inputs: ['selection'],
  check(pdb, { index }) {
    if (index.podLikesSelectedBy(pdb).size > 0) return [];
    // An invalid selector is pdb-invalid's finding.
    if (!pdbSelector(budgetOf(pdb)).ok) return [];
    const selectorNode = at(pdb.node, ['spec', 'selector']);
    if (isAbsent(selectorNode)) {
      return [{ at: anchorAt(pdb, ['spec', 'selector']), message: `${pdb.name} has no selector, so it selects no pods.` }];
    }
    const message = pdb.apiVersion === policyV1beta1 && hasEmptySelector(pdb)
      ? `In policy/v1beta1 an empty selector selects no pods, so ${pdb.name} protects nothing.`
      : `${pdb.name} selects no Pod or workload pod template in namespace ${pdb.namespace} in the workspace (it may select pods an operator creates from a custom resource).`;
    return [{ at: anchorAt(pdb, ['spec', 'selector']), message }];
  },
};
