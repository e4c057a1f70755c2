// The live cluster's facts for the analysis (server/src/analysis/liveCluster.ts;
// the extension sends them to the language server as kubeEviction/liveCluster,
// the CLI's lint reads them once): the nodes as the scheduling rules read
// them and each namespace's distinct pod label sets, built from a cluster
// snapshot. Watches deliver changes one object at a time (a drain, a rollout,
// node heartbeats): changes that cannot move the facts are ignored, the rest
// are gathered over a short delay, and facts equal to the last ones sent are
// not sent again, so a 10,000-pod cluster does not flood the server. No VS Code here.
import type { ClusterFacts, ClusterNodeFacts, ClusterPodLabels } from '../../../server/src/analysis/liveCluster';
import type { Labels, Node } from '../../../server/src/k8s/types';
import type { ClusterObjects, SnapshotChange } from './snapshot';

/** How long changes are gathered before the server hears of them. */
export const liveClusterDelayMs = 300;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedLabels(labels: Labels | undefined): Labels {
  return Object.fromEntries(Object.entries(labels ?? {}).sort(([a], [b]) => byText(a, b)));
}

export function nodeFacts(node: Node): ClusterNodeFacts {
  return {
    name: node.metadata?.name ?? '',
    labels: sortedLabels(node.metadata?.labels),
    taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key, effect: t.effect, ...(t.value ? { value: t.value } : {}) })),
    unschedulable: node.spec?.unschedulable === true,
  };
}

/** The facts of a cluster, in a stable order (so that equal clusters give equal text). */
export function clusterFacts(context: string, objects: ClusterObjects): ClusterFacts {
  const nodes = objects.nodes().map(nodeFacts).sort((a, b) => byText(a.name, b.name));
  const pods: ClusterPodLabels[] = [];
  for (const namespace of objects.namespaces().sort(byText)) {
    const distinct = new Map<string, Labels>();
    for (const pod of objects.podsInNamespace(namespace)) {
      const labels = sortedLabels(pod.metadata?.labels);
      distinct.set(JSON.stringify(labels), labels);
    }
    for (const key of [...distinct.keys()].sort(byText)) pods.push({ namespace, labels: distinct.get(key)! });
  }
  return { context, nodes, pods };
}

/** Whether a change can move the facts: status updates (heartbeats, phases, readiness) and budgets cannot. */
export function movesFacts(change: SnapshotChange): boolean {
  if (change.resource === 'pdb') return false;
  if (change.type !== 'modified' || !change.previous) return true;
  if (change.resource === 'node') return JSON.stringify(nodeFacts(change.object)) !== JSON.stringify(nodeFacts(change.previous));
  return JSON.stringify(sortedLabels(change.object.metadata?.labels)) !== JSON.stringify(sortedLabels(change.previous.metadata?.labels));
}

/** setTimeout and clearTimeout, replaceable so that a test decides when the delay is over. */
export interface FeedTimer {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: FeedTimer = { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) };

export class ClusterFactsFeed {
  private source: { context: string; objects: ClusterObjects } | undefined;
  private pending: unknown;
  /** What the server holds, as sent; it starts with no cluster. */
  private last = 'null';

  constructor(
    private readonly send: (facts: ClusterFacts | null) => void,
    private readonly timer: FeedTimer = realTimer,
    private readonly delayMs = liveClusterDelayMs,
  ) {}

  /** Feed the facts of this cluster (a new one replaces the old after the delay). */
  follow(context: string, objects: ClusterObjects): void {
    if (this.source?.context === context && this.source.objects === objects) return;
    this.source = { context, objects };
    this.schedule();
  }

  /** A change of the followed cluster, as its watches report it. */
  changed(change: SnapshotChange): void {
    if (this.source && movesFacts(change)) this.schedule();
  }

  /** No cluster to use: the server forgets the facts at once. */
  stop(): void {
    this.source = undefined;
    this.cancel();
    this.emit(null);
  }

  /** The server lost what it held (it restarted): send the current facts again. */
  resend(): void {
    this.last = 'null';
    if (this.source) this.schedule();
  }

  dispose(): void {
    this.source = undefined;
    this.cancel();
  }

  private schedule(): void {
    // Not pushed back by later changes: under constant churn the server still hears every delayMs.
    this.pending ??= this.timer.set(() => {
      this.pending = undefined;
      if (this.source) this.emit(clusterFacts(this.source.context, this.source.objects));
    }, this.delayMs);
  }

  private cancel(): void {
    if (this.pending !== undefined) this.timer.clear(this.pending);
    this.pending = undefined;
  }

  private emit(facts: ClusterFacts | null): void {
    const text = JSON.stringify(facts);
    if (text === this.last) return;
    this.last = text;
    this.send(facts);
  }
}
