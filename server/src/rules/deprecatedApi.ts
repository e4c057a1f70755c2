import { anchorOf, type RuleFinding, type RuleFix } from '../analysis/findings';
import type { ManifestObject } from '../analysis/manifestFile';
import { definedVersion } from '../analysis/customResources';
import { at, get, type ScalarNode } from '../analysis/tree';
import { hasEmptySelector } from '../analysis/workloads';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { customResourceVersionText, migrationText, stillAcceptedNote } from '../explain/apiLifecycle';
import { lifecycleOf, servedReplacement, statusAt, type ApiVersionLifecycle } from '../k8s/apiLifecycle';
import { policyV1beta1, v1beta1EmptySelectorKey } from '../k8s/pdb';
import { migrationEdits, migrationReads, moveVersionEdit } from './apiMigrations';
import type { Rule } from '../analysis/rule';

export const deprecatedApi: Rule = {
  id: 'deprecated-api',
  description: 'An API version the target Kubernetes version no longer serves (error) or has deprecated (warning), built in or defined by a CustomResourceDefinition of the workspace.',
  defaultSeverity: 'error',
  severityNote: 'error or warning by target version',
  docs:
    'Every built-in beta and legacy API version Kubernetes has deprecated or removed since 1.16, by the lifecycle markers of k8s.io/api ' +
    '(policy/v1beta1 PodDisruptionBudget, batch/v1beta1 CronJob, autoscaling/v2beta1 and v2beta2 HorizontalPodAutoscaler, networking.k8s.io/v1beta1 Ingress, ' +
    'rbac.authorization.k8s.io/v1beta1, apiextensions.k8s.io/v1beta1 CustomResourceDefinition, …): an error where the target version no longer serves it, ' +
    'a warning where it is deprecated, with the replacement and what changes. The quick fix moves the object where that is safe (the apiVersion alone, ' +
    'a workload selector the old version defaulted, Ingress backends and pathType, autoscaling/v2beta1 metric targets). A policy/v1beta1 PDB with `selector: {}` selects no pods, but in ' +
    'policy/v1 the same selector selects every pod of the namespace: its fix keeps the meaning by writing the selector the API server itself converts it to. ' +
    'Custom resources of a version that a CustomResourceDefinition of the workspace marks `served: false` (error) or `deprecated: true` (warning, with its deprecationWarning).',
  fixable: true,
  kinds: 'all',
  // Of every kind apiVersion and kind; a CustomResourceDefinition's versions: the analysis reads them.
  reads: { ...migrationReads, PodDisruptionBudget: { spec: { selector: true } } },
  inputs: ['definitions'],
  check(object, { index, settings, fixes }) {
    const lifecycle = lifecycleOf(object.apiVersion, object.kind);
    if (lifecycle) return builtInFindings(object, lifecycle, settings.kubernetesVersion, fixes);
    return customResourceFindings(object, index);
  },
};

/** Asked for only with a finding: an object's tree is read again when asked for (see ManifestObject.node). */
const versionNodeOf = (object: ManifestObject) => get(object.node, 'apiVersion') as ScalarNode;

function builtInFindings(object: ManifestObject, lifecycle: ApiVersionLifecycle, target: string, fixes: boolean): RuleFinding[] {
  const status = statusAt(lifecycle, target);
  if (status === 'current') return [];
  const versionNode = versionNodeOf(object);
  const { apiVersion, kind, deprecatedIn, removedIn } = lifecycle;
  const emptySelector = isEmptyV1beta1Selector(object);
  let message =
    status === 'removed'
      ? `${apiVersion} ${kind} is not served by Kubernetes ${target} (removed in ${removedIn}, deprecated since ${deprecatedIn}): applying it fails with: no matches for kind "${kind}" in version "${apiVersion}".`
      : `${apiVersion} ${kind} is deprecated since Kubernetes ${deprecatedIn}${lifecycle.stillAccepted ? '' : ` and not served from ${removedIn}`}.`;
  message += ` ${migrationText(lifecycle, target)}`;
  if (lifecycle.stillAccepted) message += ` ${stillAcceptedNote}`;
  if (emptySelector) message += ' Beware: `selector: {}` selects no pods in policy/v1beta1 but every pod of the namespace in policy/v1.';
  return [{ at: anchorOf(object.document, versionNode), message, severity: status === 'removed' ? 'error' : 'warning', ...(fixes ? { fixes: fixesFor(object, versionNode, lifecycle, target, emptySelector) } : {}) }];
}

function isEmptyV1beta1Selector(object: ManifestObject): boolean {
  return object.kind === 'PodDisruptionBudget' && object.apiVersion === policyV1beta1 && hasEmptySelector(object);
}

function fixesFor(object: ManifestObject, versionNode: ScalarNode, lifecycle: ApiVersionLifecycle, target: string, emptySelector: boolean): RuleFix[] {
  const replacement = servedReplacement(lifecycle, target);
  const edits = replacement && migrationEdits(object, lifecycle);
  if (!replacement || !edits) return [];
  const moveVersion = moveVersionEdit(object, versionNode, replacement);
  if (!emptySelector) return [{ title: `Move to ${replacement}`, edits: [moveVersion, ...edits], preferred: true }];
  const selector = at(object.node, ['spec', 'selector'])!;
  // pkg/apis/policy/v1beta1/conversion.go: the API server stores a v1beta1 `{}` as this requirement, which keeps selecting nothing.
  const kept = `{"matchExpressions": [{"key": "${v1beta1EmptySelectorKey}", "operator": "Exists"}]}`;
  return [
    {
      title: `Move to ${replacement}, keeping selector {} selecting no pods`,
      edits: [moveVersion, { at: anchorOf(object.document, selector), newText: kept }],
      preferred: true,
    },
    { title: `Move to ${replacement} (selector {} then selects every pod of the namespace)`, edits: [moveVersion] },
  ];
}

/** A custom resource whose version a CustomResourceDefinition of the workspace marks not served or deprecated. */
function customResourceFindings(object: ManifestObject, index: WorkspaceIndex): RuleFinding[] {
  const defined = definedVersion(index, object);
  if (!defined) return [];
  const versionNode = versionNodeOf(object);
  const { crd, entry, status } = defined;
  return [
    {
      at: anchorOf(object.document, versionNode),
      message: customResourceVersionText(object.apiVersion, object.kind, crd.name, status),
      severity: status.status === 'notServed' ? 'error' : 'warning',
      related: [{ at: anchorOf(crd.document, entry ?? crd.node), message: `CustomResourceDefinition ${crd.name}: version ${status.version}` }],
    },
  ];
}
