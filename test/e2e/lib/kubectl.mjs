// kubectl on the session's sandbox: how the tests set up a situation and
// check the cluster's state independently of the extension under test.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes.mjs';

/** Runs kubectl with the sandbox kubeconfig and a cache of its own (the dispatcher caches discovery). */
export function kubectlFor(session) {
  const cacheDir = mkdtempSync(join(session.dir, 'kubectl-cache-'));
  const kubectl = async (...args) => (await run('kubectl', ['--kubeconfig', session.kubeconfig, '--cache-dir', cacheDir, ...args])).stdout;
  const json = async (...args) => JSON.parse(await kubectl(...args, '-o', 'json'));
  return {
    kubectl,
    json,
    /** The pods, optionally on one node, as objects. */
    pods: async (node) => (await json('get', 'pods', '-n', 'default', ...(node ? ['--field-selector', `spec.nodeName=${node}`] : []))).items,
    /** The pod, or undefined once it is gone. */
    pod: async (name) => {
      const out = await kubectl('get', 'pods', '-n', 'default', '--ignore-not-found', name, '-o', 'json');
      return out.trim() ? JSON.parse(out) : undefined;
    },
    pdb: (name) => json('get', 'pdb', '-n', 'default', name),
    node: (name) => json('get', 'node', name),
  };
}
