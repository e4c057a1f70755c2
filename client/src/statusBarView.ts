// What the status bar item says of the context in use: its text (with a
// codicon, which the status bar renders), its Markdown tooltip, and the plain
// words a screen reader reads instead of both. No VS Code here.

import type { ConnectionState } from './contextInUse';

export interface StatusBarView {
  /** The item's text: `$(icon) context`. */
  text: string;
  /** Markdown. */
  tooltip: string;
  /** Plain text: no icon syntax, no Markdown. */
  accessibleLabel: string;
  /** Shown on a warning background. */
  trouble: boolean;
}

export function statusBarView(state: ConnectionState): StatusBarView {
  const context = 'target' in state ? state.target.context : undefined;
  const trouble = state.kind === 'failed' || state.kind === 'noKubeconfig' || state.kind === 'unknownContext';
  const icon = trouble ? '$(warning)' : state.kind === 'connecting' || state.kind === 'idle' ? '$(sync~spin)' : '$(server-environment)';
  const name = context ?? (state.kind === 'noKubeconfig' ? 'no kubeconfig' : 'no context');
  const condition = {
    idle: 'reading the kubeconfig',
    noKubeconfig: 'no kubeconfig',
    unknownContext: 'no usable context',
    selected: 'not connected yet',
    connecting: 'connecting',
    ready: 'connected',
    failed: 'cannot be used',
  }[state.kind];
  const lines = ['**Kube Eviction**'];
  if ('target' in state) lines.push(`Context \`${state.target.context}\`, cluster \`${state.target.cluster}\`${state.target.server ? ` (${state.target.server})` : ''}`);
  if (state.kind === 'failed') lines.push(state.failure.message);
  if (state.kind === 'noKubeconfig' || state.kind === 'unknownContext') lines.push(state.message);
  lines.push('Click to switch context (kept in VS Code; your kubeconfig is not changed).');
  const accessibleLabel = `Kube Eviction context: ${context ? `${context}, ${condition}` : condition}. Activate to switch context.`;
  return { text: `${icon} ${name}`, tooltip: lines.join('\n\n'), accessibleLabel, trouble };
}
