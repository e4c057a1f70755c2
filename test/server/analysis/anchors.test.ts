import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anchorAt, nameAnchor, spanAt, type FieldPath } from '../../../server/src/analysis/anchors';
import { AnalysisEngine } from '../../../server/src/analysis/engine';
import { readingInterest } from '../../../server/src/analysis/interest';
import type { ManifestObject } from '../../../server/src/analysis/manifestFile';
import { readDocument, readTree } from '../../../server/src/analysis/readDocument';
import type { Rule } from '../../../server/src/analysis/rule';
import { rules } from '../../../server/src/rules/registry';
import { mutatedDocuments } from '../../support/mutations';
import { deployment, pdb, yaml } from '../rules/harness';

const interest = readingInterest(rules);

function objectsOf(text: string, reading: 'fast' | 'complete' = 'complete'): ManifestObject[] {
  const engine = new AnalysisEngine(rules);
  engine.setFile('a.yaml', text, reading);
  return engine.index.file('a.yaml')!.documents.flatMap((document) => document.objects);
}

/** The object, but its tree cannot be read again: what anchorAt answers from recorded spans only. */
function withoutTree(object: ManifestObject): ManifestObject {
  return Object.create(object, {
    node: {
      get() {
        throw new Error('the tree was read again');
      },
    },
  }) as ManifestObject;
}

const textAt = (object: ManifestObject, path: FieldPath) => {
  const { start, end } = anchorAt(object, path);
  return object.document.text.slice(start, end);
};

describe('anchors recorded as documents are read', () => {
  const labels: FieldPath = ['spec', 'template', 'metadata', 'labels'];
  const selector: FieldPath = ['spec', 'selector'];
  // Where findings point, as they always have: the key of a collection, key and value of a scalar, the deepest part present, else the name (or kind).
  const cases: [string, string, FieldPath, string][] = [
    ['a budget\'s selector: its key', pdb('p', ['  minAvailable: 1', '  selector:', '    matchLabels: {app: web}']), selector, 'selector'],
    ['a null selector: key and value', pdb('p', ['  selector: null']), selector, 'selector: null'],
    ['no selector: the spec', pdb('p', ['  minAvailable: 1']), selector, 'spec'],
    ['a flow spec', yaml('apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'metadata: {name: p}', 'spec: {selector: {matchLabels: {a: b}}}'), selector, 'selector'],
    ['no spec: the name', yaml('apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'metadata:', '  name: flow-less'), selector, 'flow-less'],
    ['unnamed: the kind', yaml('apiVersion: policy/v1', 'kind: PodDisruptionBudget', 'spec:', '  selector: {}'), [], 'PodDisruptionBudget'],
    ['a pod template\'s labels', deployment('web', { app: 'web' }, 2), labels, 'labels'],
    ['labels of a Deployment in a List', yaml('apiVersion: v1', 'kind: List', 'items:', '- apiVersion: apps/v1', '  kind: Deployment', '  metadata: {name: w}', '  spec:', '    template:', '      metadata:', '        labels: {app: w}'), labels, 'labels'],
    ['a Pod\'s own labels', yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  labels:', '    app: web'), ['metadata', 'labels'], 'labels'],
    ['a budget\'s minAvailable', pdb('p', ['  minAvailable: 100%']), ['spec', 'minAvailable'], 'minAvailable: 100%'],
  ];
  for (const [name, text, path, expected] of cases) {
    it(`${name}: recorded, and as the tree says`, () => {
      for (const reading of ['fast', 'complete'] as const) {
        const object = objectsOf(text, reading).at(-1)!;
        assert.equal(textAt(withoutTree(object), path), expected, reading);
        const { start, end } = spanAt(object.node, path);
        assert.equal(object.document.text.slice(start, end), expected, `${reading}: from the tree`);
      }
    });
  }

  it('a path no rule declares is found in the tree read again', () => {
    const object = objectsOf(pdb('p', ['  unhealthyPodEvictionPolicy: AlwaysAllow']))[0]!;
    assert.throws(() => anchorAt(withoutTree(object), ['spec', 'unhealthyPodEvictionPolicy']), /the tree was read again/);
    assert.equal(textAt(object, ['spec', 'unhealthyPodEvictionPolicy']), 'unhealthyPodEvictionPolicy: AlwaysAllow');
    assert.equal(textAt(withoutTree(object), []), 'p', 'the name is always recorded');
    assert.deepEqual(nameAnchor(withoutTree(object)), anchorAt(object, []));
  });

  it("a rule's declaration alone records its anchors, each path once", () => {
    const configMap = yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: settings}', 'data:', '  mode: fast');
    const mode: FieldPath = ['data', 'mode'];
    const rule = (anchors: Rule['anchors']): Rule => ({ id: 'config-map', description: '', defaultSeverity: 'hint', docs: '', fixable: false, kinds: ['ConfigMap'], reads: { ConfigMap: { data: true } }, anchors, inputs: [], check: () => [] });
    for (const [anchors, recorded] of [
      [undefined, false],
      [{ ConfigMap: [mode] }, true],
      [{ ConfigMap: [mode, [...mode]] }, true],
    ] as const) {
      const engine = new AnalysisEngine([rule(anchors)]);
      engine.setFile('cm.yaml', configMap);
      const object = [...engine.index.objects()][0]!;
      assert.equal(object.spans.length, recorded ? 4 : 2, JSON.stringify(anchors));
      if (recorded) assert.equal(textAt(withoutTree(object), mode), 'mode: fast');
      else assert.throws(() => anchorAt(withoutTree(object), mode));
    }
    assert.equal(interest.anchors.get('PodDisruptionBudget')!.filter((path) => path.join('.') === 'spec.selector').length, 1, 'declared by two rules, recorded once');
  });

  it('the spans recorded of thousands of mutated manifests are those their trees give (seeded)', () => {
    let checked = 0;
    for (const text of mutatedDocuments(2000)) {
      for (const reading of ['fast', 'complete'] as const) {
        const { objects } = readDocument(text, reading, interest);
        if (objects.length === 0) continue;
        const tree = readTree(text, interest);
        for (const object of objects) {
          const paths: FieldPath[] = [[], ...(interest.anchors.get(object.kind) ?? [])];
          const expected = paths.flatMap((path) => {
            const { start, end } = spanAt(tree[object.item]!, path);
            return [start, end];
          });
          assert.deepEqual(object.spans, expected, `${reading} ${object.kind} ${JSON.stringify(text)}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 1000, `${checked} objects checked`);
  });
});
