// URL paths of the Kubernetes API, parsed into what a request addresses.
// Layout: apiserver/pkg/endpoints/installer.go (`/api/v1/namespaces/{namespace}/{resource}/{name}/{subresource}`).

import { resources, type ResourceInfo } from '../sim/api';
import { groupVersionOf } from './discovery';
import { reviewResources, type ReviewResource } from './reviews';

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'apiVersions' }
  | { kind: 'apiGroupList' }
  | { kind: 'apiGroup'; group: string }
  | { kind: 'resourceList'; groupVersion: string }
  | { kind: 'openapi'; path: string }
  | { kind: 'openapiV2' }
  | { kind: 'resource'; info: ResourceInfo; namespace?: string; name?: string; subresource?: string }
  | { kind: 'review'; review: ReviewResource }
  | { kind: 'notFound' };

const notFound: Route = { kind: 'notFound' };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Parses a request path (without the query). Unknown paths and kinds are `notFound`. */
export function parsePath(pathname: string): Route {
  switch (pathname) {
    case '/version':
    case '/version/':
      return { kind: 'version' };
    case '/healthz':
    case '/livez':
    case '/readyz':
      return { kind: 'health' };
    case '/api':
    case '/api/':
      return { kind: 'apiVersions' };
    case '/apis':
    case '/apis/':
      return { kind: 'apiGroupList' };
  }
  const raw = pathname.split('/').slice(1);
  if (raw.length && raw[raw.length - 1] === '') raw.pop();
  const segments = raw.map(decode);
  if (segments.some((s) => s === undefined || s === '')) return notFound;
  const parts = segments as string[];
  if (parts[0] === 'openapi' && parts[1] === 'v3') return { kind: 'openapi', path: parts.slice(2).join('/') };
  if (parts[0] === 'openapi' && parts[1] === 'v2' && parts.length === 2) return { kind: 'openapiV2' };

  let groupVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    groupVersion = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length === 2) {
    return { kind: 'apiGroup', group: parts[1] };
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    groupVersion = `${parts[1]}/${parts[2]}`;
    rest = parts.slice(3);
  } else {
    return notFound;
  }
  if (rest.length === 0) return { kind: 'resourceList', groupVersion };

  const review = reviewResources.find((r) => r.resource === rest[0] && groupVersionOf(r) === groupVersion);
  if (review) return rest.length === 1 ? { kind: 'review', review } : notFound;
  const find = (resource: string) => resources.find((r) => r.resource === resource && groupVersionOf(r) === groupVersion);
  // namespaces/{ns}/{resource}[/{name}[/{subresource}]], unless it names the namespace itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const info = find(rest[2]);
    if (info?.namespaced) {
      if (rest.length > 5) return notFound;
      return withSubresource({ kind: 'resource', info, namespace: rest[1], name: rest[3], subresource: rest[4] });
    }
    if (rest.length > 3) return notFound;
  }
  const info = find(rest[0]);
  if (!info || rest.length > 3) return notFound;
  // A namespaced resource without a namespace is only listed or watched across namespaces.
  if (info.namespaced && rest.length > 1) return notFound;
  return withSubresource({ kind: 'resource', info, name: rest[1], subresource: rest[2] });
}

function withSubresource(route: Extract<Route, { kind: 'resource' }>): Route {
  if (route.subresource !== undefined && !route.info.subresources.includes(route.subresource)) return notFound;
  if (route.name === undefined) delete route.name;
  if (route.subresource === undefined) delete route.subresource;
  return route;
}
