// A live, local copy of a set of objects: list, then watch from the list's
// resourceVersion; resume a watch that ends, relist after an error or a 410
// (resourceVersion too old), and fall back to polling with a list when the
// server will not watch at all. Consumers see only added/modified/deleted,
// whether a change came from the watch or from a relist.

import type { KubeObject } from '../../../server/src/k8s/types';
import type { Cluster, ClusterApis } from './connection';
import { apiAnswerOf, type ClusterFailure } from './failure';
import { pause } from './timers';

export interface ListPage<T> {
  items: T[];
  resourceVersion: string;
  continueToken?: string;
}

export interface InformerSource<T> {
  /** The collection URL path, e.g. `/api/v1/pods`. */
  path: string;
  fieldSelector?: string;
  labelSelector?: string;
  /** One page of the list (`limit`, `continue`), through the typed client. */
  listPage(apis: ClusterApis, continueToken: string | undefined): Promise<ListPage<T>>;
}

export type InformerState = 'watching' | 'polling' | 'retrying';

export interface InformerHandlers<T> {
  added?(obj: T): void;
  modified?(obj: T, previous: T): void;
  deleted?(obj: T): void;
  /** How the copy is kept current; `retrying` carries the failure that interrupted it. */
  state?(state: InformerState, failure?: ClusterFailure): void;
}

export interface InformerTiming {
  /** Interval of the list when the server does not watch (kubectl polls pods every 1 s). */
  pollMs: number;
  /** Pause before relisting after an error, so a failing server is not hammered. */
  relistDelayMs: number;
}

export const defaultInformerTiming: InformerTiming = { pollMs: 1000, relistDelayMs: 1000 };

