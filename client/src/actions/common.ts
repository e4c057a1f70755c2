// What every cluster action needs first: a trusted workspace, a context, a
// connection of its own; and one way to report a result with its buttons.
import * as vscode from 'vscode';
import type { Cluster } from '../cluster';
import type { ClusterSnapshot } from '../cluster/snapshot';
import type { ContextTarget } from '../contextInUse';
import { commandIds } from '../commandIds';
import type { Ctx } from '../ctx';
import type { ViewScope } from '../explorer/treeModel';
import { confirmationRequired, type Confirmation } from './confirmation';
import { pickNode, pickPod } from './pickers';
import { nodeTargetOf, podTargetsOf, type PodTarget } from './targets';

/** Cluster actions need a trusted workspace (the menus hide them otherwise; a keybinding or a link might still call them). */
export function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage('Kube Eviction: cluster actions are disabled in Restricted Mode. Trust this workspace to evict, drain or cordon.', 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

export interface Button {
  title: string;
  run(): unknown;
}

export const explainButton = (run: () => unknown): Button => ({ title: 'Explain', run });
export const selectContextButton: Button = { title: 'Select Context', run: () => vscode.commands.executeCommand(commandIds.selectContext) };
export const showLogButton: Button = { title: 'Show Log', run: () => vscode.commands.executeCommand(commandIds.showLog) };
const kubeconfigSettingButton: Button = { title: 'Open Kubeconfig Setting', run: () => vscode.commands.executeCommand(commandIds.openKubeconfigSetting) };

export type Severity = 'info' | 'warning' | 'error';

/** A notification with buttons; runs the one clicked. Not awaited by callers: it stays until dismissed. */
export function notify(severity: Severity, message: string, buttons: Button[] = []): void {
  const show = severity === 'info' ? vscode.window.showInformationMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(message, ...buttons.map((b) => b.title)).then((title) => buttons.find((b) => b.title === title)?.run());
}

/** The context in use, or a message saying why there is none (with the buttons that fix it). */
export function requireTarget(ctx: Ctx): ContextTarget | undefined {
  const state = ctx.contextInUse.state;
  if ('target' in state) return state.target;
  if (state.kind === 'noKubeconfig') notify('error', `Kube Eviction: ${state.message}.`, [kubeconfigSettingButton, selectContextButton]);
  else if (state.kind === 'unknownContext') notify('error', `Kube Eviction: ${state.message}.`, [selectContextButton]);
  else notify('warning', 'Kube Eviction: the kubeconfig has not been read yet; try again in a moment.');
  return undefined;
}

/** What the Cluster view shows of the context in use (for pickers that word items as the view does). */
export function viewScope(ctx: Ctx): ViewScope | undefined {
  const state = ctx.contextInUse.state;
  return 'target' in state ? ctx.scopes.scope(state.target) : undefined;
}

/** The live snapshot, when the cluster has been listed. */
export function readySnapshot(ctx: Ctx): ClusterSnapshot | undefined {
  const state = ctx.contextInUse.state;
  return state.kind === 'ready' ? state.snapshot : undefined;
}

/** The snapshot for choosing a target (listing the cluster first if nothing has yet), or a message saying why there is none. */
export async function requireSnapshot(ctx: Ctx, what: string): Promise<ClusterSnapshot | undefined> {
  const state = await ctx.contextInUse.ready();
  if (state.kind === 'ready') return state.snapshot;
  const why = state.kind === 'failed' ? state.failure.message : state.kind === 'noKubeconfig' || state.kind === 'unknownContext' ? state.message : 'the cluster is not listed yet';
  notify('error', `Kube Eviction: cannot list ${what} to choose from: ${why}.`, [selectContextButton, showLogButton]);
  return undefined;
}

/**
 * Runs `work` on a connection of the action's own to the context (its
 * credentials scrubbed from the log while it is open), closed afterwards.
 * Undefined, with a message, when the context cannot be opened.
 */
export async function withCluster<T>(ctx: Ctx, target: ContextTarget, work: (cluster: Cluster) => PromiseLike<T>): Promise<T | undefined> {
  const opened = ctx.contextInUse.openForAction(target);
  if (!opened.ok) {
    ctx.log.error(opened.failure.message);
    notify('error', `Kube Eviction: ${opened.failure.message}`, [selectContextButton]);
    return undefined;
  }
  const release = ctx.log.watch(opened.cluster);
  try {
    return await work(opened.cluster);
  } finally {
    opened.cluster.close();
    release();
  }
}

/** Whether the settings (or the context's name) ask for a confirmation before a real eviction or drain. */
export function needsConfirmation(ctx: Ctx, target: ContextTarget): boolean {
  return confirmationRequired(ctx.config(), target).required;
}

/** Asks before a real eviction or drain when the settings (or the context's name) say so. True: go ahead. */
export async function confirmed(ctx: Ctx, target: ContextTarget, confirmation: Confirmation): Promise<boolean> {
  const decision = confirmationRequired(ctx.config(), target);
  if (!decision.required) return true;
  if (decision.why === 'invalidPattern') ctx.log.warn(decision.problem);
  const answer = await vscode.window.showWarningMessage(confirmation.message, { modal: true, detail: confirmation.detail }, confirmation.button);
  if (answer === confirmation.button) return true;
  ctx.log.info(`${confirmation.message} Cancelled.`);
  return false;
}

/**
 * The first steps of an action on pods: a trusted workspace, a context, the
 * pods (from what invoked it: one item, the items selected with it; else
 * asked for).
 */
export async function podAction(ctx: Ctx, arg: unknown, selected: unknown, title: string): Promise<{ target: ContextTarget; pods: PodTarget[] } | undefined> {
  if (!requireTrust()) return undefined;
  const target = requireTarget(ctx);
  if (!target) return undefined;
  const pods = podTargetsOf(arg, selected, target.namespace);
  if (pods.length > 0) return { target, pods };
  const snapshot = await requireSnapshot(ctx, 'pods');
  const pod = snapshot && (await pickPod(snapshot, viewScope(ctx), title));
  return pod && { target, pods: [pod] };
}

/** The first steps of an action on a node; `which` narrows the nodes offered when asking. */
export async function nodeAction(ctx: Ctx, arg: unknown, title: string, which: Parameters<typeof pickNode>[3] = 'any'): Promise<{ target: ContextTarget; node: string } | undefined> {
  if (!requireTrust()) return undefined;
  const target = requireTarget(ctx);
  if (!target) return undefined;
  let node = nodeTargetOf(arg);
  if (!node) {
    const snapshot = await requireSnapshot(ctx, 'nodes');
    node = snapshot && (await pickNode(snapshot, viewScope(ctx), title, which));
  }
  return node ? { target, node } : undefined;
}
