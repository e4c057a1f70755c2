// Texts about deprecated API versions: their lifecycle at a target version
// and what changes when moving to the replacement, after the Kubernetes
// Deprecated API Migration Guide ("Notable changes" of each version).
import { deprecationWarning, servedReplacement, statusAt, type ApiVersionLifecycle } from '../k8s/apiLifecycle';
import type { CustomResourceVersionStatus } from '../k8s/customResourceDefinitions';

const workloadChanges =
  'apps/v1 requires `spec.selector`, which must match the pod template labels and can no longer be changed; ' +
  'some defaults differ (a DaemonSet or StatefulSet `updateStrategy`, a Deployment `revisionHistoryLimit`, `progressDeadlineSeconds` and rolling update sizes): set them to keep the old behaviour.';
const ingressChanges =
  '`spec.backend` is renamed `spec.defaultBackend`; a backend `serviceName` becomes `service.name` and `servicePort` becomes `service.port.number` (a number) or `service.port.name` (a name); ' +
  'every path needs a `pathType` (the old versions defaulted it to ImplementationSpecific).';
const webhookChanges =
  'admissionregistration.k8s.io/v1 requires `sideEffects` (None or NoneOnDryRun) and `admissionReviewVersions` on every webhook, ' +
  'and changes defaults: `failurePolicy` Ignore to Fail, `matchPolicy` Exact to Equivalent, `timeoutSeconds` 30 to 10.';
const reviewChanges = '`spec.group` is renamed `spec.groups`.';
const sharesRenamed = '`spec.limited.assuredConcurrencyShares` is renamed `spec.limited.nominalConcurrencyShares`.';
const podSecurityPolicyGone =
  'PodSecurityPolicy and its admission controller were removed in 1.25 with no replacement API; use Pod Security Admission (namespace labels) or a policy engine.';

/** What changes when moving, where more than the apiVersion does; by `apiVersion kind`. */
const changes: Readonly<Record<string, string>> = {
  'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration': webhookChanges,
  'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration': webhookChanges,
  'apiextensions.k8s.io/v1beta1 CustomResourceDefinition':
    '`spec.scope` must be set (no default); `spec.version` is gone (use `spec.versions`); `spec.validation`, `spec.subresources` and `spec.additionalPrinterColumns` move into each `spec.versions[*]` ' +
    '(`schema`, `subresources`, `additionalPrinterColumns`, where `JSONPath` is renamed `jsonPath`); every version needs `schema.openAPIV3Schema`; `spec.preserveUnknownFields: true` is not allowed ' +
    '(use `x-kubernetes-preserve-unknown-fields: true` in the schema); `spec.conversion.webhookClientConfig` and `conversionReviewVersions` move into `spec.conversion.webhook` (as `clientConfig` and `conversionReviewVersions`).',
  'authorization.k8s.io/v1beta1 SubjectAccessReview': reviewChanges,
  'authorization.k8s.io/v1beta1 LocalSubjectAccessReview': reviewChanges,
  'autoscaling/v2beta1 HorizontalPodAutoscaler':
    'metric targets move into a `target` object: `targetAverageUtilization: N` becomes `target: {type: Utilization, averageUtilization: N}`, `targetAverageValue` becomes `target: {type: AverageValue, averageValue: …}` ' +
    'and `targetValue` becomes `target: {type: Value, value: …}`; `metricName` with `selector` or `metricSelector` becomes `metric: {name, selector}`, and an Object metric `target` becomes `describedObject`.',
  'certificates.k8s.io/v1beta1 CertificateSigningRequest':
    '`spec.signerName` is required (and cannot be kubernetes.io/legacy-unknown), `spec.usages` is required, and `status.conditions[*].status` is required.',
  'discovery.k8s.io/v1beta1 EndpointSlice':
    'in each endpoint, `topology["kubernetes.io/hostname"]` becomes `nodeName`, `topology["topology.kubernetes.io/zone"]` becomes `zone`, and `topology` becomes the read-only `deprecatedTopology`.',
  'events.k8s.io/v1beta1 Event':
    '`type` is limited to Normal and Warning; `involvedObject` becomes `regarding`; `action`, `reason`, `reportingController` and `reportingInstance` are required; ' +
    '`firstTimestamp`, `lastTimestamp`, `source` and `count` become `deprecatedFirstTimestamp`, `deprecatedLastTimestamp`, `deprecatedSource` and `deprecatedCount` (use `eventTime` and `series`).',
  'extensions/v1beta1 Ingress': ingressChanges,
  'networking.k8s.io/v1beta1 Ingress': ingressChanges,
  'extensions/v1beta1 PodSecurityPolicy': podSecurityPolicyGone,
  'policy/v1beta1 PodSecurityPolicy': podSecurityPolicyGone,
  'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration': sharesRenamed,
  'flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration': sharesRenamed,
  'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration':
    'a `nominalConcurrencyShares` of 0 means 0 in v1 (v1beta3 replaced 0 by the default, 30).',
  ...Object.fromEntries(
    ['extensions/v1beta1 DaemonSet', 'extensions/v1beta1 Deployment', 'extensions/v1beta1 ReplicaSet', 'apps/v1beta1 Deployment', 'apps/v1beta1 StatefulSet'].map((key) => [key, workloadChanges]),
  ),
};

/** Why a deprecated Eviction still works (see ApiVersionLifecycle.stillAccepted). */
export const stillAcceptedNote = 'The eviction subresource still accepts policy/v1beta1 bodies and always answers with a v1 Status; kubectl has sent policy/v1 since 1.22.';

/** What changes when moving off this version; undefined where only the apiVersion does. */
export function migrationChanges(l: ApiVersionLifecycle): string | undefined {
  return changes[`${l.apiVersion} ${l.kind}`];
}

/** The sentence that tells where to go: the replacement served at the target and what changes, or why there is none. */
export function migrationText(l: ApiVersionLifecycle, target: string): string {
  const to = servedReplacement(l, target);
  const what = migrationChanges(l);
  if (!to) return what ?? `Kubernetes ${target} serves no replacement for it.`;
  return `Use ${to}${what ? `: ${what}` : ' (only the apiVersion changes).'}`;
}

export function lifecycleText(l: ApiVersionLifecycle, target: string): string {
  const served = l.stillAccepted ? 'still accepted by the eviction subresource' : `not served from Kubernetes ${l.removedIn}`;
  const atTarget = {
    removed: `Kubernetes ${target} does not serve it.`,
    deprecated: `Kubernetes ${target} still serves it, deprecated.`,
    current: `Kubernetes ${target} serves it.`,
  }[statusAt(l, target)];
  return [
    `**${l.apiVersion} ${l.kind}**: introduced in Kubernetes ${l.introducedIn}, deprecated in ${l.deprecatedIn}, ${served}. ${atTarget}`,
    `The API server warns: "${deprecationWarning(l)}".`,
    migrationText(l, target),
    ...(l.stillAccepted ? [stillAcceptedNote] : []),
  ].join('\n\n');
}

/** A custom resource version that its CustomResourceDefinition (named `crd`) marks deprecated or no longer served. */
export function customResourceVersionText(apiVersion: string, kind: string, crd: string, status: CustomResourceVersionStatus): string {
  if (status.status === 'notServed') {
    return `${apiVersion} ${kind} is not served: CustomResourceDefinition ${crd} sets \`served: false\` for ${status.version}, so applying it fails with: no matches for kind "${kind}" in version "${apiVersion}".`;
  }
  return `${apiVersion} ${kind} is deprecated by CustomResourceDefinition ${crd}; the API server warns: "${status.warning}".`;
}
