// The disruption controller: keeps every PodDisruptionBudget's status in
// step with its pods, using the core's sync (expectedPods, desiredHealthy,
// currentHealthy, disruptionsAllowed, disruptedPods expiry, failSafe), and
// resets DisruptionTarget conditions left on pods that were never deleted.
// It reacts to a change a little later, as the real one does through its
// informers and work queue: until then an eviction meets the status the
// controller last wrote (spec §8 case 19 B's "has 3", and the "still being
// processed" 429 after a spec change). Like the real one it hears only pods
// and budgets (the workload informers are listers): a pod's change queues the
// first budget over it, and a pod under several gets the
// MultiplePodDisruptionBudgets warning.
// Source: pkg/controller/disruption/disruption.go (NewDisruptionControllerInternal, addPod, getPdbForPod, trySync).

import { labelSelectorGoString } from '../../k8s/labels';
import { pdbSelectsPod, scaleFinderFor, syncDisruptionBudget, type ScaleFinder } from '../../k8s/pdb';
import { getCondition, isPodTerminal } from '../../k8s/pods';
import { rfc3339 } from '../../k8s/time';
import type { KubeObject, Pod, PodDisruptionBudget } from '../../k8s/types';
import { goQuote } from '../../k8s/validation';
import type { Controller, SimContext } from '../context';
import { knobs, knobSeconds } from '../knobs';
import { objectKey, resourceOfKind, splitKey } from '../objects';
import type { Change } from '../store';
import { DelayedWorkQueue } from './queue';

/** How long a DisruptionTarget condition may stay on a pod that is not being deleted (DeletionTimeout). */
export const stalePodDisruptionTimeoutMs = 2 * 60 * 1000;

/**
 * How long the controller takes to react to a change, by default. On a real
 * cluster the write reaches kube-controller-manager as a watch event (the
 * API server's watch cache, then the informer: a few milliseconds), the key
 * waits in the work queue behind other budgets' syncs, and the status PUT
 * goes through the controller manager's client rate limit (--kube-api-qps
 * 20, burst 30), which a drain's burst of pod changes fills: tens to a few
 * hundred milliseconds in all. 100 ms is the middle of that range, and wide
 * enough that requests a client sends together (kubectl drain's concurrent
 * evictions) all meet the status as it was, as they do on a real server.
 */
export const defaultDisruptionLatencyMs = 100;

const component = 'controllermanager';

export class DisruptionController implements Controller {
  readonly name = 'disruption' as const;
  private readonly budgets: DelayedWorkQueue;
  private readonly stalePods: DelayedWorkQueue;
  private readonly rechecks = new Map<string, number>();
  private readonly staleTimers = new Map<string, number>();
  private readonly findScale: ScaleFinder;

  /** `latencyMs`: how long after a change the controller acts on it; a budget's knob overrides it for that budget. */
  constructor(
    private readonly ctx: SimContext,
    private readonly latencyMs = defaultDisruptionLatencyMs,
  ) {
    this.budgets = new DelayedWorkQueue(ctx);
    this.stalePods = new DelayedWorkQueue(ctx);
    this.findScale = scaleFinderFor((kind, namespace, name) => {
      const resource = resourceOfKind(kind);
      return resource ? ctx.get(resource, namespace, name) : undefined;
    });
  }

  observe(c: Change): void {
    const ns = c.object.metadata?.namespace ?? '';
    if (c.resource === 'poddisruptionbudgets') {
      if (c.type === 'DELETED') {
        this.ctx.cancel(this.rechecks.get(objectKey(c.object)));
        this.rechecks.delete(objectKey(c.object));
      } else {
        this.enqueue(c.object);
      }
    } else if (c.resource === 'pods') {
      const pdb = this.pdbForPod(c.object as Pod, ns);
      if (pdb) this.enqueue(pdb);
      if (c.type !== 'DELETED' && getCondition(c.object as Pod, 'DisruptionTarget')?.status === 'True') this.stalePods.add(objectKey(c.object), this.latencyMs);
    }
  }

  /**
   * `getPdbForPod`: the first budget over the pod, with a warning event when
   * there are several (the lister's order is arbitrary; here, by name). Only
   * that one is queued: the others wait for their own changes.
   */
  private pdbForPod(pod: Pod, ns: string): PodDisruptionBudget | undefined {
    const pdbs = this.ctx
      .list<PodDisruptionBudget>('poddisruptionbudgets', ns)
      .filter((pdb) => pdbSelectsPod(pdb, pod))
      .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
    if (pdbs.length > 1) {
      const message = `Pod ${goQuote(ns)}/${goQuote(pod.metadata?.name ?? '')} matches multiple PodDisruptionBudgets.  Chose ${goQuote(pdbs[0].metadata?.name ?? '')} arbitrarily.`;
      this.ctx.event(pod, 'Warning', 'MultiplePodDisruptionBudgets', message, component);
    }
    return pdbs[0];
  }

