// The DaemonSet controller: one pod per node that should run it, pinned to
// the node by required node affinity on metadata.name and given the
// DaemonSet tolerations (so cordons and not-ready/unreachable taints never
// evict it); pods on nodes that should no longer run one are deleted.
// Sources: pkg/controller/daemon/daemon_controller.go (NodeShouldRunDaemonPod,
// podsShouldBeOnNode, manage, updateDaemonSetStatus),
// pkg/controller/daemon/util/daemonset_util.go.

import { getScaledValueFromIntOrPercent } from '../../k8s/intstr';
import { getControllerOf, isPodReady } from '../../k8s/pods';
import { matchesNodeSelectorAndAffinity } from '../../k8s/scheduling';
import { daemonSetPodTolerations, findMatchingUntoleratedTaint } from '../../k8s/tolerations';
import type { IntOrString, Node, NodeSelectorTerm, Pod, PodSpec, Workload } from '../../k8s/types';
import type { SimContext } from '../context';
import { jsonEqual, objectKey, omitZeros, splitKey } from '../objects';
import { computeHash } from '../random';
import type { Change } from '../store';
import { claimPods, podAvailability, podFromTemplate, workloadSelector } from './owned';
import { OwnerController } from './queue';

const component = 'daemonset-controller';

/** `ReplaceDaemonSetPodNodeNameNodeAffinity`: every term (or a new one) requires metadata.name = node. */
export function pinToNode(spec: PodSpec, nodeName: string): void {
  const byName = [{ key: 'metadata.name', operator: 'In', values: [nodeName] }];
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms: NodeSelectorTerm[] = required?.nodeSelectorTerms?.length
    ? required.nodeSelectorTerms.map((t) => ({ ...t, matchFields: byName }))
    : [{ matchFields: byName }];
  spec.affinity = { ...spec.affinity, nodeAffinity: { ...spec.affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } };
}

/** The node a daemon pod is for: where it is bound, else what its affinity pins it to (`GetTargetNodeName`). */
function targetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const t of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const f = t.matchFields?.find((r) => r.key === 'metadata.name' && r.operator === 'In' && r.values?.length === 1);
    if (f) return f.values![0];
  }
  return undefined;
}

/** The name of the DaemonSet's current revision, as its pods carry it (`controller-revision-hash`). */
export function daemonSetRevision(ds: Workload): string {
  return computeHash(ds.spec?.template);
}

