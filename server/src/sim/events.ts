// core/v1 Events as the controllers' recorders write them: one object per
// (object, reason, message), its count and lastTimestamp bumped on repeats,
// dropped after an hour (the API server's event TTL). A new event is named
// `<object>.<UnixNano in hex>` and created; a name already taken is refused
// (409) and the event dropped, never written over another.
// Sources: client-go/tools/record/{event.go (makeEvent, recordToSink),events_cache.go}.

import { rfc3339 } from '../k8s/time';
import type { KubeObject } from '../k8s/types';
import type { EventType } from './context';
import type { DeletionStore } from './deletion';
import { copy } from './objects';

export const eventTtlMs = 60 * 60 * 1000;
/** Events kept; the oldest beyond this go (checked every hundred new ones). */
const maxEvents = 1000;

export interface EventObject extends KubeObject {
  involvedObject: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string };
  reason: string;
  message: string;
  type: EventType;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string };
}

export class EventRecorder {
  private readonly byKey = new Map<string, { namespace: string; name: string }>();
  /** The millisecond of the last name and how many names it gave: a real clock's nanoseconds never repeat. */
  private nameMs = -1;
  private namesThisMs = 0;
  private recordedSincePrune = 0;

  constructor(private readonly store: Pick<DeletionStore, 'now' | 'get' | 'put' | 'remove'> & { list(resource: 'events'): KubeObject[] }) {}

  record(involved: KubeObject, type: EventType, reason: string, message: string, component: string): void {
    const now = this.store.now();
    const namespace = involved.metadata?.namespace || 'default';
    const key = [involved.metadata?.uid, type, reason, message, component].join('\u0000');
    const seen = this.byKey.get(key);
    const existing = seen && (this.store.get('events', seen.namespace, seen.name) as EventObject | undefined);
    if (existing) {
      const next = copy(existing);
      next.count = (existing.count ?? 1) + 1;
      next.lastTimestamp = rfc3339(now);
      this.store.put('events', next);
      return;
    }
    const name = `${involved.metadata?.name ?? 'unknown'}.${this.unixNano(now).toString(16)}`;
    // recordToSink: an AlreadyExists answer to the create is not retried.
    if (this.store.get('events', namespace, name)) return;
    const event: EventObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, creationTimestamp: rfc3339(now) },
      involvedObject: {
        kind: involved.kind,
        namespace: involved.metadata?.namespace,
        name: involved.metadata?.name,
        uid: involved.metadata?.uid,
        apiVersion: involved.apiVersion,
        resourceVersion: involved.metadata?.resourceVersion,
      },
      reason,
      message,
      source: { component },
      firstTimestamp: rfc3339(now),
      lastTimestamp: rfc3339(now),
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: '',
    } as EventObject;
    this.store.put('events', event);
    this.byKey.set(key, { namespace, name });
    // Looking for old events costs a pass over all of them: done every hundred new ones.
    if (++this.recordedSincePrune >= 100) this.prune(now);
  }

  /** `metav1.Now().UnixNano()` on the simulator's millisecond clock, distinct for each event (beyond a double's precision: BigInt). */
  private unixNano(now: number): bigint {
    if (now !== this.nameMs) {
      this.nameMs = now;
      this.namesThisMs = 0;
    }
    return BigInt(now) * 1_000_000n + BigInt(this.namesThisMs++);
  }

  private prune(now: number): void {
    this.recordedSincePrune = 0;
    const events = this.store.list('events') as EventObject[];
    const expired = events.filter((e) => Date.parse(e.lastTimestamp) + eventTtlMs <= now);
    const over = events.length - expired.length - maxEvents;
    const oldest = over > 0 ? events.filter((e) => !expired.includes(e)).sort((a, b) => Date.parse(a.lastTimestamp) - Date.parse(b.lastTimestamp)).slice(0, over) : [];
    if (expired.length + oldest.length === 0) return;
    for (const e of [...expired, ...oldest]) this.store.remove('events', e.metadata?.namespace, e.metadata?.name ?? '');
    for (const [key, { namespace, name }] of this.byKey) if (!this.store.get('events', namespace, name)) this.byKey.delete(key);
  }
}
