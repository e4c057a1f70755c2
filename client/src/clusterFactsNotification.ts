// Sends the language server the live cluster's facts while the Cluster view's
// cluster is connected, the workspace is trusted and
// kubeEviction.analysis.useLiveCluster is on; null otherwise (the server
// then judges from the workspace alone).
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { liveClusterNotification, type LiveClusterParams } from '../../server/src/lsp/contract';
import { useLiveClusterSetting } from './config';
import type { Ctx } from './ctx';
import { ClusterFactsFeed } from './cluster/clusterFacts';

export function sendClusterFacts(ctx: Ctx, client: LanguageClient): vscode.Disposable {
  const feed = new ClusterFactsFeed((facts: LiveClusterParams) => {
    client.sendNotification(liveClusterNotification, facts).catch((err: unknown) => ctx.log.info(`the language server did not take the live cluster's facts: ${err instanceof Error ? err.message : String(err)}`));
  });
  const update = () => {
    const state = ctx.contextInUse.state;
    if (state.kind === 'ready' && vscode.workspace.isTrusted && ctx.config().useLiveCluster) feed.follow(state.target.context, state.snapshot);
    else feed.stop();
  };
  update();
  return vscode.Disposable.from(
    ctx.onDidChangeState(update),
    ctx.onDidChangeObject((change) => feed.changed(change)),
    vscode.workspace.onDidGrantWorkspaceTrust(update),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(useLiveClusterSetting) && update()),
    client.onDidChangeState(({ newState }) => newState === State.Running && feed.resend()),
    feed,
  );
}
