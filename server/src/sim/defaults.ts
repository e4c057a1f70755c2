// What the API server fills in on a write before validating it: the
// registered defaults of each kind, and the admission plugins that mutate
// pods (DefaultTolerationSeconds, Priority).
// Sources: pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go, pkg/apis/storage/v1/defaults.go,
// pkg/apis/batch/v1/defaults.go, plugin/pkg/admission/defaulttolerationseconds,
// plugin/pkg/admission/priority, plugin/pkg/admission/storage/storageclass/setdefault,
// pkg/registry/core/pod/strategy.go (applyMatchLabelKeysAndMismatchLabelKeys), pkg/apis/core/helper/qos (GetPodQOS),
// pkg/registry/batch/job/strategy.go (generateSelector).

import { applyMatchLabelKeysToPodAffinity } from '../k8s/interPodAffinity';
import { defaultHostNetworkPorts } from '../k8s/nodePorts';
import { volumeAnnotations } from '../k8s/persistentVolumes';
import { withDefaultTolerationSeconds } from '../k8s/tolerations';
import type { Container, KubeObject, PersistentVolume, PersistentVolumeClaim, Pod, PodSpec, PodTemplateSpec, StorageClass, Workload } from '../k8s/types';
import { workloadKinds } from './objects';

type Mutable = Record<string, unknown>;

