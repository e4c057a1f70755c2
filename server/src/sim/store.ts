// The simulator's etcd: every object by resource and key, one cluster-wide
// resourceVersion counter, and the recent history of changes that watches
// replay from. Writes are synchronous and each one gets the next
// resourceVersion, so the order of events is the order of writes.
// Sources: apiserver/pkg/storage/cacher/watch_cache.go (history, "too old
// resource version", "Too large resource version").

import { resourceExpired, serverTimeout, badRequest } from '../k8s/status';
import type { KubeObject } from '../k8s/types';
import type { ResourceName, Result, WatchEvent, WatchEventType } from './api';
import { deepFreeze, keyOf, objectKey } from './objects';

/** A committed change. `object` is the frozen state after it (the last state for DELETED); `old` the state before. */
export interface Change {
  type: WatchEventType;
  resource: ResourceName;
  resourceVersion: number;
  object: KubeObject;
  old?: KubeObject;
}

interface Watcher {
  resource: ResourceName;
  namespace: string | undefined;
  listener: (e: WatchEvent) => void;
  interest?: (obj: KubeObject, previous?: KubeObject) => boolean;
}

/** How many changes the store keeps for watches to resume from. */
export const defaultHistoryLimit = 10_000;

export class ObjectStore {
  private rv = 1;
  private readonly objects = new Map<ResourceName, Map<string, KubeObject>>();
  /** Objects by the uid of each owner they reference (the garbage collector's dependents), as resource and key. */
  private readonly byOwner = new Map<string, Map<string, ResourceName>>();
  /** The same objects by namespace, so that a controller's look at one namespace does not walk the cluster. */
  private readonly byNamespace = new Map<ResourceName, Map<string, Map<string, KubeObject>>>();
  private readonly history: Change[] = [];
  private historyStart = 0;
  private readonly watchers = new Set<Watcher>();
  private readonly observers: ((c: Change) => void)[] = [];
  private readonly pending: Change[] = [];
  private delivering = false;
  /** The newest change handed to listeners; later ones are still pending and reach new watchers on their own. */
  private dispatched = 1;

  constructor(private readonly historyLimit = defaultHistoryLimit) {}

  resourceVersion(): number {
    return this.rv;
  }

  /** The stored (frozen) object. */
  get(resource: ResourceName, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.bucket(resource).get(keyOf(namespace, name));
  }

  /** Stored (frozen) objects, in one namespace or all. */
  list(resource: ResourceName, namespace?: string): KubeObject[] {
    if (namespace === undefined) return [...this.bucket(resource).values()];
    return [...(this.namespaceBuckets(resource).get(namespace)?.values() ?? [])];
  }

  /** Creates or replaces an object, stamping the next resourceVersion. The store owns (and freezes) `obj` from now on. */
  put(resource: ResourceName, obj: KubeObject): KubeObject {
    const key = objectKey(obj);
    const old = this.bucket(resource).get(key);
    this.rv++;
    obj.metadata = { ...obj.metadata, resourceVersion: String(this.rv) };
    const stored = deepFreeze(obj);
    this.indexOwners(resource, key, old, stored);
    this.bucket(resource).set(key, stored);
    this.namespaceBucket(resource, obj.metadata?.namespace ?? '').set(key, stored);
    this.commit({ type: old ? 'MODIFIED' : 'ADDED', resource, resourceVersion: this.rv, object: stored, old });
    return stored;
  }

  /** Removes an object; its DELETED event carries the last state with the deletion's resourceVersion. */
  remove(resource: ResourceName, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = keyOf(namespace, name);
    const old = this.bucket(resource).get(key);
    if (!old) return undefined;
    this.bucket(resource).delete(key);
    this.indexOwners(resource, key, old, undefined);
    const namespaceBucket = this.namespaceBucket(resource, old.metadata?.namespace ?? '');
    namespaceBucket.delete(key);
    if (namespaceBucket.size === 0) this.namespaceBuckets(resource).delete(old.metadata?.namespace ?? '');
    this.rv++;
    const last = deepFreeze({ ...structuredClone(old), metadata: { ...structuredClone(old.metadata), resourceVersion: String(this.rv) } } as KubeObject);
    this.commit({ type: 'DELETED', resource, resourceVersion: this.rv, object: last, old });
    return last;
  }

  /** The stored objects that reference `uid` as an owner. */
  dependents(uid: string): { resource: ResourceName; obj: KubeObject }[] {
    const found: { resource: ResourceName; obj: KubeObject }[] = [];
    for (const [ref, resource] of this.byOwner.get(uid) ?? []) {
      const obj = this.bucket(resource).get(ref.slice(resource.length + 1));
      if (obj) found.push({ resource, obj });
    }
    return found;
  }

