// Running `kube-eviction lint` as a user does, on a folder of files made for the test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const bin = join(resolve(__dirname, '../../..'), 'bin', 'kube-eviction.js');

export function runCli(args: string[], cwd: string, input?: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 120_000, input, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
