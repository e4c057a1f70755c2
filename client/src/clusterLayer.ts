// The cluster layer, and with it @kubernetes/client-node (most of the
// bundle), is loaded when first used rather than when the extension is:
// opening a YAML file costs only the language client. esbuild turns this
// require into a lazily initialised module.
import type * as ClusterLayer from './cluster';

export function clusterLayer(): typeof ClusterLayer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./cluster') as typeof ClusterLayer;
}
