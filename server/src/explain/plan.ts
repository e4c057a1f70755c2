// Why a budget holds a drain, and what a drain plan concludes: for the
// plan's report (CLI and extension) and for a drain held on a live cluster.
// Plain functions of plain data returning Markdown, like eviction.ts.

import type { DisruptionHold, HoldCause, HoldPod } from '../k8s/disruptionHold';
import { goDuration } from '../k8s/drain';
import type { ResponseExplanation } from './eviction';
import { syncFailedExplanation } from './budget';
import { plainText, plural, sentence } from './text';

const pods = (n: number) => plural(n, 'pod');
const podName = (p: HoldPod) => `\`${p.namespace}/${p.name}\``;
const onNode = (p: HoldPod) => (p.node ? ` on ${p.node}` : '');

/** A pod the plan's eviction run never got an answer for (the run ended first: its horizon, a failure elsewhere). */
export const noAnswerInPlan = 'no answer within the plan';

/** Virtual seconds as a Go duration (`8s`, `2m30.5s`), the way kubectl writes its timeouts, to a tenth of a second. */
export function planTime(seconds: number): string {
  return goDuration(Math.round(seconds * 10) * 100);
}

/** One cause, one sentence without its full stop. */
export function holdCauseText(cause: HoldCause, pdb: string): string {
  switch (cause.kind) {
    case 'neverAllows':
      return cause.expectedPods <= 0
        ? `\`${pdb}\` expects no pods (neither field set, or only pods without a controller under maxUnavailable or a percentage), so it never allows a disruption`
        : `\`${pdb}\` can never allow a disruption: it wants ${cause.desiredHealthy} healthy of the ${pods(cause.expectedPods)} it expects`;
    case 'syncFailed':
      return syncFailedExplanation(cause.message);
    case 'stillProcessing':
      return `\`${pdb}\` is still being processed: the disruption controller has not caught up with its last change`;
    case 'unschedulable':
      return cause.message ? `${podName(cause.pod)} is Pending: ${cause.message.replace(/\.$/, '')}` : `${podName(cause.pod)} is Pending, not yet scheduled`;
    case 'starting':
      return `${podName(cause.pod)}${onNode(cause.pod)} is starting${cause.reason ? ` (${cause.reason})` : ''}`;
    case 'notReady':
      return `${podName(cause.pod)}${onNode(cause.pod)} is running but not Ready${cause.reason ? ` (${cause.reason})` : ''}`;
    case 'terminating':
      return `${podName(cause.pod)}${onNode(cause.pod)} is terminating and no longer counts`;
    case 'missing':
      return `${pods(cause.count)} it expects ${cause.count === 1 ? 'does' : 'do'} not exist yet`;
  }
}

/** What would release the hold, from its most telling cause. */
export function holdRemedy(hold: DisruptionHold): string {
  const first = hold.causes[0];
  switch (first?.kind) {
    case 'neverAllows':
    case 'syncFailed':
      return 'Nothing that happens in the cluster releases it: change the budget (a lower `minAvailable`, a higher `maxUnavailable`) or scale the workload up.';
    case 'stillProcessing':
      return 'It passes once kube-controller-manager has processed the budget (seconds); if not, check that it runs.';
    case 'unschedulable':
      return 'It is released once the Pending pod can run: a node with room for it (uncordon a node, add capacity) or constraints it can meet.';
    case 'notReady':
      return 'It is released once that pod is Ready: fix what fails its readiness (its probe, its dependencies).';
    case 'starting':
    case 'terminating':
    case 'missing':
      return 'It is released by itself once the replacements are Ready.';
    default:
      return 'It allows a disruption now.';
  }
}

/** Why a budget allows no disruption: the summary names the most telling cause, the details all of them. */
export function explainHold(hold: DisruptionHold): ResponseExplanation {
  const first = hold.causes[0];
  const name = `\`${hold.pdb}\``;
  const numbers = `expectedPods ${hold.expectedPods}, desiredHealthy ${hold.desiredHealthy}, currentHealthy ${hold.currentHealthy}, disruptionsAllowed ${hold.disruptionsAllowed}`;
  const summary = first
    ? first.kind === 'neverAllows' || first.kind === 'syncFailed' || first.kind === 'stillProcessing'
      ? `${name} allows no disruption: ${holdCauseText(first, hold.pdb)}`
      : `${name} allows no disruption until ${hold.needed} more pod${hold.needed === 1 ? ' is' : 's are'} Ready: ${holdCauseText(first, hold.pdb)}`
    : hold.needed > 0
      ? `${name} allows no disruption (${numbers})`
      : `${name} allows ${plural(hold.disruptionsAllowed, 'disruption')} now`;
  const list = hold.causes.map((c) => `- ${holdCauseText(c, hold.pdb)}`);
  if (hold.morePods) list.push(`- and ${plural(hold.morePods, 'more pod')} not Ready`);
  return {
    summary: plainText(summary),
    details: [`${name}: ${numbers}.`, list.join('\n'), holdRemedy(hold)].filter(Boolean).join('\n\n'),
  };
}

