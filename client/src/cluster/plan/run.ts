// One simulation: the snapshot loaded into a simulator, the product's own
// drainNode run against it (real client-node, the sandbox's REST face, in
// process) for each node in order, up to `maxParallel` at once, on virtual
// time; or its evictPods, for pods chosen one by one. Time moves only when everything has settled, to the next timer due.
// The run ends when every drain has ended, or when the drains left can go
// no further: the simulator has nothing pending that could change anything
// (no timer of its own, no planned event) and a round of the drains' own
// retries changed nothing, or the horizon is reached. What each drain did
// is read from its progress events and the simulator's state.

import { whyNoDisruption } from '../../../../server/src/k8s/disruptionHold';
import { daemonSetOwner, filterPodsForDeletion } from '../../../../server/src/k8s/drain';
import { parseSelector, selectorMatches } from '../../../../server/src/k8s/labels';
import { getCondition, podKey } from '../../../../server/src/k8s/pods';
import { nodeAllocatable, nodeUsage } from '../../../../server/src/k8s/scheduling';
import type { KubeObject, Node, Pod, PodDisruptionBudget } from '../../../../server/src/k8s/types';
import { serveInProcess } from '../../../../server/src/sandbox/inProcess';
import type { SimCluster } from '../../../../server/src/sim/cluster';
import { holdSummary } from '../../../../server/src/explain/plan';
import { uncordonNode } from '../cordon';
import { drainFilterOptions, drainNode, evictPods, type DrainEvent, type DrainOptions, type DrainReport } from '../drain';
import type { PodRef } from '../evictionAnswer';
import { defaultRetryTiming } from '../evictionRetry';
import { openSimulatedCluster } from './simulated';
import { simulatedClusterOf, summarize, type PlanSnapshot } from './snapshot';
import type { HeldPod, NodePlan, PendingPod, PlanAssumptions, PlanEvent, PlanSnapshotSummary, PlanVerdict, TimelineEntry } from './types';
import { VirtualTimeDriver, VirtualTimers } from './virtualTime';

/** The drain's flags a plan takes (a plan is itself the dry run). */
export type PlanDrainOptions = Pick<DrainOptions, 'force' | 'ignoreDaemonSets' | 'deleteEmptyDirData' | 'podSelector' | 'gracePeriodSeconds' | 'timeoutMs' | 'skipWaitForDeleteTimeoutSeconds' | 'disableEviction'>;

export interface PlanSettings {
  drain: PlanDrainOptions;
  assumptions: PlanAssumptions;
}

export interface RunScript {
  order: readonly string[];
  maxParallel: number;
  /** Events to play (an uncordon at a time), besides the nodes' own returns. */
  events: readonly PlanEvent[];
  /** Instead of draining nodes, evict these pods as evictPods does (the one entry of `order` names the run). */
  evict?: readonly PodRef[];
}

export interface RunControl {
  signal?: AbortSignal;
  /** Called as virtual time moves (seconds since the start). */
  onTime?: (seconds: number) => void;
  /** Each progress event of the drains (or evictions), at its virtual second. */
  onEvent?: (event: DrainEvent, seconds: number) => void;
  /** The simulator as the run starts on it. */
  atStart?: (sim: SimCluster) => void;
  /** The simulator as the run leaves it, and its time zero, before the run's connections close. */
  atEnd?: (sim: SimCluster, startMs: number) => void;
}

/** A cordoned node that might take the pods a stuck drain waits for, if it came back. */
export interface UncordonCandidate {
  node: string;
  /** Drained earlier in this plan (rather than cordoned before it). */
  drainedHere: boolean;
  /** Allocatable CPU left on it, in millicores. */
  freeMilliCPU: number;
}

