// What the extension writes to its output channel ("Kube Eviction", shared
// with the language client). Every line passes through the credentials of
// every cluster connection open (the cluster layer's Secrets) and a
// scrub of anything shaped like a bearer token or a private key, so no token
// or key reaches the channel even if a message carries one.

import type { Secrets } from './cluster/secrets';

/** A LogOutputChannel, or anything with its three levels. */
export interface LogSink {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const shapes: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]'],
];

export class Log {
  private readonly secrets = new Set<Secrets>();

  constructor(private readonly sink: LogSink) {}

  /** Scrub this cluster's credentials from every line while it is in use; call the result when it is closed. */
  watch(cluster: { secrets: Secrets }): () => void {
    const { secrets } = cluster;
    this.secrets.add(secrets);
    return () => this.secrets.delete(secrets);
  }

  redact(text: string): string {
    let out = text;
    for (const secrets of this.secrets) out = secrets.redact(out);
    for (const [shape, replacement] of shapes) out = out.replace(shape, replacement);
    return out;
  }

  info(message: string): void {
    this.sink.info(this.redact(message));
  }

  warn(message: string): void {
    this.sink.warn(this.redact(message));
  }

  error(message: string): void {
    this.sink.error(this.redact(message));
  }
}
