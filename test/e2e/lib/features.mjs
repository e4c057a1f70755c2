// Which product features this build has, asked of the product itself, so a
// feature's end-to-end tests run from the commit that brings it. A feature
// that is present but broken fails its tests; only an absent one skips them.
// (The language server is asked in languageServer.mjs.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, sampleWorkspace } from './paths.mjs';
import { run } from './processes.mjs';
import { startSandbox } from './sandbox.mjs';

const cli = join(repoRoot, 'bin', 'kube-eviction.js');

/**
 * `kube-eviction lint --format json` on the sample workspace: the findings
 * (file names relative to the workspace), or undefined while the CLI has no lint command.
 */
export async function lintSampleWorkspace() {
  try {
    const { stdout } = await run(process.execPath, [cli, 'lint', '--format', 'json', '.'], { cwd: sampleWorkspace });
    return JSON.parse(stdout);
  } catch (error) {
    if (/unknown command "lint"/.test(error.stderr)) return undefined;
    // Status 1 means "there are error-level findings", as the sample workspace has on purpose.
    if (error.exitCode === 1) return JSON.parse(error.stdout);
    throw error;
  }
}

/** Whether `kube-eviction sandbox` exists: starts one and stops it again. */
export async function sandboxAvailable() {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-e2e-probe-'));
  try {
    const sandbox = await startSandbox(dir);
    await sandbox?.stop();
    return sandbox !== undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
