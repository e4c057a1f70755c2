// Evict Pod and Evict Pod (Dry Run): from a tree item (or several selected
// together), a code lens, the Kubernetes extension's tree, or the palette
// (then a quick pick asks). The user's permission is reviewed first; the
// result stays in the History with its explanation.
import { plainText } from '../../../server/src/explain/text';
import type { Cluster, DrainReport, EvictionAnswer, EvictionOutcome } from '../cluster';
import { permissions } from '../cluster/access';
import { clusterLayer } from '../clusterLayer';
import type { ContextTarget } from '../contextInUse';
import type { Ctx } from '../ctx';
import type { HistoryEntry } from '../history';
import { refusal, refused } from './access';
import { confirmed, explainButton, needsConfirmation, notify, podAction, selectContextButton, showLogButton, withCluster, type Severity } from './common';
import { evictionConfirmation, evictionsConfirmation, type Confirmation, type EvictionOutlook } from './confirmation';
import { DrainProgress } from './drainProgress';
import { evictionDocument, evictionsDocument, evictionsTitle, evictionTitle } from './explainDocument';
import { evictionResultMessage, reportResultMessage } from './messages';
import { simulatedOutlook } from './outlook';
import { withActionProgress } from './progress';
import type { PodTarget } from './targets';

function severityOf(outcome: EvictionOutcome): Severity {
  switch (outcome.kind) {
    case 'evicted':
      return 'info';
    case 'blocked':
    case 'stillProcessing':
    case 'throttled':
    case 'notFound':
      return 'warning';
    default:
      return 'error';
  }
}

export async function evictPodCommand(ctx: Ctx, arg: unknown, selected: unknown, dryRun: boolean): Promise<void> {
  const action = await podAction(ctx, arg, selected, dryRun ? 'Evict Pod (Dry Run)' : 'Evict Pod');
  if (!action) return;
  const { target, pods } = action;
  if (pods.length > 1) return evictPodsTogether(ctx, target, pods, dryRun);
  const [pod] = pods as [PodTarget];
  const answer = await withCluster(ctx, target, async (cluster) => {
    const denial = await refusal(ctx, cluster, target, [permissions.evict(pod.namespace, pod.name)]);
    if (denial) return void refused(ctx, target, `${dryRun ? 'Dry-run eviction' : 'Eviction'} of pod ${pod.namespace}/${pod.name}`, denial);
    if (!dryRun && !(await confirmedEvictions(ctx, cluster, target, [pod], (outlook) => evictionConfirmation(target, pod, outlook, pod.gracePeriodSeconds)))) return undefined;
    return evict(ctx, cluster, target, pod, dryRun);
  });
  if (!answer || answer.kind === 'cancelled') return;
  learnAccess(ctx, target, answer, pod);
  const at = new Date();
  const explain = () => ctx.explanations.open(evictionTitle(answer, dryRun), evictionDocument(target, answer, dryRun, at));
  const buttons = [explainButton(explain)];
  if (answer.kind === 'unreachable' || answer.kind === 'unauthorized' || answer.kind === 'credentials') buttons.push(selectContextButton);
  const severity = severityOf(answer);
  ctx.history.record(target.context, `${dryRun ? 'Dry-run eviction' : 'Eviction'} of pod ${pod.namespace}/${pod.name}`, severity, plainText(answer.explanation.summary), explain);
  notify(severity, evictionResultMessage(target, pod, answer, dryRun), buttons);
}

/** An accepted eviction says the context's user may evict; a 403 of authorization, that it may not (in the API server's words). */
function learnAccess(ctx: Ctx, target: ContextTarget, answer: EvictionAnswer, pod: PodTarget): void {
  if (answer.kind === 'evicted') ctx.scopes.learn(target.context, { evict: true });
  else if (clusterLayer().isForbiddenByRbac(answer)) {
    ctx.scopes.learn(target.context, { evict: false, denials: { evict: { attributes: permissions.evict(pod.namespace, pod.name), message: answer.message, source: 'answer' } } });
  }
}

/**
 * Asks first (when it must), with the evictions played on a copy of the
 * cluster by the planner: each pod's answer and what follows. False when
 * the user declines or cancels the simulation.
 */
