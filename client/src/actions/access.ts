// Before an action: may the context's user do it? Asked of the API server on
// the action's own connection (SelfSubjectAccessReview, nothing written);
// what it answers is learned for the view. A refusal stops the action with
// the 403 the API server would answer, before anything is sent. A server
// that will not answer reviews leaves it to the action's own answer.
import { actionUnavailable, explainAccess } from '../../../server/src/explain/access';
import { plainText } from '../../../server/src/explain/text';
import type { AccessDenial, Cluster, ContextAccess, ResourceAttributes } from '../cluster';
import { clusterLayer } from '../clusterLayer';
import type { ContextTarget } from '../contextInUse';
import type { Ctx } from '../ctx';
import { notify, selectContextButton, type Button } from './common';

/** What a review of `attributes` tells of the context as a whole (the view's marker), if anything. */
function contextWide(target: ContextTarget, attributes: ResourceAttributes, allowed: boolean, denial: AccessDenial | undefined): ContextAccess {
  if (attributes.resource === 'nodes') return { patchNodes: allowed, ...(denial ? { denials: { patchNodes: denial } } : {}) };
  // Evictions allowed in one namespace are not allowed everywhere; refused in the context's own namespace (or everywhere), the context may not evict.
  if (allowed) return attributes.namespace ? {} : { evict: true };
  return !attributes.namespace || attributes.namespace === target.namespace ? { evict: false, ...(denial ? { denials: { evict: denial } } : {}) } : {};
}

/**
 * The first of `checks` the user may not do (a review each, asked
 * together), or undefined when all are allowed or cannot be reviewed.
 */
export async function refusal(ctx: Ctx, cluster: Cluster, target: ContextTarget, checks: readonly ResourceAttributes[]): Promise<AccessDenial | undefined> {
  const layer = clusterLayer();
  const user = ctx.scopes.accessOf(target.context)?.user ?? (await layer.whoAmI(cluster));
  const reviews = await Promise.all(checks.map((attributes) => layer.reviewAccess(cluster, attributes, user ? { user } : {})));
  let first: AccessDenial | undefined;
  for (const [i, review] of reviews.entries()) {
    const attributes = checks[i]!;
    if (!review.ok) {
      ctx.log.info(`could not review ${attributes.verb} ${attributes.resource}${attributes.subresource ? `/${attributes.subresource}` : ''} on context ${target.context}: ${review.failure.message}; the action's own answer will tell`);
      continue;
    }
    const denial = review.verdict.allowed ? undefined : review.verdict.denial;
    ctx.scopes.learn(target.context, { ...(user ? { user } : {}), ...contextWide(target, attributes, review.verdict.allowed, denial) });
    first ??= denial;
  }
  return first;
}

const whyButton = (ctx: Ctx, target: ContextTarget): Button => ({ title: 'Why?', run: () => openAccessExplanation(ctx, target.context) });

/** Says why `action` was not sent: the 403 the API server would answer. */
export function refused(ctx: Ctx, target: ContextTarget, action: string, denial: AccessDenial): void {
  const message = plainText(actionUnavailable(action, target.context, denial));
  ctx.log.warn(message);
  notify('error', `Kube Eviction: ${message}`, [whyButton(ctx, target), selectContextButton]);
}

/** The document that says what the context's user may and may not do. */
export function openAccessExplanation(ctx: Ctx, context: string): Promise<void> {
  return ctx.explanations.open(`Permissions on ${context}`, explainAccess(context, ctx.scopes.accessOf(context)));
}

/** Why Is This Unavailable?: the document for the context in use. */
export async function explainAccessCommand(ctx: Ctx): Promise<void> {
  const state = ctx.contextInUse.state;
  if ('target' in state) await openAccessExplanation(ctx, state.target.context);
}
