// A bare HTTPS client for the sandbox's tests: what any client sends, byte for byte.

import { request as httpsRequest, type Agent } from 'node:https';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json: any;
}

export interface Target {
  url: string;
  ca: string;
  token: string;
}

export interface RequestOptions {
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** `null` sends no Authorization header. */
  token?: string | null;
  /** A client certificate and its key, for the TLS handshake. */
  clientCertificate?: { cert: string; key: string };
  agent?: Agent;
}

export function call(target: Target, method: string, path: string, opts: RequestOptions = {}): Promise<Reply> {
  const url = new URL(path, target.url);
  const token = opts.token === undefined ? target.token : opts.token;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method,
        ca: target.ca,
        ...(opts.clientCertificate ? { cert: opts.clientCertificate.cert, key: opts.clientCertificate.key } : {}),
        agent: opts.agent,
        headers: {
          ...(token !== null ? { Authorization: `Bearer ${token}` } : {}),
          ...(opts.body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(opts.body)) } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Opens a watch and collects its events until `stop()` or the server ends it. */
export function openWatch(target: Target, path: string, headers: Record<string, string> = {}) {
  const events: { type: string; object: any }[] = [];
  let status = 0;
  let ended = false;
  let buffer = '';
  const url = new URL(path, target.url);
  const req = httpsRequest(url, { method: 'GET', ca: target.ca, headers: { Authorization: `Bearer ${target.token}`, ...headers } }, (res) => {
    status = res.statusCode ?? 0;
    res.on('data', (c: Buffer) => {
      buffer += c.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim()) events.push(JSON.parse(line));
      }
    });
    res.on('end', () => (ended = true));
    res.on('error', () => (ended = true));
  });
  req.on('error', () => (ended = true));
  req.end();
  return {
    events,
    status: () => status,
    ended: () => ended,
    stop: () => req.destroy(),
  };
}
