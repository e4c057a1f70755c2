// A cancellable progress notification for an action on the cluster, shown
// only when the action takes long enough to need one, and gone before the
// action's result is shown: VS Code keeps a progress notification open for
// at least 800 ms after it appears (progressService.ts withNotificationProgress,
// "Show progress for at least 800ms and then hide once done or canceled"), so
// a quick answer would otherwise sit beside a progress that is already over.
import * as vscode from 'vscode';

/** VS Code's minimum time a progress notification stays open (see above), and a margin for its closing. */
const notificationMinimumMs = 800 + 100;
/** An action that ends sooner shows no progress at all. */
const progressDelayMs = 400;

export interface ProgressStep {
  message?: string;
  /** Percent of the whole done since the last step. */
  increment?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `task`; a progress notification titled `title` shows once it has run
 * for a moment (its Cancel aborts `signal`). Resolves with the task's result
 * once that notification has closed.
 */
export async function withActionProgress<T>(title: string, task: (report: (step: ProgressStep) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  // Until the notification shows, steps add up here.
  const early: ProgressStep = { increment: 0 };
  let report = (step: ProgressStep) => {
    if (step.message !== undefined) early.message = step.message;
    early.increment = (early.increment ?? 0) + (step.increment ?? 0);
  };
  const running = task((step) => report(step), abort.signal);
  const quick = await Promise.race([running.then(() => true, () => true), sleep(progressDelayMs).then(() => false)]);
  if (quick) return running;
  const shownAt = Date.now();
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    token.onCancellationRequested(() => abort.abort());
    report = (step) => progress.report(step);
    report(early);
    await running.catch(() => undefined);
  });
  await sleep(Math.max(0, shownAt + notificationMinimumMs - Date.now()));
  return running;
}
