// The cluster the extension shows and acts on: the kubeconfig kubectl would
// read (or the kubeEviction.kubeconfig setting), the context chosen in VS Code
// (remembered per set of kubeconfig files, never written to the kubeconfig)
// or else its current-context, and a live snapshot of that cluster. Choosing
// the context reads only the kubeconfig; the cluster is listed and watched
// once something needs it (the view shown, a command). Every way this can
// fail is a state the view explains. No VS Code here.

import type { Cluster, ClusterFailure, ContextSummary, KubeconfigSelection, SnapshotChange, SnapshotHealth } from './cluster';
import type { ClusterSnapshot } from './cluster/snapshot';
import { clusterLayer } from './clusterLayer';
import type { Target } from './actions/confirmation';

/** Where the chosen context is remembered (VS Code's globalState). */
export interface ContextMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** The context in use: its names, its API server, its default namespace, its user's name in the kubeconfig. */
export type ContextTarget = Target & { namespace: string; user?: string };

export type ConnectionState =
  | { kind: 'idle' }
  /** No kubeconfig file, or one that cannot be read. */
  | { kind: 'noKubeconfig'; message: string }
  /** No current-context, or the chosen one is not (or no longer) in the kubeconfig. */
  | { kind: 'unknownContext'; message: string; contexts: string[] }
  /** The context is known; its cluster is not being read (nothing has needed it yet). */
  | { kind: 'selected'; target: ContextTarget }
  | { kind: 'connecting'; target: ContextTarget }
  | { kind: 'ready'; target: ContextTarget; cluster: Cluster; snapshot: ClusterSnapshot }
  /** Unreachable, credentials rejected (401) or not obtainable, listing forbidden, a broken context. */
  | { kind: 'failed'; target: ContextTarget; failure: ClusterFailure };

/** What the Cluster view says for each state (its welcome contents in package.json are keyed by these). */
export const viewStates = ['connecting', 'ready', 'noKubeconfig', 'unknownContext', 'unreachable', 'unauthorized', 'forbidden', 'failed'] as const;
export type ViewState = (typeof viewStates)[number];

export function viewStateOf(state: ConnectionState): ViewState {
  switch (state.kind) {
    case 'idle':
    case 'selected':
    case 'connecting':
      return 'connecting';
    case 'failed':
      switch (state.failure.kind) {
        case 'unreachable':
          return 'unreachable';
        case 'unauthorized':
        case 'credentials':
          return 'unauthorized';
        case 'forbidden':
          return 'forbidden';
        case 'config':
          return 'unknownContext';
        default:
          return 'failed';
      }
    default:
      return state.kind;
  }
}

export interface ConnectionOptions {
  /** The kubeEviction.kubeconfig setting: one file instead of $KUBECONFIG / ~/.kube/config. */
  kubeconfig(): string | undefined;
  memory: ContextMemory;
  /** The environment to read KUBECONFIG and HOME from (tests). */
  env?: Readonly<Record<string, string | undefined>>;
  onState?(state: ConnectionState): void;
  onChange?(change: SnapshotChange): void;
  onHealth?(health: SnapshotHealth): void;
}

export interface ContextChoice {
  contexts: ContextSummary[];
  /** The kubeconfig's current-context. */
  current?: string;
  /** The one in use: chosen in VS Code, else the current-context. */
  inUse?: string;
}

const memoryKey = (files: string[]) => `kubeEviction.context:${files.join('\n')}`;

export class ContextInUse {
  private current: ConnectionState = { kind: 'idle' };
  /** Each select() gets a number; a slower, older connect finds it changed and gives up. */
  private generation = 0;
  private life: AbortController | undefined;
  private connecting: Promise<ConnectionState> | undefined;
  /** Set once something needed the cluster: from then on a change of context or kubeconfig reconnects. */
  private wanted = false;

  constructor(private readonly options: ConnectionOptions) {}

  get state(): ConnectionState {
    return this.current;
  }

  private selection(): KubeconfigSelection {
    const kubeconfig = this.options.kubeconfig();
    return { ...(kubeconfig ? { kubeconfig } : {}), ...(this.options.env ? { env: this.options.env } : {}) };
  }

  /** The kubeconfig files read (or looked for), in kubectl's order. */
  kubeconfigFiles(): string[] {
    return clusterLayer().kubeconfigFiles(this.selection()).files;
  }

  private key(): string {
    return memoryKey(this.kubeconfigFiles());
  }

  /** The contexts to choose from, or why there are none (no kubeconfig, an unreadable one). */
  contexts(): { ok: true; choice: ContextChoice } | { ok: false; message: string } {
    const layer = clusterLayer();
    try {
      const listed = layer.listContexts(this.selection());
      const chosen = this.options.memory.get<string>(this.key());
      const inUse = chosen ?? listed.current;
      return { ok: true, choice: { contexts: listed.contexts, ...(listed.current ? { current: listed.current } : {}), ...(inUse ? { inUse } : {}) } };
    } catch (err) {
      if (err instanceof layer.ClusterError) return { ok: false, message: err.message };
      throw err;
    }
  }

