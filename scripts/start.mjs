// `npm start`: the extension in a real VS Code (code-server) on the sandbox
// cluster, with the sample workspace open. Runs after `npm run build`; installs
// test/e2e's code-server on first use. Ctrl-C stops everything it started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxContext } from '../test/e2e/lib/sandbox.mjs';
import { startStack } from '../test/e2e/lib/stack.mjs';

const say = (line) => process.stdout.write(`${line}\n`);
const dir = mkdtempSync(join(tmpdir(), 'kube-eviction-demo-'));
let stack;
let stopping;

function stop(reason) {
  stopping ??= (async () => {
    say(`\n${reason}: stopping...`);
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    say('Stopped.');
  })();
  return stopping;
}

// The terminal's Ctrl-C reaches our helpers too; they stop on their own, we wait for them.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => stop(signal === 'SIGINT' ? 'Ctrl-C' : signal).then(() => process.exit(0)));
}

try {
  stack = await startStack({ dir, sandbox: true, say });
} catch (error) {
  process.stderr.write(`\nnpm start failed: ${error.message}\n(kept ${dir} for its logs)\n`);
  await stack?.stop();
  process.exit(1);
}

say('');
say(`Sandbox cluster: context ${sandboxContext}, built-in scenario (nodes node-1..node-3, Deployment web under web-pdb).`);
say(`  Use it from another terminal too: export KUBECONFIG=${stack.kubeconfig}`);
say('  In VS Code, the Kube Eviction icon in the activity bar shows it: right-click a pod to evict it, a node to drain it.');
say(`Sample workspace (a copy; changes are discarded on exit): ${stack.workspace}`);
say('');
say(`Open VS Code in your browser: ${stack.codeServer.url}`);
say('Press Ctrl-C to stop.');

const exited = await Promise.race([
  stack.codeServer.exited.then((status) => `code-server exited (${status})`),
  stack.sandbox.exited.then((status) => `the sandbox exited (${status})`),
]);
if (!stopping) {
  process.stderr.write(`\n${exited}; its log is in ${dir}\n`);
  await stack.stop();
  process.exit(1);
}
