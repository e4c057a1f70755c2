// What the user of a context may do, asked of the API server before acting:
// a SelfSubjectAccessReview (`kubectl auth can-i`) per permission an action
// needs, and a SelfSubjectReview (`kubectl auth whoami`) for the user's name,
// so that a refusal can be said in the API server's own words (the 403 it
// would answer) before anything is sent. Nothing here writes to the cluster:
// the reviews are answered and not stored.
// Sources: pkg/registry/authorization/selfsubjectaccessreview/rest.go,
// pkg/registry/authentication/selfsubjectreview/rest.go,
// staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go (a namespaced resource
// asked with no namespace means every namespace).

import { forbiddenStatus, type ResourceAttributes } from '../../../server/src/k8s/authorization';
import type { Cluster } from './connection';
import type { ClusterFailure } from './failure';

export type { ResourceAttributes };

/** The permissions the extension's actions need (kubectl drain's: the cordon's patch, the evictions' create). */
export const permissions = {
  /** `create pods/eviction`; no namespace: in every namespace. */
  evict: (namespace?: string, name?: string): ResourceAttributes => ({ verb: 'create', group: '', resource: 'pods', subresource: 'eviction', ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) }),
  /** `patch nodes`: cordon, uncordon, and the cordon that starts a drain. */
  patchNodes: (name?: string): ResourceAttributes => ({ verb: 'patch', group: '', resource: 'nodes', ...(name ? { name } : {}) }),
};

/** Why the user may not do something. */
export interface AccessDenial {
  attributes: ResourceAttributes;
  /** The 403 message the API server answers such a request, in its words; undefined when the user's name is not known. */
  message?: string;
  /** The authorizers' reason, when they gave one. */
  reason?: string;
  /** `review`: a SelfSubjectAccessReview said so ahead of any action; `answer`: the API server refused a request. */
  source: 'review' | 'answer';
}

export type AccessVerdict = { allowed: true } | { allowed: false; denial: AccessDenial };

export type AccessReview = { ok: true; verdict: AccessVerdict } | { ok: false; failure: ClusterFailure };

/**
 * What the context's user is known to be allowed: undefined until known. A
 * review of the user's permissions fills it in ahead of any action; the API
 * server's answers (a 403: no; a success: yes) confirm it.
 */
export interface ContextAccess {
  /** `create` on `pods/eviction`, in every namespace. */
  evict?: boolean;
  /** `patch` on nodes (cordon, uncordon, the cordon of a drain). */
  patchNodes?: boolean;
  /** The user's name as the API server knows it (SelfSubjectReview). */
  user?: string;
  /** Why what is not allowed is not. */
  denials?: { evict?: AccessDenial; patchNodes?: AccessDenial };
}

/** The user's name as the API server authenticates it; undefined when the server does not say (SelfSubjectReview is GA from 1.28). */
export async function whoAmI(cluster: Cluster, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const review = await cluster.apis(signal).authentication.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    return review.status?.userInfo?.username || undefined;
  } catch {
    return undefined;
  }
}

/**
 * May the user do this? A SelfSubjectAccessReview; a refusal carries the 403
 * the API server would answer (when `user`, the name from whoAmI, is known).
 * A server that cannot be asked (no reviews served, not allowed to review)
 * gives a failure: then nothing is known, and the action's own answer tells.
 */
export async function reviewAccess(cluster: Cluster, attributes: ResourceAttributes, options: { user?: string; signal?: AbortSignal } = {}): Promise<AccessReview> {
  try {
    const review = await cluster.apis(options.signal).authorization.createSelfSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { ...attributes } } },
    });
    const status = review.status;
    if (status?.allowed) return { ok: true, verdict: { allowed: true } };
    const reason = status?.reason || undefined;
    const message = options.user ? forbiddenStatus(options.user, attributes, reason).message : undefined;
    return { ok: true, verdict: { allowed: false, denial: { attributes, source: 'review', ...(message ? { message } : {}), ...(reason ? { reason } : {}) } } };
  } catch (err) {
    return { ok: false, failure: cluster.failureOf(err) };
  }
}

