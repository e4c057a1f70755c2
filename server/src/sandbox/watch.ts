// `?watch=true`: a chunked stream of JSON lines `{"type":"ADDED","object":{…}}`.
// A watch filtered by selectors sees an object enter the selection as ADDED
// and leave it as DELETED, as the watch cache reports transitions.
// Sources: apiserver/pkg/endpoints/handlers/watch.go, apiserver/pkg/storage/cacher
// (initial events for resourceVersion "" and "0", bookmarks, the
// `k8s.io/initial-events-end` annotation), apimachinery/pkg/watch.

import type { ServerResponse } from 'node:http';
import type { ClusterApi, ResourceInfo, WatchEvent } from '../sim/api';
import type { KubeObject, Status } from '../k8s/types';
import { groupVersionOf } from './discovery';

export interface WatchOptions {
  api: ClusterApi;
  info: ResourceInfo;
  namespace?: string;
  /** The request's label and field selectors. */
  selects: (obj: KubeObject) => boolean;
  /** `resourceVersion`: "" or "0" start with the current state as ADDED events. */
  resourceVersion?: string;
  /** `sendInitialEvents=true`: initial ADDED events, then a bookmark marking their end. */
  sendInitialEvents: boolean;
  allowBookmarks: boolean;
  timeoutMs: number;
  bookmarkIntervalMs: number;
  /** How an object is written (whole, as a Table, as PartialObjectMetadata). */
  render: (obj: KubeObject) => unknown;
}

type EventType = WatchEvent['type'] | 'BOOKMARK' | 'ERROR';

const keyOf = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/**
 * Streams a watch until it times out, the client goes away or the returned
 * stop function is called. A malformed resourceVersion is an HTTP error; one
 * too old or too new is an ERROR event in the stream, as the watch cache answers.
 */
export function serveWatch(res: ServerResponse, w: WatchOptions): (() => void) | Status {
  const current = w.api.list(w.info.resource, w.namespace, w.selects);
  const selected = new Set(current.map(keyOf));
  const startsFromNow = w.resourceVersion === undefined || w.resourceVersion === '' || w.resourceVersion === '0';
  const since = startsFromNow || w.sendInitialEvents ? w.api.resourceVersion() : w.resourceVersion;

  // Events replayed while subscribing wait until the headers and initial events are out.
  let queue: WatchEvent[] | undefined = [];
  let stopped = false;
  const onEvent = (e: WatchEvent) => {
    if (queue) queue.push(e);
    else forward(e);
  };
  // Only changes that forward would send are copied: objects in the selection, or that were before the change.
  const interest = (o: KubeObject, previous?: KubeObject) => w.selects(o) || (previous ? w.selects(previous) : selected.has(keyOf(o)));
  const subscription = w.api.watch(w.info.resource, w.namespace, since, onEvent, interest);
  if (!subscription.ok && subscription.status.code === 400) return subscription.status;

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const timers: NodeJS.Timeout[] = [];
  const write = (type: EventType, object: unknown) => {
    if (!stopped) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write('BOOKMARK', {
      kind: w.info.kind,
      apiVersion: groupVersionOf(w.info),
      metadata: { resourceVersion: w.api.resourceVersion(), ...(annotations ? { annotations } : {}) },
    });
  // A watch that times out ends with a bookmark, so the client resumes from there.
  const stop = (timedOut = false) => {
    if (stopped) return;
    if (timedOut && w.allowBookmarks) bookmark();
    stopped = true;
    if (subscription.ok) subscription.value();
    for (const t of timers) clearTimeout(t);
    if (!res.writableEnded) res.end();
  };
  // Not req's 'close': node emits it once the (empty) request body is read.
  res.on('close', () => stop());

  function forward(e: WatchEvent) {
    const key = keyOf(e.object);
    // From the object as it was: a watch from an older resourceVersion replays changes to
    // objects the current selection no longer holds (a pod deleted since, with grace 0).
    const wasSelected = e.type === 'ADDED' ? false : e.previous ? w.selects(e.previous) : selected.has(key);
    const isSelected = e.type !== 'DELETED' && w.selects(e.object);
    if (!isSelected) {
      selected.delete(key);
      if (wasSelected) write('DELETED', w.render(e.object));
      return;
    }
    selected.add(key);
    write(wasSelected ? 'MODIFIED' : 'ADDED', w.render(e.object));
  }

  if (!subscription.ok) {
    write('ERROR', subscription.status);
    stop();
    return () => stop();
  }
  if (startsFromNow || w.sendInitialEvents) {
    for (const o of current) write('ADDED', w.render(o));
    if (w.sendInitialEvents && w.allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  }
  const replayed = queue;
  queue = undefined;
  for (const e of replayed) forward(e);
  timers.push(setTimeout(() => stop(true), w.timeoutMs));
  if (w.allowBookmarks) {
    const tick = () => {
      bookmark();
      timers.push(setTimeout(tick, w.bookmarkIntervalMs));
    };
    timers.push(setTimeout(tick, w.bookmarkIntervalMs));
  }
  return () => stop();
}
