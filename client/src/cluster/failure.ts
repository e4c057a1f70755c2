// What can go wrong talking to a cluster, classified so that a caller can act
// on it (re-login, fix the kubeconfig, check the network) without parsing
// messages. Every message here is built from known-safe parts: server URLs,
// object names, Status messages; never request headers, kubeconfig secrets or
// credential-plugin output (see secrets.ts for the last line of defence).

import type { Status } from '../../../server/src/k8s/types';

/** Why a server could not be reached, as precisely as the socket error tells. */
export type UnreachableCause =
  | 'connectionRefused'
  | 'dns'
  | 'timeout'
  | 'connectionReset'
  | 'tlsUnknownAuthority'
  | 'tlsHostnameMismatch'
  | 'tlsCertificateExpired'
  | 'tls'
  | 'network';

export type ClusterFailure =
  /** No kubeconfig, an unreadable one, an unknown context, a context without cluster. */
  | { kind: 'config'; message: string }
  /** A credential could not be obtained (exec plugin failed, certificate file missing). */
  | { kind: 'credentials'; message: string }
  | { kind: 'unreachable'; cause: UnreachableCause; server: string; message: string }
  /** 401: the server did not accept the credentials (wrong or expired). */
  | { kind: 'unauthorized'; server: string; message: string; status?: Status }
  /** 403: authenticated, but not allowed (RBAC, admission, a terminating namespace). */
  | { kind: 'forbidden'; message: string; status?: Status }
  | { kind: 'notFound'; message: string; status?: Status }
  | { kind: 'cancelled'; message: string }
  /** The request was not sent: an argument is invalid (a label selector that does not parse). */
  | { kind: 'invalid'; message: string }
  | { kind: 'other'; code?: number; message: string; status?: Status };

/** Thrown by the few synchronous entry points (opening a kubeconfig); async operations return failures. */
export class ClusterError extends Error {
  constructor(readonly failure: ClusterFailure) {
    super(failure.message);
    this.name = 'ClusterError';
  }
}

/** An answer from the API server that was not 2xx: its code, Status body (when it sent one) and headers. */
export interface ApiAnswer {
  code: number;
  status?: Status;
  headers: Record<string, string>;
}

function parseStatus(body: unknown): Status | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' && (value as Status).kind === 'Status' ? (value as Status) : undefined;
}

/**
 * The server's answer inside a client-node ApiException (its `.body` is the raw
 * JSON string of the Status, its `.headers` hold `retry-after`), or a watch
 * error's `statusCode`. Undefined for anything that never reached a server.
 */
export function apiAnswerOf(err: unknown): ApiAnswer | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; statusCode?: unknown; body?: unknown; headers?: unknown; name?: unknown };
  const code = typeof e.code === 'number' ? e.code : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (code === undefined) return undefined;
  const headers = e.headers && typeof e.headers === 'object' ? (e.headers as Record<string, string>) : {};
  return { code, status: parseStatus(e.body), headers };
}

/** Retry-After in seconds, from the header or the Status details (the server sends both). */
export function retryAfterSecondsOf(answer: ApiAnswer): number | undefined {
  const header = Number.parseInt(answer.headers['retry-after'] ?? '', 10);
  if (Number.isFinite(header) && header > 0) return header;
  const s = answer.status?.details?.retryAfterSeconds;
  return typeof s === 'number' && s > 0 ? s : undefined;
}

// Node's TLS and socket error codes (node/src/crypto/crypto_common.cc, libuv).
const tlsUnknownAuthority = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);
const tlsExpired = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function unreachableCause(code: string): UnreachableCause | undefined {
  if (code === 'ECONNREFUSED') return 'connectionRefused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connectionReset';
  if (tlsUnknownAuthority.has(code)) return 'tlsUnknownAuthority';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'tlsHostnameMismatch';
  if (tlsExpired.has(code)) return 'tlsCertificateExpired';
  if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.startsWith('CERT_')) return 'tls';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') return 'network';
  return undefined;
}

const unreachableText: Record<UnreachableCause, string> = {
  connectionRefused: 'the connection was refused (nothing listens at that address and port)',
  dns: 'its host name could not be resolved (DNS)',
  timeout: 'the connection timed out',
  connectionReset: 'the connection was reset',
  tlsUnknownAuthority: "its TLS certificate is not signed by the kubeconfig's certificate authority",
  tlsHostnameMismatch: "its TLS certificate does not name the server's host",
  tlsCertificateExpired: 'its TLS certificate has expired or is not valid yet',
  tls: 'the TLS handshake failed',
  network: 'the network cannot reach it',
};

export function unreachable(cause: UnreachableCause, server: string): ClusterFailure {
  return { kind: 'unreachable', cause, server, message: `cannot reach the Kubernetes API server at ${server}: ${unreachableText[cause]}` };
}

export function isAbort(err: unknown): boolean {
  return !!err && typeof err === 'object' && ((err as Error).name === 'AbortError' || (err as { type?: string }).type === 'aborted');
}

/** A failure from a non-2xx answer. */
export function failureOfAnswer(answer: ApiAnswer, server: string): ClusterFailure {
  const message = answer.status?.message || `the server answered HTTP ${answer.code}`;
  switch (answer.code) {
    case 401:
      return { kind: 'unauthorized', server, message: `the API server at ${server} rejected the credentials of this context (401 Unauthorized): they are wrong or have expired`, status: answer.status };
    case 403:
      return { kind: 'forbidden', message, status: answer.status };
    case 404:
      return { kind: 'notFound', message, status: answer.status };
    default:
      return { kind: 'other', code: answer.code, message, status: answer.status };
  }
}

/**
 * Any error thrown by a request: a server answer, a socket or TLS error, a
 * cancellation, a credential failure raised by our authenticator, or
 * something else. The caller redacts the result (Cluster.failureOf).
 */
export function classifyError(err: unknown, server: string): ClusterFailure {
  if (err instanceof ClusterError) return err.failure;
  if (isAbort(err)) return { kind: 'cancelled', message: 'cancelled' };
  const answer = apiAnswerOf(err);
  if (answer) return failureOfAnswer(answer, server);
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    const cause = unreachableCause(code);
    if (cause) return unreachable(cause, server);
  }
  const detail = err instanceof Error ? err.message : String(err);
  return { kind: 'other', message: `request to ${server} failed: ${detail}` };
}