export interface RunOutcome {
  verdict: Exclude<PlanVerdict, 'completes-after-event'>;
  durationSeconds: number;
  settledSeconds: number;
  nodes: NodePlan[];
  pending: PendingPod[];
  pendingBefore: PendingPod[];
  timeline: TimelineEntry[];
  /** When the drains left were found to go no further (seconds), and the nodes that could be uncordoned then. */
  stuck?: { atSeconds: number; candidates: UncordonCandidate[] };
  snapshot: PlanSnapshotSummary;
  diagnostics: string[];
  cancelled: boolean;
}

/**
 * A full round of the drains' own retries (the longest fallback of a held
 * eviction): quiet for this long with nothing changed, every held pod has
 * been tried again in vain.
 */
const retryRoundMs = defaultRetryTiming.watchedRetryMs;

/** How long after the last drain the cluster may still settle (replacements starting) before the run ends. */
const settleLimitMs = 10 * 60_000;

function emptyNodePlan(name: string): NodePlan {
  return { name, result: 'notStarted', startSeconds: null, endSeconds: null, returnSeconds: null, evicted: [], evictions: [], held: [], refused: [], skipped: [], warnings: [], failed: [] };
}

/** The plan's view of one node's drain: its progress events, in virtual seconds, with the budgets' state at each hold. */
class NodeRecorder {
  readonly plan: NodePlan;
  private readonly open = new Map<string, HeldPod>();

  constructor(
    name: string,
    private readonly sim: SimCluster,
    private readonly seconds: () => number,
    private readonly timeline: TimelineEntry[],
    private readonly drain: PlanDrainOptions,
  ) {
    this.plan = emptyNodePlan(name);
  }

  started(): void {
    this.plan.startSeconds = this.seconds();
    this.timeline.push({ atSeconds: this.seconds(), node: this.plan.name, type: 'started' });
  }

  on(event: DrainEvent): void {
    const at = this.seconds();
    const node = this.plan.name;
    switch (event.type) {
      case 'cordoned':
      case 'cordonFailed':
        return this.classify();
      case 'blocked': {
        if (event.answer.kind !== 'blocked' && event.answer.kind !== 'stillProcessing') return;
        const pod = `${event.pod.namespace}/${event.pod.name}`;
        const budget = event.answer.pdb.name;
        const hold = this.holdOf(event.pod.namespace, budget);
        const held = this.open.get(pod);
        if (held) return void Object.assign(held, { budget, hold, cause: holdSummary(hold) });
        const entry: HeldPod = { pod, budget, fromSeconds: at, toSeconds: null, cause: holdSummary(hold), hold };
        this.open.set(pod, entry);
        this.plan.held.push(entry);
        this.timeline.push({ atSeconds: at, node, type: 'held', pod, budget });
        return;
      }
      // --disable-eviction: a DELETE accepted is the eviction of this drain, budgets unasked.
      case 'deletionStarted':
      case 'evicted': {
        const pod = `${event.pod.namespace}/${event.pod.name}`;
        const held = this.open.get(pod);
        if (held) {
          held.toSeconds = at;
          this.open.delete(pod);
          this.timeline.push({ atSeconds: at, node, type: 'released', pod });
        }
        this.plan.evicted.push(pod);
        this.plan.evictions.push({ pod, acceptedSeconds: at, goneSeconds: null, atOnce: !held });
        this.timeline.push({ atSeconds: at, node, type: 'evicted', pod });
        return;
      }
      case 'gone': {
        const pod = `${event.pod.namespace}/${event.pod.name}`;
        const eviction = this.plan.evictions.find((e) => e.pod === pod);
        if (eviction) eviction.goneSeconds = at;
        else {
          // Gone before its eviction was accepted (404): counted as evicted, as kubectl does.
          this.plan.evicted.push(pod);
          this.plan.evictions.push({ pod, acceptedSeconds: at, goneSeconds: at, atOnce: true });
        }
        this.timeline.push({ atSeconds: at, node, type: 'gone', pod });
        return;
      }
      case 'failed':
        this.plan.failed.push({ pod: `${event.pod.namespace}/${event.pod.name}`, message: event.message });
        return;
      default:
        return;
    }
  }