  pending(): boolean {
    return this.budgets.size > 0 || this.stalePods.size > 0;
  }

  work(): void {
    for (const key of this.budgets.take()) this.sync(key);
    for (const key of this.stalePods.take()) this.syncStalePodDisruption(key);
  }

  private enqueue(pdb: KubeObject): void {
    this.budgets.add(objectKey(pdb), this.latencyFor(pdb));
  }

  /** The budget's `disruption-latency-seconds` knob, else the controller's latency. */
  private latencyFor(pdb: KubeObject): number {
    const seconds = knobSeconds(pdb, knobs.disruptionLatencySeconds, undefined);
    return seconds === undefined ? this.latencyMs : seconds * 1000;
  }

  private sync(key: string): void {
    const [ns, name] = splitKey(key);
    const pdb = this.ctx.get<PodDisruptionBudget>('poddisruptionbudgets', ns, name);
    this.ctx.cancel(this.rechecks.get(key));
    this.rechecks.delete(key);
    if (!pdb) return;
    const now = this.ctx.now();
    const result = syncDisruptionBudget({ pdb, pods: this.ctx.list<Pod>('pods', ns), findScale: this.findScale, now });
    // trySync records its events on every sync; the recorder counts repeats.
    this.recordEvents(pdb, result);
    if (result.changed) {
      this.ctx.modify('poddisruptionbudgets', pdb, (draft) => {
        // disruptedPods is omitempty on the wire.
        const { disruptedPods, ...rest } = result.status;
        draft.status = Object.keys(disruptedPods ?? {}).length ? result.status : rest;
      });
    }
    if (result.recheckAtMs !== undefined) {
      // Entries expire strictly after their two minutes.
      // The recheck queue hands the key straight to the work queue (enqueuePdbForRecheck, recheckWorker).
      this.rechecks.set(key, this.ctx.schedule(result.recheckAtMs + 1, () => this.budgets.add(key, 0)));
    }
  }

  private recordEvents(pdb: PodDisruptionBudget, result: ReturnType<typeof syncDisruptionBudget>): void {
    if (result.syncError) {
      this.ctx.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${result.syncError}`, component);
    } else if (result.matchedPods.length === 0) {
      this.ctx.event(pdb, 'Normal', 'NoPods', 'No matching pods found', component);
    }
    if (result.unmanagedPods.length) {
      this.ctx.event(
        pdb,
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${labelSelectorGoString(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
        component,
      );
    }
    for (const podName of result.expiredDisruptions) {
      const pod = this.ctx.get<Pod>('pods', pdb.metadata?.namespace, podName);
      // Upstream passes the namespace twice (buildDisruptedPodMap: pdb.Namespace, pdb.Namespace).
      if (pod) this.ctx.event(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata?.namespace}/${pdb.metadata?.namespace} to be deleted but it wasn't`, component);
    }
  }

  /** `syncStalePodDisruption`: a DisruptionTarget=True left 2 minutes on a pod that is not terminating is set to False. */
  private syncStalePodDisruption(key: string): void {
    const [ns, name] = splitKey(key);
    const pod = this.ctx.get<Pod>('pods', ns, name);
    this.ctx.cancel(this.staleTimers.get(key));
    this.staleTimers.delete(key);
    if (!pod || pod.metadata?.deletionTimestamp || isPodTerminal(pod)) return;
    const cond = getCondition(pod, 'DisruptionTarget');
    if (!cond || cond.status !== 'True' || cond.reason === 'TerminationByKubelet') return;
    const now = this.ctx.now();
    const since = Date.parse(cond.lastTransitionTime ?? '') || now;
    const cleanupAt = since + stalePodDisruptionTimeoutMs;
    if (cleanupAt > now) {
      this.staleTimers.set(key, this.ctx.schedule(cleanupAt, () => this.stalePods.add(key, 0)));
      return;
    }
    this.ctx.modify('pods', pod, (p) => {
      p.status!.conditions = (p.status?.conditions ?? []).map((c) => (c.type === 'DisruptionTarget' ? { ...c, status: 'False', lastTransitionTime: rfc3339(now) } : c));
    });
  }
}
