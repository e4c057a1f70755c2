// The lifecycle of Kubernetes' built-in prerelease API versions: when each
// (apiVersion, kind) was deprecated, from which release the API server no
// longer serves it, and what replaces it. The values are those of the
// generated `zz_generated.prerelease-lifecycle.go` of each versioned package
// of k8s.io/api (and of apiextensions-apiserver and kube-aggregator for
// CustomResourceDefinition and APIService), up to the 1.34 sources:
// `APILifecycleDeprecated`, `APILifecycleRemoved`, `APILifecycleReplacement`
// (test/server/k8s/apiLifecycle.test.ts lists the values read upstream).
// prerelease-lifecycle-gen derives what a type's markers leave out:
// deprecated = introduced + 3 minors, removed = deprecated + 3 minors
// (k8s.io/code-generator cmd/prerelease-lifecycle-gen). Alpha versions are
// left out: no server serves them unless enabled by hand.

export interface ApiVersionLifecycle {
  apiVersion: string;
  kind: string;
  /** Minor version (1.N) in which it was introduced. */
  introducedIn: string;
  /** Minor version in which it was (or will be) deprecated. */
  deprecatedIn: string;
  /** Minor version from which servers no longer serve it. */
  removedIn: string;
  /** `APILifecycleReplacement`; absent when the API is gone without one. */
  replacement?: { apiVersion: string; kind: string };
  /**
   * The eviction subresource keeps accepting policy/v1beta1 Eviction bodies
   * (pkg/registry/core/pod/storage/eviction.go; test/integration/evictions
   * TestEvictionVersions), whatever the type's markers say.
   */
  stillAccepted?: true;
}

type Row = readonly [kind: string, introduced: number, deprecated: number, removed: number, replacement?: string];

/**
 * One group version's types, as `[kind, introduced, deprecated, removed, replacement]`
 * with minors of 1.N; `replacement` is `group/version` (same kind) or `group/version Kind`.
 */
function groupVersion(apiVersion: string, rows: readonly Row[]): ApiVersionLifecycle[] {
  return rows.map(([kind, introduced, deprecated, removed, replacement]) => {
    const [replacementVersion, replacementKind] = replacement?.split(' ') ?? [];
    return {
      apiVersion,
      kind,
      introducedIn: `1.${introduced}`,
      deprecatedIn: `1.${deprecated}`,
      removedIn: `1.${removed}`,
      ...(replacementVersion ? { replacement: { apiVersion: replacementVersion, kind: replacementKind ?? kind } } : {}),
    };
  });
}

const admissionV1 = 'admissionregistration.k8s.io/v1';
const rbacV1 = 'rbac.authorization.k8s.io/v1';
const storageV1 = 'storage.k8s.io/v1';

