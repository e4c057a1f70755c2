// The API server's validation of whole objects on create and update (422),
// for the fields the simulator models. Field checks the core already knows
// (PDB spec, label selectors, labels, tolerations, taints) come from there.
// Sources: pkg/apis/core/validation/validation.go (ValidatePod*, ValidateNode*,
// ValidateObjectMeta*), pkg/apis/apps/validation/validation.go,
// pkg/apis/batch/validation/validation.go, pkg/apis/policy/validation/validation.go,
// pkg/apis/storage/validation/validation.go (ValidateStorageClass).

import { selectorMatches, selectorOrNothing, validateLabelSelector } from '../k8s/labels';
import { validatePodDisruptionBudget } from '../k8s/pdb';
import { validateNodeTaints, validateTolerations } from '../k8s/tolerations';
import type { KubeObject, Node, PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec, Pod, PodDisruptionBudget, PodSpec, StorageClass, Toleration, Workload } from '../k8s/types';
import { fieldErrors, goQuote, isDNS1123Label, isDNS1123Subdomain, validateLabels, valueRepr, type FieldError } from '../k8s/validation';
import type { ResourceInfo } from './api';
import { jsonEqual, workloadKinds } from './objects';

const restartPolicies = ['Always', 'OnFailure', 'Never'];

