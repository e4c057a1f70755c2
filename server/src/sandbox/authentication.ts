// Who sent a request: a client certificate signed by the sandbox's CA (user
// from its CommonName, groups from its Organizations), else the bearer token
// of the admin. Like the API server's union authenticator, the certificate is
// tried first and either one suffices.
// Sources: apiserver/pkg/authentication/request/x509/x509.go (CommonNameUserConversion),
// apiserver/pkg/authentication/request/bearertoken/bearertoken.go.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { admin, type UserInfo } from './authorization';

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The user of a verified client certificate; the TLS server asked for one and checked it against the CA. */
function certificateUser(req: IncomingMessage): UserInfo | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (!socket.authorized || typeof socket.getPeerCertificate !== 'function') return undefined;
  const subject = socket.getPeerCertificate().subject;
  const name = asList(subject?.CN)[0];
  if (!name) return undefined;
  return { name, groups: [...asList(subject?.O), 'system:authenticated'] };
}

export type Authenticator = (req: IncomingMessage) => UserInfo | undefined;

export function authenticator(token: string): Authenticator {
  return (req) => certificateUser(req) ?? (tokenMatches(bearerToken(req), token) ? admin : undefined);
}
