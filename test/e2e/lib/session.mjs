// One end-to-end session for a test file: the stack, Chromium showing it, and
// a Workbench to drive it. Artifacts (screenshots, logs) go to
// test-results/e2e/<name>/ and stay there; the rest is removed on close.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';
import { resultsDir } from './paths.mjs';
import { copyLogs, startStack } from './stack.mjs';
import { Workbench } from './workbench.mjs';

const openSessions = new Set();
let closingOnSignals = false;

// Ctrl-C or a runner's SIGTERM: close the sessions (processes, temporary folders) before leaving.
// Our helpers stop on their own even without this; a second Ctrl-C leaves at once.
function closeAllAndExit(signal) {
  process.stderr.write(`\n${signal}: closing ${openSessions.size} end-to-end session(s)\n`);
  Promise.allSettled([...openSessions].map((close) => close())).then(() => process.exit(128 + constants.signals[signal]));
}

/**
 * Opens a session named `name` (its artifacts folder). Options: `sandbox: true` to run the
 * sandbox as the current context, `restricted: true` to open the workspace in Restricted Mode.
 */
export async function openSession(name, { sandbox = false, restricted = false } = {}) {
  const artifactsDir = join(resultsDir, name);
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), `kube-eviction-e2e-${name}-`));
  let stack;
  let browser;
  let workbench;
  let closed;
  const close = () => {
    closed ??= (async () => {
      try {
        await workbench?.screenshot('final').catch(() => {}); // what the window showed when the file ended
        await browser?.close();
        await stack?.stop();
      } finally {
        if (stack) copyLogs(stack, join(artifactsDir, 'logs'));
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
        openSessions.delete(close);
      }
    })();
    return closed;
  };
  if (!closingOnSignals) {
    closingOnSignals = true;
    process.once('SIGINT', closeAllAndExit);
    process.once('SIGTERM', closeAllAndExit);
  }
  openSessions.add(close);
  try {
    stack = await startStack({ dir, sandbox, restricted, say: (line) => process.stderr.write(`[e2e ${name}] ${line}\n`) });
    browser = await launchBrowser(join(dir, 'chromium'));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    workbench = new Workbench(page, artifactsDir);
    await workbench.open(stack.codeServer.url);
    return { ...stack, dir, artifactsDir, page, workbench, close };
  } catch (error) {
    await close();
    throw error;
  }
}
