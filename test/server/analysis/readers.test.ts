import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { splitDocuments } from '../../../server/src/analysis/documents';
import { readFast, Unsupported } from '../../../server/src/analysis/fastReader';
import { readingInterest, type Interest } from '../../../server/src/analysis/interest';
import { toJSON, type DuplicateKey, type Node } from '../../../server/src/analysis/tree';
import { readWithYaml } from '../../../server/src/analysis/yamlReader';
import { rules } from '../../../server/src/rules/registry';

const manifestInterest = readingInterest(rules).manifest;

function yamlTree(text: string, interest: Interest): Node | undefined {
  const result = readWithYaml(text, interest);
  if ('error' in result) throw new Error(`yaml: ${result.error.message}`);
  return result.root;
}

/** Both readers, where the fast one reads the text: same tree, same offsets. */
function readBoth(text: string, interest: Interest = true): Node | undefined {
  const full = yamlTree(text, interest);
  assert.deepEqual(readFast(text, interest), full);
  return full;
}

describe('fast reader', () => {
  const same: [string, string, unknown][] = [
    ['block mapping with nesting', 'a: 1\nb:\n  c: x\n  d: "q"\n', { a: 1, b: { c: 'x', d: 'q' } }],
    ['sequence at the key column', 'a:\n- x\n- y: 1\n  z: 2\n', { a: ['x', { y: 1, z: 2 }] }],
    ['indented sequence', 'a:\n  - x\n  -   y\n', { a: ['x', 'y'] }],
    ['empty values', 'a:\nb: ~\nc: null\n', { a: null, b: null, c: null }],
    ['empty sequence entry', 'a:\n-\n- x\n', { a: [null, 'x'] }],
    ['flow collections', 'a: {b: 1, "c": [x, "y", \'z\'], d: }\ne: []\n', { a: { b: 1, c: ['x', 'y', 'z'], d: null }, e: [] }],
    ['flow across lines', 'a: {\n  b: 1,\n  c: [2,\n    3]\n}\n', { a: { b: 1, c: [2, 3] } }],
    ['JSON document', '{"apiVersion": "v1", "kind": "Pod", "spec": {"nodeName": "n1"}}', { apiVersion: 'v1', kind: 'Pod', spec: { nodeName: 'n1' } }],
    ['comments everywhere', '# c\na: 1 # c\n# c\nb: # c\n  - x # c\n', { a: 1, b: ['x'] }],
    ['core schema scalars', 'a: true\nb: False\nc: 0x1f\nd: 0o17\ne: 1.5e3\nf: .inf\ng: "1"\nh: 007\ni: 50%\n', { a: true, b: false, c: 31, d: 15, e: 1500, f: Infinity, g: '1', h: 7, i: '50%' }],
    ['escapes and quotes', 'a: "x\\ty\\u00e9\\"z"\nb: \'it\'\'s\'\n', { a: 'x\tyé"z', b: "it's" }],
    ['compact nested sequence', 'a:\n- - x\n  - y\n- z\n', { a: [['x', 'y'], 'z'] }],
    ['document marker and BOM', '\uFEFF--- # first\na: 1\n', { a: 1 }],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  - x\r\n', { a: 1, b: ['x'] }],
    ['colons inside plain scalars', 'a: http://x:80/y\nb: c:d\n', { a: 'http://x:80/y', b: 'c:d' }],
    ['keys with dots and slashes', 'app.kubernetes.io/name: web\n"quoted key": 1\n', { 'app.kubernetes.io/name': 'web', 'quoted key': 1 }],
  ];
  for (const [name, text, json] of same) {
    it(`reads ${name} exactly as yaml does`, () => {
      assert.deepEqual(toJSON(readBoth(text)), json);
    });
  }

  const unsupported: [string, string, unknown][] = [
    ['anchors and aliases', 'a: &x {b: 1}\nc: *x\n', { a: { b: 1 }, c: { b: 1 } }],
    ['block scalars', 'a: |\n  line\nb: 1\n', { a: 'line\n', b: 1 }],
    ['multi-line plain scalars', 'a: one\n  two\n', { a: 'one two' }],
    ['multi-line quoted scalars', 'a: "one\n  two"\n', { a: 'one two' }],
    ['tags', 'a: !!str 1\n', { a: '1' }],
    ['merge keys', 'base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n', { base: { x: 1 }, m: { y: 2, x: 1 } }],
    ['complex keys', '? a\n: 1\n', { a: 1 }],
  ];
  for (const [name, text, json] of unsupported) {
    it(`leaves ${name} to yaml`, () => {
      assert.throws(() => readFast(text, true), Unsupported);
      assert.deepEqual(toJSON(yamlTree(text, true)), json);
    });
  }

  it('gives up on malformed YAML, which yaml then reports', () => {
    for (const text of ['a: 1\n  b: 2\n', 'a: [1, 2\n', '- a\nb: 1\n', 'a: "x" y\n']) {
      assert.throws(() => readFast(text, true), Unsupported, text);
      assert.ok('error' in readWithYaml(text, true), text);
    }
  });

  it('skips what no rule reads, even when it cannot read it, and keeps offsets', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  annotations:',
      '    script: |',
      '      echo {{ not read',
      '    anchored: &a [1]',
      'spec:',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: c',
      '        args: ["--x", *a]',
      '        command: "multi',
      '          line"',
      '      tolerations:',
      '      - {key: k, operator: Exists}',
      '',
    ].join('\n');
    const tree = readBoth(text, manifestInterest);
    assert.deepEqual(toJSON(tree), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', annotations: undefined },
      spec: { replicas: 3, template: { spec: { containers: undefined, tolerations: [{ key: 'k', operator: 'Exists' }] } } },
    });
    const replicas = (tree as { pairs: { value: Node }[] }).pairs[3]!.value;
    assert.equal(replicas.type, 'map');
  });

  it('keeps the last of a repeated key, as kubectl does, and both readers name it', () => {
    const cases: [string, string, Interest, unknown, string[]][] = [
      ['block mapping', 'a: 1\nb: 2\na: 3\n', true, { b: 2, a: 3 }, ['a 0 10']],
      ['flow mapping', '{a: 1, a: {x: 2}}', true, { a: { x: 2 } }, ['a 1 7']],
      ['three times', 'a: 1\na: 2\na: 3\n', true, { a: 3 }, ['a 0 5', 'a 5 10']],
      ['nested, read', 'spec:\n  selector: {a: 1}\n  selector: {a: 2}\n', manifestInterest, { spec: { selector: { a: 2 } } }, ['selector 8 27']],
      ['nested, skipped: left to the complete reading', 'spec:\n  strategy: {a: 1, a: 2}\n', manifestInterest, { spec: { strategy: undefined } }, []],
    ];
    for (const [name, text, interest, json, expected] of cases) {
      const fast: DuplicateKey[] = [];
      const tree = readFast(text, interest, fast);
      const yamlRead = readWithYaml(text, interest);
      assert.ok(!('error' in yamlRead), name);
      assert.deepEqual(tree, yamlRead.root, name);
      assert.deepEqual(toJSON(tree), json, name);
      const summary = (duplicates: DuplicateKey[]) => duplicates.map((d) => `${d.name} ${d.first.start} ${d.last.start}`);
      assert.deepEqual(summary(fast), expected, name);
      assert.deepEqual(summary(yamlRead.duplicates), expected, name);
    }
    // Read completely, the skipped parts' repeated keys are found too.
    const complete = readWithYaml('spec:\n  strategy: {a: 1, a: 2}\n', manifestInterest, true);
    assert.deepEqual('duplicates' in complete && complete.duplicates.map((d) => d.name), ['a']);
  });

  it('stays within its depth limit on deeply nested input', () => {
    const deep = 'a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    assert.throws(() => readFast(deep, true), Unsupported);
    const result = readWithYaml(deep, true);
    assert.ok('error' in result);
  });
});

