import type { RuleFinding } from '../analysis/findings';
import type { ManifestObject } from '../analysis/manifestFile';
import type { Listing } from '../analysis/relations';
import { podsOf, type BudgetEstimate } from '../analysis/workloads';
import { blockedConsequence, budgetSpecSummary, syncFailedExplanation } from '../explain/budget';
import { listFew, namedInFindings, plural } from '../explain/text';
import type { PodDisruptionBudgetSpec } from '../k8s/types';
import { anchorAt, describe } from '../analysis/anchors';
import { labelsAnchor, labelsPath } from './pdbConflict';
import { podTemplateAnchors } from '../analysis/podTemplates';
import type { Rule } from '../analysis/rule';

const minAvailablePath = ['spec', 'minAvailable'];
const maxUnavailablePath = ['spec', 'maxUnavailable'];

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
  // The selected workloads' replicas and autoscalers: the analysis reads them.
  reads: { PodDisruptionBudget: { spec: { selector: true, minAvailable: true, maxUnavailable: true, unhealthyPodEvictionPolicy: true } } },
  anchors: { PodDisruptionBudget: [minAvailablePath, maxUnavailablePath], ...podTemplateAnchors(labelsPath) },
  inputs: ['selection'],
  check(pdb, { index, related: relations }) {
    const selected = relations.selectedBy(pdb);
    if (selected.count === 0) return [];
    const estimate = relations.estimate(pdb);
    const { sync, countKnown } = estimate;
    const spec = (pdb.data['spec'] ?? {}) as PodDisruptionBudgetSpec;
    const related = () => selected.first(namedInFindings).map((workload) => ({ at: labelsAnchor(workload), message: `selected: ${describe(workload)}${replicasNote(workload, index.isAutoscaled)}` }));
    if (sync.syncError) {
      return [{ at: fieldAnchor(pdb, spec), message: `disruptionsAllowed is always 0: ${syncFailedExplanation(sync.syncError)}. ${blockedConsequence}`, related: related() }];
    }
    const { status } = sync;
    if (!countKnown || sync.matchedCount === 0 || status.disruptionsAllowed > 0) return [];
    const neither = (spec.minAvailable ?? null) === null && (spec.maxUnavailable ?? null) === null;
    const unmanaged = neither || status.expectedPods > 0 ? [] : unmanagedPods(estimate, selected);
    const why = neither
      ? 'with neither field set the controller expects no pods'
      : unmanaged.length
        ? `${budgetSpecSummary(spec)}: the controller counts only pods that have a controller, and ${listFew(unmanaged.slice(0, namedInFindings).map(describe), unmanaged.length)} ${unmanaged.length === 1 ? 'has' : 'have'} none`
        : `${budgetSpecSummary(spec)} of ${sync.matchedCount} pods`;
    const finding: RuleFinding = {
      at: fieldAnchor(pdb, spec),
      message:
        `disruptionsAllowed is always 0 (${why}): expectedPods ${status.expectedPods}, desiredHealthy ${status.desiredHealthy}, ` +
        `disruptionsAllowed 0 even with all ${status.currentHealthy} pods ready. ${blockedConsequence}`,
      related: related(),
    };
    return [finding];
  },
};

/** The selected bare Pods the disruption controller does not count, once per estimate (the PDBs of one selector share it). */
const unmanagedByEstimate = new WeakMap<BudgetEstimate, ManifestObject[]>();

function unmanagedPods(estimate: BudgetEstimate, selected: Listing): ManifestObject[] {
  let unmanaged = unmanagedByEstimate.get(estimate);
  if (!unmanaged) {
    const names = new Set(estimate.sync.unmanagedPods);
    unmanagedByEstimate.set(estimate, (unmanaged = selected.first().filter((w) => w.kind === 'Pod' && names.has(w.name))));
  }
  return unmanaged;
}

function fieldAnchor(pdb: ManifestObject, spec: PodDisruptionBudgetSpec) {
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) return anchorAt(pdb, minAvailablePath);
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) return anchorAt(pdb, maxUnavailablePath);
  return anchorAt(pdb, ['spec']);
}

function replicasNote(workload: ManifestObject, autoscaled: (w: ManifestObject) => boolean): string {
  const { count, countKnown } = podsOf(workload, autoscaled);
  if (workload.kind === 'Pod') return '';
  return countKnown ? `, ${plural(count, 'replica')}` : ', replicas not known from the manifests';
}
