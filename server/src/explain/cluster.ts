// What went wrong between a client and its cluster, the eviction answers that
// are not about one budget's Status, and what a drain left behind: for
// command results, notifications and the CLI. Plain functions of plain data
// returning Markdown (see text.ts for plain text), like eviction.ts.

import { multipleBudgets, type ResponseExplanation } from './eviction';
import { plural } from './text';

export const evictedDryRun: ResponseExplanation = {
  summary: '201 Created (server dry run): the eviction would be accepted',
  details:
    'The API server ran every check of a real eviction (admission, the PodDisruptionBudget) and changed nothing: the pod keeps running, ' +
    "the budget's `disruptionsAllowed` is unchanged. An eviction sent now would be accepted, unless the budget changes first.",
};

/** The 500 of several budgets, naming them. */
export function multipleBudgetsNamed(pdbs: readonly string[]): ResponseExplanation {
  if (pdbs.length === 0) return multipleBudgets;
  return { summary: multipleBudgets.summary, details: `The pod is selected by ${pdbs.map((p) => `\`${p}\``).join(' and ')}. ${multipleBudgets.details}` };
}

/** A 429 that no budget caused: the API server is shedding load. */
export function throttled(retryAfterSeconds?: number): ResponseExplanation {
  return {
    summary: `429 Too Many Requests${retryAfterSeconds ? `, Retry-After: ${retryAfterSeconds}` : ''}: the API server is limiting requests`,
    details:
      'No PodDisruptionBudget refused this eviction: the API server (API Priority and Fairness, or a limit in front of it) turned the request away. ' +
      'It is retried after the Retry-After it sent, as client-go does. If it persists, the control plane is overloaded.',
  };
}

/** Why a server could not be reached; `cause` is one of the client's UnreachableCause names. */
const unreachableDetails: Record<string, string> = {
  connectionRefused:
    'Nothing accepts connections at that address and port: the cluster is stopped, the port is wrong, or the tunnel to it ' +
    '(a VPN, `kubectl port-forward`, a cloud proxy) is not running. Check the `server` of the context\'s cluster in the kubeconfig.',
  dns: 'Its host name does not resolve. Check the `server` URL in the kubeconfig, and the DNS or VPN that should resolve it.',
  timeout: 'The connection timed out: a firewall drops the packets, or the address is not reachable from this network (VPN?).',
  connectionReset: 'The connection was cut: a proxy or load balancer in between closed it, or the server restarted. Try again.',
  tlsUnknownAuthority:
    "The server's certificate is not signed by the certificate authority in the kubeconfig (`certificate-authority` or " +
    '`certificate-authority-data`): the kubeconfig is for another cluster, the cluster\'s CA was rotated, or something intercepts the ' +
    'connection. Get a fresh kubeconfig for this cluster rather than turning verification off.',
  tlsHostnameMismatch:
    "The server's certificate does not name the host in the kubeconfig's `server` (or its `tls-server-name`): the URL points at the " +
    'wrong machine, or an IP address is used where the certificate only names host names.',
  tlsCertificateExpired: "The server's certificate has expired or is not valid yet: the cluster's certificates need renewing, or this machine's clock is wrong.",
  tls: 'The TLS handshake failed: the port may not speak HTTPS, or client and server share no protocol.',
  network: 'The network has no route to that address.',
};

export function unreachable(server: string, cause: string): ResponseExplanation {
  return { summary: `Cannot reach the API server at ${server}`, details: unreachableDetails[cause] ?? unreachableDetails.network };
}

export function unauthorized(server: string): ResponseExplanation {
  return {
    summary: '401 Unauthorized: the credentials were not accepted',
    details:
      `The API server at ${server} did not accept this context's credentials: a token that is wrong or has expired, a client certificate ` +
      'it does not trust, or a cloud login (exec plugin) whose session ended. Log in again (for example with your cloud CLI\'s ' +
      '`get-credentials`) or refresh the kubeconfig. Nothing was changed.',
  };
}

/** A 403 outside the eviction subresource (cordon, listing pods): RBAC. */
export function forbiddenByRbac(message: string): ResponseExplanation {
  return {
    summary: `403 Forbidden: ${message}`,
    details:
      'The credentials are valid, but RBAC does not allow this request. A drain needs `get` and `patch` on nodes, `list` and `watch` on pods ' +
      'and PodDisruptionBudgets in all namespaces, `get` on DaemonSets, and `create` on `pods/eviction`.',
  };
}

export function credentialsUnavailable(message: string): ResponseExplanation {
  return {
    summary: 'No credentials for this context',
    details: `${message}. Check the \`user\` of the context in the kubeconfig: its exec plugin must be installed and logged in, and the files it names must exist.`,
  };
}

