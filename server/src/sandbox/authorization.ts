// Who a request comes from and what that user may do: the sandbox's stand-in
// for the API server's authenticators and RBAC. Two identities: the admin (the
// bearer token, group system:masters) may do anything; the viewer (a client
// certificate) may get, list and watch every resource and nothing else, as a
// user bound to a read-only ClusterRole. Refusals are the API server's own 403.
// Sources: apiserver/pkg/endpoints/request/requestinfo.go (the verbs),
// apiserver/pkg/endpoints/handlers/responsewriters/errors.go (Forbidden, forbiddenMessage).

import { forbiddenStatus, type ResourceAttributes } from '../k8s/authorization';
import type { Status } from '../k8s/types';
import { goQuote as q } from '../k8s/validation';

export type { ResourceAttributes };

export interface UserInfo {
  name: string;
  groups: string[];
}

export const admin: UserInfo = { name: 'kube-eviction-sandbox-admin', groups: ['system:masters', 'system:authenticated'] };

/** The viewer's group, carried as the Organization of its client certificate. */
export const viewersGroup = 'kube-eviction-sandbox:viewers';
export const viewerName = 'kube-eviction-sandbox-viewer';

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

/** The ClusterRole the viewers' group is bound to (get, list and watch on every resource), and the binding. */
export const viewerRole = 'kube-eviction-sandbox-viewer';
export const viewerBinding = 'kube-eviction-sandbox-viewers';

/** The paths every authenticated user may GET (the system:discovery ClusterRole). */
const discoveryPaths = [/^\/api(\/.*)?$/, /^\/apis(\/.*)?$/, /^\/openapi(\/.*)?$/, /^\/(healthz|livez|readyz)$/, /^\/version\/?$/];

/** A non-resource request: a path and the lower-cased HTTP method as verb. */
export interface NonResourceAttributes {
  path: string;
  verb: string;
}

/**
 * The authorizers' decision, as a SubjectAccessReview status gives it: the
 * privileged-group authorizer allows system:masters with no reason; RBAC
 * allows the viewers' reads, naming the binding that allowed them; nothing
 * allows the rest (no opinion: not allowed, no reason).
 * Sources: pkg/kubeapiserver/authorizer (privilegedGroups first),
 * plugin/pkg/auth/authorizer/rbac/rbac.go (authorizingVisitor: "RBAC: allowed by …"),
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (system:discovery).
 */
export function decide(user: UserInfo, a: ResourceAttributes | NonResourceAttributes): { allowed: boolean; reason?: string } {
  if (user.groups.includes('system:masters')) return { allowed: true };
  if ('path' in a) {
    if (user.groups.includes('system:authenticated') && a.verb === 'get' && discoveryPaths.some((re) => re.test(a.path))) {
      return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"' };
    }
    return { allowed: false };
  }
  if (user.groups.includes(viewersGroup) && readVerbs.has(a.verb)) {
    return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding ${q(viewerBinding)} of ClusterRole ${q(viewerRole)} to Group ${q(viewersGroup)}` };
  }
  return { allowed: false };
}

/** undefined when `user` may do this; otherwise the 403 the API server answers. */
export function authorize(user: UserInfo, a: ResourceAttributes): Status | undefined {
  return decide(user, a).allowed ? undefined : forbiddenStatus(user.name, a);
}
