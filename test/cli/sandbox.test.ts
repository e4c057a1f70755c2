// `kube-eviction sandbox` as a user runs it: the bundled CLI in a child process.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseSandboxArgs } from '../../cli/src/sandbox';
import { call, type Target } from '../server/sandbox/https';

// out/test/cli -> the package root
const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

function runCli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
  const child = spawn(process.execPath, [cli, 'sandbox', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<number>((resolveExit) => child.on('close', (code) => resolveExit(code ?? -1)));
  after(() => child.kill('SIGKILL'));
  return { child, out: () => stdout, err: () => stderr, done };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Where the kubeconfig at `path` points, with its credentials. */
function targetOf(path: string): Target {
  const config = readFileSync(path, 'utf8');
  return {
    url: /server: (\S+)/.exec(config)![1],
    token: /token: (\S+)/.exec(config)![1],
    ca: Buffer.from(/certificate-authority-data: (\S+)/.exec(config)![1], 'base64').toString(),
  };
}

describe('argument parsing', () => {
  test('defaults and every flag', () => {
    assert.deepEqual(parseSandboxArgs([]), { ok: true, help: false, options: { scenario: undefined, port: 0, speed: 1, bind: undefined, allowNonLoopback: false, kubeconfigPath: undefined, kubeconfigExplicit: false } });
    const all = parseSandboxArgs(['--scenario', 'x', '--port', '8443', '--kubeconfig', 'k', '--speed', '2.5', '--disruption-latency', '0.25', '--bind', '0.0.0.0', '--allow-non-loopback']);
    assert.deepEqual(all, { ok: true, help: false, options: { scenario: 'x', port: 8443, speed: 2.5, disruptionLatencyMs: 250, bind: '0.0.0.0', allowNonLoopback: true, kubeconfigPath: 'k', kubeconfigExplicit: true } });
    const instant = parseSandboxArgs(['--disruption-latency', '0']);
    assert.equal(instant.ok && instant.options?.disruptionLatencyMs, 0);
  });

  test('bad values and unknown flags are errors', () => {
    for (const args of [['--port', 'http'], ['--port', '70000'], ['--speed', '0'], ['--speed', 'fast'], ['--disruption-latency', '-1'], ['--disruption-latency', '100ms'], ['--disruption-latency', '1e3'], ['--disruption-latency', ''], ['--verbose'], ['extra']]) {
      assert.equal(parseSandboxArgs(args).ok, false, args.join(' '));
    }
    assert.deepEqual(parseSandboxArgs(['--disruption-latency', '100ms']), { ok: false, error: '--disruption-latency must be a number of seconds, 0 or more (such as 0.1 or 2), got "100ms"' });
  });
});

describe('the sandbox command', () => {
  test('--help prints usage and exits 0', async () => {
    const r = runCli(['--help']);
    assert.equal(await r.done, 0);
    assert.match(r.out(), /^Usage: kube-eviction sandbox \[options\]/);
    assert.match(r.out(), /--allow-non-loopback/);
  });

  test('a bad flag exits 2 with the reason and usage', async () => {
    const r = runCli(['--speed', '0']);
    assert.equal(await r.done, 2);
    assert.match(r.err(), /--speed must be a positive number/);
    const latency = runCli(['--disruption-latency=-0.5']);
    assert.equal(await latency.done, 2);
    assert.match(latency.err(), /^kube-eviction sandbox: --disruption-latency must be a number of seconds, 0 or more \(such as 0\.1 or 2\), got "-0\.5"\n\nUsage: /);
  });

  test('a non-loopback bind without --allow-non-loopback is refused', async () => {
    const r = runCli(['--bind', '0.0.0.0', '--kubeconfig', join(tmpdir(), 'never-written')]);
    assert.equal(await r.done, 1);
    assert.match(r.err(), /refusing to listen on 0\.0\.0\.0: .*--allow-non-loopback/);
    assert.equal(existsSync(join(tmpdir(), 'never-written')), false);
  });

  test('a bad scenario file is a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-scenario-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'bad.yaml'), 'kind: Node\nmetadata: [\n');
    const r = runCli(['--scenario', join(dir, 'bad.yaml')]);
    assert.equal(await r.done, 1);
    assert.match(r.err(), new RegExp(`bad\\.yaml:\\d+:\\d+: `));
  });

  test('serves, prints how to use it, answers with its token, stops on SIGTERM and removes its default kubeconfig', async () => {
    const state = mkdtempSync(join(tmpdir(), 'cli-state-'));
    after(() => rmSync(state, { recursive: true, force: true }));
    const r = runCli(['--speed', '10'], { ...process.env, XDG_STATE_HOME: state });
    await waitFor(() => r.out().includes('Press Ctrl-C to stop.'), 'the sandbox to start');
    const path = /^Kubeconfig: (\S+) \(context kube-eviction-sandbox; kube-eviction-sandbox-viewer may only read\)$/m.exec(r.out())?.[1];
    assert.ok(path?.startsWith(join(state, 'kube-eviction')), r.out());
    assert.match(r.out(), new RegExp(`export KUBECONFIG=${path!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(r.out(), /kubectl drain node-1 --ignore-daemonsets/);
    const target = targetOf(path!);
    const clientKey = /client-key-data: (\S+)/.exec(readFileSync(path!, 'utf8'))![1];
    assert.ok(!r.out().includes(target.token) && !r.err().includes(target.token), 'the token is never printed');
    assert.ok(!r.out().includes(clientKey) && !r.out().includes(Buffer.from(clientKey, 'base64').toString().split('\n')[1]!), 'nor the client key');
    const nodes = await call(target, 'GET', '/api/v1/nodes');
    assert.deepEqual(nodes.json.items.map((n: { metadata: { name: string } }) => n.metadata.name), ['db-1', 'node-1', 'node-2', 'node-3'], 'the built-in scenario: the walkthrough and its database node');
    r.child.kill('SIGTERM');
    assert.equal(await r.done, 0);
    assert.match(r.out(), /stopped \(SIGTERM\)/);
    assert.equal(existsSync(path!), false);
  });

  test('--disruption-latency: 0 counts an eviction in the budget within the request, a long one keeps the status the eviction wrote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-latency-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const budgetAfterEviction = async (latency: string) => {
      const kubeconfig = join(dir, `config-${latency}`);
      const r = runCli(['--disruption-latency', latency, '--kubeconfig', kubeconfig]);
      await waitFor(() => r.out().includes('Press Ctrl-C to stop.'), 'the sandbox to start');
      const target = targetOf(kubeconfig);
      const pods = await call(target, 'GET', '/api/v1/namespaces/default/pods?labelSelector=app%3Dweb');
      const name = pods.json.items[0].metadata.name;
      const eviction = await call(target, 'POST', `/api/v1/namespaces/default/pods/${name}/eviction`, { body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' } }) });
      assert.equal(eviction.status, 201, eviction.text);
      const pdb = await call(target, 'GET', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web-pdb');
      r.child.kill('SIGTERM');
      assert.equal(await r.done, 0);
      return [pdb.json.status.currentHealthy, pdb.json.status.disruptionsAllowed];
    };
    const [instant, slow] = await Promise.all([budgetAfterEviction('0'), budgetAfterEviction('30')]);
    assert.deepEqual(instant, [2, 0], 'recounted by the controller before the eviction answered');
    assert.deepEqual(slow, [3, 0], "the eviction's own write: one disruption spent, the pod not yet recounted");
  });

  test('--kubeconfig naming an existing file replaces it and keeps it after exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-kubeconfig-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'config');
    writeFileSync(path, 'old');
    const r = runCli(['--kubeconfig', path, '--port', '0']);
    await waitFor(() => r.out().includes('Press Ctrl-C to stop.'), 'the sandbox to start');
    assert.match(readFileSync(path, 'utf8'), /current-context: kube-eviction-sandbox/);
    r.child.kill('SIGINT');
    assert.equal(await r.done, 0);
    assert.ok(existsSync(path));
  });
});
