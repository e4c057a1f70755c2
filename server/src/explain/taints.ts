// Taint effects, toleration fields and the well-known taints.
import { defaultTolerationSeconds, wellKnownTaints } from '../k8s/tolerations';

export const taintEffectDocs: Record<string, string> = {
  NoSchedule:
    '**NoSchedule**: the scheduler places no new pod that does not tolerate the taint on this node. Pods already running stay. ' +
    'Pods bound with `spec.nodeName` bypass the scheduler and are not affected.',
  PreferNoSchedule:
    '**PreferNoSchedule**: the scheduler avoids the node for pods that do not tolerate the taint, but still uses it when no other node fits.',
  NoExecute:
    '**NoExecute**: pods that do not tolerate the taint are not scheduled there, and running ones are **deleted** by the taint eviction ' +
    'controller at once (PodDisruptionBudgets are not consulted). A toleration with `tolerationSeconds` lets a pod stay that long after the ' +
    'taint appears; without it, forever. The API server gives every pod 300 s tolerations for `node.kubernetes.io/not-ready` and `unreachable`.',
};

export const tolerationFieldDocs: Record<string, string> = {
  key: '**key**: the taint key this toleration matches. Empty matches every key, and then `operator` must be `Exists`.',
  operator: '**operator**: `Equal` (the default) matches the taint\'s value exactly; `Exists` matches any value, and `value` must then be empty.',
  value: '**value**: the taint value to match with `operator: Equal`.',
  effect: '**effect**: the taint effect to match (`NoSchedule`, `PreferNoSchedule`, `NoExecute`); empty matches every effect.',
  tolerationSeconds:
    '**tolerationSeconds**: only with `effect: NoExecute`: how long the pod may stay on a node after the taint appears before it is deleted. ' +
    `0 or less means at once; absent means forever. The API server adds ${defaultTolerationSeconds} s tolerations for not-ready and unreachable.`,
};

export const wellKnownTaintDocs: Record<string, string> = {
  [wellKnownTaints.notReady]: 'The node\'s Ready condition is False (NoSchedule, and NoExecute from the node lifecycle controller).',
  [wellKnownTaints.unreachable]: 'The node stopped reporting (Ready is Unknown): NoSchedule, and NoExecute after the node-monitor grace period.',
  [wellKnownTaints.unschedulable]: 'The node is cordoned (`spec.unschedulable: true`, as `kubectl cordon` and `kubectl drain` set it): NoSchedule.',
  [wellKnownTaints.memoryPressure]: 'The kubelet reports memory pressure: NoSchedule.',
  [wellKnownTaints.diskPressure]: 'The kubelet reports disk pressure: NoSchedule.',
  [wellKnownTaints.pidPressure]: 'The kubelet reports PID pressure: NoSchedule.',
  [wellKnownTaints.networkUnavailable]: 'The node\'s network is not configured: NoSchedule.',
  [wellKnownTaints.outOfService]: 'Set by an administrator after a non-graceful node shutdown, so that pods and volumes move away.',
};

export const taintsDoc =
  '**taints** repel pods: a pod runs on a tainted node only if it tolerates the taint. Each taint has a `key`, an optional `value` and an ' +
  '`effect` (required); key and effect together must be unique on the node.';

export const tolerationsDoc =
  '**tolerations** let a pod run on nodes with matching taints (they do not attract it there). DaemonSet pods also get tolerations for ' +
  'not-ready, unreachable, disk/memory/PID pressure and unschedulable from their controller.';

/**
 * What follows when no node of a complete node list accepts a pod: the
 * scheduler's FitError for scheduled pods; for a DaemonSet, whose controller
 * only creates pods for nodes that pass its own taint and affinity checks
 * (pkg/controller/daemon, NodeShouldRunDaemonPod), no pod at all.
 */
export function noNodeAcceptsConsequence(kind: string, fitError: string): string {
  if (kind === 'DaemonSet') return 'The DaemonSet controller creates no daemon pod (desiredNumberScheduled 0), unless a node that accepts it joins.';
  return `Its pods would stay Pending ("${fitError}"), unless a cluster autoscaler adds a node that accepts them.`;
}
