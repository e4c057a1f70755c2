// The commands that talk to a cluster or serve one, with
// @kubernetes/client-node and the simulator: a bundle of their own
// (dist/cli-cluster.js), loaded on first use, so that `lint` starts with the
// analysis alone.
export { cordonCommand, uncordonCommand } from './cordon';
export { drainCommand } from './drain';
export { evictCommand } from './evict';
export { lintWithCluster } from './lintCluster';
export { planCommand } from './plan';
export { sandboxCommand } from './sandbox';
