// `kube-eviction cordon NODE` and `kube-eviction uncordon NODE`: kubectl's
// cordon and uncordon (a strategic-merge patch of spec.unschedulable) and
// its messages.

import { drainMessages } from '../../server/src/k8s/drain';
import { setUnschedulable } from '../../client/src/cluster';
import {
  dryRunDefault,
  dryRunFlag,
  dryRunOption,
  exitCodes,
  failureExit,
  kubeconfigFlagsHelp,
  onePositional,
  openFromFlags,
  parseCommandArgs,
  reportFailure,
  runCommand,
  type CommandContext,
  type Output,
  type ExitCode,
} from './clusterCommand';
import { withDryRun } from './output';

const usageOf = (verb: 'cordon' | 'uncordon') => `Usage: kube-eviction ${verb} NODE [--dry-run[=client|server]] [--kubeconfig FILE] [--context NAME]

Mark a node as ${verb === 'cordon' ? 'unschedulable: no new pods are placed on it; its pods stay' : 'schedulable again'}.

Options:
  --dry-run[=client|server]  client: only print; server: let the API server check the change without making it
${kubeconfigFlagsHelp}

Exit codes: 0 done, 1 failed (the node does not exist, forbidden), 2 usage,
4 cluster unreachable or credentials rejected.
`;

export const cordonUsage = usageOf('cordon');
export const uncordonUsage = usageOf('uncordon');

async function run(verb: 'cordon' | 'uncordon', args: readonly string[], output: Output, context: CommandContext): Promise<ExitCode> {
  const usage = usageOf(verb);
  return runCommand(output, context, usage, async (io) => {
    const { values, positionals } = parseCommandArgs(args, dryRunOption, dryRunDefault);
    if (values.help) {
      io.out(usage);
      return exitCodes.ok;
    }
    const node = onePositional(positionals, 'NODE');
    const dryRun = dryRunFlag(values['dry-run']);
    const cluster = openFromFlags(values, io);
    if (typeof cluster === 'number') return cluster;
    try {
      const outcome = await setUnschedulable(cluster, node, verb === 'cordon', { dryRun, signal: io.signal });
      if (outcome.kind !== 'done') {
        reportFailure(io, outcome, outcome.explanation);
        return failureExit(outcome);
      }
      const line =
        verb === 'cordon'
          ? outcome.changed ? drainMessages.cordoned(node) : drainMessages.alreadyCordoned(node)
          : outcome.changed ? drainMessages.uncordoned(node) : drainMessages.alreadyUncordoned(node);
      io.out(withDryRun(line, dryRun));
      return exitCodes.ok;
    } finally {
      cluster.close();
    }
  });
}

export const cordonCommand = (args: readonly string[], output: Output, context: CommandContext = {}) => run('cordon', args, output, context);
export const uncordonCommand = (args: readonly string[], output: Output, context: CommandContext = {}) => run('uncordon', args, output, context);
