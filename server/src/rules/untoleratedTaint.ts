import { severities, type Anchor, type RuleFinding, type RuleFix } from '../analysis/findings';
import { podTemplatePath } from '../analysis/interest';
import type { LiveCluster } from '../analysis/liveCluster';
import type { ManifestObject } from '../analysis/manifestFile';
import { at, isMap } from '../analysis/tree';
import { appendItem } from '../analysis/yamlEdits';
import { admittedPod, podSpecPath } from '../analysis/workloads';
import { noNodeAcceptsConsequence } from '../explain/taints';
import { filterNode, fitErrorMessage, isPinned, matchesNodeSelectorAndAffinity, reasons, type FilterResult } from '../k8s/scheduling';
import { effectiveTaints, findMatchingUntoleratedTaint, formatTaint, wellKnownTaints } from '../k8s/tolerations';
import type { Node, Pod, Taint, Toleration } from '../k8s/types';
import { anchorAt, describe, nameAnchor } from './anchors';
import type { Rule } from './rule';

export const untoleratedTaint: Rule = {
  id: 'untolerated-taint',
  description: 'Pods pinned to nodes whose taints they do not tolerate, or that no node of the live cluster accepts.',
  defaultSeverity: 'error',
  severityNote: 'error; warning when no live node accepts; hint for PreferNoSchedule',
  docs:
    'Checks every Pod and pod template against the Node manifests of the workspace, with the tolerations the API server and controllers ' +
    'add (DaemonSet pods; the 300 s not-ready/unreachable tolerations). A pod whose `nodeSelector` or required node affinity matches some ' +
    'of those nodes, all of which have a NoSchedule or NoExecute taint it does not tolerate (a cordoned node counts as ' +
    '`node.kubernetes.io/unschedulable:NoSchedule`), stays Pending: error, with the scheduler\'s message. A pod bound with `spec.nodeName` ' +
    'bypasses the scheduler; the kubelet rejects it only for an untolerated NoExecute taint. Hint: every node that accepts the pod has a ' +
    'PreferNoSchedule taint it does not tolerate. Workspace nodes are rarely the whole cluster, so pods whose selection matches none of ' +
    'them are not judged. With a live cluster (`kubeEviction.analysis.useLiveCluster`) its nodes are the complete list: a pod that no ' +
    'live node accepts (untolerated taints, a cordon, a nodeSelector or required affinity that matches no node) gets a warning with the ' +
    'scheduler\'s count by reason and a few nodes named per reason (a cluster autoscaler may still add a node that fits). Quick fix: add ' +
    'the matching toleration.',
  fixable: true,
  kinds: Object.keys(podTemplatePath),
  inputs: ['nodes', 'liveNodes'],
  check(object, { index, cluster }) {
    const pod = admittedPod(object);
    const workspace = index.nodes().size ? againstWorkspace(object, pod, [...index.nodes()].map(workspaceNode)) : [];
    const live = cluster?.nodes.length ? againstCluster(object, pod, cluster) : [];
    // One finding per pod: the stronger; on a tie the workspace's, which points at the nodes' manifests.
    return rank(live) < rank(workspace) ? live : workspace;
  },
};

/** A node the pod is judged against, and how a finding points at one of its taints. */
interface NodeRef {
  node: Node;
  name: string;
  related(taint: Taint): { at?: Anchor; message: string };
}

function workspaceNode(object: ManifestObject): NodeRef {
  const node = object.data as Node;
  return { node, name: object.name, related: (taint) => ({ at: taintAnchor(object, node, taint), message: `${describe(object)}: ${formatTaint(taint)}` }) };
}

function liveNode(node: Node, context: string): NodeRef {
  const name = node.metadata?.name ?? '';
  return { node, name, related: (taint) => ({ message: `Node ${name} on context ${context}: ${formatTaint(taint)}` }) };
}

const rank = (findings: RuleFinding[]) => (findings[0] ? severities.indexOf(findings[0].severity ?? 'error') : severities.length);

/** How many nodes a message or its related information names; the rest are counted. */
const named = 5;

function few(names: string[]): string {
  return names.length > named ? `${names.slice(0, named).join(', ')} and ${names.length - named} more` : names.join(', ');
}