export function kubeconfigProblem(message: string): ResponseExplanation {
  return {
    summary: 'The kubeconfig cannot be used',
    details: `${message}. Like kubectl, kube-eviction reads \`--kubeconfig\`, else the files in \`$KUBECONFIG\`, else \`~/.kube/config\`, and uses its current context unless told another.`,
  };
}

export const cancelled: ResponseExplanation = { summary: 'Cancelled', details: 'The request was cancelled before an answer arrived.' };

export interface DrainFacts {
  node: string;
  result: 'drained' | 'failed' | 'timedOut' | 'cancelled';
  dryRun: boolean;
  /** Pods evicted and deleted. */
  evicted: number;
  /** Pods whose eviction was accepted but that were still terminating when the drain stopped or stopped waiting. */
  terminating: number;
  /** Pods left because a budget (or throttling) kept refusing them. */
  blocked: number;
  /** Pods left because their eviction failed. */
  failed: number;
  /** Pods refused by the drain's filters (DaemonSet, local storage, no controller): nothing was evicted. */
  refusedByFilters: boolean;
  cordoned: boolean;
}

const pods = (n: number) => plural(n, 'pod');

/** What the evictions of a drain (or of chosen pods) got: evicted, held by budgets, failed. */
function evictionCounts(f: Pick<DrainFacts, 'evicted' | 'terminating' | 'blocked' | 'failed'>): { evicted: string; left: string } {
  // An accepted eviction is done from the budget's point of view, deleted yet or not.
  const evicted = `${pods(f.evicted + f.terminating)} evicted${f.terminating ? ` (${f.terminating} still terminating)` : ''}`;
  const left = [f.blocked ? `${pods(f.blocked)} held by PodDisruptionBudgets` : '', f.failed ? `${pods(f.failed)} failed` : ''].filter(Boolean).join(', ');
  return { evicted, left };
}

const stoppedBy: Record<Exclude<DrainFacts['result'], 'drained'>, string> = { failed: 'stopped by errors', timedOut: 'stopped by its timeout', cancelled: 'cancelled' };

const heldAdvice = 'A held pod can be evicted once its budget allows a disruption (replacements Ready, or the budget relaxed)';

/** What a drain did and left, for the notification that ends it. */
export function drainOutcome(f: DrainFacts): ResponseExplanation {
  const cordon = f.cordoned
    ? ' The node stays cordoned: no new pods are placed on it until it is uncordoned.'
    : f.dryRun
      ? ''
      : ' The node could not be cordoned (kubectl drain goes on all the same): new pods can still be placed on it.';
  const { evicted, left } = evictionCounts(f);
  if (f.result === 'drained') {
    return {
      summary: `node/${f.node} drained${f.dryRun ? ' (dry run)' : ''}`,
      details: `${f.dryRun ? `${pods(f.evicted)} would be evicted; nothing was changed.` : `${evicted}; every PodDisruptionBudget was respected.`}${cordon}`,
    };
  }
  if (f.refusedByFilters) {
    return {
      summary: `node/${f.node} not drained: some pods cannot be evicted without a flag`,
      details:
        'Before evicting anything, the drain found DaemonSet-managed pods (`--ignore-daemonsets`), pods with local storage ' +
        '(`--delete-emptydir-data`, their data is lost) or pods that declare no controller (`--force`, nothing recreates them). ' +
        `Nothing was evicted.${cordon}`,
    };
  }
  return {
    summary: `node/${f.node} not drained: ${stoppedBy[f.result]}`,
    details: `${evicted}${left ? `; ${left}` : ''}. ` + (f.blocked ? `${heldAdvice}: drain again then. ` : '') + cordon.trim(),
  };
}

/** What the evictions of pods chosen together got (a drain's facts without a node), for the notification that ends them. */
export function evictionsOutcome(f: Omit<DrainFacts, 'node' | 'cordoned' | 'refusedByFilters'>): ResponseExplanation {
  const { evicted, left } = evictionCounts(f);
  const all = f.evicted + f.terminating + f.blocked + f.failed;
  if (f.result === 'drained') {
    return f.dryRun
      ? { summary: `${pods(f.evicted)}: every eviction would be accepted (server dry run)`, details: 'The API server checked each eviction as for a real one and changed nothing.' }
      : { summary: `${pods(f.evicted + f.terminating)} evicted`, details: `${evicted}; every PodDisruptionBudget was respected.` };
  }
  return {
    summary: `${pods(all)}: not all evicted, ${stoppedBy[f.result]}`,
    details: `${evicted}${left ? `; ${left}` : ''}.${f.blocked ? ` ${heldAdvice}: evict it again then.` : ''}`,
  };
}