async function confirmedEvictions(ctx: Ctx, cluster: Cluster, target: ContextTarget, pods: readonly PodTarget[], confirmation: (outlook: EvictionOutlook) => Confirmation): Promise<boolean> {
  if (!needsConfirmation(ctx, target)) return true;
  const what = pods.length === 1 ? `eviction of ${pods[0]!.namespace}/${pods[0]!.name}` : `eviction of ${pods.length} pods`;
  const grace = pods.length === 1 ? pods[0]!.gracePeriodSeconds : undefined;
  const outlook = await simulatedOutlook(ctx, what, target.context, (options) =>
    clusterLayer().planEvictionsOnCluster(cluster, { pods, ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}) }, options),
  );
  return outlook !== undefined && confirmed(ctx, target, confirmation(outlook));
}

function evict(ctx: Ctx, cluster: Cluster, target: ContextTarget, pod: PodTarget, dryRun: boolean): Promise<EvictionOutcome> {
  const name = `${pod.namespace}/${pod.name}`;
  ctx.log.info(`evicting pod ${name} on context ${target.context} (${target.server})${dryRun ? ' (server dry run)' : ''}`);
  return withActionProgress(`${dryRun ? 'Dry run: evicting' : 'Evicting'} pod ${name}`, async (report, signal) => {
    const outcome = await clusterLayer().evictPod(cluster, pod, {
      dryRun,
      ...(pod.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: pod.gracePeriodSeconds } : {}),
      signal,
      onRetry: (answer, seconds) => {
        ctx.log.info(`pod ${name}: ${answer.message}; retrying after ${seconds} s (Retry-After)`);
        report({ message: `the API server asked to retry after ${seconds} s` });
      },
    });
    ctx.log[outcome.kind === 'evicted' ? 'info' : 'warn'](`pod ${name}: ${outcome.explanation.summary}${'cause' in outcome ? ` (${outcome.cause})` : ''}`);
    return outcome;
  });
}

/**
 * Several pods selected together: one confirmation with the forecast of each
 * (the budgets spent in turn), then the evictions as a drain makes them, each
 * answer in the log and the result.
 */
async function evictPodsTogether(ctx: Ctx, target: ContextTarget, pods: PodTarget[], dryRun: boolean): Promise<void> {
  const what = `${dryRun ? 'Dry-run eviction' : 'Eviction'} of ${pods.length} pods`;
  const names = pods.map((p) => `${p.namespace}/${p.name}`).join(', ');
  let entry: HistoryEntry | undefined;
  const report: DrainReport | undefined = await withCluster(ctx, target, async (cluster) => {
    const namespaces = [...new Set(pods.map((p) => p.namespace))].sort();
    const denial = await refusal(ctx, cluster, target, namespaces.map((namespace) => permissions.evict(namespace)));
    if (denial) return void refused(ctx, target, what, denial);
    if (!dryRun && !(await confirmedEvictions(ctx, cluster, target, pods, (outlook) => evictionsConfirmation(target, pods, outlook)))) return undefined;
    ctx.log.info(`evicting pods ${names} on context ${target.context} (${target.server})${dryRun ? ' (server dry run)' : ''}`);
    const started = (entry = ctx.history.start(target.context, what, 'starting'));
    return withActionProgress(`${dryRun ? 'Dry run: evicting' : 'Evicting'} ${pods.length} pods on "${target.context}"`, async (report, signal) => {
      const progress = new DrainProgress(ctx, { target, logPrefix: 'evict', what: `the eviction of ${pods.length} pods`, draining: [], entry: started }, report);
      try {
        return await clusterLayer().evictPods(cluster, pods, { dryRun: dryRun ? 'server' : 'none', signal, onProgress: (event) => progress.on(event) });
      } finally {
        progress.dispose();
      }
    });
  });
  if (!report || !entry) return;
  for (const left of report.left) if (left.answer) learnAccess(ctx, target, left.answer, left.pod);
  if (report.evicted.length + report.terminating.length > 0) ctx.scopes.learn(target.context, { evict: true });
  const at = new Date();
  const severity: Severity = report.result === 'drained' ? 'info' : report.result === 'failed' ? 'error' : 'warning';
  const message = reportResultMessage(target, report);
  ctx.log[severity === 'info' ? 'info' : 'warn'](message);
  const explain = () => ctx.explanations.open(evictionsTitle(report, dryRun), evictionsDocument(target, report, dryRun, at));
  ctx.history.finish(entry, severity, plainText(report.explanation.summary), explain);
  notify(severity, message, [explainButton(explain), showLogButton]);
}
