// The kubeconfig that points kubectl, client-go, Python and client-node at a
// running sandbox: one cluster (server URL and CA), one user (bearer token),
// one context named `kube-eviction-sandbox`, made current.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';

export const contextName = 'kube-eviction-sandbox';

export function kubeconfigYaml(server: string, caPem: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: contextName, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: contextName, user: { token } }],
    contexts: [{ name: contextName, context: { cluster: contextName, user: contextName, namespace: 'default' } }],
    'current-context': contextName,
    preferences: {},
  });
}

/**
 * Where a sandbox writes its kubeconfig unless told: under the XDG state
 * directory when one is set, else the OS temp directory, one file per
 * process so that two sandboxes never share one.
 */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env, pid = process.pid): string {
  const base = env.XDG_STATE_HOME ? join(env.XDG_STATE_HOME, 'kube-eviction') : join(tmpdir(), 'kube-eviction');
  return join(base, `sandbox-${pid}.kubeconfig`);
}

/** The user's own kubeconfig files: never overwritten unless named explicitly. */
function userKubeconfigs(env: NodeJS.ProcessEnv): string[] {
  const fromEnv = (env.KUBECONFIG ?? '').split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
  return [...fromEnv, join(homedir(), '.kube', 'config')].map((p) => resolve(p));
}

export type WriteResult = { ok: true; path: string } | { ok: false; error: string };

/**
 * Writes the kubeconfig with owner-only permissions (it holds the token).
 * A path that is one of the user's kubeconfigs, or that already exists, is
 * written only when `explicit` says the user named it.
 */
export function writeKubeconfig(path: string, content: string, explicit: boolean, env: NodeJS.ProcessEnv = process.env): WriteResult {
  const target = resolve(path);
  if (!explicit && (userKubeconfigs(env).includes(target) || existsSync(target))) {
    return { ok: false, error: `refusing to overwrite ${target}: name it with --kubeconfig to replace it` };
  }
  try {
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    writeFileSync(target, content, { mode: 0o600 });
    return { ok: true, path: target };
  } catch (e) {
    return { ok: false, error: `cannot write kubeconfig ${target}: ${(e as Error).message}` };
  }
}
