// The last line of defence against leaking credentials: every credential the
// kubeconfig holds or a request carried is remembered, and every message that
// leaves the cluster layer is scrubbed of them. Messages are built from safe
// parts in the first place (failure.ts); this catches what a server or a
// library might echo back.

import type { User } from '@kubernetes/client-node';
import type { ClusterFailure } from './failure';

const placeholder = '[redacted]';
// Shorter values (an empty password, "x") would mangle ordinary words.
const minimumLength = 4;

export class Secrets {
  private readonly values = new Set<string>();

  add(value: string | null | undefined): void {
    if (value && value.length >= minimumLength) this.values.add(value);
  }

  /** Everything secret in a kubeconfig user: token, password, client key, auth-provider config, exec env. */
  addUser(user: User | null): void {
    if (!user) return;
    this.add(user.token);
    this.add(user.password);
    if (user.keyData) {
      this.add(user.keyData);
      this.add(Buffer.from(user.keyData, 'base64').toString('utf8'));
    }
    for (const value of Object.values(user.authProvider?.config ?? {})) if (typeof value === 'string') this.add(value);
    for (const env of user.exec?.env ?? []) this.add(env?.value);
  }

  /** The credential in an Authorization header a request carried (exec plugins produce these at run time). */
  addAuthorization(header: string | undefined): void {
    if (!header) return;
    const [scheme, credential] = header.split(' ', 2);
    this.add(credential);
    if (scheme === 'Basic' && credential) {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      this.add(decoded);
      this.add(decoded.slice(decoded.indexOf(':') + 1));
    }
  }

  redact(text: string): string {
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(value).join(placeholder);
    return out;
  }

  redactFailure(failure: ClusterFailure): ClusterFailure {
    return { ...failure, message: this.redact(failure.message) };
  }
}
