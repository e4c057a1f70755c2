// The sandbox cluster (issue 3) with its built-in scenario, as the demo and the
// cluster tests use it: one call of the project's own CLI.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';
import { freePort, isListening, startGuarded, waitFor } from './processes.mjs';

export const sandboxContext = 'kube-eviction-sandbox';

/**
 * Starts `kube-eviction sandbox` writing its kubeconfig into `dir`.
 * Resolves to { kubeconfig, port, stop, exited } once it listens; a failure throws with its log.
 */
export async function startSandbox(dir) {
  const kubeconfig = join(dir, 'sandbox.kubeconfig');
  const logFile = join(dir, 'sandbox.log');
  const port = await freePort();
  const sandbox = startGuarded(process.execPath, [
    join(repoRoot, 'bin', 'kube-eviction.js'), 'sandbox', '--kubeconfig', kubeconfig, '--port', String(port),
  ], { cwd: repoRoot, logFile });
  try {
    await waitFor('the sandbox to listen and write its kubeconfig',
      async () => existsSync(kubeconfig) && isListening(port),
      { timeoutMs: 60_000, abandon: sandbox.exited.then((status) => `it exited (${status})`) });
  } catch (error) {
    await sandbox.stop();
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    throw new Error(`${error.message}\n${log}`);
  }
  return { kubeconfig, port, stop: sandbox.stop, exited: sandbox.exited };
}
