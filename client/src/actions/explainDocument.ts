// The Markdown documents the Explain action opens: what was asked, what the
// API server answered (its Status, verbatim), and what that means, in the
// words of server/src/explain (carried by each outcome's explanation).

import { plural } from '../../../server/src/explain/text';
import type { DrainReport, PodLeft } from '../cluster/drain';
import type { EvictionOutcome } from '../cluster/evict';
import type { BudgetFacts, PodRef } from '../cluster/evictionAnswer';
import type { Explanation } from '../cluster/explain';
import type { Target } from './confirmation';
import { kubectlDrainCommand, type DrainChoices } from './drainChoices';

const pod = (ref: PodRef) => `${ref.namespace}/${ref.name}`;
const where = (target: Target, at: Date) => `Context \`${target.context}\`, cluster \`${target.cluster}\` (${target.server}), ${at.toISOString()}.`;

function budgetLine(b: BudgetFacts): string {
  const numbers = (['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'] as const)
    .filter((k) => b[k] !== undefined)
    .map((k) => `${k} ${b[k]}`);
  return `PodDisruptionBudget \`${b.name}\`${numbers.length ? `: ${numbers.join(', ')}` : ''}`;
}

function explanationSection(explanation: Explanation, heading = '## What it means'): string[] {
  return [heading, '', `**${explanation.summary}**`, ...(explanation.details ? ['', explanation.details] : [])];
}

/** The server's answer as facts: HTTP code, Status message, causes, the budgets named. */
function answerLines(outcome: EvictionOutcome): string[] {
  const lines: string[] = [];
  const code = 'code' in outcome && outcome.code !== undefined ? `HTTP ${outcome.code}: ` : '';
  lines.push(`- ${code}${outcome.message}`);
  const status = 'status' in outcome ? outcome.status : undefined;
  for (const cause of status?.details?.causes ?? []) lines.push(`- Cause (${cause.reason ?? 'unknown'}): ${cause.message ?? ''}`);
  if (outcome.kind === 'blocked' || outcome.kind === 'stillProcessing') lines.push(`- ${budgetLine(outcome.pdb)}`);
  if ((outcome.kind === 'stillProcessing' || outcome.kind === 'throttled') && outcome.retryAfterSeconds) lines.push(`- Retry-After: ${outcome.retryAfterSeconds} s`);
  if (outcome.kind === 'multipleBudgets' && outcome.pdbs.length) lines.push(`- PodDisruptionBudgets selecting the pod: ${outcome.pdbs.map((n) => `\`${n}\``).join(', ')}`);
  return lines;
}

export function evictionTitle(outcome: EvictionOutcome, dryRun: boolean): string {
  return `${dryRun ? 'Dry-run eviction' : 'Eviction'} of pod ${pod(outcome.pod)}: ${outcome.explanation.summary}`;
}

export function evictionDocument(target: Target, outcome: EvictionOutcome, dryRun: boolean, at: Date): string {
  const answered = 'code' in outcome && outcome.code !== undefined;
  return [
    `# ${evictionTitle(outcome, dryRun)}`,
    '',
    where(target, at),
    ...(dryRun ? ['', 'A server dry run: the API server decided as for a real eviction and changed nothing.'] : []),
    '',
    answered ? "## The API server's answer" : '## What happened',
    '',
    ...answerLines(outcome),
    '',
    ...explanationSection(outcome.explanation),
    '',
  ].join('\n');
}

export function drainTitle(report: DrainReport): string {
  return `Drain of node ${report.node}: ${report.explanation.summary}`;
}

function leftLines(left: readonly PodLeft[], explained: Set<string>): string[] {
  const lines: string[] = [];
  for (const l of left) {
    lines.push(`- \`${pod(l.pod)}\` (${l.reason}): ${l.message}`);
    const e = l.explanation;
    const key = e ? `${e.summary}\n${e.details}` : '';
    if (e && !explained.has(key)) {
      explained.add(key);
      lines.push('', ...explanationSection(e, '  What it means:').map((line) => (line ? `  ${line}` : line)), '');
    }
  }
  return lines;
}

/** What every pod met: evicted, still terminating, left (with the explanation of each answer once), other errors. */
function podSections(report: DrainReport, leftHeading: string): string[] {
  const lines = [`## Evicted (${report.evicted.length})`, '', ...(report.evicted.length ? report.evicted.map((r) => `- \`${pod(r)}\``) : ['None.']), ''];
  if (report.terminating.length) lines.push(`## Accepted, still terminating (${report.terminating.length})`, '', ...report.terminating.map((r) => `- \`${pod(r)}\``), '');
  if (report.left.length) lines.push(`## ${leftHeading} (${report.left.length})`, '', ...leftLines(report.left, new Set()), '');
  const unexplained = report.errors.filter((e) => !report.left.some((l) => l.message === e));
  if (unexplained.length) lines.push('## Errors', '', ...unexplained.map((e) => `- ${e}`), '');
  return lines;
}

export function drainDocument(target: Target, report: DrainReport, choices: DrainChoices, at: Date): string {
  const lines = [`# ${drainTitle(report)}`, '', where(target, at), '', `The same as \`${kubectlDrainCommand(report.node, target.context, choices)}\`.`, ''];
  lines.push(...explanationSection(report.explanation, '## What happened'), '');
  if (report.failure) lines.push('## Why the drain could not proceed', '', report.failure.message, '');
  if (report.filterErrors.length) lines.push('## Pods the drain refused to evict (nothing was evicted)', '', ...report.filterErrors.map((e) => `- ${e}`), '');
  if (report.warnings) lines.push('## Warnings', '', report.warnings, '');
  lines.push(...podSections(report, 'Left on the node'));
  return lines.join('\n');
}

export function evictionsTitle(report: DrainReport, dryRun: boolean): string {
  return `${dryRun ? 'Dry-run eviction' : 'Eviction'} of ${plural(report.evicted.length + report.terminating.length + report.left.length, 'pod')}: ${report.explanation.summary}`;
}

/** The evictions of pods chosen together: what each met. */
export function evictionsDocument(target: Target, report: DrainReport, dryRun: boolean, at: Date): string {
  const lines = [`# ${evictionsTitle(report, dryRun)}`, '', where(target, at), ''];
  if (dryRun) lines.push('A server dry run: the API server decided as for real evictions and changed nothing.', '');
  lines.push(...explanationSection(report.explanation, '## What happened'), '');
  if (report.failure) lines.push('## Why the evictions could not proceed', '', report.failure.message, '');
  lines.push(...podSections(report, 'Not evicted'));
  return lines.join('\n');
}
