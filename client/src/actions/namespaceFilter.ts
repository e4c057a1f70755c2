// Filter Namespaces…: which namespaces' pods and budgets the Cluster view
// shows for the context in use (every one, or those checked), kept per context.
import * as vscode from 'vscode';
import { plural } from '../../../server/src/explain/text';
import type { Ctx } from '../ctx';
import { requireSnapshot, requireTarget } from './common';

export async function filterNamespacesCommand(ctx: Ctx): Promise<void> {
  const target = requireTarget(ctx);
  const snapshot = target && (await requireSnapshot(ctx, 'namespaces'));
  if (!target || !snapshot) return;
  const shown = ctx.scopes.namespaces(target.context);
  // Namespaces with pods or budgets, and those chosen earlier that have none now.
  const known = new Set([...snapshot.namespaces(), ...snapshot.budgets().map((b) => b.metadata?.namespace ?? ''), ...(shown ?? [])]);
  const items = [...known]
    .filter(Boolean)
    .sort()
    .map((namespace) => {
      const pods = snapshot.podsInNamespace(namespace).length;
      const budgets = snapshot.budgetsInNamespace(namespace).length;
      return {
        label: namespace,
        description: [plural(pods, 'pod'), budgets && plural(budgets, 'PodDisruptionBudget'), namespace === target.namespace && "the context's namespace"].filter(Boolean).join(', '),
        picked: !shown || shown.includes(namespace),
      };
    });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Namespaces to show on ${target.context}`,
    placeHolder: 'Check the namespaces whose pods and PodDisruptionBudgets the view shows (all checked, or none: every namespace)',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return;
  const all = picked.length === 0 || picked.length === items.length;
  await ctx.scopes.showNamespaces(target.context, all ? undefined : picked.map((item) => item.label));
  ctx.log.info(`context ${target.context}: showing ${all ? 'every namespace' : `namespaces ${picked.map((item) => item.label).join(', ')}`}`);
}
