// List paging as the API server serves it (`?limit=N&continue=TOKEN`,
// kubectl's --chunk-size): items in key order, at most `limit` of them, and
// a continue token naming the last key served; the pages after the first
// report the first page's resourceVersion, so a watch from there replays
// whatever changed in between. A list at resourceVersion=0 comes from the
// watch cache, which does not page. Unlike etcd the sandbox keeps no old
// snapshots: a continued page shows objects as they are now, and a token is
// never "too old".
// Sources: apiserver/pkg/storage/etcd3/store.go (GetList), apiserver/pkg/storage/continue.go
// (EncodeContinue, DecodeContinue), apiserver/pkg/storage/cacher/cacher.go (shouldDelegateList).

import { badRequest } from '../k8s/status';
import type { KubeObject, Status } from '../k8s/types';

export interface ListPage {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

const keyOf = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** `EncodeContinue`: base64url (unpadded) of {"v":"meta.k8s.io/v1","rv":N,"start":"<key>\u0000"}. */
function encodeContinue(key: string, resourceVersion: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(resourceVersion), start: `${key}\u0000` })).toString('base64url');
}

function decodeContinue(token: string): { ok: true; start: string; resourceVersion: string } | { ok: false; status: Status } {
  const invalid = (why: string) => ({ ok: false as const, status: badRequest(`continue key is not valid: ${why}`) });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return invalid('illegal base64 data or JSON');
  }
  const c = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (c?.v !== 'meta.k8s.io/v1') return invalid(`server does not recognize this encoded key`);
  if (typeof c.rv !== 'number' || c.rv <= 0 || typeof c.start !== 'string' || c.start === '') return invalid('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  return { ok: true, start: c.start, resourceVersion: String(c.rv) };
}

/**
 * The page a list request asks for, from all the matching items in key
 * order. `filtered`: a label or field selector chose them (the server then
 * cannot count what remains, and leaves remainingItemCount out).
 */
export function listPage(items: readonly KubeObject[], query: URLSearchParams, resourceVersion: string, filtered: boolean): { ok: true; page: ListPage } | { ok: false; status: Status } {
  const limit = Number(query.get('limit') ?? '0');
  const token = query.get('continue') ?? '';
  if (query.get('resourceVersion') === '0' && !token) return { ok: true, page: { items: [...items], resourceVersion } };
  let rest = [...items];
  let rv = resourceVersion;
  if (token) {
    const c = decodeContinue(token);
    if (!c.ok) return c;
    rest = rest.filter((o) => keyOf(o) >= c.start);
    rv = c.resourceVersion;
  }
  if (!Number.isInteger(limit) || limit <= 0 || rest.length <= limit) return { ok: true, page: { items: rest, resourceVersion: rv } };
  const served = rest.slice(0, limit);
  return {
    ok: true,
    page: {
      items: served,
      resourceVersion: rv,
      continue: encodeContinue(keyOf(served[served.length - 1]), rv),
      ...(filtered ? {} : { remainingItemCount: rest.length - limit }),
    },
  };
}