const blocksScheduling = (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

function againstWorkspace(object: ManifestObject, pod: Pod, nodes: NodeRef[]): RuleFinding[] {
  const spec = pod.spec ?? {};
  const tolerations = spec.tolerations ?? [];
  if (spec.nodeName) return boundToNode(object, pod, nodes, '');
  if (!isPinned(spec)) return [];
  const candidates = nodes.filter(({ node }) => matchesNodeSelectorAndAffinity(spec, node));
  if (candidates.length === 0) return [];
  const results = candidates.map((ref) => ({ ref, result: filterNode(pod, ref.node) }));
  const accepting = results.filter((r) => r.result.fits).map((r) => r.ref);
  if (accepting.length) return everyAcceptingNodeAvoided(object, pod, accepting, '');
  const blocking = results.map(({ ref }) => ({ ref, taint: findMatchingUntoleratedTaint(effectiveTaints(ref.node), tolerations, blocksScheduling) }));
  if (blocking.some((b) => !b.taint)) return [];
  const taints = blocking.map((b) => b.taint!);
  return [
    {
      at: pinnedBy(object, pod),
      message:
        `${describe(object)} can only run on ${candidates.map((n) => n.name).join(', ')}, and none accepts its pods: ` +
        `${blocking.map((b) => `${b.ref.name} has ${formatTaint(b.taint!)}${b.taint!.key === wellKnownTaints.unschedulable ? ' (cordoned)' : ''}`).join('; ')}. ` +
        `The pods stay Pending: "${fitErrorMessage(results.map((r) => r.result))}"`,
      related: blocking.map((b) => b.ref.related(b.taint!)),
      fixes: tolerationFixes(object, taints),
    },
  ];
}

/**
 * Against the live cluster's nodes, the complete list: the scheduler's
 * filters on every node (capacity aside), stopping at the first node that
 * accepts the pod without a PreferNoSchedule taint it does not tolerate.
 */
function againstCluster(object: ManifestObject, pod: Pod, cluster: LiveCluster): RuleFinding[] {
  const scope = ` on context ${cluster.context}`;
  if (pod.spec?.nodeName) return boundToNode(object, pod, cluster.nodes.map((node) => liveNode(node, cluster.context)), scope);
  const rejected: { ref: NodeRef; result: FilterResult }[] = [];
  const accepting: NodeRef[] = [];
  for (const node of cluster.nodes) {
    const result = filterNode(pod, node);
    if (!result.fits) rejected.push({ ref: liveNode(node, cluster.context), result });
    else if (!avoidedTaint(node, pod)) return [];
    else accepting.push(liveNode(node, cluster.context));
  }
  if (accepting.length) return everyAcceptingNodeAvoided(object, pod, accepting, scope);
  return [noNodeAccepts(object, pod, cluster.context, rejected)];
}

function noNodeAccepts(object: ManifestObject, pod: Pod, context: string, rejected: { ref: NodeRef; result: FilterResult }[]): RuleFinding {
  const spec = pod.spec ?? {};
  // Grouped by the filter that rejected each node, in the scheduler's order (filterNode); a group per taint.
  const groups = new Map<string, { why: string; order: number; refs: NodeRef[]; taint?: Taint }>();
  for (const { ref, result } of rejected) {
    const [reason] = result.reasons;
    const taint = reason === reasons.unschedulable || reason === reasons.affinity ? undefined : findMatchingUntoleratedTaint(ref.node.spec?.taints, spec.tolerations, blocksScheduling);
    const why = taint ? `untolerated taint ${formatTaint(taint)}` : reason === reasons.unschedulable ? 'cordoned' : 'nodeSelector or required node affinity not matched';
    let group = groups.get(why);
    if (!group) groups.set(why, (group = { why, order: taint ? 1 : reason === reasons.unschedulable ? 0 : 2, refs: [], ...(taint ? { taint } : {}) }));
    group.refs.push(ref);
  }
  const ordered = [...groups.values()].sort((a, b) => a.order - b.order);
  const summary = ordered.map((g) => `${g.why}: ${g.refs.length} node${g.refs.length === 1 ? '' : 's'} (${few(g.refs.map((r) => r.name))})`).join('; ');
  const whyOf = new Map(ordered.flatMap((g) => g.refs.map((r) => [r, g.why] as const)));
  // Tolerating a taint helps only on nodes the pod's node selection matches; a cordon is not for tolerating.
  const fixable = ordered.filter((g) => g.taint && g.refs.some((r) => matchesNodeSelectorAndAffinity(spec, r.node))).map((g) => g.taint!);
  return {
    at: pinnedBy(object, pod),
    severity: 'warning',
    message:
      `No node on context ${context} accepts the pods of ${describe(object)}: ${summary}. ` +
      noNodeAcceptsConsequence(object.kind, fitErrorMessage(rejected.map((r) => r.result))),
    related: rejected.slice(0, named).map(({ ref }) => ({ message: `Node ${ref.name} on context ${context}: ${whyOf.get(ref)}` })),
    fixes: tolerationFixes(object, fixable.slice(0, 3)),
  };
}

/** A pod bound by spec.nodeName bypasses the scheduler; the kubelet admits it unless a NoExecute taint is not tolerated. */
function boundToNode(object: ManifestObject, pod: Pod, nodes: NodeRef[], scope: string): RuleFinding[] {
  const nodeName = pod.spec?.nodeName;
  const ref = nodes.find((n) => n.name === nodeName);
  if (!ref) return [];
  const taint = findMatchingUntoleratedTaint(ref.node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === 'NoExecute');
  if (!taint) return [];
  return [
    {
      at: anchorAt(object, [...podSpecPath(object), 'nodeName']),
      message:
        `${describe(object)} is bound to node ${ref.name}${scope} (spec.nodeName), whose taint ${formatTaint(taint)} it does not tolerate: ` +
        `the kubelet rejects the pod (Predicate TaintToleration failed: ${reasons.kubeletTaint}).`,
      related: [ref.related(taint)],
      fixes: tolerationFixes(object, [taint]),
    },
  ];
}

/**
 * The scheduler's score counts PreferNoSchedule taints not tolerated by tolerations with an empty or
 * PreferNoSchedule effect (pkg/scheduler/framework/plugins/tainttoleration, getAllTolerationPreferNoSchedule).
 */
function avoidedTaint(node: Node, pod: Pod): Taint | undefined {
  const preferTolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  return findMatchingUntoleratedTaint(node.spec?.taints, preferTolerations, (t) => t.effect === 'PreferNoSchedule');
}

function everyAcceptingNodeAvoided(object: ManifestObject, pod: Pod, accepting: NodeRef[], scope: string): RuleFinding[] {
  const preferred = accepting.map((ref) => ({ ref, taint: avoidedTaint(ref.node, pod) }));
  if (preferred.some((p) => !p.taint)) return [];
  return [
    {
      at: pinnedBy(object, pod),
      severity: 'hint',
      message:
        `Every node${scope} ${describe(object)} can run on has a PreferNoSchedule taint its pods do not tolerate ` +
        `(${few(preferred.map((p) => `${p.ref.name}: ${formatTaint(p.taint!)}`))}): the scheduler places them there only because no other node fits.`,
      related: preferred.slice(0, named).map((p) => p.ref.related(p.taint!)),
      fixes: tolerationFixes(object, preferred.map((p) => p.taint!)),
    },
  ];
}

/** Where the pod chooses its nodes: its nodeSelector, else its affinity, else (not pinned at all) the pod spec. */
function pinnedBy(object: ManifestObject, pod: Pod): Anchor {
  const spec = pod.spec ?? {};
  const field = Object.keys(spec.nodeSelector ?? {}).length ? 'nodeSelector' : spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ? 'affinity' : undefined;
  return anchorAt(object, field ? [...podSpecPath(object), field] : podSpecPath(object));
}

function taintAnchor(object: ManifestObject, node: Node, taint: Taint): Anchor {
  const index = (node.spec?.taints ?? []).findIndex((t) => t.key === taint.key && t.effect === taint.effect);
  if (index >= 0) return anchorAt(object, ['spec', 'taints', index]);
  if (taint.key === wellKnownTaints.unschedulable) return anchorAt(object, ['spec', 'unschedulable']);
  return nameAnchor(object);
}

/** The toleration that matches exactly this taint. */
function tolerationFor(taint: Taint): Toleration {
  return taint.value ? { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect } : { key: taint.key, operator: 'Exists', effect: taint.effect };
}

function tolerationFixes(object: ManifestObject, taints: Taint[]): RuleFix[] {
  const spec = at(object.node, podSpecPath(object));
  if (!isMap(spec)) return [];
  const seen = new Set<string>();
  const fixes: RuleFix[] = [];
  for (const taint of taints) {
    const id = formatTaint(taint);
    // A taint without key is refused by the API server (toleration-invalid reports it); no toleration tolerates just it.
    if (!taint.key || seen.has(id)) continue;
    seen.add(id);
    const toleration = tolerationFor(taint);
    const edits = appendItem(object.document, spec, 'tolerations', toleration as Record<string, string>);
    if (edits) fixes.push({ title: `Add a toleration for ${id}`, edits, preferred: taints.length === 1 });
  }
  return fixes;
}
