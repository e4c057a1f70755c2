// One connection to the cluster of a kubeconfig context: typed API clients
// over @kubernetes/client-node, shared keep-alive TLS connections, failures
// classified and scrubbed of credentials, and a request hook for measuring.

import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  PolicyV1Api,
  ServerConfiguration,
  StorageV1Api,
  Watch,
  createConfiguration,
  type KubeConfig,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { certificateAuthorityProblem } from './certificateAuthority';
import { ClusterError, classifyError, type ClusterFailure } from './failure';
import { loadKubeconfig, type ContextSummary, type KubeconfigSelection, type LoadedKubeconfig } from './kubeconfig';
import { Secrets } from './secrets';
import { realTimers, type Timers } from './timers';

export interface ClusterApis {
  core: CoreV1Api;
  policy: PolicyV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  storage: StorageV1Api;
}

/** One request as it leaves the client (for counting; never carries headers). */
export interface RequestInfo {
  method: string;
  url: string;
}

export interface ClusterOptions {
  /** Called for every request sent, including watches. */
  onRequest?: (request: RequestInfo) => void;
  /** Concurrent connections to the API server (kubectl multiplexes one HTTP/2 connection). */
  maxSockets?: number;
  /** The clock the operations on this cluster wait on (default: real time; a plan's simulated cluster: virtual time). */
  timers?: Timers;
}

/** A client-node object (Dates, typed models) in its JSON wire form, which is what the core's types describe. */
export function wire<T>(obj: unknown): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}

function credentialsFailure(err: unknown, user: LoadedKubeconfig['user']): ClusterFailure | undefined {
  const e = err as { code?: string; syscall?: string; path?: string; message?: string; name?: string };
  if (typeof e?.message === 'string' && e.message.startsWith('HTTP protocol is not allowed')) {
    return { kind: 'config', message: 'the cluster uses plain http://, which client-node refuses unless the kubeconfig cluster sets insecure-skip-tls-verify: true' };
  }
  const exec = user?.exec ?? user?.authProvider?.config?.exec;
  if (exec?.command) {
    const command = String(exec.command);
    if (e?.code === 'ENOENT' && e.syscall?.startsWith('spawn')) return { kind: 'credentials', message: `the exec credential plugin "${command}" was not found` };
    if (e?.name === 'SyntaxError') return { kind: 'credentials', message: `the exec credential plugin "${command}" did not print an ExecCredential (JSON) on its standard output` };
    if (!e?.syscall) return { kind: 'credentials', message: `the exec credential plugin "${command}" failed; its output is not shown because it may contain credentials` };
  }
  if (e?.code === 'ENOENT' && e.path) return { kind: 'credentials', message: `a file named by the kubeconfig does not exist: ${e.path}` };
  return undefined;
}

/**
 * client-node builds a new TLS agent for every request; share one keep-alive
 * agent per distinct TLS identity (CA, client certificate and key, server name)
 * so that a drain of hundreds of pods does not pay a handshake per request.
 */
class AgentPool {
  private readonly agents = new Map<string, https.Agent | http.Agent>();
  constructor(private readonly maxSockets: number) {}

