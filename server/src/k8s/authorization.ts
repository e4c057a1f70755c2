// What the API server answers a request its authorizers did not allow: the
// 403 Forbidden whose message names the user, the verb, the resource (with
// its subresource), the API group and the namespace or cluster scope, and
// the authorizers' reason when they gave one. The sandbox answers its
// viewer's writes with it; a client that asked a SelfSubjectAccessReview
// first can say, in the same words, what the API server would answer.
// Sources: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go
// (Forbidden: `msg` or `msg: reason`; forbiddenMessage; NewForbidden of the
// resource without its subresource and the object's name).

import { forbidden } from './status';
import type { Status } from './types';
import { goQuote as q } from './validation';

/** What an authorizer decides a resource request on (a SubjectAccessReview's resourceAttributes). */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** Empty or absent: every namespace (a cluster-scoped resource, or a namespaced one across the cluster). */
  namespace?: string;
  name?: string;
}

/** forbiddenMessage: `User "u" cannot create resource "pods/eviction" in API group "" in the namespace "default"`. */
export function forbiddenMessage(user: string, a: ResourceAttributes): string {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  return a.namespace
    ? `User ${q(user)} cannot ${a.verb} resource ${q(resource)} in API group ${q(a.group)} in the namespace ${q(a.namespace)}`
    : `User ${q(user)} cannot ${a.verb} resource ${q(resource)} in API group ${q(a.group)} at the cluster scope`;
}

/** The 403 Status the API server answers a request `user` may not make, with the authorizers' `reason` when there is one. */
export function forbiddenStatus(user: string, a: ResourceAttributes, reason?: string): Status {
  const message = forbiddenMessage(user, a);
  return forbidden(a.resource, a.group, a.name ?? '', reason ? `${message}: ${reason}` : message);
}
