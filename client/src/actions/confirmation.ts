// Whether a real eviction or drain must be confirmed, and the words of the
// confirmation: which context and cluster, and what will happen there, as
// the planner simulated it on a copy of the cluster (the drain's plan; each
// eviction's answer and what follows), or why it could not be simulated.

import { plannedEvictionText } from '../../../server/src/explain/plan';
import type { PodRef } from '../cluster/evictionAnswer';
import { planOutcomeText } from '../cluster/plan/report';
import type { DrainPlan, EvictionsPlan } from '../cluster/plan/types';
import { describeChoices, type DrainChoices } from './drainChoices';

/** Where an action goes: the context's name, its cluster's name and API server URL. */
export interface Target {
  context: string;
  cluster: string;
  server: string;
}

export interface ConfirmSettings {
  /** `kubeEviction.confirmEvictions` */
  confirm: boolean;
  /** `kubeEviction.alwaysConfirmContexts`: a regular expression, matched without case against the context and cluster names. */
  alwaysConfirmContexts: string;
}

export type ConfirmDecision =
  | { required: false }
  | { required: true; why: 'setting' | 'pattern' }
  /** The pattern is not a valid regular expression: ask, and say so. */
  | { required: true; why: 'invalidPattern'; problem: string };

export function confirmationRequired(settings: ConfirmSettings, target: Pick<Target, 'context' | 'cluster'>): ConfirmDecision {
  if (settings.alwaysConfirmContexts) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(settings.alwaysConfirmContexts, 'i');
    } catch (err) {
      return { required: true, why: 'invalidPattern', problem: `kubeEviction.alwaysConfirmContexts is not a valid regular expression (${(err as Error).message}); asking every time` };
    }
    if (pattern.test(target.context) || pattern.test(target.cluster)) return { required: true, why: 'pattern' };
  }
  return settings.confirm ? { required: true, why: 'setting' } : { required: false };
}

export interface Confirmation {
  message: string;
  detail: string;
  /** The button that goes ahead (the dialog adds Cancel). */
  button: string;
}

const where = (target: Target) => `Context: ${target.context}\nCluster: ${target.cluster} (${target.server})`;

/** What an action is expected to meet: simulated on a copy of the cluster first, or why it could not be. */
export type Outlook<Plan> = { kind: 'plan'; plan: Plan } | { kind: 'notSimulated'; why: string };
export type EvictionOutlook = Outlook<EvictionsPlan>;
export type DrainOutlook = Outlook<DrainPlan>;

const simulatedFirst = 'Simulated first on a copy of the cluster';
const notSimulated = (what: string, why: string) => `${what} could not be simulated (${why}); the API server decides.`;

/**
 * The evictions' lines (each pod's answer and what follows); `retried`
 * (several pods, evicted as a drain evicts) adds the retry note when a
 * budget refuses one.
 */
function evictionsParts(outlook: EvictionOutlook, what: string, retried: boolean, lead: (lines: string[]) => string): string[] {
  if (outlook.kind === 'notSimulated') return [notSimulated(what, outlook.why)];
  const lines = outlook.plan.evictions.map((e) => plannedEvictionText(e, { retried, brief: retried }));
  const parts = [lead(lines)];
  if (retried && outlook.plan.evictions.some((e) => e.code === 429)) parts.push(retryNote);
  return parts;
}

export function evictionConfirmation(target: Target, pod: PodRef, outlook: EvictionOutlook, gracePeriodSeconds?: number): Confirmation {
  const grace = gracePeriodSeconds !== undefined && gracePeriodSeconds >= 0 ? `a grace period of ${gracePeriodSeconds} s` : 'its own grace period';
  const expected = evictionsParts(outlook, 'The eviction', false, (lines) => `${simulatedFirst} (nothing was changed):\n${lines.join('\n')}`);
  return {
    message: `Evict pod ${pod.namespace}/${pod.name} on context "${target.context}"?`,
    detail: [where(target), ...expected, `An accepted eviction deletes the pod with ${grace}; its controller, if it has one, creates a replacement.`].join('\n\n'),
    button: 'Evict',
  };
}

/** Several pods evicted together, as a drain evicts: each pod's answer on the simulated copy, the budgets spent in turn. */
export function evictionsConfirmation(target: Target, pods: readonly PodRef[], outlook: EvictionOutlook): Confirmation {
  const expected = evictionsParts(outlook, 'The evictions', true, (lines) => `${simulatedFirst}, all ${pods.length} evicted at once (nothing was changed):\n${capped(lines.map((l) => `• ${l}`), maxEvictionLines).join('\n')}`);
  return {
    message: `Evict ${pods.length} pods on context "${target.context}"?`,
    detail: [where(target), ...expected, 'An accepted eviction deletes the pod with its own grace period; its controller, if it has one, creates a replacement.'].join('\n\n'),
    button: 'Evict',
  };
}

/**
 * Pods listed in a confirmation of several, at most: each line runs to a
 * few in the dialog, which does not scroll (its buttons must stay in the
 * window).
 */
const maxEvictionLines = 5;

const retryNote = 'Evictions a budget refuses are retried as soon as it allows one again; you can cancel from the progress notification.';

/** Lines of a list, at most `max`, the rest counted. */
function capped(lines: string[], max: number): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), `… and ${lines.length - max} more`];
}

/**
 * Lines of a plan shown in a confirmation, at most, without blank lines: a
 * dialog does not scroll, and a longer one would push its buttons out of
 * the window. Simulate Drain shows the whole plan.
 */
const maxPlanLines = 16;

export function drainConfirmation(target: Target, node: string, outlook: DrainOutlook, choices: DrainChoices): Confirmation {
  const parts = [where(target)];
  if (outlook.kind === 'plan') {
    const lines = planOutcomeText(outlook.plan).split('\n').filter((line) => line !== '');
    const shown = lines.length <= maxPlanLines ? lines : [...lines.slice(0, maxPlanLines), `… and ${lines.length - maxPlanLines} more lines: Simulate Drain shows the whole plan.`];
    parts.push(`${simulatedFirst}, with these options (nothing was changed):\n\n${shown.join('\n')}`);
  } else {
    parts.push(notSimulated('The drain', outlook.why));
  }
  parts.push(`Options: ${describeChoices(choices)}. ${node} stays cordoned afterwards, whatever happens.`);
  return { message: `Drain node ${node} on context "${target.context}"?`, detail: parts.join('\n\n'), button: 'Drain' };
}
