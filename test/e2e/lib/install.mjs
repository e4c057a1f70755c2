// Installs test/e2e's own package (code-server and playwright-core) on first
// use, following ../../shared/notes/vscode-e2e.md. A stamp holding the hash
// of the manifest, the lockfile and Node's ABI makes later calls instant.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, renameSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { e2eDir, e2eModules, codeServerDir, resultsDir } from './paths.mjs';
import { run } from './processes.mjs';

const debianPackages = readFileSync(join(e2eDir, 'debian-packages.txt'), 'utf8')
  .split('\n').filter((line) => line && !line.startsWith('#')).join(' ');
export const aptInstall = `sudo apt-get install -y --no-install-recommends ${debianPackages}`;
const stampFile = join(e2eModules, '.kube-eviction-e2e-stamp');
const lockDir = join(e2eDir, '.install-lock');
const installLog = join(resultsDir, 'install.log');

// code-server 4.100.3 ships @vscode/ripgrep 1.15.11, whose postinstall downloads
// ripgrep 13.0.0-10 from GitHub (unreachable here) unless this cache file exists.
const ripgrepCache = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');

// Built by install scripts; if one is missing, code-server starts but breaks later in obscure ways.
const builtFiles = [
  'code-server/out/node/entry.js',
  'code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node',
  'code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
  'argon2/lib/binding/napi-v3/argon2.node',
  'playwright-core/index.mjs',
];

function wantedStamp() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(e2eDir, file)));
  hash.update(`${process.arch} ${process.versions.modules}`); // native modules are built for this ABI
  return hash.digest('hex');
}

function isInstalled() {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wantedStamp()
    && builtFiles.every((file) => existsSync(join(e2eModules, file)));
}

async function which(program) {
  return run('sh', ['-c', 'command -v "$1"', 'sh', program]).then(() => true, () => false);
}

/** Tools the native builds need; a missing one is named with the apt line that brings it. */
async function checkBuildTools() {
  const checks = {
    'a C++ compiler (build-essential)': () => which('g++'),
    'make (build-essential)': () => which('make'),
    python3: () => which('python3'),
    'pkg-config': () => which('pkg-config'),
    'Kerberos headers (libkrb5-dev)': async () => existsSync('/usr/include/gssapi/gssapi.h') || which('krb5-config'),
    'ripgrep (rg)': () => which('rg'),
  };
  const missing = [];
  for (const [what, present] of Object.entries(checks)) if (!(await present())) missing.push(what);
  if (missing.length > 0) {
    throw new Error(`Cannot install code-server for the end-to-end tests: missing ${missing.join(', ')}.\n`
      + `Install them with: ${aptInstall}\n(bash .ci/run does this.)`);
  }
}

async function seedRipgrepCache() {
  if (existsSync(ripgrepCache)) return;
  mkdirSync(dirname(ripgrepCache), { recursive: true });
  const rg = (await run('sh', ['-c', 'command -v rg'])).stdout.trim();
  const partial = `${ripgrepCache}.${process.pid}`;
  await run('tar', ['czf', partial, '-C', dirname(rg), 'rg']);
  renameSync(partial, ripgrepCache);
}

/** The directory whose include/node holds this Node's headers, so node-gyp needs no download. */
function nodeHeadersDir() {
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

function npmEnvironment() {
  const env = { ...process.env };
  // Set by an outer `npm test`/`npm start`: they describe the root project, not this one.
  for (const key of Object.keys(env)) {
    if (/^npm_(package|lifecycle)_/.test(key) || key === 'npm_config_local_prefix') delete env[key];
  }
  Object.assign(env, {
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root without it
    npm_config_yes: 'true', // node-pty runs `npx node-gyp`: no prompt
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  });
  const headers = nodeHeadersDir();
  if (headers) env.npm_config_nodedir = headers;
  return env;
}

function lockIsStale() {
  try {
    process.kill(Number(readFileSync(join(lockDir, 'pid'), 'utf8')), 0);
    return false;
  } catch (error) {
    if (error.code === 'ENOENT') { // no pid yet: just taken, or its taker died at once
      try { return Date.now() - statSync(lockDir).mtimeMs > 10_000; } catch { return false; }
    }
    return error.code === 'ESRCH';
  }
}

/** Serialises the install and the packaging between concurrent test files and the demo. */
export async function withE2eLock(action) {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (lockIsStale()) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`Waited 15 minutes for ${lockDir}; remove it if no install or test is running.`);
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await action();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function npmCi(log) {
  return new Promise((resolve, reject) => {
    const out = openSync(log, 'w');
    const npm = spawn('npm', ['ci', '--foreground-scripts', '--no-audit', '--no-fund'], {
      cwd: e2eDir, env: npmEnvironment(), stdio: ['ignore', out, out],
    });
    closeSync(out);
    npm.once('error', reject);
    npm.once('exit', (code, signal) => resolve(code ?? signal));
  });
}

/**
 * Makes sure test/e2e/node_modules holds a working code-server and playwright-core.
 * Quick (a hash compare) when already done. `say` receives one-line progress messages.
 */
export async function ensureE2ePackage({ say = (line) => process.stderr.write(`${line}\n`) } = {}) {
  if (isInstalled()) return;
  await withE2eLock(async () => {
    if (isInstalled()) return; // another process did it while we waited
    await checkBuildTools();
    await seedRipgrepCache();
    mkdirSync(resultsDir, { recursive: true });
    say(`Installing code-server and playwright-core into test/e2e/node_modules (first use; about 1-2 minutes; log: ${installLog})`);
    const started = Date.now();
    const status = await npmCi(installLog);
    if (status !== 0) {
      const tail = readFileSync(installLog, 'utf8').trimEnd().split('\n').slice(-40).join('\n');
      throw new Error(`npm ci in test/e2e failed (${status}). Last lines of ${installLog}:\n${tail}\n\n`
        + `Its native modules build with Debian's packages: ${aptInstall}`);
    }
    const missing = builtFiles.filter((file) => !existsSync(join(e2eModules, file)));
    if (missing.length > 0) {
      throw new Error(`npm ci in test/e2e finished but did not build ${missing.join(', ')}: `
        + `an install script was skipped or failed (see ${installLog}; npm's allowScripts in test/e2e/package.json must list code-server and argon2).`);
    }
    writeFileSync(stampFile, wantedStamp());
    say(`Installed code-server ${JSON.parse(readFileSync(join(codeServerDir, 'package.json'), 'utf8')).version} in ${Math.round((Date.now() - started) / 1000)} s`);
  });
}
