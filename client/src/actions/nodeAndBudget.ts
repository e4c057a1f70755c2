// Cordon and Uncordon (kubectl's strategic-merge patch of spec.unschedulable),
// Show Selected Pods of a budget, and Select Context.
import * as vscode from 'vscode';
import { commandIds } from '../commandIds';
import { clusterLayer } from '../clusterLayer';
import type { Ctx } from '../ctx';
import type { ClusterTree } from '../explorer/clusterTree';
import { nodeAction, notify, requireSnapshot, withCluster } from './common';
import { pickBudget, pickPod } from './pickers';
import { budgetTargetOf } from './targets';

export async function cordonCommand(ctx: Ctx, arg: unknown, cordon: boolean): Promise<void> {
  const action = await nodeAction(ctx, arg, cordon ? 'Cordon Node' : 'Uncordon Node', cordon ? 'schedulable' : 'cordoned');
  if (!action) return;
  const { target, node } = action;
  await withCluster(ctx, target, async (cluster) => {
    const layer = clusterLayer();
    const outcome = await (cordon ? layer.cordonNode : layer.uncordonNode)(cluster, node);
    const verb = cordon ? 'cordoned' : 'uncordoned';
    if (outcome.kind === 'done') {
      const message = `Node ${node} ${outcome.changed ? verb : `already ${verb}`} on "${target.context}".`;
      ctx.log.info(message);
      notify('info', message);
    } else {
      const message = `Cannot ${cordon ? 'cordon' : 'uncordon'} node ${node} on "${target.context}": ${outcome.message}`;
      ctx.log.error(message);
      notify('error', message);
    }
  });
}

export async function showSelectedPodsCommand(ctx: Ctx, tree: ClusterTree, arg: unknown): Promise<void> {
  const snapshot = await requireSnapshot(ctx, 'PodDisruptionBudgets');
  if (!snapshot) return;
  const ref = budgetTargetOf(arg);
  const pdb = ref ? snapshot.budget(ref.namespace, ref.name) : await pickBudget(snapshot, 'Show Selected Pods');
  if (!pdb) return;
  const name = `${pdb.metadata?.namespace ?? ''}/${pdb.metadata?.name ?? ''}`;
  const pods = snapshot.podsSelectedBy(pdb);
  if (pods.length === 0) {
    notify('info', `PodDisruptionBudget ${name} selects no pod.`);
    return;
  }
  const picked = await pickPod(snapshot, `Pods selected by ${name} (${pods.length})`, pods);
  if (picked) await tree.revealPod(picked.namespace, picked.name);
}

export async function selectContextCommand(ctx: Ctx): Promise<void> {
  const listed = ctx.contextInUse.contexts();
  if (!listed.ok) {
    notify('error', `Kube Eviction: ${listed.message}.`, [{ title: 'Open Kubeconfig Setting', run: () => vscode.commands.executeCommand(commandIds.openKubeconfigSetting) }]);
    return;
  }
  const { choice } = listed;
  const items = choice.contexts.map((c) => ({
    label: c.name,
    description: [c.name === choice.inUse && 'in use', c.name === choice.current && 'current-context'].filter(Boolean).join(', '),
    detail: `cluster ${c.cluster}, user ${c.user}${c.namespace ? `, namespace ${c.namespace}` : ''}`,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Kube Eviction: Select Context',
    placeHolder: 'The context to show and act on (kept in VS Code; your kubeconfig is not changed)',
    matchOnDetail: true,
  });
  if (!picked) return;
  ctx.log.info(`using context ${picked.label}`);
  await ctx.contextInUse.useContext(picked.label);
}