export const apiLifecycle: readonly ApiVersionLifecycle[] = [
  ...groupVersion('admissionregistration.k8s.io/v1beta1', [
    ['MutatingWebhookConfiguration', 9, 16, 22, admissionV1],
    ['ValidatingWebhookConfiguration', 9, 16, 22, admissionV1],
    ['ValidatingAdmissionPolicy', 28, 31, 34],
    ['ValidatingAdmissionPolicyBinding', 28, 31, 34],
    ['MutatingAdmissionPolicy', 34, 37, 40],
    ['MutatingAdmissionPolicyBinding', 34, 37, 40],
  ]),
  ...groupVersion('apiextensions.k8s.io/v1beta1', [['CustomResourceDefinition', 7, 16, 22, 'apiextensions.k8s.io/v1']]),
  ...groupVersion('apiregistration.k8s.io/v1beta1', [['APIService', 7, 19, 22, 'apiregistration.k8s.io/v1']]),
  ...groupVersion('apps/v1beta1', [
    ['ControllerRevision', 7, 8, 16, 'apps/v1'],
    ['Deployment', 6, 8, 16, 'apps/v1'],
    ['StatefulSet', 5, 8, 16, 'apps/v1'],
  ]),
  ...groupVersion('apps/v1beta2', [
    ['ControllerRevision', 8, 9, 16, 'apps/v1'],
    ['DaemonSet', 8, 9, 16, 'apps/v1'],
    ['Deployment', 8, 9, 16, 'apps/v1'],
    ['ReplicaSet', 8, 9, 16, 'apps/v1'],
    ['StatefulSet', 8, 9, 16, 'apps/v1'],
  ]),
  ...groupVersion('authentication.k8s.io/v1beta1', [
    ['TokenReview', 4, 19, 22, 'authentication.k8s.io/v1'],
    ['SelfSubjectReview', 27, 30, 33, 'authentication.k8s.io/v1'],
  ]),
  ...groupVersion('authorization.k8s.io/v1beta1', [
    ['LocalSubjectAccessReview', 2, 19, 22, 'authorization.k8s.io/v1'],
    ['SelfSubjectAccessReview', 2, 19, 22, 'authorization.k8s.io/v1'],
    ['SelfSubjectRulesReview', 8, 19, 22, 'authorization.k8s.io/v1'],
    ['SubjectAccessReview', 2, 19, 22, 'authorization.k8s.io/v1'],
  ]),
  ...groupVersion('autoscaling/v2beta1', [['HorizontalPodAutoscaler', 8, 22, 25, 'autoscaling/v2beta2']]),
  ...groupVersion('autoscaling/v2beta2', [['HorizontalPodAutoscaler', 12, 23, 26, 'autoscaling/v2']]),
  ...groupVersion('batch/v1beta1', [['CronJob', 8, 21, 25, 'batch/v1']]),
  ...groupVersion('certificates.k8s.io/v1beta1', [
    ['CertificateSigningRequest', 12, 19, 22, 'certificates.k8s.io/v1'],
    ['ClusterTrustBundle', 33, 36, 39],
  ]),
  ...groupVersion('coordination.k8s.io/v1beta1', [
    ['Lease', 12, 19, 22, 'coordination.k8s.io/v1'],
    ['LeaseCandidate', 33, 36, 39],
  ]),
  ...groupVersion('discovery.k8s.io/v1beta1', [['EndpointSlice', 16, 21, 25, 'discovery.k8s.io/v1']]),
  // The generated code read has no APILifecycleReplacement here: the replacement is the migration guide's.
  ...groupVersion('events.k8s.io/v1beta1', [['Event', 8, 22, 25, 'events.k8s.io/v1']]),
  ...groupVersion('extensions/v1beta1', [
    ['DaemonSet', 1, 8, 16, 'apps/v1'],
    ['Deployment', 1, 8, 16, 'apps/v1'],
    ['Ingress', 1, 14, 22, 'networking.k8s.io/v1'],
    ['NetworkPolicy', 3, 9, 16, 'networking.k8s.io/v1'],
    ['PodSecurityPolicy', 2, 11, 16, 'policy/v1beta1'],
    ['ReplicaSet', 2, 8, 16, 'apps/v1'],
  ]),
  ...groupVersion('flowcontrol.apiserver.k8s.io/v1beta1', [
    ['FlowSchema', 20, 23, 26],
    ['PriorityLevelConfiguration', 20, 23, 26],
  ]),
  // The generated code read for v1beta2 is the copy of v1beta1 made when it was added; these are its 1.23 markers
  // (not served from 1.29, as the migration guide says), with the guide's replacement.
  ...groupVersion('flowcontrol.apiserver.k8s.io/v1beta2', [
    ['FlowSchema', 23, 26, 29, 'flowcontrol.apiserver.k8s.io/v1beta3'],
    ['PriorityLevelConfiguration', 23, 26, 29, 'flowcontrol.apiserver.k8s.io/v1beta3'],
  ]),
  ...groupVersion('flowcontrol.apiserver.k8s.io/v1beta3', [
    ['FlowSchema', 26, 29, 32, 'flowcontrol.apiserver.k8s.io/v1'],
    ['PriorityLevelConfiguration', 26, 29, 32, 'flowcontrol.apiserver.k8s.io/v1'],
  ]),
  ...groupVersion('networking.k8s.io/v1beta1', [
    ['Ingress', 14, 19, 22, 'networking.k8s.io/v1'],
    // Upstream's marker names the list kind (networking/v1beta1/types.go).
    ['IngressClass', 18, 19, 22, 'networking.k8s.io/v1 IngressClassList'],
    ['IPAddress', 31, 34, 37, 'networking.k8s.io/v1'],
    ['ServiceCIDR', 31, 34, 37, 'networking.k8s.io/v1'],
  ]),
  // As for Event: the replacement is the migration guide's.
  ...groupVersion('node.k8s.io/v1beta1', [['RuntimeClass', 13, 22, 25, 'node.k8s.io/v1']]),
  ...groupVersion('policy/v1beta1', [
    ['PodDisruptionBudget', 5, 21, 25, 'policy/v1'],
    ['PodSecurityPolicy', 10, 21, 25],
  ]),
  { ...groupVersion('policy/v1beta1', [['Eviction', 5, 22, 25, 'policy/v1']])[0]!, stillAccepted: true },
  ...groupVersion('rbac.authorization.k8s.io/v1beta1', [
    ['ClusterRole', 6, 17, 22, rbacV1],
    ['ClusterRoleBinding', 6, 17, 22, rbacV1],
    ['Role', 6, 17, 22, rbacV1],
    ['RoleBinding', 6, 17, 22, rbacV1],
  ]),
  ...groupVersion('resource.k8s.io/v1beta1', [
    ['DeviceClass', 32, 35, 38, 'resource.k8s.io/v1'],
    ['ResourceClaim', 32, 35, 38, 'resource.k8s.io/v1'],
    ['ResourceClaimTemplate', 32, 35, 38, 'resource.k8s.io/v1'],
    ['ResourceSlice', 32, 35, 38, 'resource.k8s.io/v1'],
  ]),
  ...groupVersion('resource.k8s.io/v1beta2', [
    ['DeviceClass', 33, 36, 39, 'resource.k8s.io/v1'],
    ['ResourceClaim', 33, 36, 39, 'resource.k8s.io/v1'],
    ['ResourceClaimTemplate', 33, 36, 39, 'resource.k8s.io/v1'],
    ['ResourceSlice', 33, 36, 39, 'resource.k8s.io/v1'],
  ]),
  ...groupVersion('scheduling.k8s.io/v1beta1', [['PriorityClass', 11, 14, 22, 'scheduling.k8s.io/v1']]),
  ...groupVersion('storage.k8s.io/v1beta1', [
    ['CSIDriver', 14, 19, 22, storageV1],
    ['CSINode', 14, 17, 22, storageV1],
    ['CSIStorageCapacity', 21, 24, 27, storageV1],
    ['StorageClass', 4, 19, 22, storageV1],
    ['VolumeAttachment', 10, 19, 22, storageV1],
    ['VolumeAttributesClass', 31, 34, 37, storageV1],
  ]),
];