const keyOf = (obj: KubeObject) => `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;

/** Watches that a server refuses outright (as opposed to failing): poll instead. */
const watchUnsupported = (code: number | undefined) => code === 400 || code === 405 || code === 501;

export class Informer<T extends KubeObject> {
  private readonly objects = new Map<string, T>();
  private currentState: InformerState | undefined;

  constructor(
    private readonly cluster: Cluster,
    private readonly source: InformerSource<T>,
    private readonly handlers: InformerHandlers<T>,
    private readonly timing: InformerTiming = defaultInformerTiming,
  ) {}

  get(namespace: string | undefined, name: string): T | undefined {
    return this.objects.get(`${namespace ?? ''}/${name}`);
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  get state(): InformerState | undefined {
    return this.currentState;
  }

  /**
   * List once and keep the copy current until `signal` aborts. Resolves with
   * the first list, or with the failure that prevented it (the informer then
   * stops: the caller decides what a failed first list means).
   */
  async start(signal: AbortSignal): Promise<{ ok: true; items: T[] } | { ok: false; failure: ClusterFailure }> {
    const apis = this.cluster.apis(signal);
    let first: { items: T[]; resourceVersion: string };
    try {
      first = await this.listAll(apis);
    } catch (err) {
      return { ok: false, failure: this.cluster.failureOf(err) };
    }
    this.replace(first.items);
    void this.run(apis, first.resourceVersion, signal);
    return { ok: true, items: first.items };
  }

  private async listAll(apis: ClusterApis): Promise<{ items: T[]; resourceVersion: string }> {
    const items: T[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.source.listPage(apis, token);
      items.push(...page.items);
      resourceVersion ||= page.resourceVersion;
      token = page.continueToken || undefined;
    } while (token);
    return { items, resourceVersion };
  }

  private setState(state: InformerState, failure?: ClusterFailure): void {
    if (state === this.currentState && !failure) return;
    this.currentState = state;
    this.handlers.state?.(state, failure);
  }

  private async run(apis: ClusterApis, resourceVersion: string, signal: AbortSignal): Promise<void> {
    let rv = resourceVersion;
    let polling = false;
    while (!signal.aborted) {
      if (!polling) {
        const startedAt = this.cluster.timers.now();
        const ended = await this.watchOnce(rv, signal);
        if (signal.aborted) return;
        if (ended.kind === 'closed') {
          rv = ended.resourceVersion;
          // A server that closes watches at once must not turn this into a busy loop.
          if (this.cluster.timers.now() - startedAt < this.timing.relistDelayMs) await pause(this.cluster.timers, this.timing.relistDelayMs, signal);
          continue;
        }
        if (ended.kind === 'unsupported') polling = true;
        else this.setState('retrying', ended.failure);
      }
      await pause(this.cluster.timers, polling ? this.timing.pollMs : this.timing.relistDelayMs, signal);
      if (signal.aborted) return;
      try {
        const fresh = await this.listAll(apis);
        this.replace(fresh.items);
        rv = fresh.resourceVersion;
        if (polling) this.setState('polling');
      } catch (err) {
        if (!signal.aborted) this.setState('retrying', this.cluster.failureOf(err));
      }
    }
  }

  /** One watch, until it ends: cleanly (resume from the last resourceVersion), with an error, or refused. */
  private async watchOnce(
    resourceVersion: string,
    signal: AbortSignal,
  ): Promise<{ kind: 'closed'; resourceVersion: string } | { kind: 'failed'; failure?: ClusterFailure } | { kind: 'unsupported' }> {
    let rv = resourceVersion;
    let gone = false;
    let ended = false;
    let resolveEnd!: (value: { kind: 'closed'; resourceVersion: string } | { kind: 'failed'; failure?: ClusterFailure } | { kind: 'unsupported' }) => void;
    const end = new Promise<Parameters<typeof resolveEnd>[0]>((resolve) => (resolveEnd = resolve));
    await this.cluster.watch(
      this.source.path,
      { resourceVersion, fieldSelector: this.source.fieldSelector, labelSelector: this.source.labelSelector, allowWatchBookmarks: 'true' },
      (type, object) => {
        const obj = object as T;
        if (type === 'ERROR') {
          // A Status in the stream; 410 Gone means the resourceVersion is too old: relist.
          gone = true;
          return;
        }
        rv = obj.metadata?.resourceVersion ?? rv;
        if (type === 'BOOKMARK') return;
        if (type === 'DELETED') this.remove(obj);
        else this.upsert(obj);
      },
      (err) => {
        ended = true;
        if (signal.aborted || (!err && !gone)) return resolveEnd({ kind: 'closed', resourceVersion: rv });
        if (gone) return resolveEnd({ kind: 'failed' });
        if (watchUnsupported(apiAnswerOf(err)?.code)) return resolveEnd({ kind: 'unsupported' });
        resolveEnd({ kind: 'failed', failure: this.cluster.failureOf(err) });
      },
      signal,
    );
    if (!ended) this.setState('watching');
    return end;
  }

  private upsert(obj: T): void {
    const key = keyOf(obj);
    const previous = this.objects.get(key);
    this.objects.set(key, obj);
    if (!previous) this.handlers.added?.(obj);
    else if (previous.metadata?.uid !== obj.metadata?.uid) {
      this.handlers.deleted?.(previous);
      this.handlers.added?.(obj);
    } else if (previous.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.handlers.modified?.(obj, previous);
  }

  private remove(obj: T): void {
    const key = keyOf(obj);
    const previous = this.objects.get(key);
    if (!previous || previous.metadata?.uid !== obj.metadata?.uid) return;
    this.objects.delete(key);
    this.handlers.deleted?.(obj);
  }

  /** A relist: whatever is missing was deleted, the rest added or modified. */
  private replace(items: readonly T[]): void {
    const fresh = new Set(items.map(keyOf));
    for (const [key, obj] of [...this.objects]) {
      if (!fresh.has(key)) {
        this.objects.delete(key);
        this.handlers.deleted?.(obj);
      }
    }
    for (const obj of items) this.upsert(obj);
  }
}