  private indexOwners(resource: ResourceName, key: string, old: KubeObject | undefined, next: KubeObject | undefined): void {
    const ref = `${resource} ${key}`;
    const owners = (o: KubeObject | undefined) => (o?.metadata?.ownerReferences ?? []).map((r) => r?.uid).filter((u): u is string => !!u);
    for (const uid of owners(old)) {
      const refs = this.byOwner.get(uid);
      refs?.delete(ref);
      if (refs?.size === 0) this.byOwner.delete(uid);
    }
    for (const uid of owners(next)) {
      let refs = this.byOwner.get(uid);
      if (!refs) this.byOwner.set(uid, (refs = new Map()));
      refs.set(ref, resource);
    }
  }

  /** Controllers' informers: every change, synchronously, in order. */
  observe(fn: (c: Change) => void): void {
    this.observers.push(fn);
  }

  /**
   * A watch from `sinceResourceVersion` (exclusive), or from now. Replays the
   * kept history first; too old is 410 Gone, ahead of the store is 504.
   */
  watch(resource: ResourceName, namespace: string | undefined, sinceResourceVersion: string | undefined, listener: (e: WatchEvent) => void, interest?: (obj: KubeObject, previous?: KubeObject) => boolean): Result<() => void> {
    const watcher: Watcher = { resource, namespace, listener, interest };
    if (sinceResourceVersion !== undefined && sinceResourceVersion !== '') {
      if (!/^\d+$/.test(sinceResourceVersion)) {
        return { ok: false, status: badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(sinceResourceVersion)}: invalid syntax`) };
      }
      const since = Number(sinceResourceVersion);
      if (since > this.rv) {
        return { ok: false, status: serverTimeout(`Too large resource version: ${since}, current: ${this.rv}`, 1, [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }]) };
      }
      const oldest = this.history[this.historyStart]?.resourceVersion ?? this.rv + 1;
      if (this.historyStart > 0 && since < oldest - 1) {
        return { ok: false, status: resourceExpired(`too old resource version: ${since} (${oldest - 1})`) };
      }
      for (let i = this.historyStart; i < this.history.length; i++) {
        const c = this.history[i];
        if (c.resourceVersion > since && c.resourceVersion <= this.dispatched) this.deliver(watcher, c);
      }
    }
    this.watchers.add(watcher);
    return { ok: true, value: () => this.watchers.delete(watcher) };
  }

  private bucket(resource: ResourceName): Map<string, KubeObject> {
    let b = this.objects.get(resource);
    if (!b) this.objects.set(resource, (b = new Map()));
    return b;
  }

  private namespaceBuckets(resource: ResourceName): Map<string, Map<string, KubeObject>> {
    let b = this.byNamespace.get(resource);
    if (!b) this.byNamespace.set(resource, (b = new Map()));
    return b;
  }

  private namespaceBucket(resource: ResourceName, namespace: string): Map<string, KubeObject> {
    const buckets = this.namespaceBuckets(resource);
    let b = buckets.get(namespace);
    if (!b) buckets.set(namespace, (b = new Map()));
    return b;
  }

  private commit(c: Change): void {
    this.history.push(c);
    if (this.history.length - this.historyStart > this.historyLimit) {
      this.historyStart++;
      // Compact now and then rather than shifting on every write.
      if (this.historyStart > this.historyLimit) {
        this.history.splice(0, this.historyStart);
        this.historyStart = 0;
      }
    }
    // A listener may write (a client reacting to an event): its change is
    // delivered after this one, so every watcher sees resourceVersion order.
    this.pending.push(c);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        this.dispatched = next.resourceVersion;
        for (const o of this.observers) o(next);
        for (const w of [...this.watchers]) this.deliver(w, next);
      }
    } finally {
      this.delivering = false;
    }
  }

  private deliver(w: Watcher, c: Change): void {
    if (c.resource !== w.resource) return;
    if (w.namespace !== undefined && (c.object.metadata?.namespace ?? '') !== w.namespace) return;
    if (w.interest && !w.interest(c.object, c.old)) return;
    try {
      // A copy, as everything the API hands out: a client may change what it is given.
      w.listener({ type: c.type, object: structuredClone(c.object) as KubeObject, ...(c.old ? { previous: c.old } : {}) });
    } catch {
      // A listener that throws is a broken client: drop it, keep the store consistent.
      this.watchers.delete(w);
    }
  }
}
