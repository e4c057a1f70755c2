// Where things are, relative to this checkout.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const e2eDir = join(repoRoot, 'test', 'e2e');
export const e2eModules = join(e2eDir, 'node_modules');
export const codeServerDir = join(e2eModules, 'code-server');
export const sampleWorkspace = join(repoRoot, 'test', 'fixtures', 'workspace');
/** Screenshots, logs and the install log: kept after a run, ignored by git. */
export const resultsDir = join(repoRoot, 'test-results', 'e2e');
export const chromiumPath = '/usr/bin/chromium';
