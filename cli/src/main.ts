// kube-eviction: the command-line face of the same core the extension uses.
// Each subcommand is one module; this table is all the dispatch there is.
import { cordonCommand, cordonUsage, uncordonCommand, uncordonUsage } from './cordon';
import { drainCommand, drainUsage } from './drain';
import { evictCommand, evictUsage } from './evict';
import type { Output } from './io';
import { lintUsage, runLint } from './lint';
import { planCommand, planUsage } from './plan';
import { sandboxCommand, sandboxUsage } from './sandbox';

interface Command {
  summary: string;
  usage: string;
  run(args: readonly string[], out: Output): number | Promise<number>;
}

const commands: Record<string, Command> = {
  lint: { summary: 'analyse manifests for PodDisruptionBudget, taint and API-version problems', usage: lintUsage, run: runLint },
  sandbox: { summary: 'serve a local Kubernetes-compatible cluster simulator until Ctrl-C', usage: sandboxUsage, run: sandboxCommand },
  evict: { summary: 'evict a pod through the eviction API (its PodDisruptionBudget decides)', usage: evictUsage, run: evictCommand },
  drain: { summary: 'cordon a node and evict its pods, as kubectl drain does', usage: drainUsage, run: drainCommand },
  plan: { summary: 'simulate a drain (or a rolling drain of several nodes) on a copy of the cluster', usage: planUsage, run: planCommand },
  cordon: { summary: 'mark a node unschedulable', usage: cordonUsage, run: cordonCommand },
  uncordon: { summary: 'mark a node schedulable again', usage: uncordonUsage, run: uncordonCommand },
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
  return command.run(args, out);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kube-eviction: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
