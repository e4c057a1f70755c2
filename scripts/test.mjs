// Runs the test suite with node's own runner. Node 20's `node --test <dir>`
// also runs every helper module under a test/ folder as if it were a test, so
// the files are listed here: compiled unit and integration tests
// (out/test/**/*.test.js) and the end-to-end tests (test/e2e/*.test.mjs).
// Arguments narrow the run to files whose path contains one of them.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, suffix) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(path, suffix);
    return e.name.endsWith(suffix) ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = [...find('out/test', '.test.js'), ...find('test/e2e', '.test.mjs')]
  .sort()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`No test files found${filters.length ? ` matching ${filters.join(', ')}` : ''}; run "npm run build" first.`);
  process.exit(1);
}
// A test that hangs fails after ten minutes, naming itself, instead of holding CI to its limit.
const child = spawn(process.execPath, ['--test', '--test-timeout=600000', ...files], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