  /** Use this context from now on (remembered; the kubeconfig is left as it is). */
  async useContext(name: string): Promise<ConnectionState> {
    await this.options.memory.update(this.key(), name);
    return this.refresh();
  }

  private set(generation: number, state: ConnectionState): ConnectionState {
    if (generation !== this.generation) {
      if (state.kind === 'ready') state.cluster.close();
      return this.current;
    }
    this.current = state;
    this.options.onState?.(state);
    return state;
  }

  /** Ends what an earlier select or connect started; returns the new generation. */
  private begin(): number {
    this.close();
    this.connecting = undefined;
    return ++this.generation;
  }

  /** The context in use per the kubeconfig (and the memory), or why there is none. Reads files only. */
  private resolve(): ConnectionState {
    const listed = this.contexts();
    if (!listed.ok) return { kind: 'noKubeconfig', message: listed.message };
    const { choice } = listed;
    const names = choice.contexts.map((c) => c.name);
    const name = choice.inUse;
    if (!name || !names.includes(name)) {
      const chosen = name !== choice.current;
      const message = !name
        ? 'the kubeconfig sets no current-context'
        : `${chosen ? 'the context chosen in VS Code' : 'the current-context'}, "${name}", is not defined in the kubeconfig`;
      return { kind: 'unknownContext', message: `${message}; choose one of: ${names.join(', ') || '(none defined)'}`, contexts: names };
    }
    const summary = choice.contexts.find((c) => c.name === name)!;
    const opened = this.open(name);
    const user = summary.user ? { user: summary.user } : {};
    if (!opened.ok) return { kind: 'failed', target: { context: name, cluster: summary.cluster, server: '', namespace: summary.namespace ?? 'default', ...user }, failure: opened.failure };
    const { cluster } = opened;
    cluster.close();
    return { kind: 'selected', target: { context: name, cluster: summary.cluster, server: cluster.server, namespace: cluster.namespace, ...user } };
  }

  /** Read the kubeconfig again and settle on the context in use, without contacting its cluster (stops watching it). */
  select(): ConnectionState {
    const generation = this.begin();
    return this.set(generation, this.resolve());
  }

  /** Read the kubeconfig again, then list and watch the cluster of the context in use. */
  connect(): Promise<ConnectionState> {
    this.wanted = true;
    const generation = this.begin();
    const resolved = this.resolve();
    if (resolved.kind !== 'selected') return Promise.resolve(this.set(generation, resolved));
    this.connecting = this.watch(generation, resolved.target);
    return this.connecting;
  }

  /** After a change of context or kubeconfig: connect again if the cluster was wanted, else only select. */
  refresh(): Promise<ConnectionState> {
    return this.wanted ? this.connect() : Promise.resolve(this.select());
  }

  /** The cluster listed and watched: as it is, or once a connection under way (or a new one) ends. */
  ready(): Promise<ConnectionState> {
    if (this.current.kind === 'ready') return Promise.resolve(this.current);
    return (this.current.kind === 'connecting' && this.connecting) || this.connect();
  }

  private async watch(generation: number, target: ContextTarget): Promise<ConnectionState> {
    const opened = this.open(target.context);
    if (!opened.ok) return this.set(generation, { kind: 'failed', target, failure: opened.failure });
    const { cluster } = opened;
    this.set(generation, { kind: 'connecting', target });
    const life = new AbortController();
    this.life = life;
    const live = () => generation === this.generation;
    const snapshot = new (clusterLayer().ClusterSnapshot)(cluster, {
      changed: (change) => live() && this.options.onChange?.(change),
      health: (health) => live() && this.options.onHealth?.(health),
    });
    const started = await snapshot.start(life.signal);
    if (!started.ok || !live()) {
      life.abort();
      cluster.close();
      return started.ok ? this.current : this.set(generation, { kind: 'failed', target, failure: cluster.secrets.redactFailure(started.failure) });
    }
    return this.set(generation, { kind: 'ready', target, cluster, snapshot });
  }

  private open(context: string): { ok: true; cluster: Cluster } | { ok: false; failure: ClusterFailure } {
    const layer = clusterLayer();
    try {
      return { ok: true, cluster: layer.openCluster({ ...this.selection(), context }) };
    } catch (err) {
      if (err instanceof layer.ClusterError) return { ok: false, failure: err.failure };
      throw err;
    }
  }

  /**
   * A connection of its own for one action (an eviction, a drain) on the
   * context in use, so that a reconnect of the view never cuts it short.
   * Close it when done.
   */
  openForAction(target: ContextTarget): { ok: true; cluster: Cluster } | { ok: false; failure: ClusterFailure } {
    return this.open(target.context);
  }

  /** Stop watching and drop the connection (the state stays as it was). */
  close(): void {
    this.life?.abort();
    this.life = undefined;
    if (this.current.kind === 'ready') this.current.cluster.close();
  }
}
