// `kube-eviction drain NODE`: kubectl drain's flags, semantics and lines
// (drainMessages), with budget-aware retries, and at the end the explanation
// of every pod left behind and a reminder that the node stays cordoned.

import { aggregateErrors, drainMessages } from '../../server/src/k8s/drain';
import { drainNodes, kubectlDrainLine, nodeNamesBySelector, plainText, type DrainEvent, type DrainReport, type Explanation } from '../../client/src/cluster';
import {
  dryRunDefault,
  dryRunFlag,
  integerFlag,
  dryRunOption,
  exitCodes,
  failureExit,
  kubeconfigFlagsHelp,
  onePositional,
  openFromFlags,
  parseCommandArgs,
  reportFailure,
  runCommand,
  UsageError,
  type CommandContext,
  type CommandIo,
  type Output,
  type ExitCode,
} from './clusterCommand';
import { drainFlagOptions, drainFlags, drainFlagsHelp, skipWaitHelp } from './drainFlags';
import { explanationLines, withDryRun } from './output';

export const drainUsage = `Usage: kube-eviction drain (NODE | --selector SELECTOR) [options]

Cordon a node, then evict its pods through the eviction API, as kubectl drain
does: PodDisruptionBudgets are respected, and a refused eviction is retried as
soon as its budget allows (kubectl waits a fixed 5s). With --selector, every
node it picks is cordoned, then each is drained in turn.

Options:
  -l, --selector SELECTOR          drain the nodes this label selector picks instead of NODE
${drainFlagsHelp}
  --dry-run[=client|server]        client: only print; server: the API server checks each step, nothing changes
${skipWaitHelp}
  --disable-eviction               delete the pods instead of evicting them: PodDisruptionBudgets are bypassed
  --chunk-size N                   list pods and nodes N at a time (default 500; 0: all at once)
${kubeconfigFlagsHelp}

Exit codes: 0 drained, 1 failed (a pod could not be evicted, the node does not exist,
pods refused by the filters above, timeout), 2 usage, 3 only PodDisruptionBudgets kept
pods on the node, 4 cluster unreachable or credentials rejected, 130 interrupted.
`;

/** Prints the events as kubectl drain prints them (stdout for progress, stderr for errors and warnings). */
function printer(io: CommandIo, disableEviction: boolean) {
  const explained = new Set<string>();
  return (event: DrainEvent) => {
    const printed = kubectlDrainLine(event, disableEviction);
    if (!printed) return;
    if (printed.stderr) io.err(printed.line);
    else io.out(printed.line);
    if (event.type !== 'blocked') return;
    // One explanation per budget is enough; every retry line already names the pod.
    const key = event.answer.kind === 'blocked' || event.answer.kind === 'stillProcessing' ? `${event.pod.namespace}/${event.answer.pdb.name}` : event.answer.kind;
    const details = explained.has(key) ? '' : explanationLines(event.explanation);
    if (details) io.err(details);
    explained.add(key);
  };
}

/** No node to drain is done; an interruption wins; else the first node that did not drain says. */
function exitForNodes(reports: readonly DrainReport[]): ExitCode {
  if (reports.some((r) => r.result === 'cancelled')) return exitCodes.cancelled;
  const first = reports.find((r) => r.result !== 'drained');
  return first ? exitFor(first) : exitCodes.ok;
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

const nodeErrors = (report: DrainReport) => (report.filterErrors.length > 0 ? report.filterErrors : report.errors);

/** kubectl's lines as a node's drain fails (kubectl 1.32 RunDrain): the pending pods, then the node's error, and it goes on. */
function printNodeFailure(io: CommandIo, report: DrainReport): void {
  if (report.failure) return reportFailure(io, report.failure, report.explanation);
  const errors = nodeErrors(report);
  const err = aggregateErrors(errors);
  if (report.filterErrors.length === 0 && report.pendingPods.length > 0) {
    io.err(drainMessages.pendingPods(report.node, err));
    for (const pod of [...report.pendingPods].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))) io.err(`pod/${pod.name}`);
  }
  if (errors.length > 0) io.err(drainMessages.unableToDrain(report.node, err));
}

/**
 * kubectl's closing lines once every node was tried: the nodes still to
 * drain, then the error it returns (the nodes' errors aggregated; cmdutil.CheckErr
 * prints an aggregate a line per error, and unwraps an aggregate of one).
 */
function printPendingNodes(io: CommandIo, failed: readonly DrainReport[]): void {
  const withErrors = failed.filter((r) => !r.failure && nodeErrors(r).length > 0);
  if (withErrors.length === 0) return;
  io.err('There are pending nodes to be drained:');
  for (const r of withErrors) io.err(` ${r.node}`);
  const lines = withErrors.length === 1 ? nodeErrors(withErrors[0]) : withErrors.map((r) => aggregateErrors(nodeErrors(r)));
  for (const line of lines) io.err(line);
}

/** What is left on a node that did not drain and why, and the state of the node. */
function printExplanation(io: CommandIo, report: DrainReport): void {
  if (report.failure) return;
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
        selector: { type: 'string', short: 'l' },
        'disable-eviction': { type: 'boolean' },
        'chunk-size': { type: 'string' },
      },
      dryRunDefault,
    );
    if (values.help) {
      io.out(drainUsage);
      return exitCodes.ok;
    }
    const selector = values.selector;
    if (selector !== undefined && positionals.length > 0) throw new UsageError('cannot specify both a node name and a --selector option');
    const node = selector === undefined ? onePositional(positionals, 'NODE') : undefined;
    const options = {
      ...drainFlags(values),
      dryRun: dryRunFlag(values['dry-run']),
      disableEviction: !!values['disable-eviction'],
      chunkSize: integerFlag('chunk-size', values['chunk-size']),
    };
    const cluster = openFromFlags(values, io);
    if (typeof cluster === 'number') return cluster;
    try {
      let nodes = node === undefined ? [] : [node];
      if (selector !== undefined) {
        try {
          nodes = await nodeNamesBySelector(cluster.apis(io.signal), selector, options.chunkSize);
        } catch (err) {
          const failure = cluster.failureOf(err);
          // kubectl's resource builder names what it looked for.
          const message = 'status' in failure ? `Unable to find "/v1, Resource=nodes" that match label selector "${selector}", field selector "": ${failure.message}` : failure.message;
          reportFailure(io, { ...failure, message });
          return failureExit(failure);
        }
      }
      const failed: DrainReport[] = [];
      const reports = await drainNodes(cluster, nodes, {
        ...options,
        onProgress: printer(io, options.disableEviction),
        onNodeDone: (report) => {
          if (report.result === 'drained') return io.out(withDryRun(drainMessages.drained(report.node), report.dryRun));
          failed.push(report);
          printNodeFailure(io, report);
        },
        signal: io.signal,
      });
      printPendingNodes(io, failed);
      for (const report of failed) printExplanation(io, report);
      return exitForNodes(reports);
    } finally {
      cluster.close();
    }
  });
}
