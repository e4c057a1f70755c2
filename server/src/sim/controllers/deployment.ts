// The Deployment controller: one ReplicaSet per pod template, named
// `<deployment>-<pod-template-hash>`, scaled by the rollout strategy
// (RollingUpdate within maxSurge/maxUnavailable, or Recreate), and the
// Deployment's status and conditions.
// Sources: pkg/controller/deployment/{sync.go,rolling.go,recreate.go,
// util/deployment_util.go}.

import { getScaledValueFromIntOrPercent } from '../../k8s/intstr';
import { rfc3339 } from '../../k8s/time';
import { getControllerOf } from '../../k8s/pods';
import type { Condition, IntOrString, LabelSelector, Pod, PodTemplateSpec, Workload } from '../../k8s/types';
import type { SimContext } from '../context';
import { copy, jsonEqual, omitZeros, splitKey } from '../objects';
import { computeHash } from '../random';
import { controllerRef, isOwnedBy, isPodActive } from './owned';
import { OwnerController } from './queue';

const component = 'deployment-controller';
const hashLabel = 'pod-template-hash';
const revisionAnnotation = 'deployment.kubernetes.io/revision';

type Strategy = { type?: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };

/** `ResolveFenceposts`: maxSurge rounds up, maxUnavailable down; both 0 would deadlock, so unavailable becomes 1. */
export function resolveFenceposts(strategy: Strategy | undefined, replicas: number): { maxSurge: number; maxUnavailable: number } {
  if (strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: replicas };
  const surge = getScaledValueFromIntOrPercent(strategy?.rollingUpdate?.maxSurge ?? '25%', replicas, true);
  const unavailable = getScaledValueFromIntOrPercent(strategy?.rollingUpdate?.maxUnavailable ?? '25%', replicas, false);
  const maxSurge = surge.ok ? surge.value : 0;
  let maxUnavailable = unavailable.ok ? unavailable.value : 0;
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

/** `EqualIgnoreHash`: a ReplicaSet's template is the Deployment's own, give or take the hash label. */
function sameTemplate(rsTemplate: PodTemplateSpec | undefined, template: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined): PodTemplateSpec => {
    if (!t?.metadata?.labels || !(hashLabel in t.metadata.labels)) return t ?? {};
    const { [hashLabel]: _hash, ...labels } = t.metadata.labels;
    return { ...t, metadata: { ...t.metadata, labels } };
  };
  return jsonEqual(strip(rsTemplate), strip(template));
}

const replicasOf = (rs: Workload) => rs.spec?.replicas ?? 0;
const statusNumber = (rs: Workload, field: string) => Number(rs.status?.[field] ?? 0);

/** `SetDeploymentCondition`: no write for the same status and reason; lastTransitionTime moves only with the status. */
function setCondition(conditions: Condition[], next: Omit<Condition, 'lastTransitionTime'>, now: number): Condition[] {
  const old = conditions.find((c) => c.type === next.type);
  if (old && old.status === next.status && old.reason === next.reason) return conditions;
  const time = rfc3339(now);
  const cond = { ...next, lastUpdateTime: time, lastTransitionTime: old && old.status === next.status ? old.lastTransitionTime : time } as Condition;
  return [...conditions.filter((c) => c.type !== next.type), cond];
}

export class DeploymentController extends OwnerController {
  readonly name = 'deployment' as const;

  constructor(ctx: SimContext) {
    super(ctx, 'deployments', 'Deployment', 'replicasets');
  }

