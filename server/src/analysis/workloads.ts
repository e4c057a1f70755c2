// Pods and pod templates as the manifests describe them, and the pods their
// controllers would run: what the rules hand to the Kubernetes core. Every
// pod is taken as Running and Ready, the steady state a drain starts from.
import { scaleFinderFor, syncDisruptionBudget, type DisruptionControllerResult } from '../k8s/pdb';
import { daemonSetPodTolerations, withDefaultTolerationSeconds } from '../k8s/tolerations';
import type { KubeObject, Labels, ObjectMeta, OwnerReference, Pod, PodDisruptionBudget, PodSpec } from '../k8s/types';
import { podTemplatePath } from './podTemplates';
import type { ManifestObject } from './manifestFile';

export function isPodLike(object: ManifestObject): boolean {
  return Object.hasOwn(podTemplatePath, object.kind);
}

/** The object's pod template (a Pod is its own), as decoded. */
export function podTemplateOf(object: ManifestObject): { metadata?: ObjectMeta; spec?: PodSpec } | undefined {
  const path = podTemplatePath[object.kind];
  if (!path) return undefined;
  let current: unknown = object.data;
  for (const key of path) current = (current as Record<string, unknown> | null | undefined)?.[key];
  return (current ?? undefined) as { metadata?: ObjectMeta; spec?: PodSpec } | undefined;
}

/** The path of the pod spec inside the object: `spec` for a Pod, `spec.template.spec` for a Deployment. */
export function podSpecPath(object: ManifestObject): string[] {
  return [...(podTemplatePath[object.kind] ?? []), 'spec'];
}

export function podLabelsOf(object: ManifestObject): Labels {
  return podTemplateOf(object)?.metadata?.labels ?? {};
}

/**
 * A pod of this object as the API server admits it: DaemonSet pods carry the
 * tolerations their controller adds, and every pod the 300 s not-ready and
 * unreachable tolerations of the DefaultTolerationSeconds admission plugin.
 */
export function admittedPod(object: ManifestObject): Pod {
  const spec = podTemplateOf(object)?.spec ?? {};
  const tolerations = object.kind === 'DaemonSet' ? daemonSetPodTolerations(spec) : spec.tolerations;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: object.name, namespace: object.namespace, labels: podLabelsOf(object) },
    spec: { ...spec, tolerations: withDefaultTolerationSeconds(tolerations) },
  };
}

const ready = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] };

/** A stand-in UID: manifests have none, and the disruption controller matches owners by UID. */
function uidOf(object: ManifestObject): string {
  return `${object.kind}/${object.namespace}/${object.name}`;
}

/** Workloads whose replica count an autoscaler, not the manifest, decides. */
export type Autoscaled = (workload: ManifestObject) => boolean;

export interface ControllerPods {
  /** One pod of the object, standing for `count` identical ones; undefined when it runs none. */
  pod: Pod | undefined;
  /** How many pods it runs: replicas are counted, never made one by one (2147483647 is a valid replicas). */
  count: number;
  /** False when the manifests do not say how many pods run (DaemonSets, Jobs, autoscaled workloads). */
  countKnown: boolean;
}

/**
 * The pods an object runs, owned the way its controllers own them (a
 * Deployment's through a ReplicaSet). A DaemonSet, Job or CronJob counts one
 * representative pod: enough for the disruption controller to find its owner.
 */