  /** The budget as the simulator holds it now, and why it allows nothing. */
  private holdOf(namespace: string, budget: string) {
    const got = this.sim.get('poddisruptionbudgets', namespace, budget);
    const pdb = (got.ok ? got.value : { metadata: { name: budget, namespace } }) as PodDisruptionBudget;
    return whyNoDisruption(pdb, this.sim.list('pods', namespace) as Pod[]);
  }

  /**
   * Which pods the drain's filters skip, refuse or warn about: the core's
   * own filter chain (the drain's) over the pods on the node as the drain
   * lists them, right after its cordon.
   */
  private classify(): void {
    const selector = this.drain.podSelector ? parseSelector(this.drain.podSelector) : undefined;
    const pods = this.sim.list('pods', undefined, (p) => (p as Pod).spec?.nodeName === this.plan.name && (!selector?.ok || selectorMatches(selector.selector, p.metadata?.labels))) as Pod[];
    const decisions = filterPodsForDeletion(
      pods,
      drainFilterOptions(this.drain),
      (pod) => {
        const owner = daemonSetOwner(pod);
        const ds = owner && this.sim.get('daemonsets', owner.namespace, owner.name);
        return !ds || ds.ok ? { exists: true } : { exists: false, notFound: ds.status.code === 404, message: ds.status.message ?? '' };
      },
      this.sim.now(),
    );
    for (const { pod, status } of decisions) {
      const name = podKey(pod);
      if (status.reason === 'Error') this.plan.refused.push({ pod: name, reason: status.message ?? '' });
      else if (!status.delete) this.plan.skipped.push({ pod: name, reason: status.message ?? (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined ? 'mirror pod' : 'deleting for longer than --skip-wait-for-delete-timeout') });
      else if (status.reason === 'Warning') this.plan.warnings.push({ pod: name, message: status.message ?? '' });
    }
  }

  finished(report: DrainReport, stopped: 'stuck' | 'cancelled' | undefined): void {
    const at = this.seconds();
    this.plan.endSeconds = at;
    if (report.failure && report.failure.kind !== 'cancelled') this.plan.problem = report.failure.message;
    this.plan.result =
      report.result === 'drained'
        ? 'drained'
        : report.filterErrors.length > 0
          ? 'refused'
          : report.result === 'timedOut'
            ? 'timedOut'
            : report.result === 'cancelled' && stopped
              ? 'stuck'
              : 'failed';
    if (this.plan.result === 'timedOut') this.plan.problem ??= 'its --timeout ran out';
    if (this.plan.result !== 'drained') this.plan.endSeconds = this.plan.result === 'stuck' ? null : at;
    this.timeline.push({ atSeconds: at, node: this.plan.name, type: this.plan.result === 'drained' ? 'drained' : this.plan.result === 'stuck' ? 'stuck' : this.plan.result === 'refused' ? 'refused' : this.plan.result === 'timedOut' ? 'timedOut' : 'failed' });
  }

  /** Holds still open at the end: their cause as the cluster has it then. */
  closeHolds(): void {
    for (const held of this.open.values()) {
      held.hold = this.holdOf(held.pod.split('/')[0]!, held.budget);
      held.cause = holdSummary(held.hold);
    }
  }

  get holding(): boolean {
    return this.open.size > 0;
  }
}

/** Pods no node is bound to, that the scheduler could not place: the scheduler's message and since when. */
function pendingPods(sim: SimCluster, start: number): Map<string, PendingPod & { uid: string }> {
  const found = new Map<string, PendingPod & { uid: string }>();
  const unbound = (o: KubeObject) => {
    const pod = o as Pod;
    return !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && (pod.status?.phase ?? 'Pending') === 'Pending';
  };
  for (const pod of sim.list('pods', undefined, unbound) as Pod[]) {
    const scheduled = getCondition(pod, 'PodScheduled');
    const since = Date.parse(scheduled?.lastTransitionTime ?? '');
    found.set(podKey(pod), {
      pod: podKey(pod),
      uid: pod.metadata?.uid ?? '',
      message: scheduled?.status === 'False' ? (scheduled.message ?? '') : 'not yet scheduled',
      sinceSeconds: Number.isNaN(since) ? null : (since - start) / 1000,
    });
  }
  return found;
}

