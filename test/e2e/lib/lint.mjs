// `kube-eviction lint` on the sample workspace, as a CI pipeline runs it.
import { join } from 'node:path';
import { repoRoot, sampleWorkspace } from './paths.mjs';
import { run } from './processes.mjs';

const cli = join(repoRoot, 'bin', 'kube-eviction.js');

/** `kube-eviction lint --format json` on the sample workspace: the findings (file names relative to the workspace). */
export async function lintSampleWorkspace() {
  try {
    const { stdout } = await run(process.execPath, [cli, 'lint', '--format', 'json', '.'], { cwd: sampleWorkspace });
    return JSON.parse(stdout);
  } catch (error) {
    // Status 1 means "there are error-level findings", as the sample workspace has on purpose.
    if (error.exitCode === 1) return JSON.parse(error.stdout);
    throw error;
  }
}