describe('document splitting', () => {
  it('splits at --- and ... lines only', () => {
    const text = 'a: 1\n---\nb: "--- not a marker"\n--- # c\nc: |\n  ---x\n...\nd: 1\n';
    const docs = splitDocuments(text).map((s) => text.slice(s.start, s.end));
    assert.deepEqual(docs, ['a: 1\n', '---\nb: "--- not a marker"\n', '--- # c\nc: |\n  ---x\n...\n', 'd: 1\n']);
  });

  it('keeps a leading marker with its document', () => {
    assert.deepEqual(splitDocuments('---\na: 1\n'), [{ start: 0, end: 9 }]);
    assert.deepEqual(splitDocuments(''), [{ start: 0, end: 0 }]);
  });
});

const corpus = '/work/shared/corpus';
describe('real-world manifests (where the corpus is present)', { skip: !existsSync(corpus) }, () => {
  it('reads every document the way yaml does, whole or pruned', () => {
    let read = 0;
    for (const file of listFiles(corpus)) {
      const text = readFileSync(file, 'utf8');
      for (const span of splitDocuments(text)) {
        const doc = text.slice(span.start, span.end);
        for (const interest of [manifestInterest, true] as const) {
          let fast: Node | undefined;
          try {
            fast = readFast(doc, interest);
          } catch (error) {
            if (error instanceof Unsupported && interest === true) continue;
            throw new Error(`${file}: ${(error as Error).message}`);
          }
          assert.deepEqual(fast, yamlTree(doc, interest), file);
          read++;
        }
      }
    }
    assert.ok(read > 100);
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return /\.(ya?ml|json)$/.test(entry.name) ? [path] : [];
  });
}
