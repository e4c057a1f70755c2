// The layers of ARCHITECTURE.md as data: which folder is which layer, which
// layers each may import, and which packages it never imports. An import
// outside the table is a violation, named with its file, line and module.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { importsOf } from './imports';

export interface Layer {
  readonly id: string;
  /** How messages name it. */
  readonly name: string;
  /** Folders and files (without extension), relative to the root; the longest that holds a file decides its layer. */
  readonly paths: readonly string[];
  /** The layers it may import (besides itself). */
  readonly mayImport: readonly string[];
  /** Packages it never imports: `all` for a layer that imports no package at all (not even Node's). */
  readonly packages: 'all' | readonly string[];
}

/** The editor's libraries: only the extension loads them (they exist only inside VS Code). */
const editor = ['vscode', 'vscode-languageclient'];
/** The language server protocol's libraries. */
const protocol = ['vscode-languageserver', 'vscode-languageserver-protocol', 'vscode-languageserver-textdocument', 'vscode-jsonrpc'];

export const layers: readonly Layer[] = [
  { id: 'k8s', name: 'the Kubernetes core (server/src/k8s)', paths: ['server/src/k8s'], mayImport: [], packages: 'all' },
  { id: 'explain', name: 'the explanations (server/src/explain)', paths: ['server/src/explain'], mayImport: ['k8s'], packages: 'all' },
  { id: 'analysis', name: 'the analysis (server/src/analysis)', paths: ['server/src/analysis'], mayImport: ['k8s', 'explain'], packages: [...editor, ...protocol] },
  { id: 'rules', name: 'the rules (server/src/rules)', paths: ['server/src/rules'], mayImport: ['analysis', 'k8s', 'explain'], packages: [...editor, ...protocol] },
  { id: 'kustomize', name: 'the Kustomize overlays (server/src/kustomize)', paths: ['server/src/kustomize'], mayImport: ['analysis', 'k8s', 'explain'], packages: [...editor, ...protocol] },
  { id: 'contract', name: 'the client/server contract (server/src/lsp/contract.ts)', paths: ['server/src/lsp/contract'], mayImport: ['analysis', 'k8s'], packages: 'all' },
  {
    id: 'lsp',
    name: 'the language server (server/src/lsp, server/src/server.ts)',
    paths: ['server/src/lsp', 'server/src/server'],
    mayImport: ['contract', 'analysis', 'rules', 'kustomize', 'k8s', 'explain'],
    packages: editor,
  },
  { id: 'sim', name: 'the simulator (server/src/sim)', paths: ['server/src/sim'], mayImport: ['k8s', 'explain'], packages: [...editor, ...protocol] },
  { id: 'sandbox', name: "the sandbox's REST face (server/src/sandbox)", paths: ['server/src/sandbox'], mayImport: ['sim', 'k8s', 'explain'], packages: [...editor, ...protocol] },
  {
    id: 'cluster',
    name: 'the cluster operations (client/src/cluster)',
    paths: ['client/src/cluster'],
    mayImport: ['k8s', 'explain', 'analysis', 'sim', 'sandbox'],
    packages: [...editor, ...protocol],
  },
  {
    id: 'extension',
    name: 'the VS Code extension (client/src)',
    paths: ['client/src'],
    mayImport: ['cluster', 'contract', 'k8s', 'explain'],
    packages: ['vscode-languageserver', 'vscode-languageserver-textdocument'],
  },
  {
    id: 'cli',
    name: 'the CLI (cli/src)',
    paths: ['cli/src'],
    mayImport: ['analysis', 'rules', 'kustomize', 'cluster', 'sim', 'sandbox', 'k8s', 'explain'],
    packages: [...editor, ...protocol],
  },
  {
    id: 'bench',
    name: 'the benchmarks (bench)',
    paths: ['bench'],
    mayImport: ['k8s', 'explain', 'analysis', 'rules', 'kustomize', 'contract', 'lsp', 'sim', 'sandbox', 'cluster', 'extension', 'cli', 'tests'],
    packages: editor,
  },
  {
    id: 'tests',
    name: 'the tests (test)',
    paths: ['test'],
    mayImport: ['k8s', 'explain', 'analysis', 'rules', 'kustomize', 'contract', 'lsp', 'sim', 'sandbox', 'cluster', 'extension', 'cli'],
    packages: editor,
  },
];

/** The folders whose source files belong to a layer. */
export const sourceRoots = ['server/src', 'client/src', 'cli/src', 'bench', 'test'];
/** Inside them, what is not source of the project. */
const notSource = new Set(['node_modules', 'fixtures']);

export interface SourceFile {
  /** Relative to the root, with `/`. */
  readonly path: string;
  readonly text: string;
}

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly message: string;
}

const withoutExtension = (path: string) => path.replace(/\.(?:d\.)?[cm]?[jt]sx?$/, '');

export function layerOf(path: string, table: readonly Layer[] = layers): Layer | undefined {
  const bare = withoutExtension(path);
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of table) {
    for (const prefix of layer.paths) {
      if ((bare === prefix || bare.startsWith(`${prefix}/`)) && prefix.length > (best?.length ?? -1)) best = { layer, length: prefix.length };
    }
  }
  return best?.layer;
}

/** `node:fs` -> `node:fs`, `fs/promises` -> `fs`, `@kubernetes/client-node/x` -> `@kubernetes/client-node`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every import of the files that the table forbids, and every file of no layer. */
export function violations(files: readonly SourceFile[], table: readonly Layer[] = layers): Violation[] {
  const byId = new Map(table.map((layer) => [layer.id, layer]));
  const out: Violation[] = [];
  for (const file of files) {
    const from = layerOf(file.path, table);
    if (!from) {
      out.push({ file: file.path, line: 1, specifier: '', message: 'is in no layer: add its folder to the table in test/support/architecture.ts and to ARCHITECTURE.md' });
      continue;
    }
    for (const { specifier, line } of importsOf(file.path, file.text)) {
      const at = { file: file.path, line, specifier };
      if (specifier.startsWith('.')) {
        const target = posix.normalize(posix.join(posix.dirname(file.path), specifier));
        const to = layerOf(target, table);
        if (!to) out.push({ ...at, message: `reaches ${target}, which is in no layer` });
        else if (to !== from && !from.mayImport.includes(to.id)) {
          const allowed = from.mayImport.map((id) => byId.get(id)?.name ?? id);
          out.push({ ...at, message: `${from.name} may not import ${to.name} (it may import ${allowed.length ? allowed.join(', ') : 'nothing of the project'})` });
        }
      } else if (from.packages === 'all' || from.packages.includes(packageOf(specifier))) {
        out.push({ ...at, message: from.packages === 'all' ? `${from.name} may not import any package` : `${from.name} may not import ${packageOf(specifier)}` });
      }
    }
  }
  return out;
}

/** A cycle among the layers the table lets import each other, or none. */
export function cycleOf(table: readonly Layer[] = layers): string[] | undefined {
  const byId = new Map(table.map((layer) => [layer.id, layer]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of byId.get(id)?.mayImport ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const layer of table) {
    const cycle = visit(layer.id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** The project's source files under sourceRoots (TypeScript and JavaScript). */
export function projectSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!notSource.has(entry.name)) walk(path);
      } else if (/\.[cm]?[jt]s$/.test(entry.name)) {
        files.push({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
      }
    }
  };
  for (const dir of sourceRoots) walk(join(root, dir));
  return files;
}
