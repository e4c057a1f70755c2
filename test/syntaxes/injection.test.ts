// The injection grammar, tokenized by VS Code's own TextMate engine
// (vscode-textmate with Oniguruma) over a small stand-in for the YAML grammar.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, type IGrammar, type IRawGrammar } from 'vscode-textmate';

const root = resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contribution = manifest.contributes.grammars[0];

/** Keys, plain scalars and comments: enough YAML for the injection to land in. */
const yamlStandIn = {
  scopeName: 'source.yaml',
  patterns: [
    { match: '#.*$', name: 'comment.line.number-sign.yaml' },
    { match: '[\\w./-]+(?=\\s*:)', name: 'entity.name.tag.yaml' },
    { match: ':', name: 'punctuation.separator.key-value.mapping.yaml' },
    { match: '[^\\s:#{},\\[\\]]+', name: 'string.unquoted.plain.out.yaml' },
  ],
};

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      if (scope === 'source.yaml') return yamlStandIn as unknown as IRawGrammar;
      if (scope === contribution.scopeName) return JSON.parse(readFileSync(join(root, contribution.path), 'utf8')) as IRawGrammar;
      return null;
    },
    getInjections: (scope) => (contribution.injectTo.includes(scope) ? [contribution.scopeName] : undefined),
  });
  grammar = (await registry.loadGrammar('source.yaml'))!;
});

/** The kube-eviction scope of each token that has one, as `text=scope`. */
function highlighted(line: string): string[] {
  const { tokens } = grammar.tokenizeLine(line, INITIAL);
  return tokens
    .map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes.find((s) => s.endsWith('.kube-eviction'))] as const)
    .filter(([, scope]) => scope)
    .map(([text, scope]) => `${text}=${scope}`);
}

describe('TextMate injection grammar', () => {
  it('is registered for YAML in package.json', () => {
    assert.deepEqual(contribution, { injectTo: ['source.yaml'], scopeName: 'kube-eviction.injection', path: './syntaxes/kube-eviction.injection.json' });
  });

  const cases: [string, string[]][] = [
    ['apiVersion: policy/v1beta1', ['policy/v1beta1=invalid.deprecated.api-version.kube-eviction']],
    ['apiVersion: policy/v1', []],
    ['  minAvailable: 2', ['minAvailable=support.type.property-name.pdb.kube-eviction']],
    ['  maxUnavailable: "50%"', ['maxUnavailable=support.type.property-name.pdb.kube-eviction']],
    ['  unhealthyPodEvictionPolicy: AlwaysAllow', ['unhealthyPodEvictionPolicy=support.type.property-name.pdb.kube-eviction', 'AlwaysAllow=support.constant.unhealthy-pod-eviction-policy.kube-eviction']],
    ['  - {key: gpu, operator: Exists, effect: NoSchedule}', ['Exists=keyword.operator.toleration.kube-eviction', 'NoSchedule=support.constant.taint-effect.kube-eviction']],
    ['    operator: Equal', ['Equal=keyword.operator.toleration.kube-eviction']],
    ['    effect: PreferNoSchedule', ['PreferNoSchedule=support.constant.taint-effect.kube-eviction']],
    ['  - key: node.kubernetes.io/unreachable', ['node.kubernetes.io/unreachable=support.constant.well-known-taint.kube-eviction']],
    ['# minAvailable: NoExecute policy/v1beta1', []],
    ['  image: NoScheduleX', []],
    ['  comparison: Equal', []],
  ];
  for (const [line, expected] of cases) {
    it(`highlights ${JSON.stringify(line)}`, () => assert.deepEqual(highlighted(line), expected));
  }
});
