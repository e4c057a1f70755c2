// DELETE: the options' validation, preconditions, graceful deletion of pods,
// finalizers, and orphaning of dependents.
// Sources: apiserver/pkg/registry/rest/delete.go (BeforeDelete),
// apiserver/pkg/registry/generic/registry/store.go (Delete, finalizeDelete,
// deletion of objects with finalizers), apimachinery/pkg/apis/meta/v1/validation
// (ValidateDeleteOptions), pkg/registry/core/pod/strategy.go (CheckGracefulDelete).

import { validateDeleteOptions } from '../k8s/deleteOptions';
import { gracePeriodForDelete, regracefulDelete } from '../k8s/pods';
import { conflict } from '../k8s/status';
import { rfc3339 } from '../k8s/time';
import type { DeleteOptions, KubeObject, Pod, Status } from '../k8s/types';
import { invalidStatus } from '../k8s/validation';
import type { ResourceInfo, ResourceName, Result } from './api';
import { copy } from './objects';

/** BeforeDelete's early precondition check: the conflict names the Kind (`on Pod "web-a"`). */
export function checkPreconditions(kind: string, obj: KubeObject, options: DeleteOptions): Status | undefined {
  const uid = options.preconditions?.uid;
  const rv = options.preconditions?.resourceVersion;
  const name = obj.metadata?.name ?? '';
  if (uid && uid !== obj.metadata?.uid) {
    return conflict(kind, '', name, `the UID in the precondition (${uid}) does not match the UID in record (${obj.metadata?.uid ?? ''}). The object might have been deleted and then recreated`);
  }
  if (rv && rv !== obj.metadata?.resourceVersion) {
    return conflict(kind, '', name, `the ResourceVersion in the precondition (${rv}) does not match the ResourceVersion in record (${obj.metadata?.resourceVersion ?? ''}). The object might have been modified`);
  }
  return undefined;
}

/** What a delete can do to the store. */
export interface DeletionStore {
  now(): number;
  get(resource: ResourceName, namespace: string | undefined, name: string): KubeObject | undefined;
  put(resource: ResourceName, obj: KubeObject): KubeObject;
  remove(resource: ResourceName, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Every object that names `uid` among its ownerReferences. */
  dependentsOf(uid: string): { resource: ResourceName; obj: KubeObject }[];
}

/** The Status a DELETE answers once the object is gone (finalizeDelete: the resource as "kind"). */
function deletedStatus(info: ResourceInfo, obj: KubeObject): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: obj.metadata?.name ?? '', ...(info.group ? { group: info.group } : {}), kind: info.resource, uid: obj.metadata?.uid ?? '' },
    code: 200,
  };
}

function orphans(options: DeleteOptions): boolean {
  return options.propagationPolicy === 'Orphan' || options.orphanDependents === true;
}

/**
 * DELETE of one object. Pods are deleted gracefully (a deletionTimestamp
 * `grace` seconds out, their kubelet finishes the job); an object with
 * finalizers is only marked; anything else is removed, its dependents left
 * to the garbage collector unless orphaned. Pods answer with the object, the
 * rest with a Success Status once gone.
 */
export function deleteObject(store: DeletionStore, info: ResourceInfo, existing: KubeObject, options: DeleteOptions, dryRun: boolean): Result<KubeObject | Status> {
  const invalid = validateDeleteOptions(options);
  if (invalid.length) return { ok: false, status: invalidStatus('DeleteOptions', 'meta.k8s.io', '', invalid) };
  const pre = checkPreconditions(info.kind, existing, options);
  if (pre) return { ok: false, status: pre };
  const ns = existing.metadata?.namespace;
  const name = existing.metadata?.name ?? '';
  const now = store.now();
  const hasFinalizers = (existing.metadata?.finalizers ?? []).length > 0;

  const mark = (deletionMs: number, grace: number): Result<KubeObject | Status> => {
    // Marking again what is already marked (a finalizer holds a pod its kubelet deletes with grace 0)
    // is a no-op update: no write, no new resourceVersion, no watch event (GuaranteedUpdate in
    // apiserver/pkg/storage/etcd3/store.go returns when the encoded object is unchanged).
    if (existing.metadata?.deletionTimestamp === rfc3339(deletionMs) && existing.metadata?.deletionGracePeriodSeconds === grace) return { ok: true, value: existing };
    const next = copy(existing);
    next.metadata = { ...next.metadata, deletionTimestamp: rfc3339(deletionMs), deletionGracePeriodSeconds: grace };
    return { ok: true, value: dryRun ? next : store.put(info.resource, next) };
  };
  const removeNow = (): Result<KubeObject | Status> => {
    if (hasFinalizers) return mark(existing.metadata?.deletionTimestamp ? Date.parse(existing.metadata.deletionTimestamp) : now, 0);
    if (dryRun) return { ok: true, value: info.kind === 'Pod' ? existing : deletedStatus(info, existing) };
    if (orphans(options)) orphanDependents(store, existing);
    const last = store.remove(info.resource, ns, name) ?? existing;
    return { ok: true, value: info.kind === 'Pod' ? last : deletedStatus(info, last) };
  };

  if (info.kind !== 'Pod') {
    if (existing.metadata?.deletionTimestamp) return { ok: true, value: existing };
    return hasFinalizers ? mark(now, 0) : removeNow();
  }

  const pod = existing as Pod;
  if (pod.metadata?.deletionTimestamp) {
    const again = regracefulDelete(pod, options.gracePeriodSeconds);
    if (again.action === 'pending') return { ok: true, value: existing };
    if (again.action === 'shorten') return mark(again.deletionTimestampMs, again.gracePeriodSeconds);
    return removeNow();
  }
  const grace = gracePeriodForDelete(pod, options.gracePeriodSeconds);
  return grace === 0 ? removeNow() : mark(now + grace * 1000, grace);
}

/** Orphan propagation: dependents lose their reference to the owner and stay. */
function orphanDependents(store: DeletionStore, owner: KubeObject): void {
  const uid = owner.metadata?.uid ?? '';
  for (const { resource, obj } of store.dependentsOf(uid)) {
    const next = copy(obj);
    next.metadata = { ...next.metadata, ownerReferences: (next.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid) };
    store.put(resource, next);
  }
}
