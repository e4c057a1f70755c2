// The one notification of our own between the VS Code client and the language
// server. Kept apart from protocol.ts (which imports vscode-languageserver) so
// that the extension's bundle does not carry the server's library.
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
