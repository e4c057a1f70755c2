import type { Anchor, RuleFinding, RuleFix } from '../analysis/findings';
import { podTemplatePath } from '../analysis/interest';
import type { ManifestObject } from '../analysis/manifestFile';
import { at, isMap } from '../analysis/tree';
import { appendItem } from '../analysis/yamlEdits';
import { admittedPod, podSpecPath } from '../analysis/workloads';
import { filterNode, fitErrorMessage, isPinned, matchesNodeSelectorAndAffinity, reasons } from '../k8s/scheduling';
import { effectiveTaints, findMatchingUntoleratedTaint, formatTaint, wellKnownTaints } from '../k8s/tolerations';
import type { Node, Taint, Toleration } from '../k8s/types';
import { anchorAt, describe, nameAnchor } from './anchors';
import type { Rule } from './rule';

export const untoleratedTaint: Rule = {
  id: 'untolerated-taint',
  description: 'Pods pinned to nodes whose taints they do not tolerate.',
  defaultSeverity: 'error',
  severityNote: 'error; hint for PreferNoSchedule',
  docs:
    'Checks every Pod and pod template against the Node manifests of the workspace, with the tolerations the API server and controllers ' +
    'add (DaemonSet pods; the 300 s not-ready/unreachable tolerations). A pod whose `nodeSelector` or required node affinity matches some ' +
    'of those nodes, all of which have a NoSchedule or NoExecute taint it does not tolerate (a cordoned node counts as ' +
    '`node.kubernetes.io/unschedulable:NoSchedule`), stays Pending: error, with the scheduler\'s message. A pod bound with `spec.nodeName` ' +
    'bypasses the scheduler; the kubelet rejects it only for an untolerated NoExecute taint. Hint: every node that accepts the pod has a ' +
    'PreferNoSchedule taint it does not tolerate. Workspace nodes are rarely the whole cluster, so pods whose selection matches none of ' +
    'them are not judged. Quick fix: add the matching toleration.',
  fixable: true,
  kinds: Object.keys(podTemplatePath),
  inputs: ['nodes'],
  check(object, { index }) {
    if (index.nodes().size === 0) return [];
    const pod = admittedPod(object);
    const spec = pod.spec ?? {};
    const tolerations = spec.tolerations ?? [];
    const nodes = [...index.nodes()];
    const specPath = podSpecPath(object);
    if (spec.nodeName) {
      const node = nodes.find((n) => n.name === spec.nodeName);
      if (!node) return [];
      const taint = findMatchingUntoleratedTaint(nodeOf(node).spec?.taints, tolerations, (t) => t.effect === 'NoExecute');
      if (!taint) return [];
      return [
        {
          at: anchorAt(object, [...specPath, 'nodeName']),
          message:
            `${describe(object)} is bound to node ${node.name} (spec.nodeName), whose taint ${formatTaint(taint)} it does not tolerate: ` +
            `the kubelet rejects the pod (Predicate TaintToleration failed: ${reasons.kubeletTaint}).`,
          related: [{ at: taintAnchor(node, taint), message: `${describe(node)}: taint ${formatTaint(taint)}` }],
          fixes: tolerationFixes(object, [taint]),
        },
      ];
    }
    if (!isPinned(spec)) return [];
    const candidates = nodes.filter((node) => matchesNodeSelectorAndAffinity(spec, nodeOf(node)));
    if (candidates.length === 0) return [];
    const pinnedBy = anchorAt(object, [...specPath, spec.nodeSelector && Object.keys(spec.nodeSelector).length ? 'nodeSelector' : 'affinity']);
    const results = candidates.map((node) => ({ node, result: filterNode(pod, nodeOf(node)) }));
    const accepting = results.filter((r) => r.result.fits).map((r) => r.node);
    if (accepting.length === 0) {
      const blocking = results.map(({ node }) => ({
        node,
        taint: findMatchingUntoleratedTaint(effectiveTaints(nodeOf(node)), tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute'),
      }));
      if (blocking.some((b) => !b.taint)) return [];
      const taints = blocking.map((b) => b.taint!);
      const finding: RuleFinding = {
        at: pinnedBy,
        message:
          `${describe(object)} can only run on ${candidates.map((n) => n.name).join(', ')}, and none accepts its pods: ` +
          `${blocking.map((b) => `${b.node.name} has ${formatTaint(b.taint!)}${b.taint!.key === wellKnownTaints.unschedulable ? ' (cordoned)' : ''}`).join('; ')}. ` +
          `The pods stay Pending: "${fitErrorMessage(results.map((r) => r.result))}"`,
        related: blocking.map((b) => ({ at: taintAnchor(b.node, b.taint!), message: `${describe(b.node)}: ${formatTaint(b.taint!)}` })),
        fixes: tolerationFixes(object, taints),
      };
      return [finding];
    }
    // The scheduler's score counts PreferNoSchedule taints not tolerated by tolerations with an empty or
    // PreferNoSchedule effect (pkg/scheduler/framework/plugins/tainttoleration, getAllTolerationPreferNoSchedule).
    const preferTolerations = tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    const preferred = accepting.map((node) => ({
      node,
      taint: findMatchingUntoleratedTaint(nodeOf(node).spec?.taints, preferTolerations, (t) => t.effect === 'PreferNoSchedule'),
    }));
    if (preferred.some((p) => !p.taint)) return [];
    return [
      {
        at: pinnedBy,
        severity: 'hint',
        message:
          `Every node ${describe(object)} can run on has a PreferNoSchedule taint its pods do not tolerate ` +
          `(${preferred.map((p) => `${p.node.name}: ${formatTaint(p.taint!)}`).join('; ')}): the scheduler places them there only because no other node fits.`,
        related: preferred.map((p) => ({ at: taintAnchor(p.node, p.taint!), message: `${describe(p.node)}: ${formatTaint(p.taint!)}` })),
        fixes: tolerationFixes(object, preferred.map((p) => p.taint!)),
      },
    ];
  },
};

function nodeOf(node: ManifestObject): Node {
  return node.data as Node;
}

function taintAnchor(node: ManifestObject, taint: Taint): Anchor {
  const index = (nodeOf(node).spec?.taints ?? []).findIndex((t) => t.key === taint.key && t.effect === taint.effect);
  if (index >= 0) return anchorAt(node, ['spec', 'taints', index]);
  if (taint.key === wellKnownTaints.unschedulable) return anchorAt(node, ['spec', 'unschedulable']);
  return nameAnchor(node);
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
    if (seen.has(id)) continue;
    seen.add(id);
    const toleration = tolerationFor(taint);
    const edits = appendItem(object.document, spec, 'tolerations', toleration as Record<string, string>);
    if (edits) fixes.push({ title: `Add a toleration for ${id}`, edits, preferred: taints.length === 1 });
  }
  return fixes;
}
