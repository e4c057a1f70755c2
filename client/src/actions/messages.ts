// The words of the notifications that end a cluster action: what was done,
// on which context, and what the API server answered (in the words of
// server/src/explain, as plain text). No VS Code here.

import { plainText, sentence } from '../../../server/src/explain/text';
import type { CordonOutcome, DrainReport, EvictionOutcome, PodRef } from '../cluster';
import type { Target } from './confirmation';

/** `Eviction of pod default/web-a on "prod": 201 Created: evicted`. */
export function evictionResultMessage(target: Pick<Target, 'context'>, pod: PodRef, outcome: EvictionOutcome, dryRun: boolean): string {
  return `${dryRun ? 'Dry-run eviction' : 'Eviction'} of pod ${pod.namespace}/${pod.name} on "${target.context}": ${plainText(outcome.explanation.summary)}`;
}

/** What a drain, or the evictions of pods chosen together, did: the summary on the context, then the details. */
export function reportResultMessage(target: Pick<Target, 'context'>, report: DrainReport): string {
  const { summary, details } = report.explanation;
  return [`${plainText(summary)} on "${target.context}".`, details && sentence(plainText(details))].filter(Boolean).join(' ');
}

/** `Node node-1 cordoned on "prod".`, or why not. */
export function cordonResultMessage(target: Pick<Target, 'context'>, node: string, cordon: boolean, outcome: CordonOutcome): string {
  const verb = cordon ? 'cordoned' : 'uncordoned';
  if (outcome.kind === 'done') return `Node ${node} ${outcome.changed ? verb : `already ${verb}`} on "${target.context}".`;
  return `Cannot ${cordon ? 'cordon' : 'uncordon'} node ${node} on "${target.context}": ${sentence(outcome.message)}`;
}
