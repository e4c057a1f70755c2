// kubectl drain's pod filters and the texts it prints, so that our drain
// decides and speaks like kubectl's: kubectl 1.32's, the version the project
// targets, quirks included (a DaemonSet owner of any API group; the doubled
// "cannot delete cannot delete Pods that declare no controller").
// Sources: staging/src/k8s.io/kubectl/pkg/drain/{filters.go,drain.go,cordon.go},
// staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go (release-1.32).

import { getControllerOf, isPodTerminal, podKey } from './pods';
import type { Pod } from './types';

export interface DrainFilterOptions {
  force: boolean;
  ignoreAllDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  /** `--skip-wait-for-delete-timeout`: pods deleting for longer than this are skipped (0 = never). */
  skipWaitForDeleteTimeoutSeconds: number;
}

export const defaultDrainFilterOptions: DrainFilterOptions = { force: false, ignoreAllDaemonSets: false, deleteEmptyDirData: false, skipWaitForDeleteTimeoutSeconds: 0 };

export const drainFilterMessages = {
  daemonSetFatal: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
  daemonSetWarning: 'ignoring DaemonSet-managed Pods',
  localStorageFatal: 'Pods with local storage (use --delete-emptydir-data to override)',
  localStorageWarning: 'deleting Pods with local storage',
  // 1.32's constant carries the prefix errors() adds again (fixed in 1.36).
  unmanagedFatal: 'cannot delete Pods that declare no controller (use --force to override)',
  unmanagedWarning: 'deleting Pods that declare no controller',
} as const;

export type PodDeleteReason = 'Okay' | 'Skip' | 'Warning' | 'Error';

export interface PodDeleteStatus {
  delete: boolean;
  reason: PodDeleteReason;
  message?: string;
}

export interface PodDelete {
  pod: Pod;
  status: PodDeleteStatus;
}

/** Whether a pod's DaemonSet exists: the drain fetches it (`GET …/daemonsets/{name}`) before filtering. */
export type DaemonSetCheck = { exists: true } | { exists: false; notFound: boolean; message: string };

const okay: PodDeleteStatus = { delete: true, reason: 'Okay' };
const skip: PodDeleteStatus = { delete: false, reason: 'Skip' };
const warning = (del: boolean, message: string): PodDeleteStatus => ({ delete: del, reason: 'Warning', message });
const error = (message: string): PodDeleteStatus => ({ delete: false, reason: 'Error', message });

/**
 * The DaemonSet controllerRef a drain treats specially: 1.32's daemonSetFilter
 * checks the kind alone, so an `apps.kruise.io` DaemonSet is looked up as an
 * apps/v1 one (and is "not found"); 1.34 checks the apiVersion too.
 */
export function daemonSetOwner(pod: Pod): { name: string; namespace: string } | undefined {
  const ref = getControllerOf(pod);
  if (!ref || ref.kind !== 'DaemonSet') return undefined;
  return { name: ref.name ?? '', namespace: pod.metadata?.namespace ?? 'default' };
}

/** True when the drain must look the pod's DaemonSet up before it can filter the pod. */
export function needsDaemonSetCheck(pod: Pod): boolean {
  return !!daemonSetOwner(pod) && !isPodTerminal(pod);
}

function hasLocalStorage(pod: Pod): boolean {
  return (pod.spec?.volumes ?? []).some((v) => v?.emptyDir !== undefined && v?.emptyDir !== null);
}

/**
 * The filter chain, in kubectl's order: skipDeleted, daemonSet, mirror,
 * localStorage, unreplicated. The chain stops at the first filter that keeps
 * the pod, and only the last status survives (an earlier warning is lost).
 */
