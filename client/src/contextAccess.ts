// Once the view's cluster is listed, what its user may do is asked of the
// API server (a SelfSubjectReview and SelfSubjectAccessReviews, nothing
// written), so that the view marks a read-only context and the menus
// disable what it may not do before any action is tried. The context keys
// say it for the context in use; package.json's `enablement`s read them.
import * as vscode from 'vscode';
import type { ContextAccess } from './cluster';
import { clusterLayer } from './clusterLayer';
import type { Ctx } from './ctx';

/** `allowed`, `forbidden` or `unknown`: may the context in use's user evict pods, patch nodes. */
export const accessKeys = { evict: 'kubeEviction.evict', patchNodes: 'kubeEviction.patchNodes' } as const;

const keyValue = (allowed: boolean | undefined) => (allowed === true ? 'allowed' : allowed === false ? 'forbidden' : 'unknown');

/** Sets the context keys from what is known of the user of the context in use. */
export function setAccessKeys(access: ContextAccess | undefined): void {
  void vscode.commands.executeCommand('setContext', accessKeys.evict, keyValue(access?.evict));
  void vscode.commands.executeCommand('setContext', accessKeys.patchNodes, keyValue(access?.patchNodes));
}

/** Reviews the user's permissions each time a context's cluster is listed. */
export function reviewAccessWhenListed(ctx: Ctx): vscode.Disposable {
  let life: AbortController | undefined;
  const listener = ctx.onDidChangeState((state) => {
    life?.abort();
    life = undefined;
    if (state.kind !== 'ready') return;
    const current = (life = new AbortController());
    void clusterLayer()
      .reviewContextAccess(state.cluster, state.target.namespace, current.signal)
      .then((access) => {
        if (current.signal.aborted) return;
        const known = [access.user && `user ${access.user}`, access.evict !== undefined && `evict: ${keyValue(access.evict)}`, access.patchNodes !== undefined && `patch nodes: ${keyValue(access.patchNodes)}`].filter(Boolean);
        ctx.log.info(`context ${state.target.context}: reviewed what this user may do (${known.join(', ') || 'the server did not say'})`);
        ctx.scopes.learn(state.target.context, access);
      });
  });
  return { dispose: () => (life?.abort(), listener.dispose()) };
}
