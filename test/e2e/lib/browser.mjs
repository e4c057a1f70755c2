// Debian's Chromium driven by playwright-core (the one from test/e2e/node_modules).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { aptInstall } from './install.mjs';
import { chromiumPath } from './paths.mjs';

/** Launches headless Chromium; `dir` holds what Chromium would otherwise write under ~/.config and ~/.cache. */
export async function launchBrowser(dir) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: install Debian's chromium (${aptInstall}; bash .ci/run does this).`);
  }
  const { chromium } = await import('playwright-core');
  const home = { XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache') };
  for (const folder of Object.values(home)) mkdirSync(folder, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    env: { ...process.env, ...home },
    // session.mjs closes the browser on these signals, after its last screenshot.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // Without the networking flags Chromium keeps knocking on the closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
