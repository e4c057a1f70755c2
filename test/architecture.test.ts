// The arrows of ARCHITECTURE.md, checked on every source file of the project:
// each import outside the table of layers (test/support/architecture.ts) is
// named with its file, line and module.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { cycleOf, layerOf, layers, projectSources, violations, type Layer } from './support/architecture';
import { importsOf } from './support/imports';

const root = resolve(__dirname, '..', '..');

describe('architecture', () => {
  it('no source file imports across a forbidden arrow', () => {
    const files = projectSources(root);
    assert.ok(files.length > 300, `only ${files.length} source files found under ${root}`);
    assert.deepEqual(
      violations(files).map((v) => `${v.file}:${v.line} '${v.specifier}': ${v.message}`),
      [],
    );
  });

  it('the layers may not import each other in a cycle', () => {
    assert.equal(cycleOf(), undefined);
    const cyclic: Layer[] = [
      { id: 'a', name: 'a', paths: ['a'], mayImport: ['b'], packages: [] },
      { id: 'b', name: 'b', paths: ['b'], mayImport: ['c'], packages: [] },
      { id: 'c', name: 'c', paths: ['c'], mayImport: ['a'], packages: [] },
    ];
    assert.deepEqual(cycleOf(cyclic), ['a', 'b', 'c', 'a']);
  });

  it('every import form is read, type-only ones included', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "import './c';",
      "export { d } from './d';",
      "export * from './e';",
      "export type { F } from './f';",
      "import g = require('./g');",
      "const h = require('./h');",
      "void import('./i');",
      "type J = typeof import('./j');",
      "let k: import('./k').K;",
      'import {',
      '  l,',
      "} from './l';",
      "// import { m } from './m';",
      "const n = 'import { n } from \"./n\"';",
      "other.require('./o');",
    ].join('\n');
    assert.deepEqual(
      importsOf('x.ts', text).map((i) => `${i.line} ${i.specifier}`),
      ['1 ./a', '2 ./b', '3 ./c', '4 ./d', '5 ./e', '6 ./f', '7 ./g', '8 ./h', '9 ./i', '10 ./j', '11 ./k', '14 ./l'],
    );
    assert.deepEqual(
      importsOf('x.js', "const { x } = require('../x');").map((i) => i.specifier),
      ['../x'],
    );
  });

  it('places files in the layer of the longest folder that holds them', () => {
    const cases: [string, string | undefined][] = [
      ['server/src/k8s/pdb.ts', 'k8s'],
      ['server/src/lsp/contract.ts', 'contract'],
      ['server/src/lsp/contract', 'contract'],
      ['server/src/lsp/languageServer.ts', 'lsp'],
      ['server/src/server.ts', 'lsp'],
      ['server/src/sim/controllers/kubelet.ts', 'sim'],
      ['client/src/cluster/plan/run.ts', 'cluster'],
      ['client/src/cluster', 'cluster'],
      ['client/src/clusterLayer.ts', 'extension'],
      ['client/src/actions/drainNode.ts', 'extension'],
      ['server/src/k8sExtra/x.ts', undefined],
      ['server/src/newFolder/x.ts', undefined],
    ];
    for (const [path, id] of cases) assert.equal(layerOf(path)?.id, id, path);
  });

  // Synthetic files: an arrow the architecture forbids fails, naming the file and the import; the allowed ones pass.
  const cases: { file: string; text: string; found: string[] }[] = [
    { file: 'server/src/k8s/x.ts', text: "import type { Rule } from '../analysis/rule';", found: ["1 '../analysis/rule': the Kubernetes core (server/src/k8s) may not import the analysis (server/src/analysis) (it may import nothing of the project)"] },
    { file: 'server/src/k8s/x.ts', text: "import { readFileSync } from 'node:fs';", found: ["1 'node:fs': the Kubernetes core (server/src/k8s) may not import any package"] },
    { file: 'server/src/k8s/x.ts', text: "import { pdbText } from '../explain/budget';", found: ["1 '../explain/budget': the Kubernetes core (server/src/k8s) may not import the explanations"] },
    { file: 'server/src/k8s/x.ts', text: "import { fieldPath } from './fields';", found: [] },
    { file: 'client/src/cluster/x.ts', text: "import * as vscode from 'vscode';", found: ["1 'vscode': the cluster operations (client/src/cluster) may not import vscode"] },
    { file: 'client/src/cluster/plan/x.ts', text: "import type { Uri } from 'vscode';", found: ["1 'vscode': the cluster operations (client/src/cluster) may not import vscode"] },
    { file: 'client/src/cluster/x.ts', text: "import { log } from '../log';", found: ["1 '../log': the cluster operations (client/src/cluster) may not import the VS Code extension"] },
    {
      file: 'client/src/cluster/plan/x.ts',
      text: "import { Cluster } from '../../../../server/src/sim/cluster';\nimport { inProcess } from '../../../../server/src/sandbox/inProcess';\nimport { openCluster } from '..';\nimport { CoreV1Api } from '@kubernetes/client-node';",
      found: [],
    },
    { file: 'server/src/analysis/x.ts', text: "import type { Connection } from 'vscode-languageserver';", found: ["1 'vscode-languageserver': the analysis (server/src/analysis) may not import vscode-languageserver"] },
    { file: 'server/src/analysis/x.ts', text: "export type { Diagnostic } from 'vscode-languageserver/node';", found: ["1 'vscode-languageserver/node': the analysis (server/src/analysis) may not import vscode-languageserver"] },
    { file: 'server/src/analysis/x.ts', text: "const vscode = require('vscode');", found: ["1 'vscode': the analysis (server/src/analysis) may not import vscode"] },
    { file: 'server/src/analysis/x.ts', text: "import { rules } from '../rules/registry';", found: ["1 '../rules/registry': the analysis (server/src/analysis) may not import the rules"] },
    { file: 'server/src/analysis/x.ts', text: "type R = import('../rules/rule').Rule;", found: ["1 '../rules/rule': the analysis (server/src/analysis) may not import the rules"] },
    { file: 'server/src/analysis/x.ts', text: "import { converse } from '../lsp/contract';", found: ["1 '../lsp/contract': the analysis (server/src/analysis) may not import the client/server contract"] },
    { file: 'server/src/rules/x.ts', text: "import type { Rule } from '../analysis/rule';\nimport { budgetText } from '../explain/budget';", found: [] },
    { file: 'server/src/explain/x.ts', text: "import type { Finding } from '../analysis/findings';", found: ["1 '../analysis/findings': the explanations (server/src/explain) may not import the analysis"] },
    { file: 'server/src/sim/controllers/x.ts', text: "import { AnalysisEngine } from '../../analysis/engine';", found: ["1 '../../analysis/engine': the simulator (server/src/sim) may not import the analysis"] },
    { file: 'server/src/sim/x.ts', text: "import { evictPod } from '../../../client/src/cluster/evict';", found: ["1 '../../../client/src/cluster/evict': the simulator (server/src/sim) may not import the cluster operations"] },
    { file: 'server/src/sim/x.ts', text: "import { log } from '../../../client/src/log';", found: ["1 '../../../client/src/log': the simulator (server/src/sim) may not import the VS Code extension"] },
    { file: 'cli/src/x.ts', text: "import { window } from 'vscode';", found: ["1 'vscode': the CLI (cli/src) may not import vscode"] },
    { file: 'cli/src/x.ts', text: "import { pickNode } from '../../client/src/actions/pickers';", found: ["1 '../../client/src/actions/pickers': the CLI (cli/src) may not import the VS Code extension"] },
    { file: 'cli/src/x.ts', text: "import { drainNode } from '../../client/src/cluster';\nimport { rules } from '../../server/src/rules/registry';", found: [] },
    { file: 'client/src/x.ts', text: "import { liveClusterNotification } from '../../server/src/lsp/contract';", found: [] },
    { file: 'client/src/x.ts', text: "import { LanguageServer } from '../../server/src/lsp/languageServer';", found: ["1 '../../server/src/lsp/languageServer': the VS Code extension (client/src) may not import the language server"] },
    { file: 'server/src/lsp/contract.ts', text: "import * as vscode from 'vscode';", found: ["1 'vscode': the client/server contract (server/src/lsp/contract.ts) may not import any package"] },
    { file: 'test/server/x.test.ts', text: "import { generateWorkspace } from '../../bench/workspace';", found: ["1 '../../bench/workspace': the tests (test) may not import the benchmarks"] },
    { file: 'server/src/newFolder/x.ts', text: '', found: ['1 \'\': is in no layer'] },
    { file: 'server/src/analysis/x.ts', text: "import { x } from '../newFolder/x';", found: ["1 '../newFolder/x': reaches server/src/newFolder/x, which is in no layer"] },
  ];
  for (const { file, text, found } of cases) {
    it(`${file}: ${text.split('\n')[0]}${found.length ? ' (forbidden)' : ''}`, () => {
      const got = violations([{ path: file, text }]).map((v) => ({ ...v, said: `${v.line} '${v.specifier}': ${v.message}` }));
      assert.equal(got.length, found.length, got.map((v) => v.said).join('\n'));
      got.forEach((v, i) => assert.ok(v.said.startsWith(found[i]!), `${v.said}\ndoes not start with\n${found[i]}`));
      for (const v of got) assert.equal(v.file, file);
    });
  }

  it('ARCHITECTURE.md names the folder of every layer', () => {
    const doc = readFileSync(resolve(root, 'ARCHITECTURE.md'), 'utf8');
    for (const layer of layers) for (const path of layer.paths) assert.ok(doc.includes(`\`${path}`), `ARCHITECTURE.md does not name ${path}`);
  });
});
