// Bundles the programs the package ships. tsc (run before this) only
// type-checks and compiles the tests; these bundles are what users run.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

// The extension loads the cluster layer (and @kubernetes/client-node, most of
// its code) on first use, from a bundle of its own (client/src/clusterLayer.ts).
const clusterLayer = {
  name: 'cluster-layer',
  setup(b) {
    b.onResolve({ filter: /^\.\/cluster$/ }, (args) => (args.importer.endsWith('clusterLayer.ts') ? { path: './cluster.js', external: true } : undefined));
  },
};

// The CLI likewise: `lint` loads the analysis only; the commands that talk to
// a cluster or serve one are in dist/cli-cluster.js (cli/src/loadClusterCommands.ts),
// and lint's file reading runs on worker threads from dist/readingWorker.js.
const clusterCommands = {
  name: 'cluster-commands',
  setup(b) {
    b.onResolve({ filter: /^\.\/clusterCommands$/ }, (args) => (args.importer.endsWith('loadClusterCommands.ts') ? { path: './cli-cluster.js', external: true } : undefined));
  },
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [clusterLayer] }),
  build({ ...common, entryPoints: ['client/src/cluster/index.ts'], outfile: 'dist/cluster.js' }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', plugins: [clusterCommands] }),
  build({ ...common, entryPoints: ['cli/src/clusterCommands.ts'], outfile: 'dist/cli-cluster.js' }),
  build({ ...common, entryPoints: ['cli/src/readingWorker.ts'], outfile: 'dist/readingWorker.js' }),
]);
