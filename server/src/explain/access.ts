// What the user of a context may not do, and what the API server would
// answer if it tried: for the forecasts of evictions and drains, the Cluster
// view's context row, the actions that are not offered, and the document
// that says why. Plain functions of plain data returning Markdown.

import type { ResourceAttributes } from '../k8s/authorization';
import { sentence } from './text';

/** A refusal known ahead of the request (a SelfSubjectAccessReview) or from an earlier answer. */
export interface DenialFacts {
  attributes: ResourceAttributes;
  /** The API server's 403 message, when the user's name is known. */
  message?: string;
  reason?: string;
  source: 'review' | 'answer';
}

/** What a context's user is known to be allowed (undefined: not known). */
export interface AccessFacts {
  evict?: boolean;
  patchNodes?: boolean;
  user?: string;
  denials?: { evict?: DenialFacts; patchNodes?: DenialFacts };
}

/** `create pods/eviction in the namespace default`, `patch nodes`, `create pods/eviction in every namespace`. */
export function permissionText(a: ResourceAttributes): string {
  const resource = `${a.resource}${a.subresource ? `/${a.subresource}` : ''}${a.group ? `.${a.group}` : ''}`;
  const scope = a.namespace ? ` in the namespace ${a.namespace}` : a.resource === 'pods' ? ' in every namespace' : '';
  return `\`${a.verb} ${resource}\`${scope}`;
}

/** The forecast of a request the user may not make: the 403, in the API server's words where they are known. */
export function describeForbiddenAnswer(d: DenialFacts): string {
  const words = d.message ?? `this user may not ${permissionText(d.attributes)}${d.reason ? ` (${d.reason})` : ''}`;
  const known = d.source === 'review' ? `A SelfSubjectAccessReview says this user may not ${permissionText(d.attributes)}` : 'The API server has refused this user before';
  return `${known}: the API server should refuse (403): ${sentence(words)}`;
}

/** Why an action is not offered or was not sent. */
export function actionUnavailable(action: string, context: string, d: DenialFacts): string {
  return `${action} is not available on context "${context}". ${describeForbiddenAnswer(d)} Nothing was sent.`;
}

/** The context row's short words for what its user may not do; undefined when nothing is known to be refused. */
export function accessLimits(access: AccessFacts | undefined): string | undefined {
  if (access?.evict === false && access.patchNodes === false) return 'read-only';
  if (access?.evict === false) return 'evictions forbidden';
  if (access?.patchNodes === false) return 'cordons forbidden';
  return undefined;
}

/** One sentence per refused permission, for the context row's tooltip. */
export function accessSentences(access: AccessFacts | undefined): string[] {
  const lines: string[] = [];
  const who = access?.user ? `User \`${access.user}\`` : 'This user';
  for (const [allowed, denial, what] of [
    [access?.evict, access?.denials?.evict, 'evict pods (Evict, Drain)'],
    [access?.patchNodes, access?.denials?.patchNodes, 'patch nodes (Cordon, Uncordon, the cordon of a drain)'],
  ] as const) {
    if (allowed !== false) continue;
    const how = denial?.source === 'answer' ? 'the API server refused it (403)' : 'a SelfSubjectAccessReview says so';
    lines.push(`${who} may not ${what}: ${how}.`);
  }
  return lines;
}

/** The document behind "Why Is This Unavailable?": what the user may and may not do on the context, and what to do about it. */
export function explainAccess(context: string, access: AccessFacts | undefined): string {
  const lines = [`# What ${access?.user ? `user \`${access.user}\`` : 'this user'} may do on context \`${context}\``, ''];
  const rows: [string, boolean | undefined, DenialFacts | undefined][] = [
    ['Evict pods (Evict Pod, Evict Pod (Dry Run), Drain Node)', access?.evict, access?.denials?.evict],
    ['Patch nodes (Cordon, Uncordon, the cordon that starts a drain)', access?.patchNodes, access?.denials?.patchNodes],
  ];
  for (const [what, allowed, denial] of rows) {
    lines.push(`## ${what}: ${allowed === true ? 'allowed' : allowed === false ? 'not allowed' : 'not known'}`, '');
    if (allowed === false && denial) lines.push(describeForbiddenAnswer(denial), '');
    else if (allowed === undefined) lines.push('The API server was not asked, or would not say: the action itself will tell.', '');
  }
  if (access?.evict === false || access?.patchNodes === false) {
    lines.push(
      '## What to do',
      '',
      'Use a context whose user may (Select Context), or ask the cluster\'s administrators for a Role or ClusterRole granting `create` on `pods/eviction` (and `patch` on `nodes`, `get` on `daemonsets` for drains), bound to this user. `kubectl auth can-i create pods/eviction` asks the same question.',
      '',
    );
  }
  return lines.join('\n');
}
