// How label sets are found for a selector without testing every one: label
// sets are indexed by each of their labels, selectors by the labels they
// need (anchors). Used by the workspace index (pods and pod templates against
// PDBs) and by the live cluster's pods.
import type { Requirement, Selector } from '../k8s/labels';
import type { Labels } from '../k8s/types';

/** A label as the indexes key it: `key=value`. */
export const labelAnchor = (key: string, value: string) => `${key}\u0000${value}`;

/** One key for equal label sets, whatever the order of their labels. */
export const labelsKey = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Labels of which a label set must carry one to match: the values of the equality or In requirement with
 * fewest values. `undefined` when no requirement narrows it (every label set is a candidate); [] for a
 * selector that matches nothing. Only candidates are tested, always with selectorMatches.
 */
export function anchorsOf(selector: Selector): string[] | undefined {
  if (selector.kind === 'nothing') return [];
  let best: Requirement | undefined;
  for (const r of selector.requirements) {
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && (!best || r.values.length < best.values.length)) best = r;
  }
  return best?.values.map((v) => labelAnchor(best.key, v));
}
