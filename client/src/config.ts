// The extension's settings (package.json `contributes.configuration`),
// read and typed in this one place. The language server reads its own
// (kubernetesVersion, rules, exclude, maxFileSize) through LSP.
import * as vscode from 'vscode';
import type { ConfirmSettings } from './actions/confirmation';
import type { DrainChoices } from './actions/drainChoices';

export const section = 'kubeEviction';

export interface Config extends ConfirmSettings {
  /** kubeEviction.kubeconfig: one kubeconfig file instead of $KUBECONFIG or ~/.kube/config. */
  kubeconfig: string | undefined;
  /** kubeEviction.drain.*: the preselected choices of Drain Node. */
  drain: DrainChoices;
  /** kubeEviction.analysis.useLiveCluster: give the language server the connected cluster's nodes and pod labels. */
  useLiveCluster: boolean;
}

export const useLiveClusterSetting = `${section}.analysis.useLiveCluster`;

/** Settings whose change means another cluster: reconnect. */
export const connectionSettings = [`${section}.kubeconfig`];

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? `${process.env.HOME ?? ''}${path.slice(1)}` : path;
}

export function readConfig(): Config {
  const c = vscode.workspace.getConfiguration(section);
  const kubeconfig = c.get<string>('kubeconfig', '').trim();
  const number = (key: string, fallback: number) => {
    const value = c.get<number>(key, fallback);
    return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : fallback;
  };
  return {
    kubeconfig: kubeconfig ? expandHome(kubeconfig) : undefined,
    confirm: c.get<boolean>('confirmEvictions', true),
    alwaysConfirmContexts: c.get<string>('alwaysConfirmContexts', 'prod'),
    drain: {
      ignoreDaemonSets: c.get<boolean>('drain.ignoreDaemonSets', false),
      deleteEmptyDirData: c.get<boolean>('drain.deleteEmptyDirData', false),
      force: c.get<boolean>('drain.force', false),
      gracePeriodSeconds: number('drain.gracePeriodSeconds', -1),
      timeoutSeconds: number('drain.timeoutSeconds', 0),
    },
    useLiveCluster: c.get<boolean>('analysis.useLiveCluster', true),
  };
}
