// kube-eviction: the command-line face of the same core the extension uses.
import { sandboxCommand } from './sandbox';

const usage = `Usage: kube-eviction <command> [options]

Commands:
  lint [PATH...]       analyse manifests
  sandbox              run a local Kubernetes-compatible cluster simulator
  evict POD            evict a pod through the eviction API
  drain NODE           cordon a node and evict its pods
  cordon|uncordon NODE mark a node (un)schedulable
`;

const [command, ...args] = process.argv.slice(2);
if (command === 'sandbox') {
  sandboxCommand(args).then((code) => process.exit(code));
} else if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(usage);
} else {
  process.stderr.write(`kube-eviction: unknown command "${command}"\n\n${usage}`);
  process.exitCode = 2;
}
