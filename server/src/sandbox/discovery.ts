// What the sandbox tells clients about itself: /version and the discovery
// documents (/api, /apis, /api/v1, /apis/{group}/{version}). kubectl builds
// its RESTMapper from these: shortNames make `kubectl get po` work, and the
// `pods/eviction` entry makes `kubectl drain` use evictions instead of DELETE.
// Shapes: apimachinery/pkg/apis/meta/v1/types.go (APIResourceList, APIGroupList),
// apimachinery/pkg/version/types.go (Info).

import { resources, type ResourceInfo } from '../sim/api';
import { reviewResources } from './reviews';

/** The Kubernetes release the sandbox reproduces (spec: target version). */
export const kubernetesVersion = { major: '1', minor: '32', gitVersion: 'v1.32.0' } as const;

export function versionInfo(): Record<string, string> {
  return {
    major: kubernetesVersion.major,
    minor: kubernetesVersion.minor,
    gitVersion: kubernetesVersion.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-12-11T17:58:00Z',
    goVersion: 'go1.23.3',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

export const groupVersionOf = (r: { group: string; version: string }) => (r.group ? `${r.group}/${r.version}` : r.version);

const groups: string[] = [...new Set([...resources, ...reviewResources].map((r) => r.group).filter((g) => g !== ''))];

export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(name: string) {
  const gv = { groupVersion: `${name}/v1`, version: 'v1' };
  return { name, versions: [gv], preferredVersion: gv };
}

export function apiGroupList() {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) };
}

/** `/apis/{group}`, or undefined for a group the sandbox does not serve. */
export function apiGroupDocument(group: string) {
  return groups.includes(group) ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) } : undefined;
}

const objectVerbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** Singular names are the lower-cased kind, as the API server derives them. */
const singular = (r: ResourceInfo) => r.kind.toLowerCase();

/** The group, version and kind a subresource reads and writes, when not the parent's. */
function subresourceEntry(r: ResourceInfo, sub: string) {
  const base = { name: `${r.resource}/${sub}`, singularName: '', namespaced: r.namespaced };
  switch (sub) {
    case 'eviction':
      return { ...base, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] };
    case 'scale':
      return { ...base, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
    default:
      return { ...base, kind: r.kind, verbs: ['get', 'patch', 'update'] };
  }
}

/** `/api/v1` or `/apis/{group}/{version}`, or undefined for one the sandbox does not serve. */
export function apiResourceList(groupVersion: string) {
  const served = resources.filter((r) => groupVersionOf(r) === groupVersion);
  const reviews = reviewResources.filter((r) => groupVersionOf(r) === groupVersion);
  if (served.length === 0 && reviews.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: [
      ...served.flatMap((r) => [
      {
        name: r.resource,
        singularName: singular(r),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: objectVerbs,
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
        // `kubectl get all` lists the kinds in the "all" category.
        ...(['pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs'].includes(r.resource) ? { categories: ['all'] } : {}),
      },
      ...r.subresources.map((sub) => subresourceEntry(r, sub)),
      ]),
      // The reviews: create only, nothing stored.
      ...reviews.map((r) => ({ name: r.resource, singularName: r.kind.toLowerCase(), namespaced: false, kind: r.kind, verbs: ['create'] })),
    ],
  };
}
