// Whether a real eviction or drain must be confirmed, and the words of the
// confirmation: which context and cluster, and what will happen there: for
// a drain, the plan simulated on a copy of the cluster (the one-step
// forecast from the live objects only when it could not be simulated); for
// an eviction, the answer forecast from the live objects.

import type { PodRef } from '../cluster/evictionAnswer';
import { planOutcomeText } from '../cluster/plan/report';
import type { DrainPlan } from '../cluster/plan/types';
import type { DrainForecast, EvictionForecast } from '../forecast';
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
const podName = (pod: { metadata?: { namespace?: string; name?: string } }) => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

export function evictionConfirmation(target: Target, pod: PodRef, forecast: EvictionForecast | undefined, gracePeriodSeconds?: number): Confirmation {
  const expected = forecast?.text ?? 'The pod and its budgets could not be read, so the answer is not forecast; the API server decides.';
  const grace = gracePeriodSeconds !== undefined && gracePeriodSeconds >= 0 ? `a grace period of ${gracePeriodSeconds} s` : 'its own grace period';
  return {
    message: `Evict pod ${pod.namespace}/${pod.name} on context "${target.context}"?`,
    detail: `${where(target)}\n\n${expected}\n\nAn accepted eviction deletes the pod with ${grace}; its controller, if it has one, creates a replacement.`,
    button: 'Evict',
  };
}

/** Several pods evicted together, as a drain evicts (their forecasts spend the budgets in turn). */
export function evictionsConfirmation(target: Target, forecasts: readonly { pod: PodRef; forecast: EvictionForecast }[]): Confirmation {
  const lines = forecasts.map(({ pod, forecast }) => `• ${pod.namespace}/${pod.name}: ${forecast.text}`);
  const parts = [where(target), `${forecasts.length} pods are evicted, all at once:\n${capped(lines, 8).join('\n')}`];
  if (forecasts.some(({ forecast }) => forecast.code === 429)) parts.push(retryNote);
  parts.push('An accepted eviction deletes the pod with its own grace period; its controller, if it has one, creates a replacement.');
  return { message: `Evict ${forecasts.length} pods on context "${target.context}"?`, detail: parts.join('\n\n'), button: 'Evict' };
}

const retryNote = 'Evictions a budget refuses are retried as soon as it allows one again; you can cancel from the progress notification.';

/** Lines of a list, at most `max`, the rest counted. */
function capped(lines: string[], max: number): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), `… and ${lines.length - max} more`];
}

/**
 * What a drain is expected to meet: the plan, simulated on a copy of the
 * cluster; or, when the simulation failed, the one-step forecast from the
 * live objects and why; or nothing, when the cluster is not listed.
 */
export type DrainOutlook = { kind: 'plan'; plan: DrainPlan } | { kind: 'forecast'; forecast: DrainForecast; planFailure: string } | { kind: 'unknown' };

/**
 * Lines of a plan shown in a confirmation, at most, without blank lines: a
 * dialog does not scroll, and a longer one would push its buttons out of
 * the window. Simulate Drain shows the whole plan.
 */
const maxPlanLines = 16;

function forecastParts(node: string, forecast: DrainForecast): string[] {
  const parts: string[] = [];
  if (forecast.errors.length > 0) {
    parts.push(`${node} will be cordoned, then the drain stops before evicting anything:\n${forecast.errors.join('\n')}`);
  } else if (forecast.evictions.length === 0) {
    parts.push(`${node} will be cordoned; it has no pods to evict.`);
  } else {
    const lines = forecast.evictions.map(({ pod, forecast: f }) => `• ${podName(pod)}: ${f.text}`);
    parts.push(`${node} will be cordoned, then ${forecast.evictions.length === 1 ? '1 pod is' : `${forecast.evictions.length} pods are`} evicted:\n${capped(lines, 8).join('\n')}`);
    if (forecast.evictions.some(({ forecast: f }) => f.code === 429)) parts.push(retryNote);
  }
  if (forecast.skipped.length > 0) {
    parts.push(`Left alone: ${capped(forecast.skipped.map(({ pod, reason }) => `${podName(pod)}${reason ? ` (${reason})` : ''}`), 8).join(', ')}.`);
  }
  return parts;
}

export function drainConfirmation(target: Target, node: string, outlook: DrainOutlook, choices: DrainChoices): Confirmation {
  const parts = [where(target)];
  if (outlook.kind === 'plan') {
    const lines = planOutcomeText(outlook.plan).split('\n').filter((line) => line !== '');
    const shown = lines.length <= maxPlanLines ? lines : [...lines.slice(0, maxPlanLines), `… and ${lines.length - maxPlanLines} more lines: Simulate Drain shows the whole plan.`];
    parts.push(`Simulated first on a copy of the cluster, with these options (nothing was changed):\n\n${shown.join('\n')}`);
  } else if (outlook.kind === 'forecast') {
    parts.push(`The drain could not be simulated (${outlook.planFailure}); this is a one-step forecast from the live objects instead.`, ...forecastParts(node, outlook.forecast));
  } else {
    parts.push('The cluster is not listed, so what the drain will meet cannot be forecast.');
  }
  parts.push(`Options: ${describeChoices(choices)}. ${node} stays cordoned afterwards, whatever happens.`);
  return { message: `Drain node ${node} on context "${target.context}"?`, detail: parts.join('\n\n'), button: 'Drain' };
}
