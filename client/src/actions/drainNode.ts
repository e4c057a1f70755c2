// Drain Node…: the options step, the confirmation with what the live
// objects forecast, then the drain under a cancellable progress notification
// with a line per pod, and a result that can explain itself.
import type { DrainEvent, DrainReport } from '../cluster';
import { clusterLayer } from '../clusterLayer';
import type { ContextTarget } from '../contextInUse';
import type { Ctx } from '../ctx';
import { forecastDrain } from '../forecast';
import { confirmed, explainButton, nodeAction, notify, showLogButton, withCluster, type Severity } from './common';
import { drainConfirmation } from './confirmation';
import { drainOptionsOf, kubectlDrainCommand, type DrainChoices } from './drainChoices';
import { drainDocument, drainTitle } from './explainDocument';
import { reportResultMessage } from './messages';
import { pickDrainChoices } from './pickers';
import { withActionProgress, type ProgressStep } from './progress';

const podName = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;

export async function drainNodeCommand(ctx: Ctx, arg: unknown): Promise<void> {
  const action = await nodeAction(ctx, arg, 'Drain Node');
  if (!action) return;
  const { target, node } = action;
  const choices = await pickDrainChoices(node, ctx.config().drain);
  if (!choices) return;
  // The forecast reads the listed cluster (listing it now if nothing has yet).
  const state = await ctx.contextInUse.ready();
  const snapshot = state.kind === 'ready' ? state.snapshot : undefined;
  if (snapshot) {
    const forecast = forecastDrain(snapshot.podsOnNode(node), (namespace) => snapshot.budgetsInNamespace(namespace), clusterLayer().drainFilterOptions(drainOptionsOf(choices)), Date.now());
    if (!(await confirmed(ctx, target, drainConfirmation(target, node, forecast, choices)))) return;
  } else if (!(await confirmed(ctx, target, { message: `Drain node ${node} on context "${target.context}"?`, detail: `Cluster: ${target.cluster} (${target.server})\n\nThe cluster is not listed, so what the drain will meet cannot be forecast.`, button: 'Drain' }))) {
    return;
  }
  const report = await drain(ctx, target, node, choices);
  if (report) reportResult(ctx, target, report, choices);
}

/** One line of the progress notification and the log for each drain event: kubectl's, and what kubectl does not print. */
function describeEvent(event: DrainEvent): string | undefined {
  if (event.type === 'evicted') return `pod ${podName(event.pod)}: eviction accepted; waiting for it to terminate`;
  if (event.type === 'gone' && event.alreadyGone) return `pod ${podName(event.pod)}: not found (404), already gone`;
  if (event.type === 'failed') return event.message;
  return clusterLayer().kubectlDrainLine(event)?.line;
}

function drain(ctx: Ctx, target: ContextTarget, node: string, choices: DrainChoices): Promise<DrainReport | undefined> {
  return withCluster(ctx, target, (cluster) => {
    ctx.log.info(`draining node ${node} on context ${target.context} (${target.server}): ${kubectlDrainCommand(node, target.context, choices)}`);
    return withActionProgress(`Draining ${node} on "${target.context}"`, (report, signal) => {
      signal.addEventListener('abort', () => ctx.log.info(`drain of ${node}: cancelled; evictions in flight finish, no new ones start`));
      const progress = drainProgress(ctx, `drain ${node}`, report);
      return clusterLayer().drainNode(cluster, node, {
        ...drainOptionsOf(choices),
        signal,
        onProgress: (event) => {
          if (event.type === 'cordoned') ctx.scopes.learn(target.context, { patchNodes: true });
          if (event.type === 'cordonFailed' && event.failure.kind === 'forbidden') ctx.scopes.learn(target.context, { patchNodes: false });
          progress(event);
        },
      });
    });
  });
}

/**
 * The log lines and progress messages of a drain's events: the latest step,
 * or, while budgets hold pods back, which budgets hold which pods.
 */
export function drainProgress(ctx: Ctx, logPrefix: string, report: (step: ProgressStep) => void): (event: DrainEvent) => void {
  const pods = new Set<string>();
  /** Pods whose eviction a budget refused, and the budget they wait for. */
  const held = new Map<string, string>();
  let gone = 0;
  return (event) => {
    const line = describeEvent(event);
    let increment: number | undefined;
    if (event.type === 'evicting') pods.add(podName(event.pod));
    if (event.type === 'blocked') held.set(podName(event.pod), event.retry.when === 'budgetAllows' ? (event.retry.pdb ?? 'a budget') : 'a retry');
    if (event.type === 'evicted' || event.type === 'gone' || event.type === 'skipped' || event.type === 'failed') held.delete(podName(event.pod));
    if (event.type === 'gone' || event.type === 'skipped' || event.type === 'failed') {
      gone += 1;
      increment = 100 / Math.max(pods.size, 1);
    }
    if (!line) return;
    ctx.log[event.type === 'failed' || event.type === 'cordonFailed' ? 'warn' : 'info'](`${logPrefix}: ${line}`);
    const counts = `${gone} of ${pods.size} pod${pods.size === 1 ? '' : 's'} gone`;
    const message = held.size
      ? `${counts}; waiting for ${[...new Set(held.values())].join(', ')} to allow evicting ${[...held.keys()].join(', ')}`
      : `${line}${pods.size ? ` (${counts})` : ''}`;
    report({ message, ...(increment ? { increment } : {}) });
  };
}

const severityOf: Record<DrainReport['result'], Severity> = { drained: 'info', cancelled: 'warning', timedOut: 'warning', failed: 'error' };

function reportResult(ctx: Ctx, target: ContextTarget, report: DrainReport, choices: DrainChoices): void {
  const at = new Date();
  const message = reportResultMessage(target, report);
  const severity = severityOf[report.result];
  ctx.log[severity === 'info' ? 'info' : 'warn'](message);
  for (const line of report.errors) ctx.log.warn(`drain ${report.node}: ${line}`);
  notify(severity, message, [explainButton(() => ctx.explanations.open(drainTitle(report), drainDocument(target, report, choices, at))), showLogButton]);
}
