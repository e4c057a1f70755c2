// Cordon and Uncordon (kubectl's strategic-merge patch of spec.unschedulable),
// Show Selected Pods of a budget, Show Details of an object, and Select Context.
import * as vscode from 'vscode';
import { commandIds } from '../commandIds';
import { permissions } from '../cluster/access';
import { clusterLayer } from '../clusterLayer';
import type { Ctx } from '../ctx';
import type { DetailsDocuments } from '../details/detailsDocuments';
import type { ClusterTree } from '../explorer/clusterTree';
import type { TreeElement } from '../explorer/treeModel';
import { refusal, refused } from './access';
import { nodeAction, notify, requireSnapshot, viewScope, withCluster } from './common';
import { cordonResultMessage } from './messages';
import { pickBudget, pickPod } from './pickers';
import { budgetTargetOf } from './targets';

export async function cordonCommand(ctx: Ctx, arg: unknown, cordon: boolean): Promise<void> {
  const action = await nodeAction(ctx, arg, cordon ? 'Cordon Node' : 'Uncordon Node', cordon ? 'schedulable' : 'cordoned');
  if (!action) return;
  const { target, node } = action;
  await withCluster(ctx, target, async (cluster) => {
    const denial = await refusal(ctx, cluster, target, [permissions.patchNodes(node)]);
    if (denial) return refused(ctx, target, `${cordon ? 'Cordon' : 'Uncordon'} of node ${node}`, denial);
    const layer = clusterLayer();
    const outcome = await (cordon ? layer.cordonNode : layer.uncordonNode)(cluster, node);
    const message = cordonResultMessage(target, node, cordon, outcome);
    if (outcome.kind === 'done') ctx.scopes.learn(target.context, { patchNodes: true });
    if (outcome.kind === 'forbidden') ctx.scopes.learn(target.context, { patchNodes: false, denials: { patchNodes: { attributes: permissions.patchNodes(node), message: outcome.message, source: 'answer' } } });
    ctx.log[outcome.kind === 'done' ? 'info' : 'error'](message);
    notify(outcome.kind === 'done' ? 'info' : 'error', message);
  });
}

export async function showSelectedPodsCommand(ctx: Ctx, tree: ClusterTree, arg: unknown): Promise<void> {
  const snapshot = await requireSnapshot(ctx, 'PodDisruptionBudgets');
  if (!snapshot) return;
  const ref = budgetTargetOf(arg);
  const pdb = ref ? snapshot.budget(ref.namespace, ref.name) : await pickBudget(snapshot, viewScope(ctx), 'Show Selected Pods');
  if (!pdb) return;
  const name = `${pdb.metadata?.namespace ?? ''}/${pdb.metadata?.name ?? ''}`;
  const pods = snapshot.podsSelectedBy(pdb);
  if (pods.length === 0) {
    notify('info', `PodDisruptionBudget ${name} selects no pod.`);
    return;
  }
  const picked = await pickPod(snapshot, viewScope(ctx), `Pods selected by ${name} (${pods.length})`, pods);
  if (picked) await tree.revealPod(picked.namespace, picked.name);
}

/** Reveals a pod in the tree (a plan's report names it): under Pending when no node holds it, else under its namespace. */
export async function revealPodCommand(tree: ClusterTree, arg: unknown): Promise<void> {
  const ref = typeof arg === 'object' && arg !== null ? (arg as { namespace?: unknown; name?: unknown }) : {};
  if (typeof ref.namespace !== 'string' || typeof ref.name !== 'string') return;
  if (!(await tree.revealPod(ref.namespace, ref.name))) notify('info', `Kube Eviction: pod ${ref.namespace}/${ref.name} is not in the cluster now.`);
}

/** The details document of the pod, node or budget of a tree item (or of one asked for). */
export async function showDetailsCommand(ctx: Ctx, details: DetailsDocuments, arg: unknown): Promise<void> {
  if (isTreeElement(arg)) return details.show(arg, true);
  const snapshot = await requireSnapshot(ctx, 'pods');
  const pod = snapshot && (await pickPod(snapshot, viewScope(ctx), 'Show Details'));
  if (pod) await details.show({ kind: 'pod', id: '', namespace: pod.namespace, name: pod.name, under: 'namespace' });
}

const isTreeElement = (arg: unknown): arg is TreeElement => typeof arg === 'object' && arg !== null && ['pod', 'node', 'pdb'].includes((arg as { kind?: unknown }).kind as string);

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
