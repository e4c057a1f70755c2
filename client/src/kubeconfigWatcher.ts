// Follows the kubeconfig files: `kubectl config use-context`, a cloud CLI
// writing new credentials or a new cluster, and the view reconnects. The
// files watched follow the kubeEviction.kubeconfig setting.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

/** Files are often rewritten in several steps (write, rename): wait for them to settle. */
const settleMs = 500;

export function watchKubeconfig(ctx: Ctx): vscode.Disposable {
  let watched = '';
  let watchers: vscode.FileSystemWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  const reconnect = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      ctx.log.info('the kubeconfig changed; reading it again');
      void ctx.contextInUse.refresh();
    }, settleMs);
  };
  const follow = () => {
    const files = ctx.contextInUse.kubeconfigFiles();
    if (files.join('\n') === watched) return;
    watched = files.join('\n');
    for (const w of watchers) w.dispose();
    watchers = files.map((file) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      watcher.onDidChange(reconnect);
      watcher.onDidCreate(reconnect);
      watcher.onDidDelete(reconnect);
      return watcher;
    });
  };
  // The files are known once the kubeconfig has been read (the first state change).
  const subscription = ctx.onDidChangeState(follow);
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    subscription.dispose();
    for (const w of watchers) w.dispose();
  });
}