function defaultContainer(c: Container): void {
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  if (c.imagePullPolicy === undefined) {
    const image = c.image ?? '';
    const tag = image.includes('@') ? 'digest' : /:[^/]+$/.test(image) ? image.slice(image.lastIndexOf(':') + 1) : 'latest';
    c.imagePullPolicy = tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  c.resources ??= {};
  // SetDefaults_Pod: a limit with no request requests the limit.
  const { limits, requests } = c.resources;
  if (limits && Object.keys(limits).length) c.resources.requests = { ...limits, ...(requests ?? {}) };
}

/** SetDefaults_PodSpec and its containers. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  for (const c of spec.containers ?? []) if (c && typeof c === 'object') defaultContainer(c);
  for (const c of spec.initContainers ?? []) if (c && typeof c === 'object') defaultContainer(c);
}

function defaultTemplate(template: PodTemplateSpec | undefined): void {
  if (!template || typeof template !== 'object') return;
  template.metadata ??= {};
  template.metadata.creationTimestamp ??= null;
  template.spec ??= {};
  defaultPodSpec(template.spec);
}

/** `GetPodQOS`: Guaranteed when every container's cpu and memory limits equal its requests, BestEffort when nothing is asked. */
export function podQOSClass(spec: PodSpec | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (limits[r] === undefined || String(requests[r] ?? limits[r]) !== String(limits[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Pod defaults plus the mutating admission every pod create and update passes. */
export function admitPod(pod: Pod): void {
  pod.spec ??= {};
  defaultPodSpec(pod.spec);
  // SetDefaults_Pod (not the templates' PodSpec since v1.28): a hostNetwork pod's container ports are host ports.
  if (pod.spec.hostNetwork === true) {
    defaultHostNetworkPorts(pod.spec.containers);
    defaultHostNetworkPorts(pod.spec.initContainers);
  }
  // Priority admission: no PriorityClass means priority 0.
  pod.spec.priority ??= 0;
  pod.spec.preemptionPolicy ??= 'PreemptLowerPriority';
  pod.spec.tolerations = withDefaultTolerationSeconds(pod.spec.tolerations);
}

function defaultWorkload(kind: string, w: Workload): void {
  const spec = (w.spec ??= {});
  defaultTemplate(spec.template);
  switch (kind) {
    case 'Deployment':
      spec.replicas ??= 1;
      spec.strategy ??= { type: 'RollingUpdate' };
      if ((spec.strategy as Mutable).type === 'RollingUpdate') {
        (spec.strategy as Mutable).rollingUpdate ??= {};
        const ru = (spec.strategy as Mutable).rollingUpdate as Mutable;
        ru.maxUnavailable ??= '25%';
        ru.maxSurge ??= '25%';
      }
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      break;
    case 'ReplicaSet':
      spec.replicas ??= 1;
      break;
    case 'StatefulSet':
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= 'OrderedReady';
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
      spec.revisionHistoryLimit ??= 10;
      spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      break;
    case 'DaemonSet':
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      spec.revisionHistoryLimit ??= 10;
      break;
    case 'Job':
      if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
        spec.completions = 1;
        spec.parallelism = 1;
      }
      spec.parallelism ??= 1;
      spec.backoffLimit ??= 6;
      spec.completionMode ??= 'NonIndexed';
      spec.suspend ??= false;
      spec.podReplacementPolicy ??= 'TerminatingOrFailed';
      break;
  }
}

/** The registered defaults (and, for pods, mutating admission) of a kind, applied in place. */
export function applyDefaults(kind: string, obj: KubeObject): void {
  if (workloadKinds.has(kind)) return defaultWorkload(kind, obj as Workload);
  switch (kind) {
    case 'Pod':
      admitPod(obj as Pod);
      break;
    case 'PersistentVolumeClaim': {
      const spec = ((obj as PersistentVolumeClaim).spec ??= {});
      spec.volumeMode ??= 'Filesystem';
      break;
    }
    case 'PersistentVolume': {
      const spec = ((obj as PersistentVolume).spec ??= {});
      spec.persistentVolumeReclaimPolicy ||= 'Retain';
      spec.volumeMode ??= 'Filesystem';
      break;
    }
    case 'StorageClass': {
      const sc = obj as StorageClass;
      sc.reclaimPolicy ??= 'Delete';
      sc.volumeBindingMode ??= 'Immediate';
      break;
    }
    case 'Namespace': {
      const ns = obj as KubeObject & { spec?: Mutable };
      ns.spec ??= {};
      ns.spec.finalizers ??= ['kubernetes'];
      // NamespaceDefaultLabelName: every namespace carries its name as a label.
      ns.metadata = { ...ns.metadata, labels: { ...ns.metadata?.labels, 'kubernetes.io/metadata.name': ns.metadata?.name ?? '' } };
      break;
    }
  }
}

/** `GetDefaultClass`: the newest class annotated as the default (the name breaks ties), if any. */
function defaultStorageClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const isDefault = (c: StorageClass) => c.metadata?.annotations?.[volumeAnnotations.isDefaultClass] === 'true' || c.metadata?.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  const created = (c: StorageClass) => Date.parse(c.metadata?.creationTimestamp ?? '') || 0;
  return classes.filter(isDefault).sort((a, b) => created(b) - created(a) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))[0];
}

/**
 * Mutating admission that only a create passes: the pod strategy merges
 * matchLabelKeys into pod affinity terms; the DefaultStorageClass plugin
 * gives a claim without a class (no storageClassName, not even "") the
 * default one.
 */
export function admitCreate(kind: string, obj: KubeObject, storageClasses: () => readonly StorageClass[]): void {
  if (kind === 'Pod') applyMatchLabelKeysToPodAffinity(obj as Pod);
  if (kind !== 'PersistentVolumeClaim') return;
  const claim = obj as PersistentVolumeClaim;
  if ((claim.spec?.storageClassName ?? null) !== null || claim.metadata?.annotations?.[volumeAnnotations.betaStorageClass] !== undefined) return;
  const def = defaultStorageClass(storageClasses());
  if (def) claim.spec = { ...claim.spec, storageClassName: def.metadata?.name ?? '' };
}

/** The Job strategy's generated selector: the Job's uid, on the selector and the template's labels. */
export function generateJobSelector(job: Workload): void {
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  const spec = (job.spec ??= {});
  if ((spec as Mutable).manualSelector === true) return;
  spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const template = (spec.template ??= {});
  template.metadata = {
    ...template.metadata,
    labels: {
      ...template.metadata?.labels,
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    },
  };
}
