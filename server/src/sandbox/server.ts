// Serves a ClusterApi over HTTPS on loopback with fresh credentials: a CA
// made at start, a server certificate for localhost/127.0.0.1/::1, a random
// bearer token for the admin, a client certificate for the viewer, and a
// kubeconfig that carries them.

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { ClusterApi } from '../sim/api';
import { authenticator } from './authentication';
import { viewerName, viewersGroup } from './authorization';
import { createHandler } from './handler';
import { contextName, defaultKubeconfigPath, kubeconfigYaml, writeKubeconfig } from './kubeconfig';
import { createCertificateAuthority, issueClientCertificate, issueServerCertificate, type KeyPairPem } from './x509';

export interface ServeOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on; 127.0.0.1 unless told. */
  bind?: string;
  /** Binding anywhere but loopback exposes the cluster to the network: it must be asked for. */
  allowNonLoopback?: boolean;
  /** Where to write the kubeconfig; `false` writes none. Defaults to a file of its own under the temp or XDG state dir. */
  kubeconfigPath?: string | false;
  /** True when the user named `kubeconfigPath`, which allows replacing an existing file. */
  kubeconfigExplicit?: boolean;
  /** Wall-time milliseconds between watch bookmarks. */
  bookmarkIntervalMs?: number;
  /** Runs before each request (the real-time driver's catch-up). */
  beforeRequest?: () => void;
}

export interface ServedCluster {
  /** `https://127.0.0.1:PORT`. */
  url: string;
  port: number;
  /** The kubeconfig text (it holds the token: keep it out of logs). */
  kubeconfig: string;
  /** The path it was written to, when it was written. */
  kubeconfigPath?: string;
  context: string;
  /** PEM of the certificate authority clients must trust. */
  ca: string;
  token: string;
  /** The viewer's client certificate and key (context kube-eviction-sandbox-viewer). */
  viewer: KeyPairPem;
  /** Ends open watches and connections and stops listening. */
  stop(): Promise<void>;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(address: string): boolean {
  if (address === 'localhost') return true;
  if (isIP(address) === 4) return address.startsWith('127.');
  if (isIP(address) === 6) return address === '::1' || /^::ffff:127\./i.test(address);
  return false;
}

export class SandboxError extends Error {}

export async function serveCluster(api: ClusterApi, opts: ServeOptions = {}): Promise<ServedCluster> {
  const bind = opts.bind ?? '127.0.0.1';
  if (!isLoopback(bind) && !opts.allowNonLoopback) {
    throw new SandboxError(`refusing to listen on ${bind}: the sandbox would be reachable from other machines; pass --allow-non-loopback to do so anyway`);
  }
  const ca = createCertificateAuthority();
  const ips = ['127.0.0.1', '::1', ...(isIP(bind) && !isLoopback(bind) && bind !== '0.0.0.0' && bind !== '::' ? [bind] : [])];
  const serverCert = issueServerCertificate(ca, ['localhost', ...(isIP(bind) ? [] : [bind].filter((b) => b !== 'localhost'))], ips);
  const token = randomBytes(32).toString('base64url');
  const viewer = issueClientCertificate(ca, viewerName, [viewersGroup]);

  let port = 0;
  const clientHost = bind === '0.0.0.0' || bind === 'localhost' ? '127.0.0.1' : bind === '::' ? '::1' : bind;
  const hostPort = () => (isIP(clientHost) === 6 ? `[${clientHost}]:${port}` : `${clientHost}:${port}`);
  const handler = createHandler({ api, authenticate: authenticator(token), serverAddress: hostPort, bookmarkIntervalMs: opts.bookmarkIntervalMs, beforeRequest: opts.beforeRequest });
  // Client certificates are asked for, checked against the CA, and optional: the admin sends a token.
  const server: Server = createServer({ cert: serverCert.cert, key: serverCert.key, ca: ca.cert, requestCert: true, rejectUnauthorized: false }, handler.handle);
  // Many concurrent requests (a drain evicts every pod at once) and long watches.
  server.keepAliveTimeout = 30_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new SandboxError(`cannot listen on ${bind}:${opts.port ?? 0}: ${e.code ?? e.message}`)));
    server.listen(opts.port ?? 0, bind, () => resolvePromise());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const url = `https://${hostPort()}`;
  const kubeconfig = kubeconfigYaml(url, ca.cert, token, viewer);

  let kubeconfigPath: string | undefined;
  if (opts.kubeconfigPath !== false) {
    const written = writeKubeconfig(opts.kubeconfigPath ?? defaultKubeconfigPath(), kubeconfig, opts.kubeconfigExplicit ?? false);
    if (!written.ok) {
      server.close();
      throw new SandboxError(written.error);
    }
    kubeconfigPath = written.path;
  }

  // Every TCP connection, from its accept: closeAllConnections() knows only those whose TLS
  // handshake is done, and one still in its handshake would finish it and be served after stop.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolvePromise) => {
      handler.closeWatches();
      server.close(() => resolvePromise());
      for (const socket of sockets) socket.destroy();
    }));
  return { url, port, kubeconfig, kubeconfigPath, context: contextName, ca: ca.cert, token, viewer, stop };
}