export function podsOf(object: ManifestObject, autoscaled: Autoscaled): ControllerPods {
  const template = podTemplateOf(object);
  const pod = (owner?: OwnerReference): Pod => ({
    metadata: {
      name: object.kind === 'Pod' ? object.name : `${object.name}-0`,
      namespace: object.namespace,
      labels: template?.metadata?.labels ?? {},
      ownerReferences: owner ? [owner] : ((object.data['metadata'] as ObjectMeta | undefined)?.ownerReferences ?? []),
    },
    status: ready,
  });
  const own = (kind: string, apiVersion: string, name: string, uid: string): OwnerReference => ({ apiVersion, kind, name, uid, controller: true });
  const replicas = Math.max(0, (object.data['spec'] as { replicas?: number | null } | undefined)?.replicas ?? 1);
  const replicated = (owner: OwnerReference): ControllerPods => ({ pod: replicas > 0 ? pod(owner) : undefined, count: replicas, countKnown: !autoscaled(object) });
  const representative = (owner: OwnerReference): ControllerPods => ({ pod: pod(owner), count: 1, countKnown: false });
  switch (object.kind) {
    case 'Pod':
      return { pod: { ...pod(), spec: template?.spec ?? {} }, count: 1, countKnown: true };
    case 'Deployment':
      return replicated(own('ReplicaSet', 'apps/v1', replicaSetName(object), `ReplicaSet/${uidOf(object)}`));
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'ReplicationController':
      return replicated(own(object.kind, object.apiVersion, object.name, uidOf(object)));
    case 'DaemonSet':
      return representative(own('DaemonSet', 'apps/v1', object.name, uidOf(object)));
    case 'Job':
      return representative(own('Job', 'batch/v1', object.name, uidOf(object)));
    case 'CronJob':
      return representative(own('Job', 'batch/v1', `${object.name}-job`, `Job/${uidOf(object)}`));
    default:
      return { pod: undefined, count: 0, countKnown: true };
  }
}

/** Not a valid object name, so it never collides with a ReplicaSet in the manifests. */
function replicaSetName(deployment: ManifestObject): string {
  return `${deployment.name}#replicaset`;
}

/** The objects the disruption controller's scale finders look up, for a set of workloads. */
function lookupOver(workloads: readonly ManifestObject[]) {
  const objects = new Map<string, KubeObject & { spec?: { replicas?: number | null } }>();
  const put = (kind: string, name: string, object: KubeObject & { spec?: { replicas?: number | null } }) => objects.set(`${kind}\u0000${name}`, object);
  for (const workload of workloads) {
    const spec = workload.data['spec'] as { replicas?: number | null } | undefined;
    const metadata = { name: workload.name, namespace: workload.namespace, uid: uidOf(workload) };
    put(workload.kind, workload.name, { kind: workload.kind, metadata, spec: { replicas: spec?.replicas ?? null } });
    if (workload.kind === 'Deployment') {
      const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: workload.name, uid: uidOf(workload), controller: true };
      put('ReplicaSet', replicaSetName(workload), {
        kind: 'ReplicaSet',
        metadata: { name: replicaSetName(workload), namespace: workload.namespace, uid: `ReplicaSet/${uidOf(workload)}`, ownerReferences: [owner] },
        spec: { replicas: spec?.replicas ?? null },
      });
    }
  }
  return (kind: string, _namespace: string, name: string) => objects.get(`${kind}\u0000${name}`);
}

export interface BudgetEstimate {
  /** The disruption controller's sync over the selected workloads' pods, all Ready. */
  sync: DisruptionControllerResult;
  /** False when some selected workload's pod count is not in the manifests. */
  countKnown: boolean;
}

/** The status the disruption controller would give `pdb` once the selected workloads run. */
export function estimateBudget(pdb: ManifestObject, selected: readonly ManifestObject[], autoscaled: Autoscaled): BudgetEstimate {
  let countKnown = true;
  const pods: Pod[] = [];
  const counts = new Map<Pod, number>();
  for (const workload of selected) {
    const own = podsOf(workload, autoscaled);
    countKnown &&= own.countKnown;
    if (!own.pod) continue;
    pods.push(own.pod);
    counts.set(own.pod, own.count);
  }
  const podCount = (pod: Pod) => counts.get(pod) ?? 1;
  const sync = syncDisruptionBudget({ pdb: budgetOf(pdb), pods, findScale: scaleFinderFor(lookupOver(selected)), now: 0, podCount });
  return { sync, countKnown };
}

/** The PDB as the core reads it. */
export function budgetOf(pdb: ManifestObject): PodDisruptionBudget {
  return { ...pdb.data, metadata: { ...(pdb.data['metadata'] as ObjectMeta | undefined), namespace: pdb.namespace } } as PodDisruptionBudget;
}

/** `selector: {}` (no matchLabels, no matchExpressions): every pod in policy/v1, none in policy/v1beta1. */
export function hasEmptySelector(pdb: ManifestObject): boolean {
  const selector = budgetOf(pdb).spec?.selector;
  return !!selector && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}
