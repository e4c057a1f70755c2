import { isAbsent, at } from '../analysis/tree';
import { budgetOf, hasEmptySelector } from '../analysis/workloads';
import { pdbSelector, policyV1beta1 } from '../k8s/pdb';
import { anchorAt } from '../analysis/anchors';
import type { Rule } from '../analysis/rule';
import { selectorPath } from './pdbConflict';

export const pdbSelectsNothing: Rule = {
  id: 'pdb-selects-nothing',
  description: 'A PodDisruptionBudget whose selector matches no pod or pod template in the workspace (warning when the live cluster has none either).',
  defaultSeverity: 'information',
  severityNote: 'information; warning when no pod of the live namespace matches either',
  docs:
    'The selector matches no Pod and no workload pod template of its namespace in the workspace. That is normal for pods an operator creates ' +
    'from a custom resource (Prometheus, Alertmanager, databases), so from the workspace alone this is information. With a live cluster ' +
    '(`kubeEviction.analysis.useLiveCluster`) it becomes a stronger finding: a warning when the namespace has pods on the cluster and none ' +
    'matches, so the budget protects nothing there; nothing when some live pod matches. A missing selector selects no pods in any version, ' +
    'and so does `{}` in policy/v1beta1.',
  fixable: false,
  kinds: ['PodDisruptionBudget'],
  reads: { PodDisruptionBudget: { spec: { selector: true } } },
  anchors: { PodDisruptionBudget: [selectorPath] },
  inputs: ['selection', 'livePods'],
  check(pdb, { related, cluster }) {
    if (related.selectedBy(pdb).count > 0) return [];
    const selected = pdbSelector(budgetOf(pdb));
    // An invalid selector is pdb-invalid's finding.
    if (!selected.ok) return [];
    const selectorNode = at(pdb.node, selectorPath);
    const where = anchorAt(pdb, selectorPath);
    if (isAbsent(selectorNode)) return [{ at: where, message: `${pdb.name} has no selector, so it selects no pods.` }];
    if (pdb.apiVersion === policyV1beta1 && hasEmptySelector(pdb)) {
      return [{ at: where, message: `In policy/v1beta1 an empty selector selects no pods, so ${pdb.name} protects nothing.` }];
    }
    const inWorkspace = `${pdb.name} selects no Pod or workload pod template in namespace ${pdb.namespace} in the workspace`;
    if (!cluster) return [{ at: where, message: `${inWorkspace} (it may select pods an operator creates from a custom resource).` }];
    // Live pods it selects were made outside the workspace (an operator's): the budget does protect them.
    if (cluster.hasPodMatching(pdb.namespace, selected.selector)) return [];
    if (!cluster.hasPods(pdb.namespace)) {
      return [{ at: where, message: `${inWorkspace}, and namespace ${pdb.namespace} has no pods on context ${cluster.context} to tell more.` }];
    }
    return [
      {
        at: where,
        severity: 'warning',
        message: `${inWorkspace}, and no pod of namespace ${pdb.namespace} on context ${cluster.context} matches either: it protects nothing, and evictions there never consult it.`,
      },
    ];
  },
};
