// PodDisruptionBudget fields, the disruption controller's numbers and the
// consequences of a budget that blocks or conflicts, for hovers, rule
// messages, command results and the CLI.
import { evictionMessages } from '../k8s/eviction';
import type { IntOrString, PodDisruptionBudget, PodDisruptionBudgetStatus } from '../k8s/types';

export const pdbFieldDocs = {
  minAvailable:
    '**minAvailable**: how many selected pods must stay Ready through voluntary disruptions (evictions, drains). An integer is compared ' +
    'with the number of pods the selector matches; a percentage (`"50%"`) is taken of the replicas of the pods\' controllers and **rounded up**. ' +
    'Set either this or `maxUnavailable`, not both.',
  maxUnavailable:
    '**maxUnavailable**: how many selected pods may be unavailable at once. An integer or a percentage of the replicas of the pods\' controllers, ' +
    'rounded **up** (`"50%"` of 3 is 2). `0` or `"0%"` forbids every eviction. It needs pods with a scalable controller (Deployment, ' +
    'ReplicaSet, StatefulSet, ReplicationController): with DaemonSet or Job pods the disruption controller fails and allows nothing.',
  selector:
    '**selector**: the pods the budget covers, in its own namespace. In policy/v1 an empty selector `{}` selects **every pod of the namespace**; ' +
    'in policy/v1beta1 it selected none. A missing (`null`) selector selects none. A pod covered by two budgets cannot be evicted at all (500).',
  unhealthyPodEvictionPolicy:
    '**unhealthyPodEvictionPolicy** (GA in 1.31): when a pod that is not Ready may be evicted. `IfHealthyBudget` (the default; unknown values ' +
    'behave the same): only while the budget has its desired healthy pods (`currentHealthy >= desiredHealthy > 0`), otherwise the budget decides. ' +
    '`AlwaysAllow`: always, without using the budget, so stuck pods never block a drain.',
} as const;

export type PdbField = keyof typeof pdbFieldDocs;

export function budgetSpecSummary(spec: { minAvailable?: IntOrString | null; maxUnavailable?: IntOrString | null } | undefined): string {
  if (spec?.minAvailable !== undefined && spec.minAvailable !== null) return `minAvailable ${spec.minAvailable}`;
  if (spec?.maxUnavailable !== undefined && spec.maxUnavailable !== null) return `maxUnavailable ${spec.maxUnavailable}`;
  return 'neither minAvailable nor maxUnavailable';
}

/** `web-pdb (minAvailable 2; 3 healthy, 2 desired)`: a budget, its spec and, once processed, its health. */
export function budgetFacts(pdb: PodDisruptionBudget): string {
  const s = pdb.status;
  const numbers = s ? `; ${s.currentHealthy} healthy, ${s.desiredHealthy} desired` : '';
  return `${pdb.metadata?.name ?? ''} (${budgetSpecSummary(pdb.spec ?? undefined)}${numbers})`;
}

/** The four numbers of a PDB's status, as the disruption controller computes them. */
export function budgetNumbers(status: Pick<PodDisruptionBudgetStatus, 'expectedPods' | 'desiredHealthy' | 'currentHealthy' | 'disruptionsAllowed'>): string {
  return `expectedPods ${status.expectedPods}, desiredHealthy ${status.desiredHealthy}, currentHealthy ${status.currentHealthy}, disruptionsAllowed ${status.disruptionsAllowed}`;
}

export const blockedConsequence = 'Every eviction of these pods is answered 429 (Too Many Requests), and kubectl drain retries it until its timeout.';

export const conflictConsequence =
  `Every eviction of these pods is answered 500 "${evictionMessages.multipleBudgets}", and kubectl drain fails on them.`;

/** Why the disruption controller keeps a budget at 0 when it cannot size the pods' controllers. */
export function syncFailedExplanation(error: string): string {
  return `the disruption controller cannot size these pods' controller (${error}), so it keeps disruptionsAllowed at 0 (condition DisruptionAllowed=False, reason SyncFailed)`;
}
