import { anchorOf, type RuleFix } from '../analysis/findings';
import type { ManifestObject } from '../analysis/manifestFile';
import { at, get, type ScalarNode } from '../analysis/tree';
import { apiLifecycle, lifecycleOf, statusAt } from '../k8s/apiLifecycle';
import { policyV1beta1, v1beta1EmptySelectorKey } from '../k8s/pdb';
import { hasEmptySelector } from '../analysis/workloads';
import type { Rule } from './rule';

export const deprecatedApi: Rule = {
  id: 'deprecated-api',
  description: 'An API version the target Kubernetes version no longer serves (error) or has deprecated (warning).',
  defaultSeverity: 'error',
  severityNote: 'error or warning by target version',
  docs:
    'policy/v1beta1 PodDisruptionBudget (deprecated in 1.21, not served from 1.25), PodSecurityPolicy (removed in 1.25), Eviction ' +
    '(policy/v1 since 1.22; v1beta1 bodies are still accepted), and the pre-apps/v1 workload versions. The quick fix moves the object to ' +
    'the replacement version. A policy/v1beta1 PDB with `selector: {}` selects no pods, but in policy/v1 the same selector selects every ' +
    'pod of the namespace: its fix keeps the meaning by writing the selector the API server itself converts it to.',
  fixable: true,
  kinds: [...new Set(apiLifecycle.map((l) => l.kind))],
  inputs: [],
  check(object, { settings }) {
    const lifecycle = lifecycleOf(object.apiVersion, object.kind);
    if (!lifecycle) return [];
    const target = settings.kubernetesVersion;
    const status = statusAt(lifecycle, target);
    if (status === 'current') return [];
    const versionNode = get(object.node, 'apiVersion') as ScalarNode;
    const { apiVersion, kind, deprecatedIn, removedIn, replacement } = lifecycle;
    const emptySelector = isEmptyV1beta1Selector(object);
    let message =
      status === 'removed'
        ? `${apiVersion} ${kind} is not served by Kubernetes ${target} (removed in ${removedIn}, deprecated since ${deprecatedIn}): applying it fails with: no matches for kind "${kind}" in version "${apiVersion}".`
        : `${apiVersion} ${kind} is deprecated since Kubernetes ${deprecatedIn}${removedIn ? ` and not served from ${removedIn}` : ''}.`;
    message += replacement ? ` Use ${replacement}.` : ` ${lifecycle.note}`;
    if (emptySelector) message += ' Beware: `selector: {}` selects no pods in policy/v1beta1 but every pod of the namespace in policy/v1.';
    return [{ at: anchorOf(object.document, versionNode), message, severity: status === 'removed' ? 'error' : 'warning', fixes: fixesFor(object, versionNode, replacement, emptySelector) }];
  },
};

function isEmptyV1beta1Selector(object: ManifestObject): boolean {
  return object.kind === 'PodDisruptionBudget' && object.apiVersion === policyV1beta1 && hasEmptySelector(object);
}

function scalarText(node: ScalarNode, value: string): string {
  return node.quoted ? JSON.stringify(value) : value;
}

function fixesFor(object: ManifestObject, versionNode: ScalarNode, replacement: string | undefined, emptySelector: boolean): RuleFix[] {
  if (!replacement) return [];
  const document = object.document;
  const moveVersion = { at: anchorOf(document, versionNode), newText: scalarText(versionNode, replacement) };
  if (!emptySelector) return [{ title: `Move to ${replacement}`, edits: [moveVersion], preferred: true }];
  const selector = at(object.node, ['spec', 'selector'])!;
  // pkg/apis/policy/v1beta1/conversion.go: the API server stores a v1beta1 `{}` as this requirement, which keeps selecting nothing.
  const kept = `{"matchExpressions": [{"key": "${v1beta1EmptySelectorKey}", "operator": "Exists"}]}`;
  return [
    {
      title: `Move to ${replacement}, keeping selector {} selecting no pods`,
      edits: [moveVersion, { at: anchorOf(document, selector), newText: kept }],
      preferred: true,
    },
    { title: `Move to ${replacement} (selector {} then selects every pod of the namespace)`, edits: [moveVersion] },
  ];
}
