// The drain's flags, as kubectl drain spells them: what `kube-eviction drain`
// and `kube-eviction plan drain` both take (the plan runs the same drain).

import type { DrainOptions } from '../../client/src/cluster';
import { durationFlag, integerFlag } from './clusterCommand';

export const drainFlagOptions = {
  'ignore-daemonsets': { type: 'boolean' },
  'delete-emptydir-data': { type: 'boolean' },
  force: { type: 'boolean' },
  'pod-selector': { type: 'string' },
  'grace-period': { type: 'string' },
  timeout: { type: 'string' },
  'skip-wait-for-delete-timeout': { type: 'string' },
} as const;

export const drainFlagsHelp = `  --ignore-daemonsets              leave DaemonSet-managed pods alone
  --delete-emptydir-data           evict pods using emptyDir volumes (their data is lost)
  --force                          also evict pods that declare no controller
  --pod-selector SELECTOR          only the node's pods matching this label selector
  --grace-period N                 seconds each pod gets to terminate (default -1: the pod's own)
  --timeout DURATION               give up after this long, e.g. 90s, 5m (default 0: never)`;

export const skipWaitHelp = '  --skip-wait-for-delete-timeout N stop waiting for pods deleting for longer than N seconds (default 0: never)';

type DrainFlagValues = { [K in keyof typeof drainFlagOptions]?: (typeof drainFlagOptions)[K]['type'] extends 'boolean' ? boolean : string };

/** The DrainOptions the flags say (a usage error for a malformed value). */
export function drainFlags(values: DrainFlagValues): Pick<DrainOptions, 'ignoreDaemonSets' | 'deleteEmptyDirData' | 'force' | 'podSelector' | 'gracePeriodSeconds' | 'timeoutMs' | 'skipWaitForDeleteTimeoutSeconds'> {
  return {
    ignoreDaemonSets: !!values['ignore-daemonsets'],
    deleteEmptyDirData: !!values['delete-emptydir-data'],
    force: !!values.force,
    podSelector: values['pod-selector'],
    gracePeriodSeconds: integerFlag('grace-period', values['grace-period']),
    timeoutMs: durationFlag('timeout', values.timeout),
    skipWaitForDeleteTimeoutSeconds: integerFlag('skip-wait-for-delete-timeout', values['skip-wait-for-delete-timeout']),
  };
}
