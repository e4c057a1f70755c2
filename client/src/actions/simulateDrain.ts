// Simulate Drain…: on one or several nodes (selected together in the Cluster
// view, or checked in a picker), with Drain Node's options: the planner
// drains them one after another on a copy of the cluster, listed once on
// the action's connection (get and list only), under a cancellable
// progress; the plan opens as a report with actions on its findings, and
// stays in the History.
import { explainPlanVerdict } from '../../../server/src/explain/plan';
import { plainText } from '../../../server/src/explain/text';
import type { PlanProgress } from '../cluster';
import { clusterLayer } from '../clusterLayer';
import type { Ctx } from '../ctx';
import type { HistorySeverity } from '../history';
import type { PlanReports } from '../reports/planReports';
import { notify, requireSnapshot, requireTarget, showLogButton, viewScope, withCluster } from './common';
import { drainOptionsOf, isDrainChoices } from './drainChoices';
import { pickDrainChoices, pickNodes } from './pickers';
import { withActionProgress } from './progress';
import { nodeTargetsOf } from './targets';

const verdictSeverity: Record<string, HistorySeverity> = { completes: 'info', 'completes-after-event': 'warning', stuck: 'warning', fails: 'error' };

/** The progress line of a plan: which simulation, and how far it got in virtual time. */
function progressLine(p: PlanProgress, nodes: number): string | undefined {
  if (p.type === 'time') return `virtual time ${Math.round(p.seconds)} s`;
  if (p.event) return `trying an uncordon of ${p.event.node} on a copy (simulation ${p.run})`;
  return p.run > 1 || nodes > 1 ? `simulation ${p.run}: ${p.order.join(', ')}, ${p.maxParallel} at once` : undefined;
}

export async function simulateDrainCommand(ctx: Ctx, reports: PlanReports, arg: unknown, selected: unknown): Promise<void> {
  const target = requireTarget(ctx);
  if (!target) return;
  let nodes = nodeTargetsOf(arg, selected);
  if (nodes.length === 0) {
    const snapshot = await requireSnapshot(ctx, 'nodes');
    nodes = snapshot ? await pickNodes(snapshot, viewScope(ctx), 'Simulate Drain: the nodes to drain') : [];
  }
  if (nodes.length === 0) return;
  const preset = typeof arg === 'object' && arg !== null ? (arg as { choices?: unknown }).choices : undefined;
  const choices = isDrainChoices(preset) ? preset : await pickDrainChoices(nodes.join(', '), ctx.config().drain, 'simulate');
  if (!choices) return;
  const names = nodes.join(', ');
  ctx.log.info(`simulating the drain of ${names} on context ${target.context} (${target.server}): the cluster is listed once, nothing is changed`);
  const result = await withCluster(ctx, target, (cluster) =>
    withActionProgress(`Simulating the drain of ${names} on "${target.context}"`, (report, signal) =>
      clusterLayer().planDrainOnCluster(cluster, { nodes, drain: drainOptionsOf(choices) }, {
        signal,
        onProgress: (p) => {
          const line = progressLine(p, nodes.length);
          if (line) report({ message: line });
        },
      }),
    ),
  );
  if (!result) return;
  if (!result.ok) {
    if (result.failure.kind === 'cancelled') return ctx.log.info(`simulation of the drain of ${names}: cancelled`);
    ctx.log.error(`simulation of the drain of ${names}: ${result.failure.message}`);
    return notify('error', `Kube Eviction: cannot simulate the drain of ${names} on "${target.context}": ${result.failure.message}`, [showLogButton]);
  }
  const { plan } = result;
  const verdict = plainText(explainPlanVerdict(plan).summary);
  ctx.log.info(`simulation of the drain of ${names}: ${verdict}`);
  const reopen = await reports.open(target, plan, choices);
  ctx.history.record(target.context, `Simulated drain of ${names}`, verdictSeverity[plan.verdict] ?? 'info', verdict, reopen);
}
