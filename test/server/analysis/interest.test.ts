import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalysisEngine } from '../../../server/src/analysis/engine';
import { mergeInterest, readingInterest, type Interest } from '../../../server/src/analysis/interest';
import type { Rule } from '../../../server/src/analysis/rule';
import { toJSON } from '../../../server/src/analysis/tree';
import { rules } from '../../../server/src/rules/registry';
import { yaml } from '../rules/harness';

/** A rule of a kind no registered rule reads, that keeps what it saw of each object (the fields read). */
function configMapRule(reads: Rule['reads']): Rule & { seen: unknown[] } {
  const seen: unknown[] = [];
  return { id: 'config-map', description: '', defaultSeverity: 'hint', docs: '', fixable: false, kinds: ['ConfigMap'], reads, inputs: [], seen, check: (o) => (seen.push(JSON.parse(JSON.stringify(toJSON(o.node)))), []) };
}

const configMap = yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: settings}', 'data:', '  mode: fast', '  other: x', 'binaryData:', '  a: b', '  a: c');

describe('reading interest', () => {
  it("a rule's reads declaration alone makes its fields read", () => {
    for (const [reads, data] of [
      [{ ConfigMap: { data: { mode: true } } }, { mode: 'fast' }],
      [{ ConfigMap: { data: true } }, { mode: 'fast', other: 'x' }],
      [undefined, undefined],
    ] as const) {
      const rule = configMapRule(reads);
      new AnalysisEngine([rule]).setFile('cm.yaml', configMap);
      assert.deepEqual(rule.seen, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, ...(data && { data }) }], JSON.stringify(reads));
    }
  });

  it('the kinds a rule checks are checked whole: a repeated key where nothing reads is found', () => {
    const duplicates = (engineRules: readonly Rule[]) => {
      const engine = new AnalysisEngine(engineRules);
      engine.setFile('cm.yaml', configMap);
      return engine.findingsFor('cm.yaml').map((f) => `${f.ruleId} ${f.range.start.line + 1}`);
    };
    assert.deepEqual(duplicates(rules), [], 'no registered rule checks ConfigMaps: only what is read is checked');
    assert.deepEqual(duplicates([...rules, configMapRule({ ConfigMap: { data: true } })]), ['duplicate-key 8']);
  });

  it('is computed once per list of rules', () => {
    assert.equal(readingInterest(rules), readingInterest(rules));
    const interest = readingInterest([...rules, configMapRule({ ConfigMap: { data: true } })]);
    assert.ok(interest.readKinds.has('ConfigMap') && interest.analysedKinds.has('ConfigMap'));
    assert.ok(!readingInterest(rules).readKinds.has('ConfigMap'));
  });

  it('merges interests: `true` reads everything, records merge key by key', () => {
    const cases: [Interest | undefined, Interest, Interest][] = [
      [undefined, { a: true }, { a: true }],
      [true, { a: true }, true],
      [{ a: true }, true, true],
      [{ a: { b: true } }, { a: { c: true }, d: true }, { a: { b: true, c: true }, d: true }],
      [{ a: { b: true } }, { a: true }, { a: true }],
    ];
    for (const [a, b, merged] of cases) assert.deepEqual(mergeInterest(a, b), merged, JSON.stringify([a, b]));
  });
});
