// code-server in a private profile: its own user-data, extensions and XDG
// folders, so nothing touches ~/.config, ~/.local or the user's own VS Code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerDir } from './paths.mjs';
import { freePort, run, startGuarded, waitFor } from './processes.mjs';

const entry = join(codeServerDir, 'out', 'node', 'entry.js');

// A quiet window: no welcome page, tips, update checks, telemetry, trust prompt or git scan.
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.hover.delay': 100,
  // Markdown wraps by default: a document's lines are read as the editor renders them, one line each.
  '[markdown]': { 'editor.wordWrap': 'off' },
};

/**
 * Creates the profile folders under `dir`; returns what launching and installing need.
 * `restricted`: workspace trust on and never asked for, so the folder opens in Restricted Mode.
 */
export function createProfile(dir, { restricted = false } = {}) {
  const profile = {
    dir,
    userDataDir: join(dir, 'user-data'),
    extensionsDir: join(dir, 'extensions'),
    configFile: join(dir, 'config.yaml'),
    xdg: {
      XDG_CONFIG_HOME: join(dir, 'xdg', 'config'),
      XDG_DATA_HOME: join(dir, 'xdg', 'data'),
      XDG_CACHE_HOME: join(dir, 'xdg', 'cache'),
      XDG_STATE_HOME: join(dir, 'xdg', 'state'),
    },
  };
  for (const folder of [join(profile.userDataDir, 'User'), profile.extensionsDir, ...Object.values(profile.xdg)]) {
    mkdirSync(folder, { recursive: true });
  }
  const settings = restricted ? { ...userSettings, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : userSettings;
  writeFileSync(join(profile.userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  profile.restricted = restricted;
  writeFileSync(profile.configFile, 'auth: none\n');
  return profile;
}

function profileArgs(profile) {
  return ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

function profileEnv(profile, env) {
  return { ...process.env, ...profile.xdg, ...env };
}

export async function installExtension(profile, vsix) {
  await run(process.execPath, [entry, ...profileArgs(profile), '--force', '--install-extension', vsix], { env: profileEnv(profile) });
}

/**
 * Starts code-server on a free loopback port with `workspace` open; resolves once /healthz answers.
 * `env` is added to the environment code-server (and so the extension host) sees, e.g. KUBECONFIG.
 */
export async function launchCodeServer({ profile, workspace, env = {}, logFile }) {
  const port = await freePort();
  const server = startGuarded(process.execPath, [
    entry, ...profileArgs(profile),
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', ...(profile.restricted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--ignore-last-opened', workspace,
  ], { env: profileEnv(profile, env), logFile });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor('code-server to answer /healthz', async () => (await fetch(`${base}/healthz`)).ok, {
      timeoutMs: 60_000,
      abandon: server.exited.then((status) => `code-server exited (${status}); see ${logFile}`),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = new URL(base);
  url.searchParams.set('folder', workspace);
  return { port, url: url.href, stop: server.stop, exited: server.exited };
}
