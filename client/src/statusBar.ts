// The status bar item: the context in use and whether its cluster answers;
// a click switches context. Its words come from statusBarView.ts.
import * as vscode from 'vscode';
import type { ConnectionState } from './contextInUse';
import type { Ctx } from './ctx';
import { statusBarView } from './statusBarView';

export const statusBarId = 'kubeEviction.context';

export function createStatusBar(ctx: Ctx, selectContextCommand: string): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(statusBarId, vscode.StatusBarAlignment.Left, 0);
  item.name = 'Kube Eviction Context';
  item.command = selectContextCommand;
  const show = (state: ConnectionState) => {
    const view = statusBarView(state);
    item.text = view.text;
    item.backgroundColor = view.trouble ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.tooltip = new vscode.MarkdownString(view.tooltip);
    item.accessibilityInformation = { label: view.accessibleLabel, role: 'button' };
    item.show();
  };
  show(ctx.contextInUse.state);
  const subscription = ctx.onDidChangeState(show);
  return vscode.Disposable.from(item, subscription);
}