  shared(agent: https.Agent | http.Agent | undefined): https.Agent | http.Agent | undefined {
    if (!agent || (agent.constructor !== https.Agent && agent.constructor !== http.Agent)) return agent;
    const options = (agent as https.Agent).options ?? {};
    const key = crypto.createHash('sha256');
    for (const field of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'] as const) {
      key.update(`${field}=`);
      key.update(String(options[field] ?? ''));
      key.update('\0');
    }
    const id = `${agent.constructor === https.Agent ? 'https' : 'http'}:${key.digest('hex')}`;
    let pooled = this.agents.get(id);
    if (!pooled) {
      const common = { keepAlive: true, maxSockets: this.maxSockets };
      pooled = agent.constructor === https.Agent ? new https.Agent({ ...options, ...common }) : new http.Agent(common);
      this.agents.set(id, pooled);
    }
    agent.destroy();
    return pooled;
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

/**
 * The cluster of one kubeconfig context. Create with `openCluster`; call
 * `close()` when done (it drops the kept-alive connections).
 */
export class Cluster {
  readonly kubeConfig: KubeConfig;
  readonly context: ContextSummary;
  /** The API server URL, e.g. `https://127.0.0.1:6443`. */
  readonly server: string;
  /** The context's namespace, or `default`. */
  readonly namespace: string;
  readonly secrets = new Secrets();
  /** What drains, evictions and watches on this cluster wait with. */
  readonly timers: Timers;
  private readonly agents: AgentPool;
  private readonly onRequest?: (request: RequestInfo) => void;
  private evictionVersion?: Promise<string | undefined>;
  /** client-node's SecurityAuthentication: the kubeconfig's, wrapped to share agents, learn credentials and name failures. */
  private readonly auth: { getName(): string; applySecurityAuthentication(request: RequestContext): Promise<void> };

  constructor(loaded: LoadedKubeconfig, options: ClusterOptions = {}) {
    this.kubeConfig = loaded.kubeConfig;
    this.context = loaded.context;
    this.server = loaded.cluster.server;
    this.namespace = loaded.namespace;
    this.secrets.addUser(loaded.user);
    this.agents = new AgentPool(options.maxSockets ?? 16);
    this.onRequest = options.onRequest;
    this.timers = options.timers ?? realTimers;
    const { kubeConfig: kc, secrets, agents } = this;
    this.auth = {
      getName: () => 'kubeconfig',
      async applySecurityAuthentication(request: RequestContext): Promise<void> {
        try {
          await kc.applySecurityAuthentication(request);
        } catch (err) {
          const failure = credentialsFailure(err, loaded.user);
          throw failure ? new ClusterError(failure) : err;
        }
        secrets.addAuthorization(request.getHeaders().Authorization);
        const agent = agents.shared(request.getAgent());
        if (agent) request.setAgent(agent);
      },
    };
  }

  /** API clients whose requests are aborted by `signal`. */
  apis(signal?: AbortSignal): ClusterApis {
    const onRequest = this.onRequest;
    const config = createConfiguration({
      baseServer: new ServerConfiguration(this.server, {}),
      authMethods: { default: this.auth },
      promiseMiddleware: [
        {
          async pre(request: RequestContext) {
            if (signal) request.setSignal(signal);
            onRequest?.({ method: request.getHttpMethod(), url: request.getUrl() });
            return request;
          },
          post: async (response: ResponseContext) => response,
        },
      ],
    });
    return { core: new CoreV1Api(config), policy: new PolicyV1Api(config), apps: new AppsV1Api(config), batch: new BatchV1Api(config), storage: new StorageV1Api(config) };
  }

  /** Any error from a request as a ClusterFailure, with every known credential removed from its message. */
  failureOf(err: unknown): ClusterFailure {
    return this.secrets.redactFailure(classifyError(err, this.server));
  }

  /**
   * A watch (`?watch=true`) on `path`. Resolves once the server accepted it;
   * `onDone` runs exactly once when it ends (error, server close, or abort).
   */
  async watch(
    path: string,
    query: Record<string, string | undefined>,
    onEvent: (type: string, object: unknown) => void,
    onDone: (err: unknown) => void,
    signal: AbortSignal,
  ): Promise<void> {
    this.onRequest?.({ method: 'GET', url: `${this.server}${path}?watch=true` });
    let done = false;
    const finish = (err: unknown) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', abort);
      onDone(err);
    };
    let controller: AbortController | undefined;
    const abort = () => controller?.abort();
    signal.addEventListener('abort', abort);
    try {
      controller = await new Watch(this.kubeConfig).watch(path, query, onEvent, finish);
    } catch (err) {
      const failure = credentialsFailure(err, this.kubeConfig.getCurrentUser());
      finish(failure ? new ClusterError(failure) : err);
      return;
    }
    if (signal.aborted) controller.abort();
  }

  /**
   * The group/version of the eviction subresource from discovery (`GET /api/v1`,
   * `pods/eviction` with kind Eviction), undefined when the server lacks it.
   * Source: kubectl/pkg/drain/drain.go CheckEvictionSupport.
   */
  evictionGroupVersion(signal?: AbortSignal): Promise<string | undefined> {
    this.evictionVersion ??= this.apis(signal)
      .core.getAPIResources()
      .then((list) => {
        const r = list.resources.find((res) => res.name === 'pods/eviction' && res.kind === 'Eviction' && res.group && res.version);
        return r ? `${r.group}/${r.version}` : undefined;
      });
    this.evictionVersion.catch(() => (this.evictionVersion = undefined));
    return this.evictionVersion;
  }

  close(): void {
    this.agents.close();
  }
}

/**
 * Open the cluster of a kubeconfig context (`--kubeconfig`, `$KUBECONFIG`,
 * `~/.kube/config`; `--context` or current-context). Sends nothing yet.
 * Throws a ClusterError (kind `config`) when the kubeconfig is missing or wrong.
 */
export function openCluster(selection: KubeconfigSelection = {}, options: ClusterOptions = {}): Cluster {
  const loaded = loadKubeconfig(selection);
  const authority = certificateAuthorityProblem(loaded.cluster);
  if (authority) throw new ClusterError({ kind: 'config', message: `the kubeconfig's ${authority}` });
  return new Cluster(loaded, options);
}
