// What the Cluster view says when it shows no cluster: the exact reason
// (above the tree; a failure in the words of server/src/explain) and the
// actions that fix it (as the tree's items). No VS Code here.

import { plainText } from '../../../server/src/explain/text';
import { explainFailure } from '../cluster/explain';
import type { ConnectionState } from '../contextInUse';
import { viewStateOf, type ViewState } from '../contextInUse';
import { commandIds } from '../commandIds';

export interface StateAction {
  command: string;
  label: string;
  /** A codicon id. */
  icon: string;
}

const select: StateAction = { command: commandIds.selectContext, label: 'Select Context…', icon: 'arrow-swap' };
const retry: StateAction = { command: commandIds.refresh, label: 'Retry', icon: 'refresh' };
const setting: StateAction = { command: commandIds.openKubeconfigSetting, label: 'Open Kubeconfig Setting', icon: 'settings-gear' };
const log: StateAction = { command: commandIds.showLog, label: 'Show Log', icon: 'output' };

const guidance: Record<Exclude<ViewState, 'ready'>, { advice: string; actions: StateAction[] }> = {
  connecting: { advice: '', actions: [] },
  noKubeconfig: {
    advice: 'Kube Eviction reads the kubeconfig kubectl reads ($KUBECONFIG, else ~/.kube/config), or the file named in the kubeEviction.kubeconfig setting.',
    actions: [setting, retry],
  },
  unknownContext: { advice: 'Choose a context; the choice is kept in VS Code and your kubeconfig is not changed.', actions: [select, setting] },
  // A failure's own explanation says what to do.
  unreachable: { advice: '', actions: [retry, select] },
  unauthorized: { advice: '', actions: [retry, select, setting] },
  forbidden: { advice: 'The view lists and watches nodes, pods and PodDisruptionBudgets across the cluster.', actions: [retry, select] },
  failed: { advice: '', actions: [retry, select, log] },
};

const sentence = (text: string) => `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;

/** The line above the tree and the actions in it; undefined once the cluster is shown. */
export function stateMessage(state: ConnectionState): { message: string; actions: StateAction[] } | undefined {
  const view = viewStateOf(state);
  if (view === 'ready') return undefined;
  const { advice, actions } = guidance[view];
  let reason: string;
  switch (state.kind) {
    case 'noKubeconfig':
    case 'unknownContext':
      reason = sentence(state.message);
      break;
    case 'failed': {
      const { summary, details } = explainFailure(state.failure);
      reason = `Context ${state.target.context}: ${sentence(plainText(summary))}${details ? ` ${sentence(plainText(details))}` : ''}`;
      break;
    }
    case 'selected':
    case 'connecting':
      reason = `Reading the cluster of context ${state.target.context} (${state.target.server})…`;
      break;
    default:
      reason = 'Reading the kubeconfig…';
  }
  return { message: advice ? `${reason} ${advice}` : reason, actions };
}
