// Hover documentation: what the field under the cursor means for evictions,
// with the numbers the workspace gives. Texts come from ../explain; this
// module only finds the field and the facts.
import { customResourceVersionText, lifecycleText } from '../explain/apiLifecycle';
import { budgetNumbers, budgetSpecSummary, pdbFieldDocs, type PdbField } from '../explain/budget';
import { describeWorkspacePrediction, evictionOverview, evictionResponses } from '../explain/eviction';
import { taintEffectDocs, taintsDoc, tolerationFieldDocs, tolerationsDoc, wellKnownTaintDocs } from '../explain/taints';
import { listFew, namedInFindings, plural } from '../explain/text';
import { lifecycleOf } from '../k8s/apiLifecycle';
import { predictEviction } from '../k8s/eviction';
import { wellKnownTaints } from '../k8s/tolerations';
import type { Pod, PodDisruptionBudget } from '../k8s/types';
import { definedVersion } from './customResources';
import type { ManifestObject } from './manifestFile';
import type { Relations } from './relations';
import type { Settings } from './settings';
import { nodeAt, type Node } from './tree';
import { admittedPod, budgetOf, podsOf } from './workloads';
import type { WorkspaceIndex } from './workspaceIndex';

export interface HoverInfo {
  markdown: string;
  /** File offsets of the hovered key or value. */
  start: number;
  end: number;
}

/** What hovers read: the engine's index, relations and settings. */
export interface HoverSource {
  readonly index: WorkspaceIndex;
  readonly related: Relations;
  readonly settings: Settings;
}

export function hoverAt({ index, related, settings }: HoverSource, uri: string, offset: number): HoverInfo | undefined {
  const file = index.file(uri);
  const document = file?.documents.find((d) => offset >= d.start && offset < d.start + d.text.length);
  if (!document) return undefined;
  const relative = offset - document.start;
  const object = document.objects.find((o) => relative >= o.node.start && relative <= o.node.end);
  if (!object) return undefined;
  const found = nodeAt(object.node, relative);
  if (!found) return undefined;
  const markdown = describeField(index, related, settings, object, found.path, found.node, found.onKey);
  return markdown ? { markdown, start: document.start + found.node.start, end: document.start + found.node.end } : undefined;
}

function describeField(index: WorkspaceIndex, related: Relations, settings: Settings, object: ManifestObject, path: (string | number)[], node: Node, onKey: boolean): string | undefined {
  const [first, second] = path;
  const last = path[path.length - 1];
  const value = node.type === 'scalar' && !onKey ? node.value : undefined;
  if (object.kind === 'Eviction' && (first === 'kind' || first === 'apiVersion' || (first === 'metadata' && second === 'name'))) {
    return [evictionHover(related, object), first === 'apiVersion' ? lifecycleHover(index, object, settings) : undefined].filter(Boolean).join('\n\n');
  }
  if (first === 'apiVersion') return lifecycleHover(index, object, settings);
  if (object.kind === 'PodDisruptionBudget' && first === 'spec' && typeof second === 'string' && Object.hasOwn(pdbFieldDocs, second)) {
    return budgetHover(index, related, object, second as PdbField);
  }
  const inTaints = path.includes('taints');
  const inTolerations = path.includes('tolerations');
  if (inTaints || inTolerations) {
    if (last === 'taints' || last === 'tolerations') return last === 'taints' ? taintsDoc : tolerationsDoc;
    if (last === 'effect' && typeof value === 'string' && taintEffectDocs[value]) return taintEffectDocs[value];
    if (last === 'key' && typeof value === 'string' && wellKnownTaintDocs[value]) return `**${value}**: ${wellKnownTaintDocs[value]}`;
    if (inTolerations && typeof last === 'string' && tolerationFieldDocs[last]) return tolerationFieldDocs[last];
    if (last === 'effect') return Object.values(taintEffectDocs).join('\n\n');
  }
  if (object.kind === 'Node' && first === 'spec' && second === 'unschedulable') {
    return `**${wellKnownTaints.unschedulable}**: ${wellKnownTaintDocs[wellKnownTaints.unschedulable]}`;
  }
  return undefined;
}

function lifecycleHover(index: WorkspaceIndex, object: ManifestObject, settings: Settings): string | undefined {
  const lifecycle = lifecycleOf(object.apiVersion, object.kind);
  if (lifecycle) return lifecycleText(lifecycle, settings.kubernetesVersion);
  const defined = definedVersion(index, object);
  return defined && customResourceVersionText(object.apiVersion, object.kind, defined.crd.name, defined.status);
}

function budgetHover(index: WorkspaceIndex, related: Relations, pdb: ManifestObject, field: PdbField): string {
  const parts: string[] = [pdbFieldDocs[field]];
  const selected = related.selectedBy(pdb);
  if (selected.count === 0) {
    parts.push(`${pdb.name} selects no Pod or workload pod template of namespace ${pdb.namespace} in the workspace.`);
    return parts.join('\n\n');
  }
  const listed = selected.first(namedInFindings).map((workload) => {
    const { count, countKnown } = podsOf(workload, index.isAutoscaled);
    return workload.kind === 'Pod' ? `Pod ${workload.name}` : `${workload.kind} ${workload.name} (${countKnown ? plural(count, 'replica') : 'replicas not known'})`;
  });
  parts.push(`Selects: ${listFew(listed, selected.count)}.`);
  const { sync, countKnown } = related.estimate(pdb);
  const spec = budgetOf(pdb).spec;
  if (sync.syncError) {
    parts.push(`The disruption controller fails on these pods (${sync.syncError}) and keeps disruptionsAllowed at 0.`);
  } else {
    parts.push(
      `With every selected pod Ready, the disruption controller computes (${budgetSpecSummary(spec)}): ${budgetNumbers(sync.status)}.` +
        (countKnown ? '' : ' Some pod counts are not in the manifests; this assumes one pod for each of those workloads.'),
    );
  }
  return parts.join('\n\n');
}

function evictionHover(related: Relations, eviction: ManifestObject): string {
  const parts: string[] = [];
  const target = eviction.name ? related.evictionTarget(eviction) : undefined;
  if (target) parts.push(workspacePrediction(related, eviction, target.object));
  else if (eviction.name) parts.push(`Pod ${eviction.name} of namespace ${eviction.namespace} is not in the workspace: the answer depends on the cluster.`);
  parts.push(evictionOverview, evictionResponses());
  return parts.join('\n\n');
}

/** The answer predicted from the manifests: the pod as its owner would create it, Running and Ready, and the budgets as the workspace sizes them. */
function workspacePrediction(related: Relations, eviction: ManifestObject, owner: ManifestObject): string {
  const admitted = admittedPod(owner);
  const pod: Pod = {
    ...admitted,
    metadata: { ...admitted.metadata, name: eviction.name, namespace: eviction.namespace },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
  let countUnknown = false;
  const selecting = related.budgetsOf(owner);
  // Two budgets decide as well as all of them: the eviction is refused with 500.
  const budgets: PodDisruptionBudget[] = selecting.first(2).map((pdb) => {
    const { sync, countKnown } = related.estimate(pdb);
    countUnknown ||= !countKnown;
    return { ...budgetOf(pdb), status: sync.status };
  });
  const lead = describeWorkspacePrediction(predictEviction(eviction.name, pod, budgets, 0), eviction.name, `${owner.kind} ${owner.name}`, countUnknown);
  if (selecting.count <= 2) return lead;
  const names = selecting.first(namedInFindings).map((pdb) => pdb.name);
  return `${lead} ${selecting.count} PodDisruptionBudgets select it in all: ${listFew(names, selecting.count)}.`;
}
