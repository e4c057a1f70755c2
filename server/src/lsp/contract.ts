// The contract between the VS Code client and the language server: our own
// notification, the client's commands the server's code lenses run, and
// what those lenses hand them. Both sides import it; it imports neither
// `vscode` nor `vscode-languageserver`, so that neither bundle carries the
// other side's library.
import type { ClusterFacts } from '../analysis/liveCluster';

export type { ClusterFacts, ClusterNodeFacts, ClusterPodLabels } from '../analysis/liveCluster';

/**
 * Client to server: the facts of the live cluster of the current context, or
 * `null` when there is none to use (no cluster connected, another context on
 * its way, an untrusted workspace, kubeEviction.analysis.useLiveCluster off).
 * Each notification replaces the previous one.
 */
export const liveClusterNotification = 'kubeEviction/liveCluster';
export type LiveClusterParams = ClusterFacts | null;

/** The client's commands the Eviction code lenses run (the client registers them under these ids). */
export const evictionLensCommands = {
  evict: 'kubeEviction.evictPod',
  dryRun: 'kubeEviction.evictPodDryRun',
} as const;

/** The lenses' argument: the pod an Eviction manifest names, and the deleteOptions it carries. */
export interface EvictionTarget {
  name: string;
  /** Only when the manifest sets it: otherwise the context's namespace, as `kubectl create -f` would use. */
  namespace?: string;
  gracePeriodSeconds?: number;
}

/**
 * Client to server: whether the workspace is trusted, which the language
 * server cannot see by itself. Sent in the initializationOptions and again
 * when the user grants trust; until told, the server takes the workspace as
 * untrusted and runs no program (kubectl kustomize) on its files.
 */
export const workspaceTrustNotification = 'kubeEviction/workspaceTrust';

export interface WorkspaceTrust {
  workspaceTrusted: boolean;
}
