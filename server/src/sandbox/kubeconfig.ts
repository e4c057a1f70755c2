// The kubeconfig that points kubectl, client-go, Python and client-node at a
// running sandbox: one cluster (server URL and CA) and two users with a
// context each: the admin's bearer token in `kube-eviction-sandbox` (made
// current), and the viewer's client certificate in
// `kube-eviction-sandbox-viewer` (it may read everything and change nothing).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { KeyPairPem } from './x509';

export const contextName = 'kube-eviction-sandbox';
export const viewerContextName = 'kube-eviction-sandbox-viewer';

const base64 = (pem: string) => Buffer.from(pem).toString('base64');

export function kubeconfigYaml(server: string, caPem: string, token: string, viewer: KeyPairPem): string {
  const context = (name: string) => ({ name, context: { cluster: contextName, user: name, namespace: 'default' } });
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: contextName, cluster: { server, 'certificate-authority-data': base64(caPem) } }],
    users: [
      { name: contextName, user: { token } },
      { name: viewerContextName, user: { 'client-certificate-data': base64(viewer.cert), 'client-key-data': base64(viewer.key) } },
    ],
    contexts: [context(contextName), context(viewerContextName)],
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
 * Writes the kubeconfig with owner-only permissions (it holds the token and a private key).
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