/** One line for a hold (the plan's JSON `cause`, the CLI's text). */
export function holdSummary(hold: DisruptionHold): string {
  return explainHold(hold).summary;
}

/** A held drain's progress: the pods waiting for a budget, and why it allows nothing now when that is known (plain text). */
export function heldProgress(budget: string, pods: readonly string[], hold?: DisruptionHold): string {
  const waiting = `waiting for ${budget} to allow evicting ${pods.join(', ')}`;
  return hold ? `${waiting}: ${holdSummary(hold)}` : waiting;
}

/** What uncordoning gives a budget that waits for a Pending pod. */
export function uncordonRemedy(nodes: readonly string[], pending: string): string {
  return `Uncordoning ${nodes.join(' or ')} gives \`${pending}\` room: the scheduler's filters let it onto ${nodes.length === 1 ? 'that node' : 'any of them'}.`;
}

/**
 * The notification that offers what releases a held drain (Markdown). The
 * progress beside it quotes the cause in full; a Pending pod's scheduler
 * message, which runs to several lines, is left to it, so that both fit
 * the window's notifications (VS Code hides the older toasts that do not
 * fit 61.8% of its height: workbench notificationsToasts layoutLists).
 */
export function heldOffer(what: string, context: string, hold: { budget: string; summary: string; pending?: string; uncordon: readonly string[] }): string {
  const held = `${what} on "${context}" is held`;
  if (!hold.pending || hold.uncordon.length === 0) return `${held}: ${hold.summary}.`;
  return `${held}: \`${hold.budget}\` waits for \`${hold.pending}\`, Pending with no node to take it. Uncordon ${hold.uncordon.join(' or ')} to give it room.`;
}

export interface PlanVerdictFacts {
  verdict: 'completes' | 'completes-after-event' | 'stuck' | 'fails';
  durationSeconds: number;
  nodes: readonly { name: string; result: string; problem?: string; held: readonly { toSeconds: number | null; cause: string }[]; refused: readonly unknown[]; failed: readonly unknown[] }[];
  pending: readonly unknown[];
  unblockedBy?: { event: { kind: 'uncordon'; node: string; atSeconds: number }; durationSeconds: number };
}

/** The plan's conclusion. */
export function explainPlanVerdict(facts: PlanVerdictFacts): ResponseExplanation {
  const drained = facts.nodes.filter((n) => n.result === 'drained').length;
  const stuck = facts.nodes.find((n) => n.result === 'stuck' || n.result === 'timedOut');
  const failed = facts.nodes.find((n) => n.result === 'failed' || n.result === 'refused' || n.result === 'timedOut');
  const openHold = stuck?.held.find((h) => h.toSeconds === null);
  const pending = facts.pending.length ? ` ${pods(facts.pending.length)} ${facts.pending.length === 1 ? 'is' : 'are'} left Pending.` : '';
  const notStarted = facts.nodes.filter((n) => n.result === 'notStarted').map((n) => n.name);
  const rest = notStarted.length ? ` ${notStarted.join(', ')} ${notStarted.length === 1 ? 'is' : 'are'} never drained.` : '';
  switch (facts.verdict) {
    case 'completes':
      return {
        summary: `Completes: ${facts.nodes.length === 1 ? `${facts.nodes[0]?.name} drains` : `all ${facts.nodes.length} nodes drain`} in ${planTime(facts.durationSeconds)}`,
        details: `Every eviction is accepted, at once or once its budget allows it.${pending}`,
      };
    case 'completes-after-event': {
      const event = facts.unblockedBy!;
      return {
        summary: `Completes only once ${event.event.node} is uncordoned: ${stuck?.name ?? 'a drain'} is stuck until then`,
        details:
          `${openHold ? `${openHold.cause}. ` : ''}Uncordoned at ${planTime(event.event.atSeconds)}, ${event.event.node} takes what the budget waits for, ` +
          `and every drain completes by ${planTime(event.durationSeconds)}.${pending}`,
      };
    }
    case 'stuck':
      return {
        summary: `Stuck: ${stuck?.name ?? 'a drain'} cannot finish${openHold ? `: ${openHold.cause}` : ''}`,
        details: `${drained} of ${facts.nodes.length} nodes drain; from ${planTime(facts.durationSeconds)} on nothing changes that would let it go on.${rest}${pending}`,
      };
    case 'fails':
      return {
        summary: `Fails: ${failed?.name ?? 'a node'} cannot be drained${failed?.problem ? `: ${failed.problem}` : failed?.result === 'refused' ? ': the drain filters refuse some of its pods' : failed?.failed.length ? ': evictions fail' : ''}`,
        details: `${drained} of ${facts.nodes.length} nodes drain.${rest}${pending}`,
      };
  }
}

