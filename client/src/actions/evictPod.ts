// Evict Pod and Evict Pod (Dry Run): from a tree item, a code lens, the
// Kubernetes extension's tree, or the palette (then a quick pick asks).
import * as vscode from 'vscode';
import type { Cluster, EvictionOutcome } from '../cluster';
import { clusterLayer } from '../clusterLayer';
import type { ContextTarget } from '../contextInUse';
import type { Ctx } from '../ctx';
import { forecastEviction, type EvictionForecast } from '../forecast';
import { confirmed, explainButton, notify, podAction, readySnapshot, selectContextButton, withCluster, type Severity } from './common';
import { evictionConfirmation } from './confirmation';
import { evictionDocument, evictionTitle } from './explainDocument';
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

export async function evictPodCommand(ctx: Ctx, arg: unknown, dryRun: boolean): Promise<void> {
  const action = await podAction(ctx, arg, dryRun ? 'Evict Pod (Dry Run)' : 'Evict Pod');
  if (!action) return;
  const { target, pod } = action;
  const answer = await withCluster(ctx, target, async (cluster) => {
    if (!dryRun && !(await confirmed(ctx, target, evictionConfirmation(target, pod, await forecast(ctx, cluster, pod), pod.gracePeriodSeconds)))) return undefined;
    return evict(ctx, cluster, target, pod, dryRun);
  });
  if (!answer || answer.kind === 'cancelled') return;
  const at = new Date();
  const what = `${dryRun ? 'Dry-run eviction' : 'Eviction'} of pod ${pod.namespace}/${pod.name} on "${target.context}"`;
  const buttons = [explainButton(() => ctx.explanations.open(evictionTitle(answer, dryRun), evictionDocument(target, answer, dryRun, at)))];
  if (answer.kind === 'unreachable' || answer.kind === 'unauthorized' || answer.kind === 'credentials') buttons.push(selectContextButton);
  notify(severityOf(answer), `${what}: ${answer.explanation.summary}`, buttons);
}

/** What the API server is expected to answer: from the live snapshot, else read now; undefined when the pod cannot be read. */
async function forecast(ctx: Ctx, cluster: Cluster, pod: PodTarget): Promise<EvictionForecast | undefined> {
  const snapshot = readySnapshot(ctx);
  const live = snapshot?.pod(pod.namespace, pod.name);
  if (snapshot && live) return forecastEviction(live, snapshot.budgetsFor(live), Date.now());
  const inputs = await clusterLayer().evictionInputs(cluster.apis(), pod);
  return inputs && forecastEviction(inputs.pod, inputs.budgets, Date.now());
}

function evict(ctx: Ctx, cluster: Cluster, target: ContextTarget, pod: PodTarget, dryRun: boolean): Thenable<EvictionOutcome> {
  const name = `${pod.namespace}/${pod.name}`;
  ctx.log.info(`evicting pod ${name} on context ${target.context} (${target.server})${dryRun ? ' (server dry run)' : ''}`);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${dryRun ? 'Dry run: evicting' : 'Evicting'} pod ${name}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const outcome = await clusterLayer().evictPod(cluster, pod, {
        dryRun,
        ...(pod.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: pod.gracePeriodSeconds } : {}),
        signal: abort.signal,
        onRetry: (answer, seconds) => {
          ctx.log.info(`pod ${name}: ${answer.message}; retrying after ${seconds} s (Retry-After)`);
          progress.report({ message: `the API server asked to retry after ${seconds} s` });
        },
      });
      ctx.log[outcome.kind === 'evicted' ? 'info' : 'warn'](`pod ${name}: ${outcome.explanation.summary}${'cause' in outcome ? ` (${outcome.cause})` : ''}`);
      return outcome;
    },
  );
}
