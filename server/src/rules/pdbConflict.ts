import type { RuleFinding } from '../analysis/findings';
import { podTemplatePath } from '../analysis/interest';
import type { ManifestObject } from '../analysis/manifestFile';
import { conflictConsequence } from '../explain/budget';
import { anchorAt, describe } from './anchors';
import { conflictFixes } from './pdbConflictFixes';
import type { Rule } from './rule';

const podLikeKinds = Object.keys(podTemplatePath);

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
  inputs: ['selection'],
  check(object, { index }) {
    if (object.kind === 'PodDisruptionBudget') {
      const shared = byName([...index.podLikesSelectedBy(object)].filter((podLike) => index.pdbsSelecting(podLike).size > 1));
      if (shared.length === 0) return [];
      const others = new Set<ManifestObject>();
      for (const podLike of shared) for (const pdb of index.pdbsSelecting(podLike)) if (pdb !== object) others.add(pdb);
      const finding: RuleFinding = {
        fixes: conflictFixes(object, byName([...others]), shared, index),
        at: selectorAnchor(object),
        message: `${describe(object)} selects the same pods as ${names(others)}: ${shared.map(describe).join(', ')}. ${conflictConsequence}`,
        related: [
          ...byName([...others]).map((pdb) => ({ at: selectorAnchor(pdb), message: `${describe(pdb)} also selects them` })),
          ...shared.map((podLike) => ({ at: labelsAnchor(podLike), message: `${describe(podLike)}: the pods both select` })),
        ],
      };
      return [finding];
    }
    const pdbs = byName([...index.pdbsSelecting(object)]);
    if (pdbs.length < 2) return [];
    return [
      {
        at: labelsAnchor(object),
        message: `The pods of ${describe(object)} are selected by ${pdbs.length} PodDisruptionBudgets (${pdbs.map((p) => p.name).join(', ')}). ${conflictConsequence}`,
        related: pdbs.map((pdb) => ({ at: selectorAnchor(pdb), message: `${describe(pdb)} selects these pods` })),
      },
    ];
  },
};

function names(objects: Iterable<ManifestObject>): string {
  return byName([...objects]).map(describe).join(' and ');
}

/** Findings list objects in a stable order, whatever order the index holds them in. */
function byName(objects: ManifestObject[]): ManifestObject[] {
  return objects.sort((a, b) => describe(a).localeCompare(describe(b)));
}

function selectorAnchor(pdb: ManifestObject) {
  return anchorAt(pdb, ['spec', 'selector']);
}

/** The labels the PDBs select on: the pod's, or the pod template's. */
export function labelsAnchor(podLike: ManifestObject) {
  return anchorAt(podLike, [...(podTemplatePath[podLike.kind] ?? []), 'metadata', 'labels']);
}
