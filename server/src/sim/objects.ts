// Small facts about stored objects shared by the store, the API and the
// controllers: their wire identity, copying, freezing and comparing.

import type { KubeObject } from '../k8s/types';
import { resourceForKind, resources, type ResourceInfo, type ResourceName } from './api';

export function infoOf(resource: ResourceName): ResourceInfo {
  const info = resources.find((r) => r.resource === resource);
  if (!info) throw new Error(`unknown resource ${resource}`);
  return info;
}

export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

export function resourceOfKind(kind: string | undefined): ResourceName | undefined {
  return kind ? resourceForKind(kind)?.resource : undefined;
}

/** The kinds whose controllers make pods from a template. */
export const workloadKinds: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

/** The store key: `namespace/name`, with an empty namespace for cluster-scoped objects. */
export function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** The namespace and name of a store key. */
export function splitKey(key: string): [namespace: string, name: string] {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
}

export function objectKey(obj: KubeObject): string {
  return keyOf(obj.metadata?.namespace, obj.metadata?.name ?? '');
}

export const nameOf = (obj: KubeObject): string => obj.metadata?.name ?? '';
export const namespaceOf = (obj: KubeObject): string => obj.metadata?.namespace ?? '';

/** Stored objects are frozen: a controller that writes must copy first, and nothing changes behind the store's back. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/** A mutable deep copy (of a frozen stored object, typically). */
export function copy<T>(value: T): T {
  return structuredClone(value) as T;
}

/** Structural equality of JSON values (key order ignored; `undefined` fields ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) if (!jsonEqual(ao[k], bo[k])) return false;
    return true;
  }
  return false;
}

/** Drops fields that are 0 (Go's `omitempty` on the numeric status fields), keeping the required ones. */
export function omitZeros<T extends Record<string, unknown>>(status: T, required: readonly (keyof T)[] = []): T {
  return Object.fromEntries(Object.entries(status).filter(([k, v]) => v !== 0 || required.includes(k as keyof T))) as T;
}
