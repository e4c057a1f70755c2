// `kube-eviction evict POD`: one eviction through the eviction API, its answer
// printed the way kubectl's drain prints it, with the explanation of a refusal.

import { drainMessages } from '../../server/src/k8s/drain';
import { evictPod, type EvictionOutcome } from '../../client/src/cluster';
import { exitCodes, failureExit, failureLine, integerFlag, kubeconfigFlagsHelp, onePositional, openFromFlags, parseCommandArgs, runCommand, type CommandContext, type ExitCode, type Output } from './clusterCommand';
import { explanationLines, withDryRun } from './output';

export const evictUsage = `Usage: kube-eviction evict POD [-n NAMESPACE] [--dry-run] [--grace-period N] [--kubeconfig FILE] [--context NAME]

Evict a pod through the eviction API (policy/v1 Eviction): the API server
checks the pod's PodDisruptionBudget and evicts it, or refuses and says why.

Options:
  -n, --namespace NS  the pod's namespace (default: the context's namespace, else "default")
  --dry-run           ask the API server what it would answer (server dry run); nothing changes
  --grace-period N    seconds the pod gets to terminate (default: the pod's own)
${kubeconfigFlagsHelp}

Exit codes: 0 evicted, 1 failed (not found, several PodDisruptionBudgets, forbidden),
2 usage, 3 refused by a PodDisruptionBudget, 4 cluster unreachable or credentials rejected.
`;

function exitFor(outcome: EvictionOutcome): ExitCode {
  switch (outcome.kind) {
    case 'evicted':
      return exitCodes.ok;
    case 'blocked':
    case 'stillProcessing':
    case 'throttled':
      return exitCodes.blocked;
    case 'multipleBudgets':
      return exitCodes.failed;
    default:
      return failureExit(outcome);
  }
}

export async function evictCommand(args: readonly string[], output: Output, context: CommandContext = {}): Promise<ExitCode> {
  return runCommand(output, context, evictUsage, async (io) => {
    const { values, positionals } = parseCommandArgs(args, {
      namespace: { type: 'string', short: 'n' },
      'dry-run': { type: 'boolean' },
      'grace-period': { type: 'string' },
    });
    if (values.help) {
      io.out(evictUsage);
      return exitCodes.ok;
    }
    const name = onePositional(positionals, 'POD');
    const gracePeriodSeconds = integerFlag('grace-period', values['grace-period']);
    const dryRun = !!values['dry-run'];
    const cluster = openFromFlags(values, io);
    if (typeof cluster === 'number') return cluster;
    try {
      const pod = { namespace: values.namespace ?? cluster.namespace, name };
      io.out(withDryRun(`evicting pod ${pod.namespace}/${pod.name}`, dryRun ? 'server' : 'none'));
      const outcome = await evictPod(cluster, pod, {
        dryRun,
        gracePeriodSeconds,
        signal: io.signal,
        onRetry: (answer, seconds) => io.err(drainMessages.willRetry(name, pod.namespace, `${seconds}s`, answer.message)),
      });
      if (outcome.kind === 'evicted') {
        io.out(withDryRun(drainMessages.evicted(name), dryRun ? 'server' : 'none'));
        return exitCodes.ok;
      }
      const refusal = outcome.kind === 'blocked' || outcome.kind === 'stillProcessing' || outcome.kind === 'throttled' || outcome.kind === 'multipleBudgets';
      io.err(refusal ? drainMessages.evictionError(name, pod.namespace, outcome.message) : failureLine(outcome));
      const details = explanationLines(outcome.explanation);
      if (details) io.err(details);
      return exitFor(outcome);
    } finally {
      cluster.close();
    }
  });
}
