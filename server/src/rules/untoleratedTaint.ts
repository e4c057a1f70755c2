import { anchorAt, describe, nameAnchor } from '../analysis/anchors';
import { severities, type Anchor, type RuleFinding, type RuleFix } from '../analysis/findings';
import { mergeReads } from '../analysis/interest';
import type { ManifestObject } from '../analysis/manifestFile';
import type { Judged, NodeClasses, NodeRef } from '../analysis/nodeClasses';
import { podTemplateAnchors, podTemplatePath, podTemplateReads } from '../analysis/podTemplates';
import type { Rule } from '../analysis/rule';
import { at, isMap } from '../analysis/tree';
import { appendItem } from '../analysis/yamlEdits';
import { admittedPod, podSpecPath } from '../analysis/workloads';
import { noNodeAcceptsConsequence } from '../explain/taints';
import { listFew, namedInFindings, plural } from '../explain/text';
import { filterNode, fitErrorMessage, isPinned, matchesNodeSelectorAndAffinity, reasons, type FilterResult } from '../k8s/scheduling';
import { effectiveTaints, findMatchingUntoleratedTaint, formatTaint, wellKnownTaints } from '../k8s/tolerations';
import type { Node, Pod, Taint, Toleration } from '../k8s/types';

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
  reads: mergeReads(
    // hostNetwork: a DaemonSet's pods then tolerate network-unavailable (daemonSetPodTolerations).
    podTemplateReads({ spec: { nodeName: true, nodeSelector: true, affinity: { nodeAffinity: true }, tolerations: true, hostNetwork: true } }),
    { Node: { spec: { taints: true, unschedulable: true } } },
  ),
  // Where the pods choose their nodes (pinnedBy): every finding points there.
  anchors: podTemplateAnchors(['spec', 'nodeSelector'], ['spec', 'affinity'], ['spec']),
  inputs: ['nodes', 'liveNodes'],
  check(object, { index, related, cluster, fixes }) {
    const fixesOf = fixes ? tolerationFixes : noFixes;
    const workspace = index.nodes().size ? againstNodes(object, admitted(object), related.nodesFor(object), undefined, fixesOf) : [];
    const live = cluster?.nodeClasses.refs.length ? againstNodes(object, admitted(object), cluster.nodeClasses, cluster.context, fixesOf) : [];
    // One finding per pod: the stronger; on a tie the workspace's, which points at the nodes' manifests.
    return rank(live) < rank(workspace) ? live : workspace;
  },
};

const rank = (findings: RuleFinding[]) => (findings[0] ? severities.indexOf(findings[0].severity ?? 'error') : severities.length);