  protected sync(key: string): void {
    const [ns, name] = splitKey(key);
    const d = this.ctx.get<Workload>('deployments', ns, name);
    if (!d || d.metadata?.deletionTimestamp) return;
    const owned = () => this.ctx.list<Workload>('replicasets', ns).filter((rs) => isOwnedBy(rs, d));
    const replicas = d.spec?.replicas ?? 1;
    const strategy = d.spec?.strategy as Strategy | undefined;
    const { maxSurge, maxUnavailable } = resolveFenceposts(strategy, replicas);

    let newRS = owned().find((rs) => sameTemplate(rs.spec?.template, d.spec?.template));
    if (!newRS) newRS = this.createReplicaSet(d, owned(), replicas, maxSurge);
    if (!newRS) return;
    const oldRSs = () => owned().filter((rs) => rs.metadata?.uid !== newRS!.metadata?.uid);

    if (strategy?.type === 'Recreate') {
      for (const rs of oldRSs()) if (replicasOf(rs) > 0) this.scale(d, rs, 0);
      const oldPodsRemain = this.ctx.list<Pod>('pods', ns).some((p) => oldRSs().some((rs) => isOwnedBy(p, rs)));
      if (!oldPodsRemain && replicasOf(newRS) !== replicas) this.scale(d, newRS, replicas);
    } else {
      this.reconcileNewReplicaSet(d, newRS, owned(), replicas, maxSurge);
      this.reconcileOldReplicaSets(d, this.latest(newRS), oldRSs(), owned(), replicas, maxUnavailable);
    }
    this.updateStatus(d, this.latest(newRS), owned(), replicas, maxUnavailable);
  }

  private latest(rs: Workload): Workload {
    return this.ctx.get<Workload>('replicasets', rs.metadata?.namespace, rs.metadata?.name ?? '') ?? rs;
  }

