// kube-eviction: the command-line face of the same core the extension uses.
// Each subcommand is one module; this table is all the dispatch there is.
import { tuneForBatchRun } from './batchRun';
import type { Output } from './io';
import { runLint } from './lint';
import { clusterCommands } from './loadClusterCommands';

interface Command {
  summary: string;
  run(args: readonly string[], out: Output): number | Promise<number>;
  /** Runs about a second and ends: V8 is tuned for that (batchRun.ts). */
  batch?: true;
}

const commands: Record<string, Command> = {
  lint: { summary: 'analyse manifests for PodDisruptionBudget, taint and API-version problems', run: runLint, batch: true },
  sandbox: { summary: 'serve a local Kubernetes-compatible cluster simulator until Ctrl-C', run: (args, out) => clusterCommands().sandboxCommand(args, out) },
  evict: { summary: 'evict a pod through the eviction API (its PodDisruptionBudget decides)', run: (args, out) => clusterCommands().evictCommand(args, out) },
  drain: { summary: 'cordon a node and evict its pods, as kubectl drain does', run: (args, out) => clusterCommands().drainCommand(args, out) },
  plan: { summary: 'simulate a drain (or a rolling drain of several nodes) on a copy of the cluster', run: (args, out) => clusterCommands().planCommand(args, out) },
  cordon: { summary: 'mark a node unschedulable', run: (args, out) => clusterCommands().cordonCommand(args, out) },
  uncordon: { summary: 'mark a node schedulable again', run: (args, out) => clusterCommands().uncordonCommand(args, out) },
};

const usage = `Usage: kube-eviction <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run kube-eviction <command> --help for a command's options.
`;

const out: Output = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out.stdout(usage);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    out.stderr(`kube-eviction: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  if (command.batch) tuneForBatchRun();
  return command.run(args, out);
}

/**
 * Exits once what was written is out: a command is done when it resolves, and
 * waiting for Node to wind down on its own (the heap of a large lint, timers
 * and sockets a command let go) took 50–80 ms more.
 */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(exit, (error: unknown) => {
  process.stderr.write(`kube-eviction: ${error instanceof Error ? error.message : String(error)}\n`);
  exit(2);
});
