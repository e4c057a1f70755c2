// kube-eviction: the command-line face of the same core the extension uses.
import { runAsProcess } from './clusterCommand';
import { cordonCommand, uncordonCommand } from './cordon';
import { drainCommand } from './drain';
import { evictCommand } from './evict';

const usage = `Usage: kube-eviction <command> [options]

Commands:
  lint [PATH...]       analyse manifests
  sandbox              run a local Kubernetes-compatible cluster simulator
  evict POD            evict a pod through the eviction API
  drain NODE           cordon a node and evict its pods
  cordon|uncordon NODE mark a node (un)schedulable
`;

const commands: Record<string, (args: readonly string[]) => Promise<void>> = {
  evict: (args) => runAsProcess(evictCommand, args),
  drain: (args) => runAsProcess(drainCommand, args),
  cordon: (args) => runAsProcess(cordonCommand, args),
  uncordon: (args) => runAsProcess(uncordonCommand, args),
};

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(usage);
} else if (command in commands) {
  void commands[command](rest);
} else {
  process.stderr.write(`kube-eviction: unknown command "${command}"\n\n${usage}`);
  process.exitCode = 2;
}
