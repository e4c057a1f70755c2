// The sandbox's request counter, read at GET /sandbox/stats (a path no
// Kubernetes client uses): what clients sent, counted where it arrives, in the
// terms of kube-apiserver's apiserver_request_total metric (verb, resource and
// subresource, code; a request for no resource has its method as verb, as in
// apiserver/pkg/endpoints/request/requestinfo.go). Benchmarks compare clients with it.

import type { Route } from './routes';

/** The path the counts are served at; its own requests are not counted. */
export const statsPath = '/sandbox/stats';

export interface RequestCounts {
  /** Requests received. */
  total: number;
  /** By verb: get, list, watch, create, update, patch, delete, deletecollection. */
  byVerb: Record<string, number>;
  /** By `verb resource[/subresource]`, e.g. `create pods/eviction`; requests for no resource by what they asked for (`get discovery`). */
  byRequest: Record<string, number>;
  /** By `verb resource code` once answered, e.g. `create pods/eviction 429` (a watch once it ends). */
  byResponse: Record<string, number>;
}

/** What a request was for: a resource (with its subresource), else the kind of path. */
function requestedThing(route: Route): string {
  switch (route.kind) {
    case 'resource':
      return route.subresource ? `${route.info.resource}/${route.subresource}` : route.info.resource;
    case 'review':
      return route.review.resource;
    case 'apiVersions':
    case 'apiGroupList':
    case 'apiGroup':
    case 'resourceList':
      return 'discovery';
    default:
      return route.kind;
  }
}

export class RequestStats {
  private total = 0;
  private readonly byVerb = new Map<string, number>();
  private readonly byRequest = new Map<string, number>();
  private readonly byResponse = new Map<string, number>();

  /** Counts a request as it arrives; call the returned function with the status code once it is answered. */
  record(verb: string, route: Route): (code: number) => void {
    const request = `${verb} ${requestedThing(route)}`;
    this.total++;
    bump(this.byVerb, verb);
    bump(this.byRequest, request);
    return (code) => bump(this.byResponse, `${request} ${code}`);
  }

  counts(): RequestCounts {
    return { total: this.total, byVerb: sorted(this.byVerb), byRequest: sorted(this.byRequest), byResponse: sorted(this.byResponse) };
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sorted(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
}