  private createReplicaSet(d: Workload, existing: Workload[], replicas: number, maxSurge: number): Workload | undefined {
    const collisionCount = Number(d.status?.collisionCount ?? 0);
    const hash = computeHash(d.spec?.template, collisionCount);
    const template = copy(d.spec?.template ?? {});
    template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [hashLabel]: hash } };
    const selector = copy((d.spec?.selector ?? {}) as LabelSelector);
    selector.matchLabels = { ...selector.matchLabels, [hashLabel]: hash };
    const revision = Math.max(0, ...existing.map((rs) => Number(rs.metadata?.annotations?.[revisionAnnotation] ?? 0))) + 1;
    const current = existing.reduce((n, rs) => n + replicasOf(rs), 0);
    const initial = Math.max(0, Math.min(replicas + maxSurge - current, replicas));
    const rs: Workload = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata?.name}-${hash}`,
        namespace: d.metadata?.namespace,
        labels: { ...template.metadata.labels },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + maxSurge),
          [revisionAnnotation]: String(revision),
        },
        ownerReferences: [controllerRef(d)],
      },
      spec: { replicas: initial, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
    };
    const created = this.ctx.create('replicasets', rs);
    if (!created.ok) {
      // A ReplicaSet of that name with another template: hash again with the collision count.
      if (created.status.code === 409) this.ctx.modify('deployments', d, (draft) => void (draft.status = { ...draft.status, collisionCount: collisionCount + 1 }));
      return undefined;
    }
    if (initial > 0) this.ctx.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rs.metadata?.name} from 0 to ${initial}`, component);
    return created.value as Workload;
  }

  private scale(d: Workload, rs: Workload, to: number): void {
    const from = replicasOf(rs);
    if (from === to) return;
    this.ctx.modify('replicasets', rs, (draft) => {
      draft.spec!.replicas = to;
      draft.metadata!.annotations = { ...draft.metadata?.annotations, 'deployment.kubernetes.io/desired-replicas': String(d.spec?.replicas ?? 1) };
    });
    this.ctx.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata?.name} from ${from} to ${to}`, component);
  }

  /** `reconcileNewReplicaSet`: grow the new ReplicaSet as far as maxSurge allows, or shrink it to the desired count. */
  private reconcileNewReplicaSet(d: Workload, newRS: Workload, all: Workload[], replicas: number, maxSurge: number): void {
    const current = replicasOf(newRS);
    if (current === replicas) return;
    if (current > replicas) return this.scale(d, newRS, replicas);
    const total = all.reduce((n, rs) => n + replicasOf(rs), 0);
    const room = replicas + maxSurge - total;
    if (room > 0) this.scale(d, newRS, current + Math.min(room, replicas - current));
  }

  /** `reconcileOldReplicaSets`: shrink old ReplicaSets, unhealthy pods first, never below replicas − maxUnavailable available. */
  private reconcileOldReplicaSets(d: Workload, newRS: Workload, oldRSs: Workload[], all: Workload[], replicas: number, maxUnavailable: number): void {
    if (oldRSs.reduce((n, rs) => n + replicasOf(rs), 0) === 0) return;
    const minAvailable = replicas - maxUnavailable;
    const allPods = all.reduce((n, rs) => n + replicasOf(rs), 0);
    const newUnavailable = replicasOf(newRS) - statusNumber(newRS, 'availableReplicas');
    let maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    const oldestFirst = [...oldRSs].sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''));
    // cleanupUnhealthyReplicas
    for (const rs of oldestFirst) {
      if (maxScaledDown <= 0) break;
      const unhealthy = replicasOf(rs) - statusNumber(rs, 'availableReplicas');
      const down = Math.min(unhealthy, maxScaledDown);
      if (down > 0) {
        this.scale(d, rs, replicasOf(rs) - down);
        maxScaledDown -= down;
      }
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    const fresh = oldestFirst.map((rs) => this.latest(rs));
    const available = [...fresh, newRS].reduce((n, rs) => n + statusNumber(rs, 'availableReplicas'), 0);
    let toScaleDown = available - minAvailable;
    for (const rs of fresh) {
      if (toScaleDown <= 0) break;
      const down = Math.min(replicasOf(rs), toScaleDown);
      if (down > 0) {
        this.scale(d, rs, replicasOf(rs) - down);
        toScaleDown -= down;
      }
    }
  }

  private updateStatus(d: Workload, newRS: Workload, all: Workload[], replicas: number, maxUnavailable: number): void {
    const sum = (field: string) => all.reduce((n, rs) => n + statusNumber(rs, field), 0);
    const available = sum('availableReplicas');
    const totalSpec = all.reduce((n, rs) => n + replicasOf(rs), 0);
    const updated = statusNumber(newRS, 'replicas');
    const now = this.ctx.now();
    const current = this.ctx.get<Workload>('deployments', d.metadata?.namespace, d.metadata?.name ?? '') ?? d;
    let conditions = (current.status?.conditions as Condition[] | undefined) ?? [];
    conditions = setCondition(
      conditions,
      available >= replicas - maxUnavailable
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      now,
    );
    const oldUids = new Set(all.filter((rs) => rs !== newRS && rs.metadata?.uid !== newRS.metadata?.uid).map((rs) => rs.metadata?.uid));
    const oldPods = oldUids.size > 0 && this.ctx.list<Pod>('pods', d.metadata?.namespace ?? '').some((p) => isPodActive(p) && oldUids.has(getControllerOf(p)?.uid));
    const complete = updated === replicas && statusNumber(newRS, 'availableReplicas') === replicas && !oldPods;
    conditions = setCondition(
      conditions,
      complete
        ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRS.metadata?.name}" has successfully progressed.` }
        : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.metadata?.name}" is progressing.` },
      now,
    );
    const status = omitZeros(
      {
        observedGeneration: d.metadata?.generation ?? 1,
        replicas: sum('replicas'),
        updatedReplicas: updated,
        readyReplicas: sum('readyReplicas'),
        availableReplicas: available,
        unavailableReplicas: Math.max(0, totalSpec - available),
        ...(current.status?.collisionCount ? { collisionCount: current.status.collisionCount } : {}),
      } as Record<string, unknown>,
    );
    const next = { ...status, conditions };
    if (!jsonEqual(current.status, next)) this.ctx.modify('deployments', current, (draft) => void (draft.status = next));
  }
}