export function filterPodsForDeletion(
  pods: readonly Pod[],
  options: DrainFilterOptions,
  daemonSet: (pod: Pod) => DaemonSetCheck,
  nowMs: number,
): PodDelete[] {
  const filters: ((pod: Pod) => PodDeleteStatus)[] = [
    (pod) => {
      const deletion = pod.metadata?.deletionTimestamp;
      const n = options.skipWaitForDeleteTimeoutSeconds;
      return n > 0 && deletion && Math.trunc((nowMs - Date.parse(deletion)) / 1000) > n ? skip : okay;
    },
    (pod) => {
      if (!needsDaemonSetCheck(pod)) return okay;
      const check = daemonSet(pod);
      if (!check.exists) return check.notFound && options.force ? warning(true, check.message) : error(check.message);
      return options.ignoreAllDaemonSets ? warning(false, drainFilterMessages.daemonSetWarning) : error(drainFilterMessages.daemonSetFatal);
    },
    (pod) => (pod.metadata?.annotations && 'kubernetes.io/config.mirror' in pod.metadata.annotations ? skip : okay),
    (pod) => {
      if (!hasLocalStorage(pod) || isPodTerminal(pod)) return okay;
      return options.deleteEmptyDirData ? warning(true, drainFilterMessages.localStorageWarning) : error(drainFilterMessages.localStorageFatal);
    },
    (pod) => {
      if (isPodTerminal(pod) || getControllerOf(pod)) return okay;
      return options.force ? warning(true, drainFilterMessages.unmanagedWarning) : error(drainFilterMessages.unmanagedFatal);
    },
  ];
  return pods.map((pod) => {
    let status = okay;
    for (const f of filters) {
      status = f(pod);
      if (!status.delete) break;
    }
    return { pod, status };
  });
}

function groupByMessage(list: readonly PodDelete[], reason: PodDeleteReason): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { pod, status } of list) {
    if (status.reason !== reason) continue;
    const msg = status.message || 'unexpected error';
    groups.set(msg, [...(groups.get(msg) ?? []), podKey(pod)]);
  }
  return groups;
}

/** `PodDeleteList.Warnings()`: `msg: ns/p1, ns/p2; msg2: …` (printed after `Warning: `). */
export function podDeleteWarnings(list: readonly PodDelete[]): string {
  return [...groupByMessage(list, 'Warning')].map(([msg, pods]) => `${msg}: ${pods.join(', ')}`).join('; ');
}

/** `PodDeleteList.errors()` of 1.32: one error per distinct message, `cannot delete <msg>: ns/p1, ns/p2`, whatever the message. */
export function podDeleteErrors(list: readonly PodDelete[]): string[] {
  return [...groupByMessage(list, 'Error')].map(([msg, pods]) => `cannot delete ${msg}: ${pods.join(', ')}`);
}

/** `utilerrors.NewAggregate(...).Error()`: one message bare, several in brackets. */
export function aggregateErrors(messages: readonly string[]): string {
  return messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
}

/** Go's `time.Duration.String()` for whole milliseconds: `5s`, `1m0s`, `1h2m3.5s`, `250ms`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  const secs = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${sign}${h}h${m}m${secs}`;
  if (m > 0) return `${sign}${m}m${secs}`;
  return `${sign}${secs}`;
}

const goUnits: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's `time.ParseDuration` (as kubectl's `--timeout` takes it), in milliseconds. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(text);
  if (!m) return undefined;
  let total = 0;
  for (const [, num, unit] of text.slice(m[1].length).matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(num) * goUnits[unit];
  return m[1] === '-' ? -total : total;
}

/** The lines kubectl drain prints, for output that reads like kubectl's. */
export const drainMessages = {
  cordoned: (node: string) => `node/${node} cordoned`,
  alreadyCordoned: (node: string) => `node/${node} already cordoned`,
  uncordoned: (node: string) => `node/${node} uncordoned`,
  alreadyUncordoned: (node: string) => `node/${node} already uncordoned`,
  evicting: (pod: Pod, dryRun = false) => `evicting pod ${podKey(pod)}${dryRun ? ' (dry run)' : ''}`,
  evicted: (name: string) => `pod/${name} evicted`,
  /** `--disable-eviction`: the pod is gone (kubectl prints nothing at its DELETE). */
  deleted: (name: string) => `pod/${name} deleted`,
  drained: (node: string) => `node/${node} drained`,
  willRetry: (name: string, namespace: string, delay: string, message: string) => `error when evicting pods/"${name}" -n "${namespace}" (will retry after ${delay}): ${message}`,
  evictionError: (name: string, namespace: string, message: string) => `error when evicting pods/"${name}" -n "${namespace}": ${message}`,
  globalTimeout: (name: string, namespace: string, timeoutMs: number) => `error when evicting pods/"${name}" -n "${namespace}": global timeout reached: ${goDuration(timeoutMs)}`,
  waitTimeout: (name: string, namespace: string) => `error when waiting for pod "${name}" in namespace "${namespace}" to terminate: context deadline exceeded`,
  pendingPods: (node: string, err: string) => `There are pending pods in node "${node}" when an error occurred: ${err}`,
  unableToDrain: (node: string, err: string) => `error: unable to drain node "${node}" due to error: ${err}, continuing command...`,
} as const;
