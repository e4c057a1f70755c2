// Quick fixes for budgets that select the same pods (pdb-conflict), on the
// finding of each budget involved, each titled with what it changes:
// - narrow this budget's selector with a `NotIn` requirement on a label of
//   the shared pods, so that it no longer selects them (only when it keeps
//   selecting pods of its own; otherwise narrowing is removing);
// - remove this budget (its document), the other budget alone guarding the
//   shared pods;
// - merge the other budget into this one, when this one selects every pod the
//   other does: one budget, with the stricter of the two guarantees (the one
//   that allows fewer disruptions of this budget's pods, as the disruption
//   controller computes it with every pod Ready).
import type { RuleFix } from '../analysis/findings';
import type { ManifestObject } from '../analysis/manifestFile';
import { at, pairOf, type MapNode } from '../analysis/tree';
import { budgetOf, estimateBudget, podTemplateOf } from '../analysis/workloads';
import { fewConflictingBudgets, type Listing, type Relations } from '../analysis/relations';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { appendItem } from '../analysis/yamlEdits';
import { budgetSpecSummary } from '../explain/budget';
import { plural } from '../explain/text';
import { pdbSelectsPod } from '../k8s/pdb';
import type { IntOrString, LabelSelectorRequirement, PodDisruptionBudget } from '../k8s/types';
import { describe } from '../analysis/anchors';

const labelsOf = (podLike: ManifestObject) => podTemplateOf(podLike)?.metadata?.labels ?? {};
const selects = (pdb: PodDisruptionBudget, podLike: ManifestObject) => pdbSelectsPod(pdb, { metadata: { namespace: podLike.namespace, labels: labelsOf(podLike) } });
const list = (objects: readonly ManifestObject[]) => objects.map(describe).join(', ');

/**
 * A fix is a choice between a few budgets over a few pod templates: past
 * these, none is offered, so a finding's cost stays linear in what it names
 * (and its inputs are those the engine follows, see fewConflictingBudgets).
 */
const fixablePodLikes = 200;

/** The fixes offered on `pdb`'s finding; `others` are the budgets it shares pods with, `shared` those pods. */
export function conflictFixes(pdb: ManifestObject, others: Listing, shared: Listing, related: Relations, index: WorkspaceIndex): RuleFix[] {
  if (others.count > fewConflictingBudgets || shared.count > fixablePodLikes || related.selectedBy(pdb).count > fixablePodLikes) return [];
  const otherBudgets = others.first();
  const sharedPods = shared.first();
  return [narrow(pdb, sharedPods, related), remove(pdb, otherBudgets), ...(otherBudgets.length === 1 ? [merge(pdb, otherBudgets[0]!, related, index)] : [])].filter((fix): fix is RuleFix => fix !== undefined);
}

/**
 * A requirement `key NotIn [values]` on a label every shared pod has, whose
 * values none of the budget's other pods carries; the first such key in name
 * order. Undefined when the budget would then select nothing in the workspace.
 */
function exclusion(pdb: ManifestObject, shared: readonly ManifestObject[], related: Relations): LabelSelectorRequirement | undefined {
  const own = related.selectedBy(pdb).first().filter((p) => !shared.includes(p));
  if (own.length === 0) return undefined;
  const budget = budgetOf(pdb);
  for (const key of Object.keys(labelsOf(shared[0]!)).sort()) {
    if (!shared.every((p) => key in labelsOf(p))) continue;
    const requirement: LabelSelectorRequirement = { key, operator: 'NotIn', values: [...new Set(shared.map((p) => labelsOf(p)[key]!))].sort() };
    const selector = budget.spec?.selector ?? {};
    const narrowed: PodDisruptionBudget = { ...budget, spec: { ...budget.spec, selector: { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), requirement] } } };
    if (own.every((p) => selects(narrowed, p)) && !shared.some((p) => selects(narrowed, p))) return requirement;
  }
  return undefined;
}