/**
 * What the view marks a context with: the user's name, whether it may evict
 * in every namespace (or, when not, at least in the context's own: then
 * evictions are judged per namespace as they come) and whether it may patch
 * nodes. Fields the server would not review stay unknown.
 */
export async function reviewContextAccess(cluster: Cluster, namespace: string, signal?: AbortSignal): Promise<ContextAccess> {
  const user = await whoAmI(cluster, signal);
  const ask = (attributes: ResourceAttributes) => reviewAccess(cluster, attributes, { ...(user ? { user } : {}), signal });
  const [everywhere, patch] = await Promise.all([ask(permissions.evict()), ask(permissions.patchNodes())]);
  const access: ContextAccess = { ...(user ? { user } : {}) };
  const denials: NonNullable<ContextAccess['denials']> = {};
  if (everywhere.ok && everywhere.verdict.allowed) access.evict = true;
  else if (everywhere.ok) {
    const own = await ask(permissions.evict(namespace));
    if (own.ok && !own.verdict.allowed) {
      access.evict = false;
      denials.evict = own.verdict.denial;
    }
  }
  if (patch.ok) {
    access.patchNodes = patch.verdict.allowed;
    if (!patch.verdict.allowed) denials.patchNodes = patch.verdict.denial;
  }
  if (denials.evict || denials.patchNodes) access.denials = denials;
  return access;
}

/** What reviewing an action's permissions found: the first refusal, what it tells of the context as a whole, and what could not be asked. */
export interface ActionReview {
  /** The first of the checks the user may not do; undefined when all are allowed or cannot be reviewed. */
  denial?: AccessDenial;
  /** What the answers tell of the context's user, for the view's marker. */
  learned: ContextAccess;
  /** The checks the server would not review: the action's own answer will tell. */
  unreviewed: { attributes: ResourceAttributes; failure: ClusterFailure }[];
}

/**
 * What the answer to one review tells of the context as a whole: nodes are
 * cluster-scoped; evictions allowed in one namespace are not allowed
 * everywhere, and refused in the context's own namespace (or everywhere)
 * the context may not evict.
 */
function contextWide(attributes: ResourceAttributes, ownNamespace: string, verdict: AccessVerdict): ContextAccess {
  const denial = verdict.allowed ? undefined : verdict.denial;
  if (attributes.resource === 'nodes') return { patchNodes: verdict.allowed, ...(denial ? { denials: { patchNodes: denial } } : {}) };
  if (verdict.allowed) return attributes.namespace ? {} : { evict: true };
  return !attributes.namespace || attributes.namespace === ownNamespace ? { evict: false, ...(denial ? { denials: { evict: denial } } : {}) } : {};
}

/**
 * Before an action: may the user make each of its requests? The checks are
 * reviewed together (SelfSubjectAccessReviews, nothing written); `user`
 * (whoAmI's answer, asked here when not given) words a refusal as the 403
 * the API server would answer.
 */
export async function reviewAction(cluster: Cluster, checks: readonly ResourceAttributes[], options: { ownNamespace: string; user?: string; signal?: AbortSignal }): Promise<ActionReview> {
  const user = options.user ?? (await whoAmI(cluster, options.signal));
  const reviews = await Promise.all(checks.map((attributes) => reviewAccess(cluster, attributes, { ...(user ? { user } : {}), ...(options.signal ? { signal: options.signal } : {}) })));
  const result: ActionReview = { learned: user ? { user } : {}, unreviewed: [] };
  for (const [i, review] of reviews.entries()) {
    const attributes = checks[i]!;
    if (!review.ok) {
      result.unreviewed.push({ attributes, failure: review.failure });
      continue;
    }
    const wide = contextWide(attributes, options.ownNamespace, review.verdict);
    const denials = { ...result.learned.denials, ...wide.denials };
    result.learned = { ...result.learned, ...wide, ...(denials.evict || denials.patchNodes ? { denials } : {}) };
    if (!review.verdict.allowed) result.denial ??= review.verdict.denial;
  }
  return result;
}
