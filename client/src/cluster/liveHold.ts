// Why a running drain is held, from the objects the informers hold: each
// budget that refused an eviction, asked of the core (whyNoDisruption) with
// its namespace's pods as they are now, so that the cause follows the
// cluster (a replacement scheduled, a pod Ready); and, when the budget waits
// for a Pending pod, the cordoned nodes whose uncordon would give it room:
// those where the scheduler's filters (the core's findNodesThatFitPod, the
// simulator's own) let it on once the cordon is gone. The planner's event
// trials answer the same question for a plan, in a simulation; here the
// filters answer it at once, on the live objects.

import type { ResponseExplanation } from '../../../server/src/explain/eviction';
import { explainHold } from '../../../server/src/explain/plan';
import { whyNoDisruption, type DisruptionHold } from '../../../server/src/k8s/disruptionHold';
import { snapshotOf } from '../../../server/src/k8s/nodeInfo';
import { findNodesThatFitPod } from '../../../server/src/k8s/schedulingCycle';
import { wellKnownTaints } from '../../../server/src/k8s/tolerations';
import type { Node, Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import type { DrainEvent } from './drain';

/** What the hold is computed from (a ClusterObjects: the informers' objects). */
export interface HoldObjects {
  nodes(): Node[];
  pods(): Pod[];
  pod(namespace: string, name: string): Pod | undefined;
  podsInNamespace(namespace: string): Pod[];
  budget(namespace: string, name: string): PodDisruptionBudget | undefined;
}

export interface LiveHold {
  namespace: string;
  budget: string;
  /** The pods it holds (namespace/name), in the order they were refused. */
  pods: string[];
  /** Why it allows no disruption now; undefined when the budget is no longer there. */
  hold?: DisruptionHold;
  /** The same in words. */
  explanation?: ResponseExplanation;
  /** The Pending pod it waits for (namespace/name), when it waits for one. */
  pending?: string;
  /** Cordoned nodes (not being drained) where that Pending pod would fit once uncordoned. */
  uncordon: string[];
}

/** A node as it is once uncordoned: schedulable, without the taint that mirrors the cordon. */
function uncordoned(node: Node): Node {
  const taints = node.spec?.taints?.filter((t) => t.key !== wellKnownTaints.unschedulable);
  return { ...node, spec: { ...node.spec, unschedulable: false, ...(taints ? { taints } : {}) } };
}

/**
 * The cordoned nodes, other than `excluded`, where `pod` passes the
 * scheduler's filters once they are uncordoned (all at once: each node's
 * filters read only that node and the pods bound to nodes). Claims and
 * volumes are not among the objects: a pod with a PersistentVolumeClaim
 * fits nowhere here, and no node is named for it.
 */
export function roomIfUncordoned(pod: Pod, objects: Pick<HoldObjects, 'nodes' | 'pods'>, excluded: ReadonlySet<string>): string[] {
  const candidates = new Set(objects.nodes().filter((n) => n.spec?.unschedulable && !excluded.has(n.metadata?.name ?? '')).map((n) => n.metadata?.name ?? ''));
  if (candidates.size === 0) return [];
  const nodes = objects.nodes().map((n) => (candidates.has(n.metadata?.name ?? '') ? uncordoned(n) : n));
  return findNodesThatFitPod(pod, snapshotOf({ nodes, pods: objects.pods() }))
    .feasible.map((info) => info.name)
    .filter((name) => candidates.has(name));
}

const podKey = (ref: { namespace: string; name: string }) => `${ref.namespace}/${ref.name}`;

/** The pods a running drain's budgets hold, followed from its progress events. */
export class DrainHolds {
  /** namespace/pod → the budget (in the pod's namespace) that refused its eviction last. */
  private readonly held = new Map<string, { namespace: string; budget: string }>();

  /** `draining`: the nodes being drained (never proposed for an uncordon). */
  constructor(private readonly draining: readonly string[]) {}

  /** Follows one event of the drain; true when what is held changed. */
  on(event: DrainEvent): boolean {
    switch (event.type) {
      case 'blocked': {
        const answer = event.answer;
        if (answer.kind !== 'blocked' && answer.kind !== 'stillProcessing') return false;
        const key = podKey(event.pod);
        const was = this.held.get(key);
        this.held.set(key, { namespace: event.pod.namespace, budget: answer.pdb.name });
        return was?.budget !== answer.pdb.name;
      }
      case 'evicted':
      case 'deletionStarted':
      case 'gone':
      case 'skipped':
      case 'failed':
        return this.held.delete(podKey(event.pod));
      default:
        return false;
    }
  }

  get holding(): boolean {
    return this.held.size > 0;
  }

  /** Each budget holding pods, and why it allows nothing as the objects are now (without objects: the pods and budgets only). */
  holds(objects?: HoldObjects): LiveHold[] {
    const byBudget = new Map<string, LiveHold>();
    for (const [pod, { namespace, budget }] of this.held) {
      const key = `${namespace}/${budget}`;
      const found = byBudget.get(key);
      if (found) found.pods.push(pod);
      else byBudget.set(key, { namespace, budget, pods: [pod], uncordon: [] });
    }
    for (const live of byBudget.values()) {
      const pdb = objects?.budget(live.namespace, live.budget);
      if (!pdb) continue;
      live.hold = whyNoDisruption(pdb, objects!.podsInNamespace(live.namespace));
      live.explanation = explainHold(live.hold);
      const waiting = live.hold.causes.find((c) => c.kind === 'unschedulable');
      if (waiting?.kind !== 'unschedulable') continue;
      live.pending = podKey(waiting.pod);
      const pod = objects!.pod(waiting.pod.namespace, waiting.pod.name);
      if (pod) live.uncordon = roomIfUncordoned(pod, objects!, new Set(this.draining));
    }
    return [...byBudget.values()];
  }
}
