// The ReplicaSet controller: as many active pods as spec.replicas, made
// from the template the moment one is missing (a pod being deleted no
// longer counts, so an evicted pod is replaced at once), and the status the
// Deployment controller reads.
// Source: pkg/controller/replicaset/replica_set.go (syncReplicaSet,
// manageReplicas, calculateStatus).

import { getControllerOf, isPodReady } from '../../k8s/pods';
import { selectorMatches } from '../../k8s/labels';
import type { Pod, Workload } from '../../k8s/types';
import type { SimContext } from '../context';
import { jsonEqual, objectKey, omitZeros, splitKey } from '../objects';
import type { Change } from '../store';
import { claimPods, deletionOrder, isPodActive, podAvailability, podFromTemplate, workloadSelector } from './owned';
import { OwnerController } from './queue';

const component = 'replicaset-controller';

export class ReplicaSetController extends OwnerController {
  readonly name = 'replicaset' as const;

  constructor(ctx: SimContext) {
    super(ctx, 'replicasets', 'ReplicaSet');
  }

  override observe(c: Change): void {
    super.observe(c);
    if (c.resource !== 'pods' || c.type === 'DELETED' || getControllerOf(c.object)) return;
    // An orphan may be adopted by any ReplicaSet whose selector it matches.
    for (const rs of this.ctx.list<Workload>('replicasets', c.object.metadata?.namespace ?? '')) {
      const sel = workloadSelector(rs);
      if (sel && selectorMatches(sel, c.object.metadata?.labels)) this.queue.add(objectKey(rs));
    }
  }

  protected sync(key: string): void {
    const [ns, name] = splitKey(key);
    const rs = this.ctx.get<Workload>('replicasets', ns, name);
    if (!rs) return;
    const selector = workloadSelector(rs);
    if (!selector) return;
    const pods = claimPods(this.ctx, rs, selector);
    if (!rs.metadata?.deletionTimestamp) this.manageReplicas(rs, pods.filter(isPodActive));
    this.updateStatus(rs);
  }

  private manageReplicas(rs: Workload, active: Pod[]): void {
    const diff = active.length - (rs.spec?.replicas ?? 1);
    for (let i = 0; i < -diff; i++) {
      const created = this.ctx.create('pods', podFromTemplate(rs, rs.spec?.template, { generateName: `${rs.metadata?.name}-` }));
      if (created.ok) this.ctx.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.value.metadata?.name}`, component);
      else this.ctx.event(rs, 'Warning', 'FailedCreate', `Error creating: ${created.status.message}`, component);
    }
    if (diff <= 0) return;
    for (const pod of deletionOrder(active).slice(0, diff)) {
      const deleted = this.ctx.delete('pods', pod.metadata?.namespace, pod.metadata?.name ?? '');
      if (deleted.ok) this.ctx.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`, component);
    }
  }

  private updateStatus(rs: Workload): void {
    const now = this.ctx.now();
    const minReadySeconds = Number(rs.spec?.minReadySeconds ?? 0);
    const owned = this.ctx.list<Pod>('pods', rs.metadata?.namespace ?? '').filter((p) => getControllerOf(p)?.uid === rs.metadata?.uid && isPodActive(p));
    let available = 0;
    let nextAvailableAt: number | undefined;
    for (const pod of owned) {
      const a = podAvailability(pod, minReadySeconds, now);
      if (a.available) available++;
      else if (a.availableAt !== undefined) nextAvailableAt = Math.min(nextAvailableAt ?? a.availableAt, a.availableAt);
    }
    const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
    const status = omitZeros({
      replicas: owned.length,
      fullyLabeledReplicas: owned.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata?.labels?.[k] === v)).length,
      readyReplicas: owned.filter(isPodReady).length,
      availableReplicas: available,
      observedGeneration: rs.metadata?.generation ?? 1,
    }, ['replicas']);
    const current = this.ctx.get<Workload>('replicasets', rs.metadata?.namespace, rs.metadata?.name ?? '');
    if (current && !jsonEqual(current.status, status)) this.ctx.modify('replicasets', current, (d) => void (d.status = status));
    if (nextAvailableAt !== undefined) this.ctx.schedule(nextAvailableAt, () => this.queue.add(objectKey(rs)));
  }
}
