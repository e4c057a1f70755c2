// The choices of a drain in VS Code (kubectl drain's flags, with the
// settings as defaults), and what they become for the core and the drain.

import type { DrainOptions } from '../cluster/drain';

export interface DrainChoices {
  /** `--ignore-daemonsets` */
  ignoreDaemonSets: boolean;
  /** `--delete-emptydir-data` */
  deleteEmptyDirData: boolean;
  /** `--force` */
  force: boolean;
  /** `--grace-period`; negative: each pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds: number;
  /** `--timeout` in seconds; 0: none. */
  timeoutSeconds: number;
}

/** Whether a value (a command's argument) is a set of drain choices. */
export function isDrainChoices(value: unknown): value is DrainChoices {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['ignoreDaemonSets', 'deleteEmptyDirData', 'force'].every((k) => typeof v[k] === 'boolean') && ['gracePeriodSeconds', 'timeoutSeconds'].every((k) => Number.isInteger(v[k]));
}

export function drainOptionsOf(choices: DrainChoices): Pick<DrainOptions, 'force' | 'ignoreDaemonSets' | 'deleteEmptyDirData' | 'gracePeriodSeconds' | 'timeoutMs'> {
  return {
    force: choices.force,
    ignoreDaemonSets: choices.ignoreDaemonSets,
    deleteEmptyDirData: choices.deleteEmptyDirData,
    gracePeriodSeconds: choices.gracePeriodSeconds,
    timeoutMs: Math.max(0, choices.timeoutSeconds) * 1000,
  };
}

export const gracePeriodText = (seconds: number) => (seconds < 0 ? "each pod's own grace period" : `grace period ${seconds} s`);
export const timeoutText = (seconds: number) => (seconds > 0 ? `timeout ${seconds} s` : 'no timeout');

/** `ignore DaemonSets, force, each pod's own grace period, no timeout` (kubectl's flags, in words). */
export function describeChoices(choices: DrainChoices): string {
  return [
    choices.ignoreDaemonSets && 'ignore DaemonSets',
    choices.deleteEmptyDirData && 'delete emptyDir data',
    choices.force && 'force (pods without a controller too)',
    gracePeriodText(choices.gracePeriodSeconds),
    timeoutText(choices.timeoutSeconds),
  ]
    .filter(Boolean)
    .join(', ');
}

/** The equivalent kubectl command line, for the log and the explanation. */
export function kubectlDrainCommand(node: string, context: string, choices: DrainChoices): string {
  return [
    `kubectl --context ${context} drain ${node}`,
    choices.ignoreDaemonSets && '--ignore-daemonsets',
    choices.deleteEmptyDirData && '--delete-emptydir-data',
    choices.force && '--force',
    choices.gracePeriodSeconds >= 0 && `--grace-period=${choices.gracePeriodSeconds}`,
    choices.timeoutSeconds > 0 && `--timeout=${choices.timeoutSeconds}s`,
  ]
    .filter(Boolean)
    .join(' ');
}
