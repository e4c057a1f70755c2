// Drain Node…: the options step, a review of the user's permissions, the
// confirmation with the drain simulated on a copy of the cluster, then the
// drain under a cancellable progress notification that names what holds it,
// and a result that stays in the History with its explanation.
import { plainText } from '../../../server/src/explain/text';
import type { DrainReport } from '../cluster';
import { permissions } from '../cluster/access';
import { clusterLayer } from '../clusterLayer';
import type { ContextTarget } from '../contextInUse';
import type { Ctx } from '../ctx';
import type { HistoryEntry } from '../history';
import { refusal, refused } from './access';
import { confirmed, explainButton, needsConfirmation, nodeAction, notify, readySnapshot, showLogButton, withCluster, type Severity } from './common';
import { drainConfirmation } from './confirmation';
import { drainOptionsOf, isDrainChoices, kubectlDrainCommand, type DrainChoices } from './drainChoices';
import { DrainProgress } from './drainProgress';
import { drainDocument, drainTitle } from './explainDocument';
import { reportResultMessage } from './messages';
import { simulatedOutlook } from './outlook';
import { pickDrainChoices } from './pickers';
import { withActionProgress } from './progress';

/** The choices a Drain Node… started from a plan's report carries with its node (`{ kind: 'node', name, choices }`). */
const presetChoices = (arg: unknown): DrainChoices | undefined => {
  const choices = typeof arg === 'object' && arg !== null ? (arg as { choices?: unknown }).choices : undefined;
  return isDrainChoices(choices) ? choices : undefined;
};

export async function drainNodeCommand(ctx: Ctx, arg: unknown): Promise<void> {
  const action = await nodeAction(ctx, arg, 'Drain Node');
  if (!action) return;
  const { target, node } = action;
  const choices = presetChoices(arg) ?? (await pickDrainChoices(node, ctx.config().drain, 'drain'));
  if (!choices) return;
  // The node's pods, and with them the namespaces evicted in, as the view lists them (listing the cluster now if nothing has yet).
  await ctx.contextInUse.ready();
  const snapshot = readySnapshot(ctx);
  const go = await withCluster(ctx, target, async (cluster) => {
    const namespaces = [...new Set((snapshot?.podsOnNode(node) ?? []).map((p) => p.metadata?.namespace ?? 'default'))].sort();
    const denial = await refusal(ctx, cluster, target, [permissions.patchNodes(node), ...namespaces.map((namespace) => permissions.evict(namespace))]);
    if (denial) {
      refused(ctx, target, `Drain of node ${node}`, denial);
      return false;
    }
    if (!needsConfirmation(ctx, target)) return true;
    const outlook = await simulatedOutlook(ctx, `drain of ${node}`, target.context, (options) =>
      clusterLayer().planDrainOnCluster(cluster, { nodes: [node], drain: drainOptionsOf(choices) }, options),
    );
    return outlook !== undefined && confirmed(ctx, target, drainConfirmation(target, node, outlook, choices));
  });
  if (!go) return;
  const entry = ctx.history.start(target.context, `Drain of node ${node}`, 'starting');
  const report = await drain(ctx, target, node, choices, entry);
  if (report) reportResult(ctx, target, report, choices, entry);
  else ctx.history.finish(entry, 'error', 'the context could not be opened');
}

function drain(ctx: Ctx, target: ContextTarget, node: string, choices: DrainChoices, entry: HistoryEntry): Promise<DrainReport | undefined> {
  return withCluster(ctx, target, (cluster) => {
    ctx.log.info(`draining node ${node} on context ${target.context} (${target.server}): ${kubectlDrainCommand(node, target.context, choices)}`);
    return withActionProgress(`Draining ${node} on "${target.context}"`, async (report, signal) => {
      signal.addEventListener('abort', () => ctx.log.info(`drain of ${node}: cancelled; evictions in flight finish, no new ones start`));
      const progress = new DrainProgress(ctx, { target, logPrefix: `drain ${node}`, what: `the drain of ${node}`, draining: [node], entry }, report);
      try {
        return await clusterLayer().drainNode(cluster, node, {
          ...drainOptionsOf(choices),
          signal,
          onProgress: (event) => {
            if (event.type === 'cordoned') ctx.scopes.learn(target.context, { patchNodes: true });
            if (event.type === 'cordonFailed' && event.failure.kind === 'forbidden') ctx.scopes.learn(target.context, { patchNodes: false });
            progress.on(event);
          },
        });
      } finally {
        progress.dispose();
      }
    });
  });
}

const severityOf: Record<DrainReport['result'], Severity> = { drained: 'info', cancelled: 'warning', timedOut: 'warning', failed: 'error' };

function reportResult(ctx: Ctx, target: ContextTarget, report: DrainReport, choices: DrainChoices, entry: HistoryEntry): void {
  const at = new Date();
  const message = reportResultMessage(target, report);
  const severity = severityOf[report.result];
  ctx.log[severity === 'info' ? 'info' : 'warn'](message);
  for (const line of report.errors) ctx.log.warn(`drain ${report.node}: ${line}`);
  const explain = () => ctx.explanations.open(drainTitle(report), drainDocument(target, report, choices, at));
  ctx.history.finish(entry, severity, plainText(report.explanation.summary), explain);
  notify(severity, message, [explainButton(explain), showLogButton]);
}
