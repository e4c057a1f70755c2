// `kube-eviction drain NODE`: kubectl drain's flags, semantics and lines
// (drainMessages), with budget-aware retries, and at the end the explanation
// of every pod left behind and a reminder that the node stays cordoned.

import { aggregateErrors, drainMessages } from '../../server/src/k8s/drain';
import { drainNode, plainText, type DrainEvent, type DrainReport, type Explanation, type PodRef, type RetryPlan } from '../../client/src/cluster';
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
  type CommandIo,
  type Output,
  type ExitCode,
} from './clusterCommand';
import { drainFlagOptions, drainFlags, drainFlagsHelp, skipWaitHelp } from './drainFlags';
import { explanationLines, withDryRun } from './output';

export const drainUsage = `Usage: kube-eviction drain NODE [options]

Cordon a node, then evict its pods through the eviction API, as kubectl drain
does: PodDisruptionBudgets are respected, and a refused eviction is retried as
soon as its budget allows (kubectl waits a fixed 5s).

Options:
${drainFlagsHelp}
  --dry-run[=client|server]        client: only print; server: the API server checks each step, nothing changes
${skipWaitHelp}
${kubeconfigFlagsHelp}

Exit codes: 0 drained, 1 failed (a pod could not be evicted, the node does not exist,
pods refused by the filters above, timeout), 2 usage, 3 only PodDisruptionBudgets kept
pods on the node, 4 cluster unreachable or credentials rejected, 130 interrupted.
`;

const nameOnly = (ref: PodRef) => ({ metadata: { namespace: ref.namespace, name: ref.name } });

function retryText(retry: RetryPlan): string {
  switch (retry.when) {
    case 'budgetAllows':
      return `PodDisruptionBudget ${retry.pdb} allows a disruption, at most ${retry.fallbackSeconds}s`;
    case 'retryAfter':
      return `${retry.seconds}s`;
    case 'never':
      return '';
  }
}

/** Prints the events as kubectl drain prints them (stdout for progress, stderr for errors and warnings). */
function printer(io: CommandIo) {
  const explained = new Set<string>();
  return (event: DrainEvent) => {
    switch (event.type) {
      case 'cordoned':
        return io.out(withDryRun(event.changed ? drainMessages.cordoned(event.node) : drainMessages.alreadyCordoned(event.node), event.dryRun));
      case 'cordonFailed':
        return io.err(`error: unable to cordon node "${event.node}": ${event.failure.message}`);
      case 'warning':
        return io.err(`Warning: ${event.message}`);
      case 'evicting':
        return io.out(withDryRun(drainMessages.evicting(nameOnly(event.pod)), event.dryRun));
      case 'blocked': {
        if (event.retry.when === 'never') return;
        io.err(drainMessages.willRetry(event.pod.name, event.pod.namespace, retryText(event.retry), event.answer.message));
        // One explanation per budget is enough; every retry line already names the pod.
        const key = event.answer.kind === 'blocked' || event.answer.kind === 'stillProcessing' ? `${event.pod.namespace}/${event.answer.pdb.name}` : event.answer.kind;
        const details = explained.has(key) ? '' : explanationLines(event.explanation);
        if (details) io.err(details);
        explained.add(key);
        return;
      }
      case 'gone':
        return event.alreadyGone ? undefined : io.out(drainMessages.evicted(event.pod.name));
      case 'skipped':
        return io.out(event.message);
      default:
        return;
    }
  };
}

function exitFor(report: DrainReport): ExitCode {
  if (report.result === 'drained') return exitCodes.ok;
  if (report.result === 'cancelled') return exitCodes.cancelled;
  if (report.failure) return failureExit(report.failure);
  if (report.filterErrors.length > 0 || report.left.length !== report.errors.length) return exitCodes.failed;
  if (report.left.length > 0 && report.left.every((l) => l.reason === 'blocked')) return exitCodes.blocked;
  const unreachable = report.left.find((l) => l.answer && failureExit(l.answer) === exitCodes.unreachable);
  return unreachable ? exitCodes.unreachable : exitCodes.failed;
}

/**
 * kubectl's closing lines for a node that did not drain (kubectl 1.32: the
 * pending pods, the aggregated error, the pending node, then each error on a
 * line of its own as cmdutil.CheckErr prints an aggregate), then what is
 * left and why, and the state of the node.
 */
function printFailure(io: CommandIo, report: DrainReport): void {
  const { node } = report;
  if (report.failure) return reportFailure(io, report.failure, report.explanation);
  const errors = report.filterErrors.length > 0 ? report.filterErrors : report.errors;
  const err = aggregateErrors(errors);
  if (report.filterErrors.length === 0 && report.pendingPods.length > 0) {
    io.err(drainMessages.pendingPods(node, err));
    for (const pod of [...report.pendingPods].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))) io.err(`pod/${pod.name}`);
  }
  if (errors.length > 0) {
    io.err(drainMessages.unableToDrain(node, err));
    io.err('There are pending nodes to be drained:');
    io.err(` ${node}`);
    for (const e of errors) io.err(e);
  }
  // Each distinct explanation once, with the pods it applies to.
  const byExplanation = new Map<string, { explanation: Explanation; pods: string[] }>();
  for (const left of report.left) {
    if (!left.explanation) continue;
    const key = `${left.explanation.summary}\n${left.explanation.details}`;
    const entry = byExplanation.get(key) ?? { explanation: left.explanation, pods: [] };
    entry.pods.push(`${left.pod.namespace}/${left.pod.name}`);
    byExplanation.set(key, entry);
  }
  for (const { explanation, pods } of byExplanation.values()) {
    io.err(`${pods.join(', ')}: ${plainText(explanation.summary)}`);
    const details = explanationLines(explanation);
    if (details) io.err(details);
  }
  io.err(plainText(report.explanation.summary));
  const summary = explanationLines(report.explanation);
  if (summary) io.err(summary);
}

export async function drainCommand(args: readonly string[], output: Output, context: CommandContext = {}): Promise<ExitCode> {
  return runCommand(output, context, drainUsage, async (io) => {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...dryRunOption,
        ...drainFlagOptions,
      },
      dryRunDefault,
    );
    if (values.help) {
      io.out(drainUsage);
      return exitCodes.ok;
    }
    const node = onePositional(positionals, 'NODE');
    const options = { ...drainFlags(values), dryRun: dryRunFlag(values['dry-run']) };
    const cluster = openFromFlags(values, io);
    if (typeof cluster === 'number') return cluster;
    try {
      const report = await drainNode(cluster, node, { ...options, onProgress: printer(io), signal: io.signal });
      if (report.result === 'drained') io.out(withDryRun(drainMessages.drained(node), report.dryRun));
      else printFailure(io, report);
      return exitFor(report);
    } finally {
      cluster.close();
    }
  });
}
