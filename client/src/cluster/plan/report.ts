// A drain plan as a readable report: Markdown (the extension shows it, the
// CLI prints it with --format markdown) and the same as terminal text. The
// sentences come from the explanations (server/src/explain/plan.ts); this
// only lays them out.

import { explainPlanVerdict, planTime } from '../../../../server/src/explain/plan';
import { plainText } from '../../../../server/src/explain/text';
import type { DrainPlan, NodePlan } from './types';

const code = (s: string) => `\`${s}\``;

/** What a line of the report is about, for the actions a reader can take on it (the extension's code lenses). */
export type PlanFinding =
  /** The report's title: the plan as a whole. */
  | { kind: 'plan'; nodes: readonly string[] }
  /** The verdict; `uncordon` names the node whose uncordon lets every drain complete. */
  | { kind: 'verdict'; uncordon?: string }
  /** A node's section. */
  | { kind: 'node'; node: string }
  /** A pod a budget held (`budget` in the pod's namespace). */
  | { kind: 'held'; pod: string; budget: string }
  /** A pod evicted, refused, failed, skipped or warned about. */
  | { kind: 'pod'; pod: string }
  /** A pod left Pending at the end, or already Pending before. */
  | { kind: 'pending'; pod: string };

export interface PlanReport {
  markdown: string;
  /** 0-based lines of `markdown` and what each is about. */
  findings: { line: number; finding: PlanFinding }[];
}

/** Lines with what each is about; a text of several lines is split, its finding on the first. */
class ReportLines {
  readonly lines: string[] = [];
  readonly findings: PlanReport['findings'] = [];

  add(text: string, finding?: PlanFinding): void {
    if (finding) this.findings.push({ line: this.lines.length, finding });
    this.lines.push(...text.split('\n'));
  }
}

function nodeLines(out: ReportLines, node: NodePlan): void {
  const span =
    node.startSeconds === null ? 'not started' : node.endSeconds === null ? `from ${planTime(node.startSeconds)}` : `${planTime(node.startSeconds)} → ${planTime(node.endSeconds)}`;
  out.add(`### ${node.name}: ${node.result === 'notStarted' ? 'not drained' : node.result} (${span})`, { kind: 'node', node: node.name });
  out.add('');
  const before = out.lines.length;
  const pod = (p: string): PlanFinding => ({ kind: 'pod', pod: p });
  if (node.problem) out.add(`- ${node.problem}`);
  for (const r of node.refused) out.add(`- refused: ${code(r.pod)}: ${r.reason}`, pod(r.pod));
  for (const e of node.evictions.filter((e) => e.atOnce)) out.add(`- evicted at once: ${code(e.pod)} at ${planTime(e.acceptedSeconds)}${e.goneSeconds !== null ? `, gone at ${planTime(e.goneSeconds)}` : ''}`, pod(e.pod));
  for (const h of node.held) {
    const until = h.toSeconds === null ? 'never released' : `until ${planTime(h.toSeconds)}`;
    out.add(`- held: ${code(h.pod)} by ${code(h.budget)} from ${planTime(h.fromSeconds)}, ${until}: ${h.cause}`, { kind: 'held', pod: h.pod, budget: h.budget });
  }
  for (const e of node.evictions.filter((e) => !e.atOnce)) out.add(`- evicted after its hold: ${code(e.pod)} at ${planTime(e.acceptedSeconds)}${e.goneSeconds !== null ? `, gone at ${planTime(e.goneSeconds)}` : ''}`, pod(e.pod));
  for (const f of node.failed) out.add(`- failed: ${code(f.pod)}: ${f.message}`, pod(f.pod));
  for (const w of node.warnings) out.add(`- evicted with a warning: ${code(w.pod)}: ${w.message}`, pod(w.pod));
  for (const s of node.skipped) out.add(`- skipped: ${code(s.pod)}: ${s.reason}`, pod(s.pod));
  if (node.returnSeconds !== null) out.add(`- uncordoned again at ${planTime(node.returnSeconds)}`);
  if (out.lines.length === before) out.add('- nothing to evict');
  out.add('');
}

/**
 * What the plan finds: the verdict, the time it takes, each node's drain and
 * the pods left Pending (the report without its assumptions). `brief` (a
 * confirmation's, which must fit a dialog): the verdict without its
 * explanation nor where and when the copy was taken, and a pod left Pending
 * without the scheduler's message a hold above already quotes.
 */
