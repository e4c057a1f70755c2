// The lifecycle of the API versions this tool reads: when each was
// deprecated and when servers stopped serving it.
// Source: the Kubernetes Deprecated API Migration Guide; eviction.go and
// test/integration/evictions (TestEvictionVersions) for Eviction.

export interface ApiVersionLifecycle {
  apiVersion: string;
  kind: string;
  /** Minor version (1.N) in which it was deprecated. */
  deprecatedIn: string;
  /** Minor version from which servers no longer serve it; absent while still served. */
  removedIn?: string;
  /** The version to move to; absent when the API is gone without a replacement. */
  replacement?: string;
  note: string;
}

export const apiLifecycle: readonly ApiVersionLifecycle[] = [
  {
    apiVersion: 'policy/v1beta1',
    kind: 'PodDisruptionBudget',
    deprecatedIn: '1.21',
    removedIn: '1.25',
    replacement: 'policy/v1',
    note: 'policy/v1 went GA in 1.21. In policy/v1 an empty selector `{}` selects every pod of the namespace; in policy/v1beta1 it selected none.',
  },
  {
    apiVersion: 'policy/v1beta1',
    kind: 'PodSecurityPolicy',
    deprecatedIn: '1.21',
    removedIn: '1.25',
    note: 'PodSecurityPolicy and its admission controller were removed in 1.25 with no replacement API; use Pod Security Admission (namespace labels) or a policy engine.',
  },
  {
    apiVersion: 'policy/v1beta1',
    kind: 'Eviction',
    deprecatedIn: '1.22',
    replacement: 'policy/v1',
    note: 'The eviction subresource still accepts policy/v1beta1 bodies and always answers with a v1 Status; kubectl has sent policy/v1 since 1.22.',
  },
  ...(['Deployment', 'DaemonSet', 'ReplicaSet'] as const).map((kind) => ({
    apiVersion: 'extensions/v1beta1',
    kind,
    deprecatedIn: '1.8',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: 'apps/v1 requires spec.selector and it must match the pod template labels.',
  })),
  ...(['apps/v1beta1', 'apps/v1beta2'] as const).flatMap((apiVersion) =>
    (apiVersion === 'apps/v1beta1' ? (['Deployment', 'StatefulSet'] as const) : (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'] as const)).map((kind) => ({
      apiVersion,
      kind,
      deprecatedIn: '1.9',
      removedIn: '1.16',
      replacement: 'apps/v1',
      note: 'apps/v1 requires spec.selector and it must match the pod template labels.',
    })),
  ),
];

export function lifecycleOf(apiVersion: string, kind: string): ApiVersionLifecycle | undefined {
  return apiLifecycle.find((l) => l.apiVersion === apiVersion && l.kind === kind);
}

/** Compares Kubernetes minor versions such as `1.9` and `1.25` numerically. */
export function compareMinor(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am !== bm ? am - bm : an - bn;
}

/** `removed` when the target version no longer serves it, `deprecated` when it still does. */
export function statusAt(l: ApiVersionLifecycle, target: string): 'removed' | 'deprecated' | 'current' {
  if (l.removedIn && compareMinor(target, l.removedIn) >= 0) return 'removed';
  if (compareMinor(target, l.deprecatedIn) >= 0) return 'deprecated';
  return 'current';
}
