// Runs one command in a process group of its own and ends that whole group
// (the command and everything it started: code-server's extension host, the
// language server, pty hosts...) when the parent goes away, however the parent
// ends: a clean stop, Ctrl-C, a crash or SIGKILL. The parent holds our stdin;
// its end is the signal, as are SIGTERM, SIGINT and SIGHUP.
//
//   node guard.mjs <grace-ms> <command> [args...]
//
// The guard exits with the command's status once nothing of the group is left.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const [graceText, command, ...args] = process.argv.slice(2);
const graceMs = Number(graceText);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
let stopping = false;

function killGroup(signal) {
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

function stop() {
  if (stopping) return;
  stopping = true;
  killGroup('SIGTERM');
  setTimeout(() => killGroup('SIGKILL'), graceMs).unref();
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();

child.on('error', (error) => {
  process.stderr.write(`cannot start ${command}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  // Whatever the command left behind goes with it.
  killGroup('SIGKILL');
  process.exit(code ?? 128 + constants.signals[signal]);
});
