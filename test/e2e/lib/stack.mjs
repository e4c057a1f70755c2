// The product as a user meets it: the .vsix installed into a private
// code-server profile, a copy of the sample workspace open, and (when asked
// for and available) the sandbox cluster as the current kubeconfig context.
// `npm start` and the end-to-end tests both start exactly this.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createProfile, installExtension, launchCodeServer } from './codeServer.mjs';
import { packageExtension } from './extension.mjs';
import { ensureE2ePackage } from './install.mjs';
import { sampleWorkspace } from './paths.mjs';
import { startSandbox } from './sandbox.mjs';

/**
 * Starts everything under `dir` (a private, empty folder). `sandbox: true` asks for the
 * sandbox; `restricted: true` opens the workspace in Restricted Mode. Returns
 * { profile, workspace, kubeconfig, sandbox, codeServer, stop() }.
 */
export async function startStack({ dir, sandbox: wantSandbox = false, restricted = false, say = () => {} }) {
  const stops = [];
  const stop = async () => {
    while (stops.length > 0) await stops.pop()();
  };
  try {
    await ensureE2ePackage({ say });
    say('Packaging the extension');
    const vsix = await packageExtension();
    const profile = createProfile(join(dir, 'profile'), { restricted });
    await installExtension(profile, vsix);
    // A copy, so quick fixes and edits never touch the repository's fixtures.
    const workspace = join(dir, 'workspace');
    cpSync(sampleWorkspace, workspace, { recursive: true });

    let sandbox;
    if (wantSandbox) {
      say('Starting the sandbox cluster');
      sandbox = await startSandbox(dir);
      stops.push(sandbox.stop);
    }
    // Never the user's own ~/.kube/config: without the sandbox, a kubeconfig that does not exist.
    const kubeconfig = sandbox?.kubeconfig ?? join(dir, 'no-cluster.kubeconfig');
    say('Starting code-server');
    const codeServer = await launchCodeServer({
      profile, workspace, env: { KUBECONFIG: kubeconfig }, logFile: join(dir, 'code-server.log'),
    });
    stops.push(codeServer.stop);
    return { dir, profile, workspace, kubeconfig, sandbox, codeServer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Copies the logs of a stack (code-server, sandbox, VS Code's own logs) into `target`. */
export function copyLogs(stack, target) {
  const logs = {
    'code-server.log': join(stack.dir, 'code-server.log'),
    'sandbox.log': join(stack.dir, 'sandbox.log'),
    vscode: join(stack.profile.userDataDir, 'logs'),
  };
  for (const [name, source] of Object.entries(logs)) {
    if (existsSync(source)) cpSync(source, join(target, name), { recursive: true });
  }
}