/** Cordoned nodes that are not being drained, roomiest first, the plan's own drained ones before the rest. */
function uncordonCandidates(sim: SimCluster, draining: ReadonlySet<string>, drainedHere: ReadonlySet<string>): UncordonCandidate[] {
  const pods = sim.list('pods') as Pod[];
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) if (p.spec?.nodeName) byNode.set(p.spec.nodeName, [...(byNode.get(p.spec.nodeName) ?? []), p]);
  return (sim.list('nodes') as Node[])
    .filter((n) => n.spec?.unschedulable && !draining.has(n.metadata?.name ?? ''))
    .map((n) => {
      const name = n.metadata?.name ?? '';
      return { node: name, drainedHere: drainedHere.has(name), freeMilliCPU: nodeAllocatable(n).milliCPU - nodeUsage(byNode.get(name) ?? []).milliCPU };
    })
    .sort((a, b) => Number(b.drainedHere) - Number(a.drainedHere) || b.freeMilliCPU - a.freeMilliCPU || a.node.localeCompare(b.node));
}

/** Play the drains of `script` on a simulator loaded with `snapshot`. */
export async function simulateDrains(snapshot: PlanSnapshot, settings: PlanSettings, script: RunScript, control: RunControl = {}): Promise<RunOutcome> {
  const { assumptions } = settings;
  const { sim, skipped } = simulatedClusterOf(snapshot, {
    podTimings: assumptions.podTimings,
    disruptionLatencyMs: assumptions.disruptionLatencySeconds * 1000,
  });
  const start = sim.now();
  control.atStart?.(sim);
  const seconds = () => (sim.now() - start) / 1000;
  const served = serveInProcess(sim);
  const timers = new VirtualTimers(sim.clock);
  const driver = new VirtualTimeDriver(sim, served, timers);
  const cluster = openSimulatedCluster(served, timers);
  const timeline: TimelineEntry[] = [];
  const before = pendingPods(sim, start);
  const recorders = new Map(script.order.map((node) => [node, new NodeRecorder(node, sim, seconds, timeline, settings.drain)]));
  const queue = [...script.order];
  const running = new Map<string, AbortController>();
  const drainedHere = new Set<string>();
  let stopping: 'stuck' | 'cancelled' | undefined;
  let lastDrainEnd = 0;
  let eventsPending = 0;

  const uncordon = (node: string, returned?: NodePlan) => {
    eventsPending++;
    timers.setTimeout(() => {
      void uncordonNode(cluster, node).then((outcome) => {
        eventsPending--;
        if (outcome.kind !== 'done') return;
        if (returned) returned.returnSeconds = seconds();
        timeline.push({ atSeconds: seconds(), node, type: 'uncordoned' });
      });
    }, 0);
  };

  const startDrains = () => {
    while (!stopping && running.size < script.maxParallel && queue.length > 0) {
      const node = queue.shift()!;
      const recorder = recorders.get(node)!;
      const abort = new AbortController();
      running.set(node, abort);
      recorder.started();
      const onProgress = (e: DrainEvent) => {
        recorder.on(e);
        control.onEvent?.(e, seconds());
      };
      const { gracePeriodSeconds, timeoutMs } = settings.drain;
      const run = script.evict
        ? evictPods(cluster, script.evict, { gracePeriodSeconds, timeoutMs, signal: abort.signal, onProgress })
        : drainNode(cluster, node, { ...settings.drain, signal: abort.signal, onProgress });
      void run.then((report) => {
        running.delete(node);
        recorder.finished(report, stopping);
        lastDrainEnd = seconds();
        if (report.result === 'drained') {
          drainedHere.add(node);
          if (assumptions.nodesReturnAfterSeconds !== null) {
            eventsPending++;
            timers.setTimeout(() => {
              eventsPending--;
              uncordon(node, recorder.plan);
            }, assumptions.nodesReturnAfterSeconds * 1000);
          }
        }
        startDrains();
      });
    }
  };

  for (const event of script.events) {
    eventsPending++;
    timers.setTimeout(() => {
      eventsPending--;
      uncordon(event.node);
    }, Math.max(0, event.atSeconds * 1000 - (sim.now() - start)));
  }
  startDrains();

  const horizon = start + assumptions.horizonSeconds * 1000;
  let quiet: { rv: string; at: number } | undefined;
  let stuck: RunOutcome['stuck'];
  const stop = async (why: 'stuck' | 'cancelled') => {
    stopping = why;
    for (const abort of running.values()) abort.abort();
    // A cancelled drain lets its requests in flight finish; none waits on time, but time may move if one does.
    for (let rounds = 0; running.size > 0 && rounds < 100; rounds++) {
      await driver.settle();
      const next = driver.nextDueAt();
      if (running.size > 0 && next !== undefined) driver.advanceTo(next);
    }
  };

  for (;;) {
    await driver.settle();
    if (running.size === 0 && queue.length === 0) break;
    if (control.signal?.aborted) {
      await stop('cancelled');
      break;
    }
    const next = driver.nextDueAt();
    // Nothing of the simulator's own is pending: it cannot change anything by itself.
    if (driver.simulatorTimers() === 0 && eventsPending === 0) {
      const rv = sim.resourceVersion();
      if (next === undefined || (quiet?.rv === rv && sim.now() - quiet.at >= retryRoundMs)) {
        stuck = { atSeconds: ((quiet?.at ?? sim.now()) - start) / 1000, candidates: uncordonCandidates(sim, new Set(running.keys()), drainedHere) };
        await stop('stuck');
        break;
      }
      if (quiet?.rv !== rv) quiet = { rv, at: sim.now() };
    } else {
      quiet = undefined;
    }
    if (next === undefined || next > horizon) {
      stuck = { atSeconds: (horizon - start) / 1000, candidates: uncordonCandidates(sim, new Set(running.keys()), drainedHere) };
      await stop('stuck');
      break;
    }
    driver.advanceTo(next);
    control.onTime?.(seconds());
  }
  const durationSeconds = stuck ? stuck.atSeconds : lastDrainEnd;

  // Let the cluster finish what the drains started (replacements starting, nodes returning).
  const settleUntil = Math.min(horizon, sim.now() + settleLimitMs);
  for (let next = driver.nextDueAt(); !control.signal?.aborted && next !== undefined && next <= settleUntil; next = driver.nextDueAt()) {
    driver.advanceTo(next);
    await driver.settle();
  }
  for (const recorder of recorders.values()) recorder.closeHolds();

  const after = pendingPods(sim, start);
  const pending: PendingPod[] = [];
  const pendingBefore: PendingPod[] = [];
  for (const [key, p] of after) {
    const { uid, ...shown } = p;
    if (before.get(key)?.uid === uid) pendingBefore.push(shown);
    else pending.push(shown);
  }
  const nodes = [...recorders.values()].map((r) => r.plan);
  const failedNode = nodes.some((n) => n.result === 'failed' || n.result === 'refused' || (n.result === 'timedOut' && n.held.every((h) => h.toSeconds !== null)));
  const stuckNode = nodes.some((n) => n.result === 'stuck' || n.result === 'timedOut');
  const settledSeconds = seconds();
  control.atEnd?.(sim, start);
  served.close();
  cluster.close();
  return {
    verdict: failedNode ? 'fails' : stuckNode ? 'stuck' : 'completes',
    durationSeconds,
    settledSeconds,
    nodes,
    pending,
    pendingBefore,
    timeline,
    ...(stuck ? { stuck } : {}),
    snapshot: summarize(snapshot, skipped),
    diagnostics: [...sim.diagnostics],
    cancelled: stopping === 'cancelled',
  };
}