/** `NodeShouldRunDaemonPod`: whether a new daemon pod belongs on the node, and whether a running one may stay. */
export function nodeShouldRunDaemonPod(node: Node, ds: Workload): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec: PodSpec = { ...(ds.spec?.template?.spec ?? {}) };
  spec.tolerations = daemonSetPodTolerations(spec);
  const nodeName = node.metadata?.name ?? '';
  if (spec.nodeName && spec.nodeName !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  pinToNode(spec, nodeName);
  if (!matchesNodeSelectorAndAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints;
  const fitsTaints = !findMatchingUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  if (fitsTaints) return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: !findMatchingUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoExecute') };
}

export class DaemonSetController extends OwnerController {
  readonly name = 'daemonset' as const;

  constructor(ctx: SimContext) {
    super(ctx, 'daemonsets', 'DaemonSet');
  }

  override observe(c: Change): void {
    super.observe(c);
    if (c.resource === 'nodes') for (const ds of this.ctx.list('daemonsets')) this.queue.add(objectKey(ds));
  }

  protected sync(key: string): void {
    const [ns, name] = splitKey(key);
    const ds = this.ctx.get<Workload>('daemonsets', ns, name);
    if (!ds) return;
    const selector = workloadSelector(ds);
    if (!selector) return;
    const pods = claimPods(this.ctx, ds, selector);
    const nodes = this.ctx.list<Node>('nodes');
    if (!ds.metadata?.deletionTimestamp) this.manage(ds, pods, nodes);
    this.updateStatus(ds, nodes);
  }

  private manage(ds: Workload, pods: Pod[], nodes: Node[]): void {
    const byNode = new Map<string, Pod[]>();
    for (const pod of pods) {
      const target = targetNode(pod) ?? '';
      byNode.set(target, [...(byNode.get(target) ?? []), pod]);
    }
    const nodeNames = new Set(nodes.map((n) => n.metadata?.name ?? ''));
    for (const node of nodes) {
      const nodeName = node.metadata?.name ?? '';
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
      const running: Pod[] = [];
      for (const pod of byNode.get(nodeName) ?? []) {
        if (pod.metadata?.deletionTimestamp) continue;
        // A failed daemon pod is deleted; a new one follows.
        if (pod.status?.phase === 'Failed') this.deletePod(ds, pod);
        else running.push(pod);
      }
      if (shouldRun && running.length === 0) this.createPod(ds, nodeName);
      else if (!shouldContinueRunning) for (const pod of running) this.deletePod(ds, pod);
      else if (running.length > 1) {
        const oldestFirst = [...running].sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''));
        for (const pod of oldestFirst.slice(1)) this.deletePod(ds, pod);
      }
    }
    for (const [nodeName, orphaned] of byNode) {
      if (nodeNames.has(nodeName)) continue;
      for (const pod of orphaned) if (!pod.metadata?.deletionTimestamp) this.deletePod(ds, pod);
    }
    this.rollingUpdate(ds);
  }

  /**
   * RollingUpdate (maxUnavailable, maxSurge 0): pods of an older template are
   * deleted, at most maxUnavailable at a time counting those not yet
   * available, and come back from the current template (rolling_update.go).
   */
  private rollingUpdate(ds: Workload): void {
    const strategy = ds.spec?.updateStrategy as { type?: string; rollingUpdate?: { maxUnavailable?: IntOrString } } | undefined;
    if (strategy?.type === 'OnDelete') return;
    const current = daemonSetRevision(ds);
    const pods = this.ctx.list<Pod>('pods', ds.metadata?.namespace ?? '').filter((p) => getControllerOf(p)?.uid === ds.metadata?.uid && !p.metadata?.deletionTimestamp);
    const desired = this.ctx.list<Node>('nodes').filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
    const scaled = getScaledValueFromIntOrPercent(strategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true);
    const maxUnavailable = Math.max(1, scaled.ok ? scaled.value : 1);
    const unavailable = desired - pods.filter((p) => podAvailability(p, Number(ds.spec?.minReadySeconds ?? 0), this.ctx.now()).available).length;
    let budget = maxUnavailable - Math.max(0, unavailable);
    // Unavailable old pods go first: replacing them costs no availability.
    const old = pods.filter((p) => p.metadata?.labels?.['controller-revision-hash'] !== current).sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)));
    for (const pod of old) {
      if (isPodReady(pod) && budget <= 0) break;
      this.deletePod(ds, pod);
      if (isPodReady(pod)) budget--;
    }
  }

  private createPod(ds: Workload, nodeName: string): void {
    const pod = podFromTemplate(ds, ds.spec?.template, { generateName: `${ds.metadata?.name}-` });
    pod.metadata!.labels = {
      ...pod.metadata?.labels,
      'controller-revision-hash': daemonSetRevision(ds),
      'pod-template-generation': String(ds.metadata?.generation ?? 1),
    };
    pod.spec!.tolerations = daemonSetPodTolerations(pod.spec!);
    pinToNode(pod.spec!, nodeName);
    const created = this.ctx.create('pods', pod);
    if (created.ok) this.ctx.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.value.metadata?.name}`, component);
    else this.ctx.event(ds, 'Warning', 'FailedCreate', `Error creating: ${created.status.message}`, component);
  }

  private deletePod(ds: Workload, pod: Pod): void {
    const deleted = this.ctx.delete('pods', pod.metadata?.namespace, pod.metadata?.name ?? '');
    if (deleted.ok) this.ctx.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`, component);
  }

  private updateStatus(ds: Workload, nodes: Node[]): void {
    const current = this.ctx.get<Workload>('daemonsets', ds.metadata?.namespace, ds.metadata?.name ?? '');
    if (!current) return;
    const now = this.ctx.now();
    const pods = this.ctx.list<Pod>('pods', ds.metadata?.namespace ?? '').filter((p) => getControllerOf(p)?.uid === ds.metadata?.uid && !p.metadata?.deletionTimestamp);
    let desired = 0;
    let scheduled = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    const byNode = new Map<string, Pod[]>();
    for (const p of pods) if (p.spec?.nodeName) byNode.set(p.spec.nodeName, [...(byNode.get(p.spec.nodeName) ?? []), p]);
    for (const node of nodes) {
      const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
      const onNode = byNode.get(node.metadata?.name ?? '') ?? [];
      if (shouldRun) desired++;
      if (onNode.length === 0) continue;
      if (shouldContinueRunning) {
        scheduled++;
        if (onNode.some(isPodReady)) ready++;
        if (onNode.some((p) => podAvailability(p, Number(ds.spec?.minReadySeconds ?? 0), now).available)) available++;
      } else {
        misscheduled++;
      }
    }
    const status = omitZeros(
      {
        currentNumberScheduled: scheduled,
        numberMisscheduled: misscheduled,
        desiredNumberScheduled: desired,
        numberReady: ready,
        observedGeneration: ds.metadata?.generation ?? 1,
        updatedNumberScheduled: scheduled,
        numberAvailable: available,
        numberUnavailable: Math.max(0, desired - available),
      },
      ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
    );
    if (!jsonEqual(current.status, status)) this.ctx.modify('daemonsets', current, (d) => void (d.status = status));
  }
}
