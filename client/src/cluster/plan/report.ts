// A drain plan as a readable report: Markdown (the extension shows it, the
// CLI prints it with --format markdown) and the same as terminal text. The
// sentences come from the explanations (server/src/explain/plan.ts); this
// only lays them out.

import { explainPlanVerdict, planTime } from '../../../../server/src/explain/plan';
import { plainText } from '../../../../server/src/explain/text';
import type { DrainPlan, NodePlan } from './types';

const code = (s: string) => `\`${s}\``;

function nodeLines(node: NodePlan): string[] {
  const span =
    node.startSeconds === null ? 'not started' : node.endSeconds === null ? `from ${planTime(node.startSeconds)}` : `${planTime(node.startSeconds)} → ${planTime(node.endSeconds)}`;
  const lines = [`### ${node.name}: ${node.result === 'notStarted' ? 'not drained' : node.result} (${span})`, ''];
  if (node.problem) lines.push(`- ${node.problem}`);
  for (const r of node.refused) lines.push(`- refused: ${code(r.pod)}: ${r.reason}`);
  for (const e of node.evictions.filter((e) => e.atOnce)) lines.push(`- evicted at once: ${code(e.pod)} at ${planTime(e.acceptedSeconds)}${e.goneSeconds !== null ? `, gone at ${planTime(e.goneSeconds)}` : ''}`);
  for (const h of node.held) {
    const until = h.toSeconds === null ? 'never released' : `until ${planTime(h.toSeconds)}`;
    lines.push(`- held: ${code(h.pod)} by ${code(h.budget)} from ${planTime(h.fromSeconds)}, ${until}: ${h.cause}`);
  }
  for (const e of node.evictions.filter((e) => !e.atOnce)) lines.push(`- evicted after its hold: ${code(e.pod)} at ${planTime(e.acceptedSeconds)}${e.goneSeconds !== null ? `, gone at ${planTime(e.goneSeconds)}` : ''}`);
  for (const f of node.failed) lines.push(`- failed: ${code(f.pod)}: ${f.message}`);
  for (const w of node.warnings) lines.push(`- evicted with a warning: ${code(w.pod)}: ${w.message}`);
  for (const s of node.skipped) lines.push(`- skipped: ${code(s.pod)}: ${s.reason}`);
  if (node.returnSeconds !== null) lines.push(`- uncordoned again at ${planTime(node.returnSeconds)}`);
  if (lines.length === 2) lines.push('- nothing to evict');
  return [...lines, ''];
}

/** The plan in Markdown. */
export function planMarkdown(plan: DrainPlan): string {
  const verdict = explainPlanVerdict(plan);
  const at = plan.maxParallel === 1 ? 'one at a time' : `up to ${plan.maxParallel} at once`;
  const a = plan.assumptions;
  const lines = [
    `## Drain plan: ${plan.order.join(', ')} (${at})`,
    '',
    `**${verdict.summary}**`,
    '',
    verdict.details,
    '',
    `On ${plan.snapshot.source}, as of ${plan.snapshot.takenAt}. In virtual time, ${plan.verdict === 'completes' ? `the drains take ${planTime(plan.durationSeconds)}` : `the plan goes no further after ${planTime(plan.durationSeconds)}`}; the cluster settles by ${planTime(plan.settledSeconds)}.`,
    '',
    ...plan.nodes.flatMap(nodeLines),
  ];
  if (plan.pending.length) {
    lines.push('### Left Pending', '');
    for (const p of plan.pending) lines.push(`- ${code(p.pod)}${p.sinceSeconds !== null ? ` (since ${planTime(Math.max(0, p.sinceSeconds))})` : ''}: ${p.message}`);
    lines.push('');
  }
  if (plan.pendingBefore.length) lines.push(`Already Pending before the plan, and still: ${plan.pendingBefore.map((p) => code(p.pod)).join(', ')}.`, '');
  if (plan.triedEvents.length) {
    lines.push('### Tried on a copy', '');
    for (const t of plan.triedEvents) lines.push(`- uncordon ${t.event.node} at ${planTime(t.event.atSeconds)}: ${t.verdict}${t.verdict === 'completes' ? ` by ${planTime(t.durationSeconds)}` : ''}`);
    lines.push('');
  }
  if (plan.orderCandidates) {
    lines.push('### Orders simulated', '');
    for (const c of plan.orderCandidates) lines.push(`- ${c.order.join(', ')} (${c.heuristic}), ${c.maxParallel} at once: ${c.verdict} in ${planTime(c.durationSeconds)}`);
    lines.push('');
  }
  const timings = a.podTimings;
  lines.push(
    '### Assumed',
    '',
    `- replacement pods pull their image in ${timings.imagePullSeconds}s and are Ready ${timings.startupSeconds}s after starting; evicted pods stop ${timings.shutdownSeconds}s after SIGTERM (at most their grace period), unless their sandbox annotations say otherwise`,
    `- pods keep their readiness: one not Ready stays so`,
    `- the disruption controller updates a budget ${a.disruptionLatencySeconds}s after a change`,
    a.nodesReturnAfterSeconds === null ? '- drained nodes stay cordoned' : `- drained nodes come back (uncordoned) ${planTime(a.nodesReturnAfterSeconds)} after their drain`,
    `- a drain still held after ${planTime(a.horizonSeconds)} is stuck`,
  );
  if (plan.snapshot.skipped.length) lines.push('', '### Not simulated', '', ...plan.snapshot.skipped.map((s) => `- ${s}`));
  if (plan.diagnostics.length) lines.push('', '### Simulator problems', '', ...plan.diagnostics.map((d) => `- ${d.split('\n')[0]}`));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The same report for a terminal: headings as plain lines, no markup. */
export function planText(plan: DrainPlan): string {
  return plainText(planMarkdown(plan))
    .split('\n')
    .map((line) => line.replace(/^#{2,3} /, ''))
    .join('\n');
}
