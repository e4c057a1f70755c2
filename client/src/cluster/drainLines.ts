// What kubectl drain prints for each step of a drain (the lines of
// server/src/k8s/drain.ts drainMessages, on the stream kubectl uses), so that
// the CLI prints them and the extension logs and shows the same lines.
// Source: kubectl/pkg/cmd/drain/drain.go (RunCordonOrUncordon, deleteOrEvictPods),
// kubectl/pkg/drain/drain.go (evictPods).

import { drainMessages } from '../../../server/src/k8s/drain';
import type { DryRunStrategy } from './cordon';
import type { DrainEvent, RetryPlan } from './drain';

/**
 * kubectl's printer suffix for dry runs (cmdutil.PrintFlagsWithDryRunStrategy):
 * `node/n1 cordoned (dry run)`, `… (server dry run)`.
 */
export function withDryRun(line: string, dryRun: DryRunStrategy): string {
  return dryRun === 'client' ? `${line} (dry run)` : dryRun === 'server' ? `${line} (server dry run)` : line;
}

/** The delay in kubectl's `(will retry after …)`: ours waits for the budget instead of a fixed 5s. */
function retryText(retry: Exclude<RetryPlan, { when: 'never' }>): string {
  return retry.when === 'budgetAllows' ? `PodDisruptionBudget ${retry.pdb} allows a disruption, at most ${retry.fallbackSeconds}s` : `${retry.seconds}s`;
}

/**
 * kubectl's line for a drain event and whether it goes to stderr; undefined
 * for events kubectl prints nothing for. `disableEviction`: pods are deleted
 * (`pod/x deleted`), not evicted.
 */
export function kubectlDrainLine(event: DrainEvent, disableEviction = false): { line: string; stderr: boolean } | undefined {
  switch (event.type) {
    case 'cordoned':
      return { line: withDryRun(event.changed ? drainMessages.cordoned(event.node) : drainMessages.alreadyCordoned(event.node), event.dryRun), stderr: false };
    case 'cordonFailed':
      return { line: `error: unable to cordon node "${event.node}": ${event.failure.message}`, stderr: true };
    case 'warning':
      return { line: `Warning: ${event.message}`, stderr: true };
    case 'evicting':
      return { line: withDryRun(drainMessages.evicting({ metadata: { namespace: event.pod.namespace, name: event.pod.name } }), event.dryRun), stderr: false };
    case 'blocked':
      return event.retry.when === 'never' ? undefined : { line: drainMessages.willRetry(event.pod.name, event.pod.namespace, retryText(event.retry), event.answer.message), stderr: true };
    case 'gone':
      return event.alreadyGone ? undefined : { line: disableEviction ? drainMessages.deleted(event.pod.name) : drainMessages.evicted(event.pod.name), stderr: false };
    case 'skipped':
      return { line: event.message, stderr: false };
    default:
      return undefined;
  }
}