const byVersionAndKind = new Map(apiLifecycle.map((l) => [`${l.apiVersion} ${l.kind}`, l]));

export function lifecycleOf(apiVersion: string, kind: string): ApiVersionLifecycle | undefined {
  return byVersionAndKind.get(`${apiVersion} ${kind}`);
}

/** Compares Kubernetes minor versions such as `1.9` and `1.25` numerically. */
export function compareMinor(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am! - bm! : an! - bn!;
}

export type LifecycleStatus = 'removed' | 'deprecated' | 'current';

/**
 * `removed` when the target no longer serves it (apiserver deleted_kinds.go:
 * served while the current version is below APILifecycleRemoved),
 * `deprecated` from APILifecycleDeprecated on, `current` before.
 */
export function statusAt(l: ApiVersionLifecycle, target: string): LifecycleStatus {
  if (!l.stillAccepted && compareMinor(target, l.removedIn) >= 0) return 'removed';
  if (compareMinor(target, l.deprecatedIn) >= 0) return 'deprecated';
  return 'current';
}

/**
 * The version to move an object to at the target: along the replacements
 * (flowcontrol v1beta2 → v1beta3 → v1, autoscaling/v2beta1 → v2beta2 → v2),
 * the first the target serves undeprecated, else the last it still serves.
 * Undefined when it serves none (extensions/v1beta1 PodSecurityPolicy →
 * policy/v1beta1 from 1.25).
 */
export function servedReplacement(l: ApiVersionLifecycle, target: string): string | undefined {
  let served: string | undefined;
  for (let next = l.replacement; next; ) {
    const further = lifecycleOf(next.apiVersion, l.kind);
    const status = further ? statusAt(further, target) : 'current';
    if (status !== 'removed') served = next.apiVersion;
    if (status === 'current') return served;
    next = further!.replacement;
  }
  return served;
}

/**
 * The warning the API server sends with a request that uses a deprecated
 * version, which kubectl prints as `Warning: …` (apiserver
 * pkg/endpoints/deprecation/deprecation.go WarningMessage: the markers'
 * values, whatever the server's own version).
 */
export function deprecationWarning(l: ApiVersionLifecycle): string {
  let message = `${l.apiVersion} ${l.kind} is deprecated in v${l.deprecatedIn}+, unavailable in v${l.removedIn}+`;
  if (l.replacement) message += `; use ${l.replacement.apiVersion} ${l.replacement.kind}`;
  return message;
}
