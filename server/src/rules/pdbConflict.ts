import type { Anchor, RuleFinding } from '../analysis/findings';
import { podTemplateAnchors, podTemplateField, podTemplatePath } from '../analysis/podTemplates';
import type { ManifestObject } from '../analysis/manifestFile';
import { conflictConsequence } from '../explain/budget';
import { listFew, namedInFindings } from '../explain/text';
import { anchorAt, describe } from '../analysis/anchors';
import { conflictFixes } from './pdbConflictFixes';
import type { Rule } from '../analysis/rule';

const podLikeKinds = Object.keys(podTemplatePath);
/** In a budget: its selector, where its findings point. */
export const selectorPath = ['spec', 'selector'];
/** In the pod template: the labels the budgets select on. */
export const labelsPath = ['metadata', 'labels'];

export const pdbConflict: Rule = {
  id: 'pdb-conflict',
  description: 'Two or more PodDisruptionBudgets select the same pods, which the eviction API refuses to evict.',
  defaultSeverity: 'error',
  docs:
    'Reports every PDB involved and every Pod or workload whose pod template they all select (same namespace; selectors as each PDB\'s own ' +
    'API version reads them: in policy/v1 `{}` selects every pod, in policy/v1beta1 none; a missing selector selects none). ' +
    `Consequence: ${conflictConsequence} Fix it by making the selectors disjoint.`,
  fixable: true,
  kinds: ['PodDisruptionBudget', ...podLikeKinds],
  // The pods' labels: the analysis reads them. The budget fields: the quick fixes rewrite them.
  reads: { PodDisruptionBudget: { spec: { selector: true, minAvailable: true, maxUnavailable: true } } },
  // Every finding and related location points at one of these.
  anchors: { PodDisruptionBudget: [selectorPath], ...podTemplateAnchors(labelsPath) },
  inputs: ['selection', 'conflictingBudgets'],
  check(object, { related, index, fixes }) {
    if (object.kind === 'PodDisruptionBudget') {
      const { others, shared } = related.conflictOf(object);
      if (shared.count === 0 || others.count === 0) return [];
      const otherPdbs = others.first(namedInFindings);
      const sharedPods = shared.first(namedInFindings);
      const finding: RuleFinding = {
        ...(fixes ? { fixes: conflictFixes(object, others, shared, related, index) } : {}),
        at: selectorAnchor(object),
        message:
          `${describe(object)} selects the same pods as ${listFew(otherPdbs.map(describe), others.count, ' and ')}: ` +
          `${listFew(sharedPods.map(describe), shared.count)}. ${conflictConsequence}`,
        related: [...otherPdbs.map((pdb) => relatedOnce(pdb, 'also selects')), ...sharedPods.map((podLike) => relatedOnce(podLike, 'both select'))],
      };
      return [finding];
    }
    const budgets = related.budgetsOf(object);
    if (budgets.count < 2) return [];
    const pdbs = budgets.first(namedInFindings);
    return [
      {
        at: labelsAnchor(object),
        message: `The pods of ${describe(object)} are selected by ${budgets.count} PodDisruptionBudgets (${listFew(pdbs.map((p) => p.name), budgets.count)}). ${conflictConsequence}`,
        related: pdbs.map((pdb) => relatedOnce(pdb, 'selects these')),
      },
    ];
  },
};

const relatedTexts = {
  'also selects': (pdb: ManifestObject) => ({ at: selectorAnchor(pdb), message: `${describe(pdb)} also selects them` }),
  'both select': (podLike: ManifestObject) => ({ at: labelsAnchor(podLike), message: `${describe(podLike)}: the pods both select` }),
  'selects these': (pdb: ManifestObject) => ({ at: selectorAnchor(pdb), message: `${describe(pdb)} selects these pods` }),
};

/** Related information on an object, made once: a budget over many pods is named in the findings of each. */
const relatedMade = new WeakMap<ManifestObject, Map<keyof typeof relatedTexts, { at: Anchor; message: string }>>();

function relatedOnce(object: ManifestObject, text: keyof typeof relatedTexts): { at: Anchor; message: string } {
  let byText = relatedMade.get(object);
  if (!byText) relatedMade.set(object, (byText = new Map()));
  let related = byText.get(text);
  if (!related) byText.set(text, (related = relatedTexts[text](object)));
  return related;
}

function selectorAnchor(pdb: ManifestObject) {
  return anchorAt(pdb, selectorPath);
}

/** The labels the PDBs select on: the pod's, or the pod template's. */
export function labelsAnchor(podLike: ManifestObject) {
  return anchorAt(podLike, podTemplateField(podLike.kind, labelsPath));
}
