// Evict Pod and Evict Pod (Dry Run): from a tree item, a code lens, the
// Kubernetes extension's tree, or the palette (then a quick pick asks).
import * as vscode from 'vscode';
import { evictPod, type EvictionOutcome } from '../cluster';
import type { ContextTarget } from '../clusterConnection';
import type { Ctx } from '../ctx';
import { forecastEviction } from '../forecast';
import { confirmed, explainButton, notify, openForAction, readySnapshot, requireSnapshot, requireTarget, requireTrust, selectContextButton, type Severity } from './common';
import { evictionConfirmation } from './confirmation';
import { evictionDocument, evictionTitle } from './explainDocument';
import { pickPod } from './pickers';
import { podTargetOf, type PodTarget } from './targets';

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
  if (!requireTrust()) return;
  const target = requireTarget(ctx);
  if (!target) return;
  let pod = podTargetOf(arg, target.namespace);
  if (!pod) {
    const snapshot = requireSnapshot(ctx, 'pods');
    pod = snapshot && (await pickPod(snapshot, dryRun ? 'Evict Pod (Dry Run)' : 'Evict Pod'));
    if (!pod) return;
  }
  if (!dryRun && !(await confirmed(ctx, target, evictionConfirmation(target, pod, forecast(ctx, pod), pod.gracePeriodSeconds)))) return;
  const outcome = await evict(ctx, target, pod, dryRun);
  if (!outcome || outcome.kind === 'cancelled') return;
  const at = new Date();
  const what = `${dryRun ? 'Dry-run eviction' : 'Eviction'} of pod ${pod.namespace}/${pod.name} on "${target.context}"`;
  const buttons = [explainButton(() => ctx.explanations.open(evictionTitle(outcome, dryRun), evictionDocument(target, outcome, dryRun, at)))];
  if (outcome.kind === 'unreachable' || outcome.kind === 'unauthorized' || outcome.kind === 'credentials') buttons.push(selectContextButton);
  notify(severityOf(outcome), `${what}: ${outcome.explanation.summary}`, buttons);
}

/** What the live objects say the API server will answer; undefined when the pod is not in the snapshot. */
function forecast(ctx: Ctx, pod: PodTarget) {
  const snapshot = readySnapshot(ctx);
  const live = snapshot?.pod(pod.namespace, pod.name);
  return snapshot && live ? forecastEviction(live, snapshot.budgetsFor(live), Date.now()) : undefined;
}

async function evict(ctx: Ctx, target: ContextTarget, pod: PodTarget, dryRun: boolean): Promise<EvictionOutcome | undefined> {
  const cluster = openForAction(ctx, target);
  if (!cluster) return undefined;
  const name = `${pod.namespace}/${pod.name}`;
  ctx.log.info(`evicting pod ${name} on context ${target.context} (${target.server})${dryRun ? ' (server dry run)' : ''}`);
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${dryRun ? 'Dry run: evicting' : 'Evicting'} pod ${name}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const outcome = await evictPod(cluster, pod, {
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
  } finally {
    cluster.close();
  }
}
