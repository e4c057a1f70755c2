// A Cluster whose API server is a simulator in this process: real
// client-node (typed clients and Watch, node-fetch, Node's http) talking to
// the sandbox's real REST face over in-memory connections, on the
// simulator's clock. Every cluster operation works on it unchanged.

import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { KubeConfig, type RequestContext } from '@kubernetes/client-node';
import type { InProcessServer } from '../../../../server/src/sandbox/inProcess';
import { Cluster, type ClusterOptions } from '../connection';
import type { Timers } from '../timers';

/** client-node refuses http:// unless TLS verification is off; there is no TLS here to verify. */
const server = 'http://kube-eviction.invalid';
const names = { cluster: 'simulated', user: 'simulated', context: 'simulated' };

/** Connections through the in-process server instead of TCP. */
class InProcessAgent extends http.Agent {
  constructor(private readonly served: InProcessServer) {
    super({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  }

  override createConnection(): Duplex {
    return this.served.connect();
  }
}

/** A kubeconfig whose every request (typed clients and watches alike) goes through one agent. */
class InProcessKubeConfig extends KubeConfig {
  constructor(private readonly agent: http.Agent) {
    super();
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    context.setAgent(this.agent);
  }

  override async applyToFetchOptions(opts: http.RequestOptions): ReturnType<KubeConfig['applyToFetchOptions']> {
    return { ...(await super.applyToFetchOptions(opts)), agent: this.agent };
  }
}

/** The Cluster of an in-process server (whose `close()` ends its connections). */
export function openSimulatedCluster(served: InProcessServer, timers: Timers, options: Omit<ClusterOptions, 'timers'> = {}): Cluster {
  const agent = new InProcessAgent(served);
  const kubeConfig = new InProcessKubeConfig(agent);
  kubeConfig.loadFromOptions({
    clusters: [{ name: names.cluster, server, skipTLSVerify: true }],
    users: [{ name: names.user, token: served.token }],
    contexts: [{ name: names.context, cluster: names.cluster, user: names.user }],
    currentContext: names.context,
  });
  return new Cluster(
    { kubeConfig, files: [], context: { ...names, name: names.context }, cluster: kubeConfig.getCluster(names.cluster)!, user: kubeConfig.getUser(names.user), namespace: 'default' },
    { ...options, timers },
  );
}