/** What became of an evicted pod: its controller's new pod, where it runs or why it is Pending. */
export interface ReplacementFacts {
  pod: string;
  /** The node it was scheduled on; null: Pending at the end. */
  node: string | null;
  /** When it became Ready; null: not Ready by the end. */
  readySeconds: number | null;
  /** The scheduler's PodScheduled=False message, while Pending. */
  pending?: string;
}

/** One pod's eviction, as a simulated API server answered it, and what followed (virtual seconds from the start). */
export interface PlannedEvictionFacts {
  /** namespace/name */
  pod: string;
  /** The HTTP code of the first answer its eviction got: 201, 429, 404, 500, 403… */
  code: number;
  /** The core's explanation of that answer, its summary line. */
  answer: string;
  /** The API server's message, where the summary does not carry it (404, 403). */
  message?: string;
  /** A budget refused it: which, why, and until when (null: never within the run). */
  held?: { budget: string; cause: string; fromSeconds: number; toSeconds: number | null };
  /** When the API server accepted it; null: never. */
  acceptedSeconds: number | null;
  /** When the pod was gone; null: not by the end. */
  goneSeconds: number | null;
  /** kubectl's error line, when the eviction failed. */
  failed?: string;
  /** After an accepted eviction: its replacement; null when nothing replaces it by the end (no controller). */
  replacement?: ReplacementFacts | null;
}

/** What followed an accepted eviction: the pod gone, its replacement scheduled (and Ready) or Pending with the scheduler's message. */
function afterAccepted(e: PlannedEvictionFacts, brief: boolean): string {
  const parts = [`accepted at ${planTime(e.acceptedSeconds ?? 0)}`, e.goneSeconds !== null ? `gone at ${planTime(e.goneSeconds)}` : 'still terminating at the end'];
  const r = e.replacement;
  const replacement = r && (brief ? 'its replacement' : `its replacement ${r.pod}`);
  if (r === null) parts.push('no pod replaces it');
  else if (r?.node) parts.push(`${replacement} runs on ${r.node}${r.readySeconds !== null ? `, Ready at ${planTime(r.readySeconds)}` : ', not Ready by the end'}`);
  else if (r) parts.push(`${replacement} stays Pending: ${r.pending ?? 'not yet scheduled'}`);
  return parts.join('; ');
}

export interface PlannedEvictionStyle {
  /** A refusal is retried as the budget allows (evictions of several pods, as a drain's); false: the eviction is sent once (Evict Pod). */
  retried: boolean;
  /**
   * One line of a list that must fit a dialog: a 201's or a budget's 429's
   * code without the summary the rest of the line explains, the
   * replacement unnamed, a failure without kubectl's line that repeats it.
   */
  brief?: boolean;
}

/**
 * One eviction of a simulated run, in plain text: the answer the API server
 * gives it first with the core's explanation, then what follows (a
 * budget's refusal that clears after a while or stays; the replacement).
 */
export function plannedEvictionText(e: PlannedEvictionFacts, { retried, brief = false }: PlannedEvictionStyle = { retried: true }): string {
  const answer = e.message && !e.answer.includes(e.message) ? `${e.answer} (${e.message})` : e.answer;
  const code = answer.split(':')[0]!;
  const lead = `${e.pod}: ${sentence(brief && (e.code === 201 || e.held) ? code : answer)}`;
  if (e.code === 404) return `${lead} The pod does not exist: nothing is evicted.`;
  if (e.held) {
    const why = sentence(plainText(e.held.cause));
    const stays = `The refusal stays: nothing in the simulated cluster makes ${e.held.budget} allow it`;
    if (!retried) {
      const clears = e.held.toSeconds === null ? `${stays}.` : `It would clear after ${planTime(e.held.toSeconds - e.held.fromSeconds)}: evict the pod again then.`;
      return `${lead} ${why} Nothing is evicted: Evict Pod sends the eviction once. ${clears}`;
    }
    if (e.held.toSeconds === null) return `${lead} ${why} ${stays} (retried until you cancel).`;
    return `${lead} ${why} The refusal clears after ${planTime(e.held.toSeconds - e.held.fromSeconds)}: ${sentence(afterAccepted(e, brief))}`;
  }
  if (e.failed) return brief && e.failed.includes(e.answer.split(': ').slice(1).join(': ').replace(/\.$/, '')) ? `${lead} The eviction fails.` : `${lead} The eviction fails: ${sentence(e.failed)}`;
  if (e.acceptedSeconds === null) return `${lead} It is not accepted by the end.`;
  const after = afterAccepted(e, brief);
  return `${lead} ${sentence(`${after[0]!.toUpperCase()}${after.slice(1)}`)}`;
}
