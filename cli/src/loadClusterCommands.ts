// Loads the cluster commands when first used (see clusterCommands.ts). In the
// bundle this require names dist/cli-cluster.js (scripts/build.mjs).
import type * as ClusterCommands from './clusterCommands';

export function clusterCommands(): typeof ClusterCommands {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./clusterCommands') as typeof ClusterCommands;
}