/** Go's `%#v` of a map[string]string, as validation messages print labels. */
function goStringMap(m: Record<string, string> | null | undefined): string {
  const entries = Object.keys(m ?? {})
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(String((m ?? {})[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function validateMeta(info: ResourceInfo, obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const name = obj.metadata?.name ?? '';
  if (!name) {
    errs.push(fieldErrors.required('metadata.name', 'name or generateName is required'));
  } else {
    const check = info.resource === 'namespaces' ? isDNS1123Label : isDNS1123Subdomain;
    for (const msg of check(name)) errs.push(fieldErrors.invalid('metadata.name', goQuote(name), msg));
  }
  errs.push(...validateLabels(obj.metadata?.labels, 'metadata.labels'));
  return errs;
}

function validatePodSpec(spec: PodSpec | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const containers = spec?.containers ?? [];
  if (containers.length === 0) errs.push(fieldErrors.required(`${path}.containers`));
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}.containers[${i}]`;
    if (!c?.name) errs.push(fieldErrors.required(`${p}.name`));
    else if (names.has(c.name)) errs.push(fieldErrors.duplicate(`${p}.name`, goQuote(c.name)));
    else names.add(c.name);
    if (!c?.image) errs.push(fieldErrors.required(`${p}.image`));
  });
  const policy = spec?.restartPolicy ?? 'Always';
  if (!restartPolicies.includes(policy)) errs.push(fieldErrors.notSupported(`${path}.restartPolicy`, goQuote(policy), restartPolicies));
  errs.push(...validateTolerations(spec?.tolerations, `${path}.tolerations`));
  errs.push(...validateLabels(spec?.nodeSelector ?? undefined, `${path}.nodeSelector`));
  return errs;
}

function nonNegative(value: unknown, field: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [fieldErrors.invalid(field, valueRepr(value), 'must be greater than or equal to 0')] : [];
}

function validateWorkload(kind: string, w: Workload): FieldError[] {
  const errs: FieldError[] = [];
  const spec = w.spec ?? {};
  if (kind !== 'DaemonSet' && kind !== 'Job') errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  if (kind === 'Job') {
    errs.push(...nonNegative(spec.parallelism, 'spec.parallelism'), ...nonNegative(spec.completions, 'spec.completions'));
  }
  const selector = spec.selector as Parameters<typeof validateLabelSelector>[0];
  if (selector === undefined || selector === null) {
    errs.push(fieldErrors.required('spec.selector'));
  } else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    const empty = Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
    if (empty) {
      errs.push(fieldErrors.invalid('spec.selector', 'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}', `empty selector is invalid for ${kind === 'Job' ? 'job' : kind.toLowerCase()}`));
    } else if (!selectorMatches(selectorOrNothing(selector), spec.template?.metadata?.labels)) {
      errs.push(fieldErrors.invalid('spec.template.metadata.labels', goStringMap(spec.template?.metadata?.labels), '`selector` does not match template `labels`'));
    }
  }
  errs.push(...validateLabels(spec.template?.metadata?.labels, 'spec.template.metadata.labels'));
  errs.push(...validatePodSpec(spec.template?.spec, 'spec.template.spec'));
  if (kind === 'StatefulSet') {
    const templates = Array.isArray(spec.volumeClaimTemplates) ? (spec.volumeClaimTemplates as PersistentVolumeClaim[]) : [];
    templates.forEach((t, i) => errs.push(...validateClaimSpec(t?.spec, `spec.volumeClaimTemplates[${i}].spec`)));
  }
  const policy = spec.template?.spec?.restartPolicy ?? 'Always';
  if (kind === 'Job') {
    if (policy !== 'OnFailure' && policy !== 'Never') errs.push(fieldErrors.notSupported('spec.template.spec.restartPolicy', goQuote(policy), ['OnFailure', 'Never']));
  } else if (policy !== 'Always') {
    errs.push(fieldErrors.notSupported('spec.template.spec.restartPolicy', goQuote(policy), ['Always']));
  }
  return errs;
}

const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function validateAccessModes(modes: readonly string[] | null | undefined, field: string, detail: string): FieldError[] {
  if (!modes || modes.length === 0) return [fieldErrors.required(field, detail)];
  return modes.filter((m) => !accessModes.includes(m)).map((m) => fieldErrors.notSupported(field, goQuote(m), accessModes));
}

/** `ValidatePersistentVolumeClaimSpec`: access modes and a storage request. */
function validateClaimSpec(spec: PersistentVolumeClaimSpec | undefined, path: string): FieldError[] {
  const errs = validateAccessModes(spec?.accessModes, `${path}.accessModes`, 'at least 1 access mode is required');
  if (spec?.resources?.requests?.storage === undefined) errs.push(fieldErrors.required(`${path}.resources[storage]`));
  return errs;
}

/** The volume sources a PersistentVolume may name (one is required). */
const volumeSources = ['hostPath', 'local', 'csi', 'nfs', 'gcePersistentDisk', 'awsElasticBlockStore', 'azureDisk', 'azureFile', 'iscsi', 'fc', 'cephfs', 'rbd', 'cinder', 'glusterfs', 'flexVolume', 'vsphereVolume', 'portworxVolume', 'flocker', 'quobyte', 'scaleIO', 'storageos', 'photonPersistentDisk'];

/** `ValidatePersistentVolumeSpec`, for the fields the simulator reads. */
function validateVolume(pv: PersistentVolume): FieldError[] {
  const spec = pv.spec;
  const errs = validateAccessModes(spec?.accessModes, 'spec.accessModes', '');
  if (Object.keys(spec?.capacity ?? {}).length === 0) errs.push(fieldErrors.required('spec.capacity'));
  const policies = ['Delete', 'Recycle', 'Retain'];
  if (spec?.persistentVolumeReclaimPolicy && !policies.includes(spec.persistentVolumeReclaimPolicy)) errs.push(fieldErrors.notSupported('spec.persistentVolumeReclaimPolicy', goQuote(spec.persistentVolumeReclaimPolicy), policies));
  if (!volumeSources.some((k) => spec?.[k])) errs.push(fieldErrors.required('spec', 'must specify a volume type'));
  return errs;
}

/** `ValidateStorageClass`. */
function validateStorageClass(sc: StorageClass): FieldError[] {
  const errs: FieldError[] = [];
  if (!sc.provisioner) errs.push(fieldErrors.required('provisioner'));
  if (sc.reclaimPolicy && !['Delete', 'Retain'].includes(sc.reclaimPolicy)) errs.push(fieldErrors.notSupported('reclaimPolicy', goQuote(sc.reclaimPolicy), ['Delete', 'Retain']));
  if (sc.volumeBindingMode && !['Immediate', 'WaitForFirstConsumer'].includes(sc.volumeBindingMode)) {
    errs.push(fieldErrors.notSupported('volumeBindingMode', goQuote(sc.volumeBindingMode), ['Immediate', 'WaitForFirstConsumer']));
  }
  return errs;
}

/** The checks a kind's content gets on create and update alike (pods differ, see validatePodUpdate). */
function validateContent(info: ResourceInfo, obj: KubeObject): FieldError[] {
  if (info.kind === 'PersistentVolumeClaim') return validateClaimSpec((obj as PersistentVolumeClaim).spec, 'spec');
  if (info.kind === 'PersistentVolume') return validateVolume(obj as PersistentVolume);
  if (info.kind === 'StorageClass') return validateStorageClass(obj as StorageClass);
  if (info.kind === 'Node') return validateNodeTaints((obj as Node).spec?.taints, 'spec.taints');
  if (info.kind === 'PodDisruptionBudget') return validatePodDisruptionBudget(obj as PodDisruptionBudget);
  if (workloadKinds.has(info.kind)) return validateWorkload(info.kind, obj as Workload);
  return [];
}

/** What a create must satisfy. */
export function validateCreate(info: ResourceInfo, obj: KubeObject): FieldError[] {
  const errs = [...validateMeta(info, obj), ...validateContent(info, obj)];
  if (info.kind === 'Pod') errs.push(...validatePodSpec((obj as Pod).spec, 'spec'));
  return errs;
}

const podUpdateForbidden =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** `validateOnlyAddedTolerations`: existing tolerations stay, except for their tolerationSeconds. */
function validateOnlyAddedTolerations(next: readonly Toleration[], old: readonly Toleration[]): FieldError[] {
  for (const o of old) {
    const kept = next.some((n) => jsonEqual({ ...o, tolerationSeconds: n.tolerationSeconds }, n));
    if (!kept) return [fieldErrors.forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

function validatePodUpdate(next: Pod, old: Pod): FieldError[] {
  const errs: FieldError[] = [];
  const strip = (spec: PodSpec | undefined) => ({
    ...spec,
    containers: (spec?.containers ?? []).map((c) => ({ ...c, image: undefined })),
    initContainers: (spec?.initContainers ?? []).map((c) => ({ ...c, image: undefined })),
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
    terminationGracePeriodSeconds: undefined,
  });
  if (!jsonEqual(strip(next.spec), strip(old.spec))) errs.push(fieldErrors.forbidden('spec', podUpdateForbidden));
  errs.push(...validateOnlyAddedTolerations(next.spec?.tolerations ?? [], old.spec?.tolerations ?? []));
  errs.push(...validateTolerations(next.spec?.tolerations, 'spec.tolerations'));
  (next.spec?.containers ?? []).forEach((c, i) => {
    if (!c?.image) errs.push(fieldErrors.required(`spec.containers[${i}].image`));
  });
  return errs;
}

function validatePdbStatus(pdb: PodDisruptionBudget): FieldError[] {
  const s = pdb.status;
  return [
    ...nonNegative(s?.disruptionsAllowed, 'status.disruptionsAllowed'),
    ...nonNegative(s?.currentHealthy, 'status.currentHealthy'),
    ...nonNegative(s?.desiredHealthy, 'status.desiredHealthy'),
    ...nonNegative(s?.expectedPods, 'status.expectedPods'),
  ];
}

/** What an update (of the object, or of its status) must satisfy, given the stored object. */
export function validateUpdate(info: ResourceInfo, obj: KubeObject, old: KubeObject, subresource: 'status' | undefined): FieldError[] {
  if (subresource === 'status') return info.kind === 'PodDisruptionBudget' ? validatePdbStatus(obj as PodDisruptionBudget) : [];
  const errs = [...validateMeta(info, obj), ...validateContent(info, obj)];
  if (info.kind === 'Pod') errs.push(...validatePodUpdate(obj as Pod, old as Pod));
  if (workloadKinds.has(info.kind) && !jsonEqual((obj as Workload).spec?.selector, (old as Workload).spec?.selector)) {
    errs.push(fieldErrors.invalid('spec.selector', 'v1.LabelSelector{…}', 'field is immutable'));
  }
  return errs;
}
