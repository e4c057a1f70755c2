// What a drain plan says: per node, in order, what the drain evicts at once,
// what budgets hold and why, what the filters skip or refuse; the pods left
// Pending; how long it all takes in virtual time; and the verdict. Plain
// data (JSON as it stands), for the CLI's formats and the extension's report.

import type { PlannedEvictionFacts } from '../../../../server/src/explain/plan';
import type { DisruptionHold } from '../../../../server/src/k8s/disruptionHold';
import type { PodTimings } from '../../../../server/src/sim/knobs';

/**
 * `completes`: every drain finishes. `completes-after-event`: one is stuck,
 * but finishes once the event named in `unblockedBy` happens. `stuck`: a
 * budget holds a drain and nothing that can happen by itself releases it
 * (or it is held until its --timeout or the horizon). `fails`: a drain stops
 * with an error (filters refuse pods, an eviction fails, a node is missing,
 * its --timeout ends it while pods still terminate).
 */
export type PlanVerdict = 'completes' | 'completes-after-event' | 'stuck' | 'fails';

/** Something that happens during a plan besides the drains: a cordoned node becomes schedulable again. */
export interface PlanEvent {
  kind: 'uncordon';
  node: string;
  atSeconds: number;
}

export interface HeldPod {
  /** namespace/name */
  pod: string;
  budget: string;
  /** Virtual seconds from the plan's start: its first refused eviction. */
  fromSeconds: number;
  /** Its accepted eviction; null when it is still held at the end. */
  toSeconds: number | null;
  /** Why the budget allowed nothing, in words (the explanation's summary of `hold`). */
  cause: string;
  /** The budget's numbers and the pods behind the hold, as last seen while it held (at the end, for a hold that never ended). */
  hold: DisruptionHold;
}

export interface Eviction {
  pod: string;
  /** When the API server accepted its eviction. */
  acceptedSeconds: number;
  /** When the pod was gone (its grace period and shutdown over); null if it had not gone by the end. */
  goneSeconds: number | null;
  /** Accepted on the first try (not held by a budget). */
  atOnce: boolean;
}

export type NodeResult =
  /** Every pod to evict is gone. */
  | 'drained'
  /** A budget held it when the plan found it could go no further. */
  | 'stuck'
  /** The drain's filters refused pods: nothing was evicted. */
  | 'refused'
  /** An eviction failed, or the node could not be drained at all (`problem`). */
  | 'failed'
  /** Its --timeout ran out. */
  | 'timedOut'
  /** Never started: the drains before it did not finish. */
  | 'notStarted';

export interface NodePlan {
  name: string;
  result: NodeResult;
  /** Virtual seconds from the plan's start; null when it did not start or end. */
  startSeconds: number | null;
  endSeconds: number | null;
  /** When it became schedulable again (--nodes-return-after); null when it stays cordoned. */
  returnSeconds: number | null;
  /** namespace/name, in the order their evictions were accepted. */
  evicted: string[];
  evictions: Eviction[];
  held: HeldPod[];
  /** Pods the filters refuse (no controller without --force, emptyDir without --delete-emptydir-data, DaemonSet without --ignore-daemonsets). */
  refused: { pod: string; reason: string }[];
  /** Pods the filters leave alone (DaemonSet pods with --ignore-daemonsets, mirror pods). */
  skipped: { pod: string; reason: string }[];
  /** Pods evicted with kubectl's warning (their emptyDir data is lost, nothing recreates them). */
  warnings: { pod: string; message: string }[];
  /** Evictions that failed, with kubectl's error line. */
  failed: { pod: string; message: string }[];
  /** Why the drain could not start or went no further (node not found, its timeout). */
  problem?: string;
}

export interface PendingPod {
  pod: string;
  /** The scheduler's PodScheduled=False message. */
  message: string;
  /** Since when (virtual seconds; negative: before the plan). */
  sinceSeconds: number | null;
}

