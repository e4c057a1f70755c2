// Runs the real clients (kubectl, python3-kubernetes) against a sandbox.
// They are required: CI installs them (.ci/run), and a machine without them
// fails these tests with a message saying what to install, never skips.

import { execFile, spawn, type ExecFileException } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after } from 'node:test';
import { walkthroughScenario } from '../../server/src/sim/scenarios/walkthrough';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../server/src/sandbox/sandbox';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** kubectl from PATH (the SDK dispatcher at /usr/bin/kubectl, or Debian's kubernetes-client). */
export function kubectlPath(): string {
  const found = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'kubectl')).find(executable);
  if (!found) throw new Error('kubectl not found on PATH: install it (Debian: apt-get install kubernetes-client; .ci/run does this)');
  return found;
}

/** Debian's python3 with python3-kubernetes (a pyenv python3 first on PATH lacks the module). */
export const python3 = '/usr/bin/python3';

export function requirePythonKubernetes(): Promise<void> {
  return run(python3, ['-c', 'import kubernetes']).then((r) => {
    if (r.code !== 0) throw new Error(`${python3} cannot import kubernetes: install python3-kubernetes (Debian; .ci/run does this)\n${r.stderr}`);
  });
}

export function run(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env: options.env, timeout: options.timeoutMs ?? 120_000, cwd: options.cwd, maxBuffer: 16 * 1024 * 1024 }, (error: ExecFileException | null, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: error && code === -1 ? `${stderr}\n${error.message}` : String(stderr) });
    });
  });
}

/** A temporary directory, removed after the test that asks for it (call it from a test, not a hook). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A process still running, whose output can be read as it comes. */
export interface Running {
  stdout(): string;
  stderr(): string;
  exited(): boolean;
  done: Promise<Run>;
}

export function start(file: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let exited = false;
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<Run>((resolve) => {
    child.on('close', (code) => {
      exited = true;
      resolve({ code: code ?? -1, stdout: out, stderr: err });
    });
    child.on('error', (e) => {
      exited = true;
      resolve({ code: -1, stdout: out, stderr: `${err}\n${e.message}` });
    });
  });
  after(() => {
    if (!exited) child.kill('SIGKILL');
  });
  return { stdout: () => out, stderr: () => err, exited: () => exited, done };
}

export interface TestSandbox extends RunningSandbox {
  /** kubectl with this sandbox's kubeconfig and a cache dir of its own. */
  kubectl(args: string[], timeoutMs?: number): Promise<Run>;
  /** kubectl left running (a drain that blocks). */
  startKubectl(args: string[]): Running;
  /** A python3-kubernetes script with `api_client` configured for this sandbox. */
  python(script: string): Promise<Run>;
  dir: string;
}

/**
 * Starts an in-process sandbox (by default on the drain walkthrough, whose
 * story the client tests tell); the caller stops it (`after(() => sb.stop())`
 * at suite level, not in a hook).
 */
export async function testSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-clients-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const scenario = options.manifests || options.scenario !== undefined ? {} : { manifests: walkthroughScenario() };
  const sb = await startSandbox({ speed: 20, ...scenario, ...options, kubeconfigPath, kubeconfigExplicit: true });
  // HOME points into the test dir so no run reads or writes the user's ~/.kube.
  const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfigPath };
  const kubectl = kubectlPath();
  let scripts = 0;
  const common = ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'kube-cache')];
  const stop = sb.stop;
  return Object.assign(sb, {
    dir,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    kubectl: (args: string[], timeoutMs?: number) => run(kubectl, [...common, ...args], { env, timeoutMs }),
    startKubectl: (args: string[]) => start(kubectl, [...common, ...args], env),
    python: (script: string) => {
      const file = join(dir, `script-${++scripts}.py`);
      const prelude = [
        'import json, sys',
        'from kubernetes import client, config',
        `config.load_kube_config(config_file=${JSON.stringify(kubeconfigPath)})`,
        'api_client = client.ApiClient()',
        '',
      ].join('\n');
      writeFileSync(file, prelude + script);
      return run(python3, [file], { env });
    },
  });
}

/** Polls `check` until it returns a value, for at most `timeoutMs` of wall time. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
