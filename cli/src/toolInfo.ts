// The tool's name, version and documentation, from its package.json (found
// above this module: beside dist/ once bundled or installed, above out/ in
// tests), for the machine-readable outputs that name their tool.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ToolInfo {
  name: string;
  version: string;
  /** The README, where every rule is documented. */
  readmeUrl: string;
}

let cached: ToolInfo | undefined;

export function toolInfo(): ToolInfo {
  if (cached) return cached;
  let dir = __dirname;
  for (let depth = 0; depth < 4; depth++, dir = dirname(dir)) {
    let manifest: { name?: string; version?: string; repository?: { url?: string } };
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as typeof manifest;
    } catch {
      continue;
    }
    if (manifest.name !== 'kube-eviction') continue;
    const repository = (manifest.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
    cached = { name: manifest.name, version: manifest.version ?? '0.0.0', readmeUrl: `${repository}/blob/main/README.md` };
    return cached;
  }
  throw new Error('kube-eviction: its package.json is missing');
}