function narrow(pdb: ManifestObject, shared: readonly ManifestObject[], related: Relations): RuleFix | undefined {
  const selector = at(pdb.node, ['spec', 'selector']);
  const requirement = selector?.type === 'map' && exclusion(pdb, shared, related);
  if (!requirement) return undefined;
  const edits = appendItem(pdb.document, selector as MapNode, 'matchExpressions', { key: requirement.key, operator: 'NotIn', values: requirement.values ?? [] });
  if (!edits) return undefined;
  return { title: `Narrow ${pdb.name}'s selector (${requirement.key} NotIn ${(requirement.values ?? []).join(', ')}): it no longer selects ${list(shared)}`, edits };
}

/** The whole document of the budget, when the budget is all it holds (not an item of a List). */
function removal(pdb: ManifestObject): RuleFix['edits'] | undefined {
  if (pdb.document.objects.length !== 1 || pdb.document.objects[0] !== pdb) return undefined;
  return [{ at: { document: pdb.document, start: 0, end: pdb.document.text.length }, newText: '' }];
}

function remove(pdb: ManifestObject, others: readonly ManifestObject[]): RuleFix | undefined {
  const edits = removal(pdb);
  if (!edits) return undefined;
  const guard = others.map((o) => `${o.name} (${budgetSpecSummary(budgetOf(o).spec ?? undefined)})`).join(' and ');
  return { title: `Remove ${describe(pdb)}: ${guard} alone guard${others.length === 1 ? 's' : ''} the pods they shared`, edits };
}

/** The guarantee (minAvailable or maxUnavailable) a budget sets, as its key and value. */
function guarantee(pdb: ManifestObject): { key: 'minAvailable' | 'maxUnavailable'; value: IntOrString } | undefined {
  const spec = budgetOf(pdb).spec;
  if (spec?.minAvailable !== undefined && spec.minAvailable !== null) return { key: 'minAvailable', value: spec.minAvailable };
  if (spec?.maxUnavailable !== undefined && spec.maxUnavailable !== null) return { key: 'maxUnavailable', value: spec.maxUnavailable };
  return undefined;
}

function merge(into: ManifestObject, other: ManifestObject, related: Relations, index: WorkspaceIndex): RuleFix | undefined {
  const pods = related.selectedBy(into).first();
  const covers = related.selectedBy(other).first().every((p) => pods.includes(p));
  const removed = removal(other);
  const mine = guarantee(into);
  const theirs = guarantee(other);
  const spec = at(into.node, ['spec']);
  if (!covers || !removed || !mine || !theirs || spec?.type !== 'map') return undefined;
  // Both guarantees over this budget's pods: the stricter allows fewer disruptions.
  const allowed = (g: NonNullable<ReturnType<typeof guarantee>>) => {
    const specData = { ...(into.data['spec'] as Record<string, unknown>), minAvailable: undefined, maxUnavailable: undefined, [g.key]: g.value };
    return estimateBudget({ ...into, data: { ...into.data, spec: specData } }, pods, index.isAutoscaled).sync.status.disruptionsAllowed;
  };
  const stricter = allowed(theirs) < allowed(mine) ? theirs : mine;
  const edits = [...removed];
  if (stricter === theirs) {
    const pair = pairOf(spec, mine.key)!;
    const text = `${theirs.key}: ${typeof theirs.value === 'number' ? theirs.value : JSON.stringify(theirs.value)}`;
    edits.push({ at: { document: into.document, start: pair.key.start, end: pair.value.end }, newText: text });
  }
  const n = allowed(stricter);
  const kept = `${stricter.key} ${stricter.value}: ${plural(n, 'disruption')} allowed with every pod Ready`;
  const which = allowed(theirs) === allowed(mine) ? `its own guarantee, as strict as ${other.name}'s` : 'the stricter guarantee';
  return { title: `Merge ${other.name} into ${into.name}: one budget over ${list(pods)} with ${which} (${kept}); ${other.name} is removed`, edits };
}

