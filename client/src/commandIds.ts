// The extension's command ids, in one place: package.json contributes them,
// commands.ts registers them, the code lenses and buttons name them.
import { evictionLensCommands } from '../../server/src/lsp/contract';

export const commandIds = {
  refresh: 'kubeEviction.refresh',
  selectContext: 'kubeEviction.selectContext',
  openKubeconfigSetting: 'kubeEviction.openKubeconfigSetting',
  showLog: 'kubeEviction.showLog',
  evictPod: evictionLensCommands.evict,
  evictPodDryRun: evictionLensCommands.dryRun,
  drainNode: 'kubeEviction.drainNode',
  cordonNode: 'kubeEviction.cordonNode',
  uncordonNode: 'kubeEviction.uncordonNode',
  showSelectedPods: 'kubeEviction.showSelectedPods',
  showDetails: 'kubeEviction.showDetails',
  filterNamespaces: 'kubeEviction.filterNamespaces',
  simulateDrain: 'kubeEviction.simulateDrain',
  revealPod: 'kubeEviction.revealPod',
  openHistoryEntry: 'kubeEviction.openHistoryEntry',
  explainAccess: 'kubeEviction.explainAccess',
} as const;
