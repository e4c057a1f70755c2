// Every command the extension contributes, registered in one place.
import * as vscode from 'vscode';
import { explainAccessCommand } from './actions/access';
import { drainNodeCommand } from './actions/drainNode';
import { evictPodCommand } from './actions/evictPod';
import { filterNamespacesCommand } from './actions/namespaceFilter';
import { cordonCommand, revealPodCommand, selectContextCommand, showDetailsCommand, showSelectedPodsCommand } from './actions/nodeAndBudget';
import { simulateDrainCommand } from './actions/simulateDrain';
import { commandIds } from './commandIds';
import { section } from './config';
import type { Ctx } from './ctx';
import type { DetailsDocuments } from './details/detailsDocuments';
import type { ClusterTree } from './explorer/clusterTree';
import type { TreeElement } from './explorer/treeModel';
import type { PlanReports } from './reports/planReports';

/** What a click on a History entry opens: its explanation, or a plan's report. */
function openHistoryEntry(ctx: Ctx, arg: unknown): unknown {
  const element = arg as TreeElement | undefined;
  return element?.kind === 'entry' ? ctx.history.entry(element.entry)?.open?.() : undefined;
}

export function registerCommands(ctx: Ctx, tree: ClusterTree, details: DetailsDocuments, reports: PlanReports): vscode.Disposable[] {
  // A tree view's menus pass the item, then the items selected with it.
  const commands: Record<(typeof commandIds)[keyof typeof commandIds], (arg?: unknown, selected?: unknown) => unknown> = {
    [commandIds.refresh]: () => ctx.contextInUse.connect(),
    [commandIds.selectContext]: () => selectContextCommand(ctx),
    [commandIds.openKubeconfigSetting]: () => vscode.commands.executeCommand('workbench.action.openSettings', `${section}.kubeconfig`),
    [commandIds.showLog]: () => ctx.output.show(true),
    [commandIds.evictPod]: (arg, selected) => evictPodCommand(ctx, arg, selected, false),
    [commandIds.evictPodDryRun]: (arg, selected) => evictPodCommand(ctx, arg, selected, true),
    [commandIds.drainNode]: (arg) => drainNodeCommand(ctx, arg),
    [commandIds.cordonNode]: (arg) => cordonCommand(ctx, arg, true),
    [commandIds.uncordonNode]: (arg) => cordonCommand(ctx, arg, false),
    [commandIds.showSelectedPods]: (arg) => showSelectedPodsCommand(ctx, tree, arg),
    [commandIds.showDetails]: (arg) => showDetailsCommand(ctx, details, arg),
    [commandIds.filterNamespaces]: () => filterNamespacesCommand(ctx),
    [commandIds.simulateDrain]: (arg, selected) => simulateDrainCommand(ctx, reports, arg, selected),
    [commandIds.revealPod]: (arg) => revealPodCommand(tree, arg),
    [commandIds.openHistoryEntry]: (arg) => openHistoryEntry(ctx, arg),
    [commandIds.explainAccess]: () => explainAccessCommand(ctx),
  };
  return Object.entries(commands).map(([id, run]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown, selected?: unknown) => {
      try {
        await run(arg, selected);
      } catch (err) {
        // A bug, not a cluster answer (those are outcomes): say so rather than fail silently.
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        ctx.log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Kube Eviction: ${id} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
}
