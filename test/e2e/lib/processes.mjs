// Long-running helpers (code-server, the sandbox) and the waits around them.
// Every program is started under guard.mjs, so nothing it starts outlives us.
import { spawn, execFile } from 'node:child_process';
import { openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const guardScript = fileURLToPath(new URL('./guard.mjs', import.meta.url));
const stopGraceMs = 8000;

/**
 * Starts `command args` in a guarded process group, its output appended to `logFile`.
 * Returns { pid, exited: Promise<number> (its exit status), stop(): Promise<number> }.
 */
export function startGuarded(command, args, { env = process.env, cwd, logFile }) {
  const log = openSync(logFile, 'a');
  const guard = spawn(process.execPath, [guardScript, String(stopGraceMs), command, ...args], {
    cwd, env, stdio: ['pipe', log, log],
  });
  closeSync(log);
  const exited = new Promise((resolve) => guard.once('exit', (code, signal) => resolve(code ?? signal)));
  return {
    pid: guard.pid,
    exited,
    stop() {
      if (guard.exitCode === null && guard.signalCode === null) guard.kill('SIGTERM');
      return exited;
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `probe` until it returns a value other than undefined/false, or throws
 * `Timed out after …: <what>` (with the last probe error, if any).
 * `abandon` (a promise) stops the wait early with its value as the error text.
 */
export async function waitFor(what, probe, { timeoutMs = 60_000, intervalMs = 250, abandon } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  let abandoned;
  abandon?.then((reason) => { abandoned = reason; });
  for (;;) {
    if (abandoned !== undefined) throw new Error(`${what}: ${abandoned}`);
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (${lastError.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** True once something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Runs a program to completion (no shell); rejects with its output (and exitCode, stdout, stderr) when it fails. */
export async function run(command, args, options = {}) {
  try {
    return await promisify(execFile)(command, args, { maxBuffer: 64 * 1024 * 1024, ...options });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw Object.assign(new Error(`${[command, ...args].join(' ')} failed (${error.code ?? error.signal}):\n${output}`), {
      exitCode: error.code, stdout: error.stdout, stderr: error.stderr,
    });
  }
}

/** Processes of this user whose command line or environment contains `text` (Linux /proc). */
export function processesMentioning(text) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (commandLine.includes(text) || readFileSync(`/proc/${pid}/environ`, 'utf8').includes(text)) {
        found.push({ pid: Number(pid), commandLine });
      }
    } catch {
      // gone meanwhile, or another user's
    }
  }
  return found;
}
