// Who a request comes from and what that user may do: the sandbox's stand-in
// for the API server's authenticators and RBAC. Two identities: the admin (the
// bearer token, group system:masters) may do anything; the viewer (a client
// certificate) may get, list and watch every resource and nothing else, as a
// user bound to a read-only ClusterRole. Refusals are the API server's own 403.
// Sources: apiserver/pkg/endpoints/request/requestinfo.go (the verbs),
// apiserver/pkg/endpoints/handlers/responsewriters/errors.go (Forbidden, forbiddenMessage).

import { forbidden } from '../k8s/status';
import type { Status } from '../k8s/types';
import { goQuote as q } from '../k8s/validation';

export interface UserInfo {
  name: string;
  groups: string[];
}

export const admin: UserInfo = { name: 'kube-eviction-sandbox-admin', groups: ['system:masters', 'system:authenticated'] };

/** The viewer's group, carried as the Organization of its client certificate. */
export const viewersGroup = 'kube-eviction-sandbox:viewers';
export const viewerName = 'kube-eviction-sandbox-viewer';

/** What RBAC matches a resource request on. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/**
 * The request's verb as RequestInfoFactory names it: GET of one object `get`,
 * of a collection `list` (`watch` with watch=true), POST `create`, PUT
 * `update`, PATCH `patch`, DELETE `delete` (`deletecollection` without a name).
 */
export function requestVerb(method: string, named: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return named ? 'get' : watch ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

const readVerbs = new Set(['get', 'list', 'watch']);

function allowed(user: UserInfo, verb: string): boolean {
  if (user.groups.includes('system:masters')) return true;
  return user.groups.includes(viewersGroup) && readVerbs.has(verb);
}

/** undefined when `user` may do this; otherwise the 403 the API server answers. */
export function authorize(user: UserInfo, a: ResourceAttributes): Status | undefined {
  if (allowed(user, a.verb)) return undefined;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const message = a.namespace
    ? `User ${q(user.name)} cannot ${a.verb} resource ${q(resource)} in API group ${q(a.group)} in the namespace ${q(a.namespace)}`
    : `User ${q(user.name)} cannot ${a.verb} resource ${q(resource)} in API group ${q(a.group)} at the cluster scope`;
  // NewForbidden of the resource without its subresource, and the object's name.
  return forbidden(a.resource, a.group, a.name ?? '', message);
}