const blocksScheduling = (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/** A node and the taint a finding points at. */
interface TaintedNode {
  ref: NodeRef;
  taint: Taint;
}

/**
 * What a set of nodes means for pods of given scheduling constraints (the
 * pod spec's node selection and tolerations), whatever object asks: kept with
 * the nodes, so that pods of one shape are judged once. `first` are the
 * first few nodes, in node order, of `count`.
 */
type Verdict =
  | { kind: 'fine' }
  /** Every node that accepts the pods has a PreferNoSchedule taint they do not tolerate. */
  | { kind: 'avoided'; count: number; first: TaintedNode[]; taints: Taint[] }
  /** Workspace nodes: the pods' selection matches some, each with a taint (or cordon) they do not tolerate. */
  | { kind: 'tainted'; count: number; first: TaintedNode[]; taints: Taint[]; fitError: string }
  /** Live nodes: none accepts the pods, for the reasons `summary` counts. */
  | { kind: 'rejected'; summary: string; first: { ref: NodeRef; why: string }[]; taints: Taint[]; fitError: string };

const fine: Verdict = { kind: 'fine' };

/** An object's pod as admitted, and the parts of it that a verdict reads, once per object (an edit makes a new object). */
const admittedPods = new WeakMap<ManifestObject, Pod & { schedulingKey: string }>();

function admitted(object: ManifestObject): Pod & { schedulingKey: string } {
  let pod = admittedPods.get(object);
  if (!pod) {
    const { spec = {}, ...rest } = admittedPod(object);
    const schedulingKey = JSON.stringify([spec.nodeName, spec.nodeSelector, spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, spec.tolerations]);
    admittedPods.set(object, (pod = { ...rest, spec, schedulingKey }));
  }
  return pod;
}

type Related = NonNullable<RuleFinding['related']>;

/** A verdict's related information, made once per scope: the pods of one shape share it (and a report then locates it once). */
const relatedMade = new WeakMap<Verdict, Map<string, Related>>();

function relatedOnce(verdict: Verdict, scope: string, make: () => Related): Related {
  let byScope = relatedMade.get(verdict);
  if (!byScope) relatedMade.set(verdict, (byScope = new Map()));
  let related = byScope.get(scope);
  if (!related) byScope.set(scope, (related = make()));
  return related;
}

/**
 * The pod against a set of nodes: the workspace's Node manifests (`context`
 * undefined: pods whose selection matches none of them are not judged), or
 * the live cluster's, the complete list.
 */
function againstNodes(object: ManifestObject, pod: Pod & { schedulingKey: string }, nodes: NodeClasses, context: string | undefined, fixesOf: FixesOf): RuleFinding[] {
  const spec = pod.spec ?? {};
  const scope = context === undefined ? '' : ` on context ${context}`;
  const describeNode = (ref: NodeRef) => (ref.object ? describe(ref.object) : `Node ${ref.name}${scope}`);
  if (spec.nodeName) return boundToNode(object, pod, nodes.named(spec.nodeName), scope, describeNode, fixesOf);
  const verdict = nodes.memo(context === undefined ? 'workspace' : 'live', pod.schedulingKey, () =>
    context === undefined ? workspaceVerdict(pod, nodes) : liveVerdict(pod, nodes),
  );
  switch (verdict.kind) {
    case 'fine':
      return [];
    case 'avoided':
      return [
        {
          at: pinnedBy(object, pod),
          severity: 'hint',
          message:
            `Every node${scope} ${describe(object)} can run on has a PreferNoSchedule taint its pods do not tolerate ` +
            `(${listFew(verdict.first.map((p) => `${p.ref.name}: ${formatTaint(p.taint)}`), verdict.count)}): the scheduler places them there only because no other node fits.`,
          related: relatedOnce(verdict, scope, () => verdict.first.map((p) => relatedTaint(p, describeNode))),
          fixes: fixesOf(object, verdict.taints),
        },
      ];
    case 'tainted':
      return [
        {
          at: pinnedBy(object, pod),
          message:
            `${describe(object)} can only run on ${listFew(verdict.first.map((b) => b.ref.name), verdict.count)}, and none accepts its pods: ` +
            `${listFew(verdict.first.map((b) => `${b.ref.name} has ${formatTaint(b.taint)}${b.taint.key === wellKnownTaints.unschedulable ? ' (cordoned)' : ''}`), verdict.count, '; ')}. ` +
            `The pods stay Pending: "${verdict.fitError}"`,
          related: relatedOnce(verdict, scope, () => verdict.first.map((b) => relatedTaint(b, describeNode))),
          fixes: fixesOf(object, verdict.taints),
        },
      ];
    case 'rejected':
      return [
        {
          at: pinnedBy(object, pod),
          severity: 'warning',
          message: `No node${scope} accepts the pods of ${describe(object)}: ${verdict.summary}. ${noNodeAcceptsConsequence(object.kind, verdict.fitError)}`,
          related: relatedOnce(verdict, scope, () => verdict.first.map(({ ref, why }) => ({ message: `${describeNode(ref)}: ${why}` }))),
          fixes: fixesOf(object, verdict.taints),
        },
      ];
  }
}

function relatedTaint({ ref, taint }: TaintedNode, describeNode: (ref: NodeRef) => string): { at?: Anchor; message: string } {
  return { ...(ref.object ? { at: taintAnchor(ref.object, ref.node, taint) } : {}), message: `${describeNode(ref)}: ${formatTaint(taint)}` };
}

/** Distinct taints, in the order met. */
function distinct(taints: Iterable<Taint>): Taint[] {
  const byId = new Map<string, Taint>();
  for (const taint of taints) if (!byId.has(formatTaint(taint))) byId.set(formatTaint(taint), taint);
  return [...byId.values()];
}

/** The first few nodes that `pick` keeps (by their verdicts, in node order), and how many it keeps. */
function firstAndCount<V, U>(nodes: NodeClasses, each: readonly V[], pick: (ref: NodeRef, value: V) => U | undefined): { first: U[]; count: number } {
  const first: U[] = [];
  let count = 0;
  nodes.refs.forEach((ref, i) => {
    const picked = pick(ref, each[i]!);
    if (picked === undefined) return;
    if (count++ < namedInFindings) first.push(picked);
  });
  return { first, count };
}

/** Workspace nodes: pods pinned by nodeSelector or required affinity to nodes that all refuse them. */
function workspaceVerdict(pod: Pod, nodes: NodeClasses): Verdict {
  const spec = pod.spec ?? {};
  if (!isPinned(spec)) return fine;
  const judged = nodes.judge(spec, (ref) => ({
    matches: matchesNodeSelectorAndAffinity(spec, ref.node),
    result: filterNode(pod, ref.node),
    blocking: findMatchingUntoleratedTaint(effectiveTaints(ref.node), spec.tolerations, blocksScheduling),
  }));
  const candidates = judged.classes.filter((c) => c.value.matches);
  if (candidates.length === 0) return fine;
  if (candidates.some((c) => c.value.result.fits)) return avoidedVerdict(pod, nodes, judged);
  if (candidates.some((c) => !c.value.blocking)) return fine;
  const each = judged.each();
  const { first, count } = firstAndCount(nodes, each, (ref, value) => (value.matches ? { ref, taint: value.blocking! } : undefined));
  // FitError counts every node, those the pods' selection does not match too.
  return { kind: 'tainted', count, first, taints: distinct(candidates.map((c) => c.value.blocking!)), fitError: fitErrorMessage(each.map((v) => v.result)) };
}

/**
 * Live nodes, the complete list: the scheduler's filters on every node
 * (capacity aside); fine as soon as one accepts the pods without a
 * PreferNoSchedule taint they do not tolerate.
 */
function liveVerdict(pod: Pod, nodes: NodeClasses): Verdict {
  const spec = pod.spec ?? {};
  const judged = nodes.judge(spec, (ref) => {
    const result = filterNode(pod, ref.node);
    const [reason] = result.reasons;
    const taint = result.fits || reason === reasons.unschedulable || reason === reasons.affinity ? undefined : findMatchingUntoleratedTaint(ref.node.spec?.taints, spec.tolerations, blocksScheduling);
    const why = taint ? `untolerated taint ${formatTaint(taint)}` : reason === reasons.unschedulable ? 'cordoned' : 'nodeSelector or required node affinity not matched';
    // Reasons in the scheduler's order (filterNode): a cordon, a taint, the node selection.
    return { result, taint, why, order: taint ? 1 : reason === reasons.unschedulable ? 0 : 2, matches: matchesNodeSelectorAndAffinity(spec, ref.node) };
  });
  if (judged.classes.some((c) => c.value.result.fits && !avoidedTaint(c.rep.node, pod))) return fine;
  if (judged.classes.some((c) => c.value.result.fits)) return avoidedVerdict(pod, nodes, judged);
  const each = judged.each();
  const groups = new Map<string, { why: string; order: number; count: number; names: string[] }>();
  nodes.refs.forEach((ref, i) => {
    const { why, order } = each[i]!;
    let group = groups.get(why);
    if (!group) groups.set(why, (group = { why, order, count: 0, names: [] }));
    if (group.count++ < namedInFindings) group.names.push(ref.name);
  });
  const ordered = [...groups.values()].sort((a, b) => a.order - b.order);
  const summary = ordered.map((g) => `${g.why}: ${plural(g.count, 'node')} (${listFew(g.names, g.count)})`).join('; ');
  const first = nodes.refs.slice(0, namedInFindings).map((ref, i) => ({ ref, why: each[i]!.why }));
  // Tolerating a taint helps only on nodes the pod's node selection matches; a cordon is not for tolerating.
  const fixable = [...judged.classes].sort((a, b) => a.value.order - b.value.order).filter((c) => c.value.taint && c.value.matches);
  return { kind: 'rejected', summary, first, taints: distinct(fixable.map((c) => c.value.taint!)).slice(0, 3), fitError: fitErrorMessage(each.map((v) => v.result)) };
}

/** Every node that accepts the pods has an untolerated PreferNoSchedule taint: a hint; else fine. */
function avoidedVerdict(pod: Pod, nodes: NodeClasses, judged: Judged<{ result: FilterResult }>): Verdict {
  const accepting = judged.classes.filter((c) => c.value.result.fits).map((c) => ({ ...c, taint: avoidedTaint(c.rep.node, pod) }));
  if (accepting.some((c) => !c.taint)) return fine;
  const taintOf = new Map(accepting.flatMap((c) => c.members.map((ref) => [ref, c.taint!] as const)));
  const { first, count } = firstAndCount(nodes, judged.each(), (ref, value) => (value.result.fits ? { ref, taint: taintOf.get(ref)! } : undefined));
  return { kind: 'avoided', count, first, taints: distinct(accepting.map((c) => c.taint!)) };
}

/** A pod bound by spec.nodeName bypasses the scheduler; the kubelet admits it unless a NoExecute taint is not tolerated. */
function boundToNode(object: ManifestObject, pod: Pod, ref: NodeRef | undefined, scope: string, describeNode: (ref: NodeRef) => string, fixesOf: FixesOf): RuleFinding[] {
  if (!ref) return [];
  const taint = findMatchingUntoleratedTaint(ref.node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === 'NoExecute');
  if (!taint) return [];
  return [
    {
      at: anchorAt(object, [...podSpecPath(object), 'nodeName']),
      message:
        `${describe(object)} is bound to node ${ref.name}${scope} (spec.nodeName), whose taint ${formatTaint(taint)} it does not tolerate: ` +
        `the kubelet rejects the pod (Predicate TaintToleration failed: ${reasons.kubeletTaint}).`,
      related: [relatedTaint({ ref, taint }, describeNode)],
      fixes: fixesOf(object, [taint]),
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

type FixesOf = (object: ManifestObject, taints: Taint[]) => RuleFix[];

const noFixes: FixesOf = () => [];

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