function outcomeLines(out: ReportLines, plan: DrainPlan, brief = false): void {
  const verdict = explainPlanVerdict(plan);
  out.add(`**${verdict.summary}**`, { kind: 'verdict', ...(plan.unblockedBy ? { uncordon: plan.unblockedBy.event.node } : {}) });
  out.add('');
  if (!brief) {
    out.add(verdict.details);
    out.add('');
    out.add(
      `On ${plan.snapshot.source}, as of ${plan.snapshot.takenAt}. In virtual time, ${plan.verdict === 'completes' ? `the drains take ${planTime(plan.durationSeconds)}` : `the plan goes no further after ${planTime(plan.durationSeconds)}`}; the cluster settles by ${planTime(plan.settledSeconds)}.`,
    );
    out.add('');
  }
  for (const node of plan.nodes) nodeLines(out, node);
  if (plan.pending.length) {
    const quoted = (message: string) => brief && plan.nodes.some((node) => node.held.some((h) => h.cause.includes(message.replace(/\.$/, ''))));
    out.add('### Left Pending');
    out.add('');
    for (const p of plan.pending) {
      const since = p.sinceSeconds !== null ? ` (since ${planTime(Math.max(0, p.sinceSeconds))})` : '';
      out.add(`- ${code(p.pod)}${since}${quoted(p.message) ? ": the scheduler's message quoted above" : `: ${p.message}`}`, { kind: 'pending', pod: p.pod });
    }
    out.add('');
  }
  if (plan.pendingBefore.length) {
    const names = plan.pendingBefore.map((p) => code(p.pod));
    const shown = brief && names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    out.add(`Already Pending before the plan, and still: ${shown}.`, ...(plan.pendingBefore.length === 1 ? [{ kind: 'pending' as const, pod: plan.pendingBefore[0]!.pod }] : []));
    out.add('');
  }
  if (plan.triedEvents.length) {
    out.add('### Tried on a copy');
    out.add('');
    for (const t of plan.triedEvents) out.add(`- uncordon ${t.event.node} at ${planTime(t.event.atSeconds)}: ${t.verdict}${t.verdict === 'completes' ? ` by ${planTime(t.durationSeconds)}` : ''}`);
    out.add('');
  }
}

/** The plan in Markdown, with what each line is about. */
export function planReport(plan: DrainPlan): PlanReport {
  const out = new ReportLines();
  const at = plan.maxParallel === 1 ? 'one at a time' : `up to ${plan.maxParallel} at once`;
  const a = plan.assumptions;
  out.add(`## Drain plan: ${plan.order.join(', ')} (${at})`, { kind: 'plan', nodes: plan.order });
  out.add('');
  outcomeLines(out, plan);
  if (plan.orderCandidates) {
    out.add('### Orders simulated');
    out.add('');
    for (const c of plan.orderCandidates) out.add(`- ${c.order.join(', ')} (${c.heuristic}), ${c.maxParallel} at once: ${c.verdict} in ${planTime(c.durationSeconds)}`);
    out.add('');
  }
  const timings = a.podTimings;
  for (const line of [
    '### Assumed',
    '',
    `- replacement pods pull their image in ${timings.imagePullSeconds}s and are Ready ${timings.startupSeconds}s after starting; evicted pods stop ${timings.shutdownSeconds}s after SIGTERM (at most their grace period), unless their sandbox annotations say otherwise`,
    `- pods keep their readiness: one not Ready stays so`,
    `- the disruption controller updates a budget ${a.disruptionLatencySeconds}s after a change`,
    a.nodesReturnAfterSeconds === null ? '- drained nodes stay cordoned' : `- drained nodes come back (uncordoned) ${planTime(a.nodesReturnAfterSeconds)} after their drain`,
    `- a drain still held after ${planTime(a.horizonSeconds)} is stuck`,
  ]) {
    out.add(line);
  }
  if (plan.snapshot.skipped.length) for (const line of ['', '### Not simulated', '', ...plan.snapshot.skipped.map((s) => `- ${s}`)]) out.add(line);
  if (plan.diagnostics.length) for (const line of ['', '### Simulator problems', '', ...plan.diagnostics.map((d) => `- ${d.split('\n')[0]}`)]) out.add(line);
  while (out.lines.at(-1) === '') out.lines.pop();
  return { markdown: `${out.lines.join('\n')}\n`, findings: out.findings };
}

/** The plan in Markdown. */
export function planMarkdown(plan: DrainPlan): string {
  return planReport(plan).markdown;
}

/** Markdown as terminal text: headings as plain lines, no markup. */
const asText = (markdown: string) =>
  plainText(markdown)
    .split('\n')
    .map((line) => line.replace(/^#{2,3} /, ''))
    .join('\n');

/** The same report for a terminal: headings as plain lines, no markup. */
export function planText(plan: DrainPlan): string {
  return asText(planMarkdown(plan));
}

/** What the plan finds, briefly (without its title and assumptions), as plain text: a confirmation's. */
export function planOutcomeText(plan: DrainPlan): string {
  const out = new ReportLines();
  outcomeLines(out, plan, true);
  return asText(out.lines.join('\n')).trim();
}
