import type { RuleFinding } from '../analysis/findings';
import type { ManifestObject } from '../analysis/manifestFile';
import { estimateBudget, podsOf } from '../analysis/workloads';
import { blockedConsequence, budgetSpecSummary, syncFailedExplanation } from '../explain/budget';
import type { PodDisruptionBudgetSpec } from '../k8s/types';
import { anchorAt, describe } from './anchors';
import { labelsAnchor } from './pdbConflict';
import type { Rule } from './rule';

export const pdbBlocksEviction: Rule = {
  id: 'pdb-blocks-eviction',
  description: 'A PodDisruptionBudget whose disruptionsAllowed is always 0 for the workloads it selects.',
  defaultSeverity: 'warning',
  docs:
    'Computes the budget as the disruption controller does, with every selected pod Ready: `minAvailable` at or above the expected pods, ' +
    '`maxUnavailable` of 0 or `0%`, neither field set, or pods whose controller the disruption controller cannot size (DaemonSet, Job) ' +
    'under a percentage or `maxUnavailable`. Percentages round up; an integer `minAvailable` counts the matched pods; the other forms use the ' +
    `controllers' replicas. ${blockedConsequence} It stays silent where the manifests do not say how many pods run (DaemonSets with an ` +
    'integer `minAvailable`, autoscaled workloads).',
  fixable: false,
  kinds: ['PodDisruptionBudget'],
  inputs: ['selection'],
  check(pdb, { index }) {
    const selected = [...index.podLikesSelectedBy(pdb)];
    if (selected.length === 0) return [];
    const { sync, countKnown } = estimateBudget(pdb, selected, index.isAutoscaled);
    const spec = (pdb.data['spec'] ?? {}) as PodDisruptionBudgetSpec;
    const related = selected.map((workload) => ({ at: labelsAnchor(workload), message: `selected: ${describe(workload)}${replicasNote(workload, index.isAutoscaled)}` }));
    if (sync.syncError) {
      return [{ at: fieldAnchor(pdb, spec), message: `disruptionsAllowed is always 0: ${syncFailedExplanation(sync.syncError)}. ${blockedConsequence}`, related }];
    }
    const { status } = sync;
    if (!countKnown || sync.matchedCount === 0 || status.disruptionsAllowed > 0) return [];
    const neither = (spec.minAvailable ?? null) === null && (spec.maxUnavailable ?? null) === null;
    const unmanaged = selected.filter((w) => w.kind === 'Pod' && sync.unmanagedPods.includes(w.name));
    const why = neither
      ? 'with neither field set the controller expects no pods'
      : status.expectedPods === 0 && unmanaged.length
        ? `${budgetSpecSummary(spec)}: the controller counts only pods that have a controller, and ${unmanaged.map(describe).join(', ')} ${unmanaged.length === 1 ? 'has' : 'have'} none`
        : `${budgetSpecSummary(spec)} of ${sync.matchedCount} pods`;
    const finding: RuleFinding = {
      at: fieldAnchor(pdb, spec),
      message:
        `disruptionsAllowed is always 0 (${why}): expectedPods ${status.expectedPods}, desiredHealthy ${status.desiredHealthy}, ` +
        `disruptionsAllowed 0 even with all ${status.currentHealthy} pods ready. ${blockedConsequence}`,
      related,
    };
    return [finding];
  },
};

function fieldAnchor(pdb: ManifestObject, spec: PodDisruptionBudgetSpec) {
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) return anchorAt(pdb, ['spec', 'minAvailable']);
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) return anchorAt(pdb, ['spec', 'maxUnavailable']);
  return anchorAt(pdb, ['spec']);
}

function replicasNote(workload: ManifestObject, autoscaled: (w: ManifestObject) => boolean): string {
  const { count, countKnown } = podsOf(workload, autoscaled);
  if (workload.kind === 'Pod') return '';
  return countKnown ? `, ${count} replica${count === 1 ? '' : 's'}` : ', replicas not known from the manifests';
}
