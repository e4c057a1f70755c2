// The .vsix users install, packed by vsce from the bundles in dist/ (the root
// package.json's `package:vsix` script). The bundles come from `npm run build`,
// which `npm test` and `npm start` run first; so run it before running these
// tests alone (node --test test/e2e).
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';
import { withE2eLock } from './install.mjs';
import { run } from './processes.mjs';

export const vsixPath = join(repoRoot, 'dist', 'kube-eviction.vsix');

/** Packages dist/ into the .vsix; returns its path. */
export async function packageExtension() {
  // Locked: test files running in parallel would otherwise write the .vsix at once.
  await withE2eLock(() => run('npm', ['run', '--silent', 'package:vsix'], { cwd: repoRoot }));
  return vsixPath;
}
