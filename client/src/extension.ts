// Activation: kept small. Each feature lives in its own module and is handed
// the Ctx, which holds the extension's state.
import * as vscode from 'vscode';
import { codeLensMiddleware, refreshCodeLenses } from './codeLens';
import { commandIds } from './commandIds';
import { registerCommands } from './commands';
import { connectionSettings } from './config';
import { reviewAccessWhenListed } from './contextAccess';
import { Ctx } from './ctx';
import { DetailsDocuments } from './details/detailsDocuments';
import { ClusterTree } from './explorer/clusterTree';
import { watchKubeconfig } from './kubeconfigWatcher';
import { explicitSettingsMiddleware } from './explicitSettings';
import { createLanguageClient } from './languageClient';
import { sendClusterFacts } from './clusterFactsNotification';
import { PlanReports } from './reports/planReports';
import { createStatusBar } from './statusBar';
import { workspaceTrustNotification, type WorkspaceTrust } from '../../server/src/lsp/contract';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kube Eviction', { log: true });
  const ctx = new Ctx(context, output);
  const tree = new ClusterTree(ctx);
  const details = new DetailsDocuments(ctx);
  const reports = new PlanReports(ctx);
  const client = createLanguageClient(
    context,
    output,
    { ...codeLensMiddleware(ctx, commandIds.selectContext), ...explicitSettingsMiddleware((section, scope) => vscode.workspace.getConfiguration(section, scope), (uri) => vscode.Uri.parse(uri)) },
    { workspaceTrusted: vscode.workspace.isTrusted } satisfies WorkspaceTrust,
  );
  context.subscriptions.push(
    output,
    ctx,
    tree,
    details,
    reports,
    client,
    reviewAccessWhenListed(ctx),
    ...registerCommands(ctx, tree, details, reports),
    createStatusBar(ctx, commandIds.selectContext),
    watchKubeconfig(ctx),
    ctx.onDidChangeState(() => refreshCodeLenses(client)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      refreshCodeLenses(client);
      // The language server may now run kubectl kustomize (kubeEviction.kustomize.renderOverlays).
      void client.sendNotification(workspaceTrustNotification, { workspaceTrusted: true } satisfies WorkspaceTrust);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (connectionSettings.some((s) => e.affectsConfiguration(s))) void ctx.contextInUse.refresh();
    }),
  );
  await client.start();
  context.subscriptions.push(sendClusterFacts(ctx, client));
  // After the language client: the kubeconfig read loads the cluster layer (clusterLayer.ts).
  ctx.contextInUse.select();
}
