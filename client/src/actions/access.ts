// Before an action: may the context's user do it? Asked of the API server on
// the action's own connection (SelfSubjectAccessReview, nothing written);
// what it answers is learned for the view. A refusal stops the action with
// the 403 the API server would answer, before anything is sent. A server
// that will not answer reviews leaves it to the action's own answer.
import { actionUnavailable, explainAccess } from '../../../server/src/explain/access';
import { plainText } from '../../../server/src/explain/text';
import type { AccessDenial, Cluster, ResourceAttributes } from '../cluster';
import { clusterLayer } from '../clusterLayer';
import type { ContextTarget } from '../contextInUse';
import type { Ctx } from '../ctx';
import { notify, selectContextButton, type Button } from './common';

/**
 * The first of `checks` the user may not do (reviewed together), or
 * undefined when all are allowed or cannot be reviewed; what the answers
 * tell is learned for the view.
 */
export async function refusal(ctx: Ctx, cluster: Cluster, target: ContextTarget, checks: readonly ResourceAttributes[]): Promise<AccessDenial | undefined> {
  const user = ctx.scopes.accessOf(target.context)?.user;
  const review = await clusterLayer().reviewAction(cluster, checks, { ownNamespace: target.namespace, ...(user ? { user } : {}) });
  for (const { attributes, failure } of review.unreviewed) {
    ctx.log.info(`could not review ${attributes.verb} ${attributes.resource}${attributes.subresource ? `/${attributes.subresource}` : ''} on context ${target.context}: ${failure.message}; the action's own answer will tell`);
  }
  ctx.scopes.learn(target.context, review.learned);
  return review.denial;
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
