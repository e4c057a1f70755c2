// The status bar item: the context in use and whether its cluster answers;
// a click switches context.
import * as vscode from 'vscode';
import type { ConnectionState } from './contextInUse';
import type { Ctx } from './ctx';

export const statusBarId = 'kubeEviction.context';

export function createStatusBar(ctx: Ctx, selectContextCommand: string): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(statusBarId, vscode.StatusBarAlignment.Left, 0);
  item.name = 'Kube Eviction Context';
  item.command = selectContextCommand;
  const show = (state: ConnectionState) => {
    const context = 'target' in state ? state.target.context : undefined;
    const trouble = state.kind === 'failed' || state.kind === 'noKubeconfig' || state.kind === 'unknownContext';
    const icon = trouble ? '$(warning)' : state.kind === 'connecting' || state.kind === 'idle' ? '$(sync~spin)' : '$(server-environment)';
    item.text = `${icon} ${context ?? (state.kind === 'noKubeconfig' ? 'no kubeconfig' : 'no context')}`;
    item.backgroundColor = trouble ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const lines = ['**Kube Eviction**'];
    if ('target' in state) lines.push(`Context \`${state.target.context}\`, cluster \`${state.target.cluster}\`${state.target.server ? ` (${state.target.server})` : ''}`);
    if (state.kind === 'failed') lines.push(state.failure.message);
    if (state.kind === 'noKubeconfig' || state.kind === 'unknownContext') lines.push(state.message);
    lines.push('Click to switch context (kept in VS Code; your kubeconfig is not changed).');
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    item.show();
  };
  show(ctx.contextInUse.state);
  const subscription = ctx.onDidChangeState(show);
  return vscode.Disposable.from(item, subscription);
}