export type TimelineEntry =
  | { atSeconds: number; node: string; type: 'started' | 'drained' | 'uncordoned' | 'stuck' | 'refused' | 'failed' | 'timedOut' }
  | { atSeconds: number; node: string; type: 'evicted' | 'gone' | 'released'; pod: string }
  | { atSeconds: number; node: string; type: 'held'; pod: string; budget: string };

/** What the plan takes for granted: it says so, and flags tune it. */
export interface PlanAssumptions {
  /** How long a replacement takes to pull its image, become Ready, and to stop, when its annotations do not say (seconds). */
  podTimings: PodTimings;
  /** How long the disruption controller takes to update a budget after a change (seconds). */
  disruptionLatencySeconds: number;
  /** Virtual time after which a drain still running counts as stuck (seconds). */
  horizonSeconds: number;
  /** Drained nodes come back (uncordoned) this long after their drain; null: they stay cordoned. */
  nodesReturnAfterSeconds: number | null;
}

export interface OrderCandidate {
  order: string[];
  maxParallel: number;
  /** How the order was chosen: `given`, `heaviest first` (most requested CPU to move first), `lightest first`. */
  heuristic: string;
  verdict: PlanVerdict;
  durationSeconds: number;
}

export interface DrainPlan {
  verdict: PlanVerdict;
  /** When the last drain ended (or the plan found it stuck), in virtual seconds from the start. */
  durationSeconds: number;
  /** When the cluster had nothing more to do (replacements Ready, nodes returned), or the horizon. */
  settledSeconds: number;
  /** The nodes in the order drained, and how many at once. */
  order: string[];
  maxParallel: number;
  nodes: NodePlan[];
  /** Pods Pending at the end that were not Pending at the start (replacements with nowhere to go, mostly). */
  pending: PendingPod[];
  /** Pods already Pending in the snapshot and still Pending at the end (not counted against the plan). */
  pendingBefore: PendingPod[];
  /** For `completes-after-event`: the event after which every drain completes, and when they then would. */
  unblockedBy?: { event: PlanEvent; durationSeconds: number };
  /** The events tried on a copy of a stuck plan, and what each gave. */
  triedEvents: { event: PlanEvent; verdict: PlanVerdict; durationSeconds: number }[];
  /** With `--order best`: the orders and parallelisms simulated. */
  orderCandidates?: OrderCandidate[];
  timeline: TimelineEntry[];
  assumptions: PlanAssumptions;
  snapshot: PlanSnapshotSummary;
  /** Problems the simulator met in itself (a controller that failed); empty when all is well. */
  diagnostics: string[];
}

export interface PlanSnapshotSummary {
  /** Where the objects came from: a context, or manifests. */
  source: string;
  /** When they were read (the plan's time zero). */
  takenAt: string;
  /** Objects by kind. */
  counts: Record<string, number>;
  /** What was not listed or not simulated, and why. */
  skipped: string[];
}

/** One pod's eviction as the simulated API server answered it and what followed (its words in server/src/explain/plan.ts). */
export type { PlannedEvictionFacts as PlannedEviction, ReplacementFacts as Replacement } from '../../../../server/src/explain/plan';

/** Pods chosen one by one, evicted together on a copy of the cluster in virtual time. */
export interface EvictionsPlan {
  /** `completes`: every eviction accepted and the pods gone; `stuck`: a budget refuses one for good; `fails`: one fails. */
  verdict: Exclude<PlanVerdict, 'completes-after-event'>;
  durationSeconds: number;
  settledSeconds: number;
  /** In the order the pods were chosen. */
  evictions: PlannedEvictionFacts[];
  /** Pods Pending at the end that were not at the start (the replacements with nowhere to go, mostly). */
  pending: PendingPod[];
  assumptions: PlanAssumptions;
  snapshot: PlanSnapshotSummary;
  diagnostics: string[];
}
