// `kube-eviction lint --cluster`: the facts of a live cluster for the rules
// that read them (untolerated-taint's complete node list, pdb-selects-nothing's
// live pods), read once, in the shape the extension's feed gives the language
// server. A pipeline can so lint manifests against the cluster they go to.
import { ClusterSnapshot } from '../../client/src/cluster';
import { clusterFacts } from '../../client/src/cluster/clusterFacts';
import type { ClusterFacts } from '../../server/src/analysis/liveCluster';
import { exitCodes, failureExit, openFromFlags, reportFailure, runCommand, type CommandIo, type ExitCode } from './clusterCommand';
import type { Output } from './io';

export interface ClusterSelection {
  kubeconfig?: string;
  context?: string;
}

/** The nodes and pod labels of the selected context, or the exit status after saying why not. */
export async function readClusterFacts(selection: ClusterSelection, io: CommandIo): Promise<ClusterFacts | ExitCode> {
  const cluster = openFromFlags(selection, io);
  if (typeof cluster === 'number') return cluster;
  const listing = new AbortController();
  const stop = () => listing.abort();
  io.signal.addEventListener('abort', stop, { once: true });
  try {
    const snapshot = new ClusterSnapshot(cluster, {});
    const started = await snapshot.start(listing.signal);
    if (!started.ok) {
      reportFailure(io, started.failure);
      return io.signal.aborted ? exitCodes.cancelled : failureExit(started.failure);
    }
    return clusterFacts(cluster.context.name, snapshot);
  } finally {
    // Listed once: no watch is kept.
    listing.abort();
    io.signal.removeEventListener('abort', stop);
    cluster.close();
  }
}

/** Runs `report` on the selected cluster's facts, read once, as the cluster subcommands run (SIGINT, exit 4 when it cannot be used). */
export function lintWithCluster(selection: ClusterSelection, out: Output, usage: string, report: (facts: ClusterFacts) => ExitCode): Promise<number> {
  return runCommand(out, {}, usage, async (io) => {
    const facts = await readClusterFacts(selection, io);
    return typeof facts === 'number' ? facts : report(facts);
  });
}
