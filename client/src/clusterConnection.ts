// The cluster the extension shows and acts on: the kubeconfig kubectl would
// read (or the kubeEviction.kubeconfig setting), the context chosen in VS Code
// (remembered per set of kubeconfig files, never written to the kubeconfig)
// or else its current-context, and a live snapshot of that cluster. Every
// way this can fail is a state the view explains. No VS Code here.

import { ClusterError, ClusterSnapshot, kubeconfigFiles, listContexts, openCluster } from './cluster';
import type { Cluster, ClusterFailure, ContextSummary, KubeconfigSelection, SnapshotChange, SnapshotHealth } from './cluster';
import type { Target } from './actions/confirmation';

/** Where the chosen context is remembered (VS Code's globalState). */
export interface ContextMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** The context in use: its names, its API server, its default namespace. */
export type ContextTarget = Target & { namespace: string };

export type ConnectionState =
  | { kind: 'idle' }
  /** No kubeconfig file, or one that cannot be read. */
  | { kind: 'noKubeconfig'; message: string }
  /** No current-context, or the chosen one is not (or no longer) in the kubeconfig. */
  | { kind: 'unknownContext'; message: string; contexts: string[] }
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

export class ClusterConnection {
  private current: ConnectionState = { kind: 'idle' };
  /** Each connect() gets a number; a slower, older one finds it changed and gives up. */
  private generation = 0;
  private life: AbortController | undefined;

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
    return kubeconfigFiles(this.selection()).files;
  }

  private key(): string {
    return memoryKey(this.kubeconfigFiles());
  }

  /** The contexts to choose from. Throws a ClusterError (kind `config`) when there is no usable kubeconfig. */
  contexts(): ContextChoice {
    const listed = listContexts(this.selection());
    const chosen = this.options.memory.get<string>(this.key());
    return { contexts: listed.contexts, ...(listed.current ? { current: listed.current } : {}), ...((chosen ?? listed.current) ? { inUse: chosen ?? listed.current } : {}) };
  }

  /** Use this context from now on (remembered; the kubeconfig is left as it is), and connect to it. */
  async useContext(name: string): Promise<ConnectionState> {
    await this.options.memory.update(this.key(), name);
    return this.connect();
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

  /** (Re)connect: read the kubeconfig again, open the context in use, list and watch its cluster. */
  async connect(): Promise<ConnectionState> {
    this.close();
    const generation = ++this.generation;
    let choice: ContextChoice;
    try {
      choice = this.contexts();
    } catch (err) {
      if (err instanceof ClusterError) return this.set(generation, { kind: 'noKubeconfig', message: err.message });
      throw err;
    }
    const names = choice.contexts.map((c) => c.name);
    const name = choice.inUse;
    if (!name || !names.includes(name)) {
      const chosen = name !== choice.current;
      const message = !name
        ? 'the kubeconfig sets no current-context'
        : `${chosen ? 'the context chosen in VS Code' : 'the current-context'}, "${name}", is not defined in the kubeconfig`;
      return this.set(generation, { kind: 'unknownContext', message: `${message}; choose one of: ${names.join(', ') || '(none defined)'}`, contexts: names });
    }
    const summary = choice.contexts.find((c) => c.name === name)!;
    let cluster: Cluster;
    try {
      cluster = openCluster({ ...this.selection(), context: name });
    } catch (err) {
      if (!(err instanceof ClusterError)) throw err;
      const target = { context: name, cluster: summary.cluster, server: '', namespace: summary.namespace ?? 'default' };
      return this.set(generation, { kind: 'failed', target, failure: err.failure });
    }
    const target: ContextTarget = { context: name, cluster: summary.cluster, server: cluster.server, namespace: cluster.namespace };
    this.set(generation, { kind: 'connecting', target });
    const life = new AbortController();
    this.life = life;
    const live = () => generation === this.generation;
    const snapshot = new ClusterSnapshot(cluster, {
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

  /**
   * A connection of its own for one action (an eviction, a drain) on the
   * context in use, so that a reconnect of the view never cuts it short.
   * Close it when done. Throws a ClusterError when the context cannot be opened.
   */
  openForAction(target: ContextTarget): Cluster {
    return openCluster({ ...this.selection(), context: target.context });
  }

  /** Stop watching and drop the connection (the state stays as it was). */
  close(): void {
    this.life?.abort();
    this.life = undefined;
    if (this.current.kind === 'ready') this.current.cluster.close();
  }
}
