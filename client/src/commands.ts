// Every command the extension contributes, registered in one place.
import * as vscode from 'vscode';
import { drainNodeCommand } from './actions/drainNode';
import { evictPodCommand } from './actions/evictPod';
import { cordonCommand, selectContextCommand, showSelectedPodsCommand } from './actions/nodeAndBudget';
import { commandIds } from './commandIds';
import { section } from './config';
import type { Ctx } from './ctx';
import type { ClusterTree } from './explorer/clusterTree';

export function registerCommands(ctx: Ctx, tree: ClusterTree): vscode.Disposable[] {
  const commands: Record<(typeof commandIds)[keyof typeof commandIds], (arg?: unknown) => unknown> = {
    [commandIds.refresh]: () => ctx.contextInUse.connect(),
    [commandIds.selectContext]: () => selectContextCommand(ctx),
    [commandIds.openKubeconfigSetting]: () => vscode.commands.executeCommand('workbench.action.openSettings', `${section}.kubeconfig`),
    [commandIds.showLog]: () => ctx.output.show(true),
    [commandIds.evictPod]: (arg) => evictPodCommand(ctx, arg, false),
    [commandIds.evictPodDryRun]: (arg) => evictPodCommand(ctx, arg, true),
    [commandIds.drainNode]: (arg) => drainNodeCommand(ctx, arg),
    [commandIds.cordonNode]: (arg) => cordonCommand(ctx, arg, true),
    [commandIds.uncordonNode]: (arg) => cordonCommand(ctx, arg, false),
    [commandIds.showSelectedPods]: (arg) => showSelectedPodsCommand(ctx, tree, arg),
  };
  return Object.entries(commands).map(([id, run]) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      try {
        await run(arg);
      } catch (err) {
        // A bug, not a cluster answer (those are outcomes): say so rather than fail silently.
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        ctx.log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Kube Eviction: ${id} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
}
