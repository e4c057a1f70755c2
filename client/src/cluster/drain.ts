// Draining a node with kubectl's semantics (spec §4; kubectl/pkg/cmd/drain/drain.go
// RunDrain, kubectl/pkg/drain/drain.go GetPodsForDeletion, evictPods,
// waitForDelete): cordon first, list the node's pods, run the core's filter
// chain (any error fails the node before a single eviction), evict every pod
// at once, count a 404 as done, fail a pod on any other error, and wait for
// each evicted pod to be gone (404 or a new UID).
//
// With --disable-eviction the pods are deleted one after the other instead
// (deletePods), and budgets are not consulted. With several nodes (--selector)
// every node is cordoned first, then drained one at a time (RunDrain).
//
// Where it is safe we do better than kubectl: a 429 is retried as soon as
// the watched budget allows it (evictionRetry.ts) instead of after a blind
// 5 s; pods are watched for deletion instead of each being polled every
// second; a cancellation stops new evictions but lets the ones in flight
// finish, so the report says truthfully what was evicted.

import { setMaxListeners } from 'node:events';
import {
  daemonSetOwner,
  defaultDrainFilterOptions,
  drainMessages,
  filterPodsForDeletion,
  needsDaemonSetCheck,
  podDeleteErrors,
  podDeleteWarnings,
  type DaemonSetCheck,
  type DrainFilterOptions,
  type PodDelete,
} from '../../../server/src/k8s/drain';
import { pdbsForPod, predictEviction } from '../../../server/src/k8s/eviction';
import { parseSelector } from '../../../server/src/k8s/labels';
import type { Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import type { Cluster, ClusterApis } from './connection';
import { setUnschedulable, type CordonOutcome, type DryRunStrategy } from './cordon';
import { coveringBudgets, postEviction } from './evict';
import type { EvictionAnswer, PodRef } from './evictionAnswer';
import { EvictionRetries, defaultRetryTiming, type RetryPrediction, type RetryTiming } from './evictionRetry';
import { drainOutcome, evictionsOutcome } from '../../../server/src/explain/cluster';
import { explainEviction, explainFailure, type Explanation } from './explain';
import { apiAnswerOf, type ClusterFailure } from './failure';
import { Informer, defaultInformerTiming, type InformerSource, type InformerState, type InformerTiming } from './informer';
import { budgetsSource, podsSource } from './sources';
import type { Timer, Timers } from './timers';

export interface DrainOptions {
  /** `--force`: also evict pods that declare no controller. */
  force?: boolean;
  /** `--ignore-daemonsets`: leave DaemonSet-managed pods alone instead of failing. */
  ignoreDaemonSets?: boolean;
  /** `--delete-emptydir-data`: evict pods with emptyDir volumes (their data is lost). */
  deleteEmptyDirData?: boolean;
  /** `--pod-selector`: only the node's pods that match this label selector. */
  podSelector?: string;
  /** `--grace-period`; negative or absent: each pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
  /** `--timeout` in milliseconds for the evictions and the waits; 0 or absent: none. */
  timeoutMs?: number;
  /** `--dry-run`: `client` sends no write; `server` sends the cordon and evictions with dryRun=All. */
  dryRun?: DryRunStrategy;
  /** `--skip-wait-for-delete-timeout`: stop waiting for pods deleting for longer than this (0: never). */
  skipWaitForDeleteTimeoutSeconds?: number;
  /** `--disable-eviction`: DELETE each pod instead of evicting it; PodDisruptionBudgets are not consulted. */
  disableEviction?: boolean;
  /** `--chunk-size`: the node's pods are listed this many at a time (default 500; 0: all at once). */
  chunkSize?: number;
  onProgress?: (event: DrainEvent) => void;
  /** Called as each node's drain ends (with several nodes, before the next one's starts). */
  onNodeDone?: (report: DrainReport) => void;
  /** Cancels the drain: no new evictions, those in flight finish, the node stays cordoned. */
  signal?: AbortSignal;
  /** Retry and watch timing (tests shorten them). */
  timing?: Partial<DrainTiming>;
}

export type DrainTiming = RetryTiming & InformerTiming;

/** How a refused eviction will be retried. */
export type RetryPlan =
  /** When the budget (namespace/name) allows a disruption, or after `fallbackSeconds` at the latest. */
  | { when: 'budgetAllows'; pdb?: string; fallbackSeconds: number }
  /** After the server's Retry-After. */
  | { when: 'retryAfter'; seconds: number }
  /** Not retried: a server dry run changes nothing, so a refusal stays a refusal. */
  | { when: 'never' };

export type RetriableAnswer = Extract<EvictionAnswer, { kind: 'blocked' | 'stillProcessing' | 'throttled' }> | Extract<EvictionAnswer, { kind: 'forbidden' }>;

export type DrainEvent =
  | { type: 'cordoned'; node: string; changed: boolean; dryRun: DryRunStrategy }
  /** kubectl goes on draining after a failed cordon; so do we. */
  | { type: 'cordonFailed'; node: string; failure: ClusterFailure; explanation: Explanation }
  /** kubectl's `Warning: <msg>: ns/p1, ns/p2; …` text (without the prefix). */
  | { type: 'warning'; message: string }
  | { type: 'evicting'; pod: PodRef; attempt: number; dryRun: DryRunStrategy }
  /** `--disable-eviction`: the API server accepted the pod's DELETE. */
  | { type: 'deletionStarted'; pod: PodRef; dryRun: DryRunStrategy }
  | { type: 'blocked'; pod: PodRef; answer: RetriableAnswer; retry: RetryPlan; explanation: Explanation }
  /** The API server accepted the eviction (201); the pod terminates. */
  | { type: 'evicted'; pod: PodRef; dryRun: DryRunStrategy; answer?: EvictionAnswer }
  /** Waiting for the evicted pod to be deleted. */
  | { type: 'waiting'; pod: PodRef }
  /** The pod is deleted (kubectl's `pod/<name> evicted`); `alreadyGone` when the eviction itself answered 404. */
  | { type: 'gone'; pod: PodRef; alreadyGone: boolean; answer?: EvictionAnswer }
  /** `--skip-wait-for-delete-timeout`: no longer waited for. */
  | { type: 'skipped'; pod: PodRef; message: string }
  | { type: 'failed'; pod: PodRef; message: string; answer?: EvictionAnswer; explanation: Explanation };

export interface PodLeft {
  pod: PodRef;
  /** `blocked`: the last answer was a 429 (a budget, or the server's throttling); `failed`: an error ended its eviction. */
  reason: 'blocked' | 'failed';
  /** kubectl's error line for it, when there is one. */
  message: string;
  answer?: EvictionAnswer;
  explanation?: Explanation;
}

export interface DrainReport {
  node: string;
  /** `drained`: every pod to evict is gone (or accepted, in a server dry run). */
  result: 'drained' | 'failed' | 'timedOut' | 'cancelled';
  dryRun: DryRunStrategy;
  /** Whether the node is left unschedulable (false after a client dry run or a failed cordon). */
  cordoned: boolean;
  /** Why the drain could not proceed at all: the node is missing, the server unreachable, … */
  failure?: ClusterFailure;
  /** kubectl's `cannot delete …: ns/p` errors; when present nothing was evicted. */
  filterErrors: string[];
  /** kubectl's warning text (pods ignored or deleted with a warning); empty when none. */
  warnings: string;
  /** Pods deleted (or, in a server dry run, whose eviction was accepted). */
  evicted: PodRef[];
  /** Pods whose eviction was accepted but that were still terminating when the drain stopped or skipped them. */
  terminating: PodRef[];
  /** Pods not evicted, and why. */
  left: PodLeft[];
  /** kubectl's error lines, one per pod that failed or timed out. */
  errors: string[];
  /** Pods still on the node that a drain would evict (kubectl's `There are pending pods …` list). */
  pendingPods: PodRef[];
  /** What the drain did and left (or why it could not start), for the message that ends it. */
  explanation: Explanation;
}

/** kubectl drain's flags as the core's filter chain takes them. */
export function drainFilterOptions(options: Pick<DrainOptions, 'force' | 'ignoreDaemonSets' | 'deleteEmptyDirData' | 'skipWaitForDeleteTimeoutSeconds'>): DrainFilterOptions {
  return {
    force: !!options.force,
    ignoreAllDaemonSets: !!options.ignoreDaemonSets,
    deleteEmptyDirData: !!options.deleteEmptyDirData,
    skipWaitForDeleteTimeoutSeconds: options.skipWaitForDeleteTimeoutSeconds ?? 0,
  };
}

const refOf = (pod: Pod): PodRef => ({ namespace: pod.metadata?.namespace ?? 'default', name: pod.metadata?.name ?? '' });
const keyOf = (ref: PodRef) => `${ref.namespace}/${ref.name}`;

/** kubectl's podSkipMsgTemplate (kubectl/pkg/drain/drain.go). */
const skipMessage = (name: string, seconds: number) => `pod "${name}" has DeletionTimestamp older than ${seconds} seconds, skipping`;

/** kubectl's shouldSkipPod is the skipDeleted filter of the core's chain; ask the chain. */
function deletingLongerThan(pod: Pod, seconds: number, nowMs: number): boolean {
  if (seconds <= 0 || !pod.metadata?.deletionTimestamp) return false;
  const [decision] = filterPodsForDeletion([pod], { ...defaultDrainFilterOptions, force: true, skipWaitForDeleteTimeoutSeconds: seconds }, () => ({ exists: true }), nowMs);
  return decision.status.reason === 'Skip';
}

/** Failures after which nothing else can work: stop instead of trying every pod. */
const fatal = (f: ClusterFailure) => f.kind === 'unreachable' || f.kind === 'unauthorized' || f.kind === 'credentials' || f.kind === 'config' || f.kind === 'cancelled';

class DrainRun {
  private readonly dryRun: DryRunStrategy;
  private readonly timing: DrainTiming;
  private readonly filterOptions: DrainFilterOptions;
  /** Aborted by the caller's signal or the timeout: no new requests, waits end. */
  private readonly stop = new AbortController();
  /** Aborted when the drain returns: ends the watches. */
  private readonly life = new AbortController();
  private stopReason: 'cancelled' | 'timedOut' | 'lost' | undefined;
  /** Consecutive relists that failed because the cluster cannot be used (unreachable, credentials). */
  private lostRelists = 0;
  private readonly daemonSets = new Map<string, DaemonSetCheck>();
  private pods?: Informer<Pod>;
  private budgets?: Informer<PodDisruptionBudget>;
  private readonly retries: EvictionRetries;
  /** UID of each pod being evicted, and who waits for its deletion. */
  private readonly targets = new Map<string, { uid: string; gone?: (how: 'gone' | 'skipped') => void; skipTimer?: Timer }>();
  private readonly report: DrainReport;
  private readonly timers: Timers;

  constructor(
    private readonly cluster: Cluster,
    private readonly node: string,
    private readonly options: DrainOptions,
    /** Pods chosen one by one (evictPods): no cordon, no filters, only these. */
    private readonly chosen?: readonly PodRef[],
  ) {
    this.dryRun = options.dryRun ?? 'none';
    this.timers = cluster.timers;
    this.timing = { ...defaultRetryTiming, ...defaultInformerTiming, ...options.timing };
    this.filterOptions = drainFilterOptions(options);
    // One listener per pod waiting on them: hundreds on a big node, by design.
    setMaxListeners(0, this.stop.signal, this.life.signal);
    this.retries = new EvictionRetries({ predict: (ref) => this.predict(ref), watching: () => this.watching(), timers: this.timers }, this.timing);
    this.report = {
      node,
      result: 'failed',
      dryRun: this.dryRun,
      cordoned: false,
      filterErrors: [],
      warnings: '',
      evicted: [],
      terminating: [],
      left: [],
      errors: [],
      pendingPods: [],
      explanation: { summary: '', details: '' },
    };
  }

  private emit(event: DrainEvent): void {
    try {
      this.options.onProgress?.(event);
    } catch {
      // A failing progress callback must not break the drain.
    }
  }

  private halt(reason: 'cancelled' | 'timedOut' | 'lost'): void {
    this.stopReason ??= reason;
    this.stop.abort();
  }

  /**
   * kubectl fails a pod's wait on the first failed GET; a watch rides out a
   * blip instead, but gives up once the cluster has been unusable for this
   * many relists in a row, so a drain never hangs on a server that is gone.
   */
  private static readonly lostAfterRelists = 3;

  private watchState(state: InformerState, failure?: ClusterFailure): void {
    this.retries.watchingChanged();
    if (state !== 'retrying') return void (this.lostRelists = 0);
    if (!failure || !fatal(failure)) return;
    if (++this.lostRelists < DrainRun.lostAfterRelists) return;
    this.report.failure ??= failure;
    this.halt('lost');
  }

  async execute(): Promise<DrainReport> {
    const signal = this.options.signal;
    const onCancel = () => this.halt('cancelled');
    if (signal?.aborted) onCancel();
    signal?.addEventListener('abort', onCancel);
    try {
      await this.drain();
    } finally {
      signal?.removeEventListener('abort', onCancel);
      this.life.abort();
      for (const target of this.targets.values()) this.timers.clearTimeout(target.skipTimer);
    }
    const r = this.report;
    if (r.failure?.kind === 'cancelled' || this.stopReason === 'cancelled') r.result = 'cancelled';
    else if (this.stopReason === 'timedOut') r.result = 'timedOut';
    const facts = {
      node: r.node,
      result: r.result,
      dryRun: r.dryRun !== 'none',
      evicted: r.evicted.length,
      terminating: r.terminating.length,
      blocked: r.left.filter((l) => l.reason === 'blocked').length,
      failed: r.left.filter((l) => l.reason === 'failed').length,
      refusedByFilters: r.filterErrors.length > 0,
      cordoned: r.cordoned,
    };
    r.explanation = r.failure ? explainFailure(r.failure) : this.chosen ? evictionsOutcome(facts) : drainOutcome(facts);
    return r;
  }

  /**
   * The first step, which drainNodes takes for every node before draining
   * any: the pod selector's check, then the cordon. False when the drain of
   * this node cannot go on (the report says why).
   */
  async cordon(): Promise<boolean> {
    if (this.options.podSelector && !parseSelector(this.options.podSelector).ok) {
      this.report.failure = { kind: 'invalid', message: '--pod-selector=<pod_selector> must be a valid label selector' };
      return false;
    }
    const cordon = await setUnschedulable(this.cluster, this.node, true, { dryRun: this.dryRun, signal: this.options.signal });
    return this.cordoned(cordon);
  }

  private cordoned(cordon: CordonOutcome): boolean {
    if (cordon.kind !== 'done') {
      if (cordon.kind === 'notFound' || fatal(cordon)) {
        this.report.failure = cordon;
        return false;
      }
      this.emit({ type: 'cordonFailed', node: this.node, failure: cordon, explanation: cordon.explanation });
    } else {
      // A dry run leaves the node as it was.
      this.report.cordoned = this.dryRun === 'none' || !cordon.changed;
      this.emit({ type: 'cordoned', node: this.node, changed: cordon.changed, dryRun: this.dryRun });
    }
    return true;
  }

  private async drain(): Promise<void> {
    if (this.chosen) return this.evictChosen(this.chosen);
    if (this.report.failure) return;
    const labelSelector = this.options.podSelector || undefined;
    const reads = this.cluster.apis(this.stop.signal);

    this.pods = this.watchPods(podsSource({ nodeName: this.node, labelSelector, chunkSize: this.options.chunkSize }));
    const budgetsReady = this.dryRun === 'client' || this.options.disableEviction ? undefined : this.watchBudgets();
    const listed = await this.pods.start(this.life.signal);
    if (!listed.ok) return void (this.report.failure = listed.failure);

    const decisions = await this.filter(listed.items, reads);
    if (!decisions) return;
    const errors = podDeleteErrors(decisions);
    this.report.warnings = podDeleteWarnings(decisions);
    if (errors.length > 0) {
      this.report.filterErrors = errors;
      return;
    }
    if (this.report.warnings) this.emit({ type: 'warning', message: this.report.warnings });
    const toEvict = decisions.filter((d) => d.status.delete).map((d) => d.pod);

    if (this.dryRun === 'client') {
      for (const pod of toEvict) this.emit({ type: 'evicting', pod: refOf(pod), attempt: 1, dryRun: 'client' });
      this.report.result = 'drained';
      return;
    }
    await budgetsReady;
    await this.evictAll(toEvict);
    if (this.report.result !== 'drained') this.report.pendingPods = this.pending();
  }

  /** Every pod at once, each retried as its budget allows, until all are gone or the drain stops. */
  private async evictAll(toEvict: readonly Pod[]): Promise<void> {
    const timeout = this.options.timeoutMs ? this.timers.setTimeout(() => this.halt('timedOut'), this.options.timeoutMs) : undefined;
    try {
      for (const pod of toEvict) this.targets.set(keyOf(refOf(pod)), { uid: pod.metadata?.uid ?? '' });
      if (this.options.disableEviction) await this.deletePods(toEvict.map(refOf));
      else await Promise.all(toEvict.map((pod) => this.evict(pod)));
    } finally {
      this.timers.clearTimeout(timeout);
    }
    if (this.report.left.length === 0 && this.report.errors.length === 0 && !this.stopReason) this.report.result = 'drained';
  }

  /**
   * Pods chosen one by one, wherever they run: evicted as a drain evicts
   * (all at once, a refusal retried as soon as its budget allows), without
   * a cordon or the drain's filters. A chosen pod that is gone is sent all the
   * same: the API server's 404 says so.
   */
  private async evictChosen(chosen: readonly PodRef[]): Promise<void> {
    const namespaces = new Set(chosen.map((p) => p.namespace));
    this.pods = this.watchPods(podsSource(namespaces.size === 1 ? { namespace: [...namespaces][0] } : {}));
    const budgetsReady = this.watchBudgets();
    const listed = await this.pods.start(this.life.signal);
    if (!listed.ok) return void (this.report.failure = listed.failure);
    await budgetsReady;
    await this.evictAll(chosen.map((ref) => this.pods?.get(ref.namespace, ref.name) ?? { metadata: { namespace: ref.namespace, name: ref.name } }));
  }

  private watchPods(source: InformerSource<Pod>): Informer<Pod> {
    return new Informer(this.cluster, source, {
      modified: (pod) => this.podChanged(pod),
      deleted: (pod) => this.podDeleted(pod),
      state: (state, failure) => this.watchState(state, failure),
    }, this.timing);
  }

  /** The DaemonSet lookups kubectl makes (one GET per DaemonSet), then the core's filter chain. */
  private async filter(pods: readonly Pod[], apis: ClusterApis): Promise<PodDelete[] | undefined> {
    const owners = new Map<string, { namespace: string; name: string }>();
    for (const pod of pods) {
      const owner = needsDaemonSetCheck(pod) ? daemonSetOwner(pod) : undefined;
      if (owner) owners.set(`${owner.namespace}/${owner.name}`, owner);
    }
    let stopFailure: ClusterFailure | undefined;
    await Promise.all(
      [...owners].map(async ([key, { namespace, name }]) => {
        try {
          await apis.apps.readNamespacedDaemonSet({ name, namespace });
          this.daemonSets.set(key, { exists: true });
        } catch (err) {
          const failure = this.cluster.failureOf(err);
          if (fatal(failure)) stopFailure ??= failure;
          this.daemonSets.set(key, { exists: false, notFound: apiAnswerOf(err)?.code === 404, message: failure.message });
        }
      }),
    );
    if (stopFailure) {
      this.report.failure = stopFailure;
      return undefined;
    }
    return filterPodsForDeletion(pods, this.filterOptions, (pod) => this.daemonSetCheck(pod), this.timers.now());
  }

  private daemonSetCheck(pod: Pod): DaemonSetCheck {
    const owner = daemonSetOwner(pod);
    return (owner && this.daemonSets.get(`${owner.namespace}/${owner.name}`)) ?? { exists: true };
  }

  /** Pods on the node the drain would still evict, through the same filters (kubectl re-lists for this). */
  private pending(): PodRef[] {
    const pods = this.pods?.list() ?? [];
    return filterPodsForDeletion(pods, this.filterOptions, (pod) => this.daemonSetCheck(pod), this.timers.now())
      .filter((d) => d.status.delete)
      .map((d) => refOf(d.pod));
  }

  private async watchBudgets(): Promise<void> {
    const budgetKey = (pdb: PodDisruptionBudget) => `${pdb.metadata?.namespace ?? ''}/${pdb.metadata?.name ?? ''}`;
    const changed = (pdb: PodDisruptionBudget, allowed = pdb.status?.disruptionsAllowed ?? 0) => this.retries.budgetChanged(budgetKey(pdb), allowed, pdb.metadata?.namespace ?? '');
    const budgets = new Informer<PodDisruptionBudget>(this.cluster, budgetsSource, {
      added: (pdb) => changed(pdb),
      modified: (pdb) => changed(pdb),
      deleted: (pdb) => changed(pdb, 0),
      state: (state, failure) => this.watchState(state, failure),
    }, this.timing);
    // Without the budgets (no permission to list them cluster-wide) retries fall back to kubectl's fixed delay.
    const started = await budgets.start(this.life.signal);
    if (started.ok) {
      this.budgets = budgets;
    }
  }

  private watching(): boolean {
    return this.pods?.state === 'watching' && this.budgets?.state === 'watching';
  }

  private budgetsFor(ref: PodRef): PodDisruptionBudget[] | undefined {
    return this.budgets?.list().filter((p) => (p.metadata?.namespace ?? '') === ref.namespace);
  }

  private predict(ref: PodRef): RetryPrediction {
    const live = this.pods?.get(ref.namespace, ref.name);
    if (!live || live.metadata?.uid !== this.targets.get(keyOf(ref))?.uid) return { go: true };
    const budgets = this.budgetsFor(ref);
    if (!budgets) return { go: 'unknown' };
    const prediction = predictEviction(ref.name, live, budgets, this.timers.now());
    if (prediction.code !== 201) return { go: false };
    return { go: true, budget: prediction.why === 'allowed' && prediction.pdb ? `${ref.namespace}/${prediction.pdb.metadata?.name ?? ''}` : undefined };
  }

  private podChanged(pod: Pod): void {
    const ref = refOf(pod);
    this.retries.podChanged(ref);
    const target = this.targets.get(keyOf(ref));
    if (target?.gone && target.uid === pod.metadata?.uid) this.scheduleSkip(pod, target);
  }

  private podDeleted(pod: Pod): void {
    const ref = refOf(pod);
    const target = this.targets.get(keyOf(ref));
    if (target?.uid === pod.metadata?.uid) target?.gone?.('gone');
    this.retries.podChanged(ref);
  }

  /** `--skip-wait-for-delete-timeout`: check again once the pod has been deleting for that long. */
  private scheduleSkip(pod: Pod, target: { gone?: (how: 'gone' | 'skipped') => void; skipTimer?: Timer }): void {
    const seconds = this.filterOptions.skipWaitForDeleteTimeoutSeconds;
    const deletion = pod.metadata?.deletionTimestamp;
    if (seconds <= 0 || !deletion) return;
    this.timers.clearTimeout(target.skipTimer);
    const check = () => {
      const live = this.pods?.get(pod.metadata?.namespace, pod.metadata?.name ?? '');
      if (live && live.metadata?.uid === pod.metadata?.uid && deletingLongerThan(live, seconds, this.timers.now())) target.gone?.('skipped');
    };
    const due = Date.parse(deletion) + (seconds + 1) * 1000 - this.timers.now();
    if (due <= 0) check();
    else target.skipTimer = this.timers.setTimeout(check, due);
  }

  /** Wait until the pod is deleted (or replaced by a new UID), skipped, or the drain stops. */
  private waitGone(ref: PodRef): Promise<'gone' | 'skipped' | 'stopped'> {
    const target = this.targets.get(keyOf(ref))!;
    const live = this.pods?.get(ref.namespace, ref.name);
    if (!live || live.metadata?.uid !== target.uid) return Promise.resolve('gone');
    return new Promise((resolve) => {
      const stopped = () => finish('stopped');
      const finish = (how: 'gone' | 'skipped' | 'stopped') => {
        target.gone = undefined;
        this.timers.clearTimeout(target.skipTimer);
        this.stop.signal.removeEventListener('abort', stopped);
        resolve(how);
      };
      if (this.stop.signal.aborted) return finish('stopped');
      this.stop.signal.addEventListener('abort', stopped);
      target.gone = finish;
      this.scheduleSkip(live, target);
    });
  }

  private leave(ref: PodRef, reason: PodLeft['reason'], message: string, answer?: EvictionAnswer): void {
    const explanation = answer ? explainEviction(answer) : undefined;
    this.report.left.push({ pod: ref, reason, message, ...(answer ? { answer } : {}), ...(explanation ? { explanation } : {}) });
    this.report.errors.push(message);
  }

  private stoppedMessage(ref: PodRef, waiting: boolean): string {
    if (this.stopReason === 'timedOut') {
      return waiting ? drainMessages.waitTimeout(ref.name, ref.namespace) : drainMessages.globalTimeout(ref.name, ref.namespace, this.options.timeoutMs ?? 0);
    }
    const cause = this.stopReason === 'lost' && this.report.failure ? this.report.failure.message : 'drain cancelled';
    // kubectl's wait error with another cause than its deadline.
    return waiting ? drainMessages.waitTimeout(ref.name, ref.namespace).replace(/context deadline exceeded$/, cause) : drainMessages.evictionError(ref.name, ref.namespace, cause);
  }

  private retryPlan(answer: RetriableAnswer): RetryPlan {
    if (this.dryRun === 'server') return { when: 'never' };
    const retryAfter = 'retryAfterSeconds' in answer ? answer.retryAfterSeconds : undefined;
    if (answer.kind === 'blocked') {
      return { when: 'budgetAllows', pdb: `${answer.pdb.name}`, fallbackSeconds: (this.watching() ? this.timing.watchedRetryMs : this.timing.blindRetryMs) / 1000 };
    }
    return { when: 'retryAfter', seconds: retryAfter || this.timing.blindRetryMs / 1000 };
  }

  /** One pod: kubectl's per-pod loop, with budget-aware retries. */
  private async evict(pod: Pod): Promise<void> {
    const ref = refOf(pod);
    // Evictions in flight are never aborted: their answers decide what the report says.
    const writes = this.cluster.apis();
    let lastAnswer: EvictionAnswer | undefined;
    for (let attempt = 1; ; attempt++) {
      if (this.stop.signal.aborted) {
        const reason = lastAnswer && lastAnswer.code === 429 ? 'blocked' : 'failed';
        return this.leave(ref, reason, this.stoppedMessage(ref, false), lastAnswer);
      }
      this.emit({ type: 'evicting', pod: ref, attempt, dryRun: this.dryRun });
      const attemptedAt = this.timers.now();
      const answer = await postEviction(
        this.cluster,
        writes,
        ref,
        { dryRun: this.dryRun === 'server', gracePeriodSeconds: this.options.gracePeriodSeconds },
        () => this.covering(ref, pod, writes),
      );
      lastAnswer = answer;
      switch (answer.kind) {
        case 'evicted':
          this.emit({ type: 'evicted', pod: ref, dryRun: this.dryRun, answer });
          if (this.dryRun === 'server') return void this.report.evicted.push(ref);
          return this.awaitDeletion(ref);
        case 'notFound':
          this.report.evicted.push(ref);
          return this.emit({ type: 'gone', pod: ref, alreadyGone: true, answer });
        case 'blocked':
        case 'stillProcessing':
        case 'throttled': {
          const retry = this.retryPlan(answer);
          this.emit({ type: 'blocked', pod: ref, answer, retry, explanation: explainEviction(answer) });
          if (retry.when === 'never') return this.leave(ref, 'blocked', drainMessages.evictionError(ref.name, ref.namespace, answer.message), answer);
          await this.retries.wait(ref, attemptedAt, answer.kind === 'blocked' ? undefined : answer.retryAfterSeconds, this.stop.signal);
          continue;
        }
        case 'forbidden':
          if (answer.status?.details?.causes?.some((c) => c.reason === 'NamespaceTerminating')) {
            // kubectl: a pod already terminating in a terminating namespace is waited for; others are retried.
            if (this.pods?.get(ref.namespace, ref.name)?.metadata?.deletionTimestamp) return this.awaitDeletion(ref, false);
            this.emit({ type: 'blocked', pod: ref, answer, retry: this.retryPlan(answer), explanation: explainEviction(answer) });
            await this.retries.wait(ref, attemptedAt, this.timing.blindRetryMs / 1000, this.stop.signal);
            continue;
          }
          return this.fail(ref, answer);
        default:
          return this.fail(ref, answer);
      }
    }
  }

  /**
   * `--disable-eviction` (kubectl's deletePods): a DELETE for each pod in
   * turn, a missing pod counting as deleted and any other error ending the
   * drain of the node with that error; then the wait for all of them.
   */
  private async deletePods(refs: readonly PodRef[]): Promise<void> {
    const writes = this.cluster.apis();
    for (const [i, ref] of refs.entries()) {
      if (this.stop.signal.aborted) {
        for (const left of refs.slice(i)) this.leave(left, 'failed', this.stoppedMessage(left, false));
        return;
      }
      try {
        await writes.core.deleteNamespacedPod({
          name: ref.name,
          namespace: ref.namespace,
          ...(this.dryRun === 'server' ? { dryRun: 'All' } : {}),
          body: { ...((this.options.gracePeriodSeconds ?? -1) >= 0 ? { gracePeriodSeconds: this.options.gracePeriodSeconds } : {}) },
        });
      } catch (err) {
        if (apiAnswerOf(err)?.code !== 404) {
          const failure = this.cluster.failureOf(err);
          if (fatal(failure)) this.report.failure ??= failure;
          // kubectl stops at the first failed DELETE, with its error for the node; the pods after it stay.
          for (const left of refs.slice(i)) this.report.left.push({ pod: left, reason: 'failed', message: failure.message });
          this.report.errors.push(failure.message);
          return;
        }
      }
      this.emit({ type: 'deletionStarted', pod: ref, dryRun: this.dryRun });
    }
    if (this.dryRun === 'server') return void this.report.evicted.push(...refs);
    await Promise.all(refs.map((ref) => this.awaitDeletion(ref, false)));
  }

  private fail(ref: PodRef, answer: EvictionAnswer): void {
    const message = drainMessages.evictionError(ref.name, ref.namespace, answer.message);
    this.leave(ref, 'failed', message, answer);
    this.emit({ type: 'failed', pod: ref, message, answer, explanation: explainEviction(answer) });
  }

  private async awaitDeletion(ref: PodRef, announce = true): Promise<void> {
    if (announce) this.emit({ type: 'waiting', pod: ref });
    const how = await this.waitGone(ref);
    if (how === 'gone') {
      this.report.evicted.push(ref);
      return this.emit({ type: 'gone', pod: ref, alreadyGone: false });
    }
    this.report.terminating.push(ref);
    if (how === 'skipped') return this.emit({ type: 'skipped', pod: ref, message: skipMessage(ref.name, this.filterOptions.skipWaitForDeleteTimeoutSeconds) });
    if (this.stopReason !== 'cancelled') this.report.errors.push(this.stoppedMessage(ref, true));
  }

  /** The budgets over a pod, from the watched copy, or by listing when budgets are not watched. */
  private covering(ref: PodRef, pod: Pod, apis: ClusterApis): readonly PodDisruptionBudget[] | Promise<PodDisruptionBudget[] | undefined> | undefined {
    const budgets = this.budgetsFor(ref);
    if (!budgets) return coveringBudgets(apis, ref);
    return pdbsForPod(this.pods?.get(ref.namespace, ref.name) ?? pod, budgets);
  }
}

/**
 * Drain a node. Never rejects: the report says what was evicted, what was
 * left and why, and whether the node is cordoned. Progress arrives through
 * `options.onProgress`; `options.signal` cancels.
 */
export async function drainNode(cluster: Cluster, node: string, options: DrainOptions = {}): Promise<DrainReport> {
  const [report] = await drainNodes(cluster, [node], options);
  return report;
}

/**
 * Drain several nodes as kubectl drain does with `--selector`: every node is
 * cordoned first, then each is drained in turn; one that fails does not stop
 * the others. One report per node, in order.
 */
export async function drainNodes(cluster: Cluster, nodes: readonly string[], options: DrainOptions = {}): Promise<DrainReport[]> {
  const runs = nodes.map((node) => new DrainRun(cluster, node, options));
  for (const run of runs) await run.cordon();
  const reports: DrainReport[] = [];
  for (const run of runs) {
    const report = await run.execute();
    reports.push(report);
    options.onNodeDone?.(report);
  }
  return reports;
}

/** What evictPods may be told: a drain's options less those about a node and its filters. */
export type EvictPodsOptions = Pick<DrainOptions, 'gracePeriodSeconds' | 'timeoutMs' | 'onProgress' | 'signal' | 'timing'> & { dryRun?: 'none' | 'server' };

/**
 * Evict these pods as a drain evicts a node's: all at once, a refusal by a
 * budget retried as soon as the budget allows it, each evicted pod waited
 * for until it is gone (a server dry run: until accepted). Never rejects;
 * the report (`node` empty, nothing cordoned) says what each pod met.
 */
export function evictPods(cluster: Cluster, pods: readonly PodRef[], options: EvictPodsOptions = {}): Promise<DrainReport> {
  return new DrainRun(cluster, '', options, pods).execute();
}
