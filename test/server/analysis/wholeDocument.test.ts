import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readingInterest } from '../../../server/src/analysis/interest';
import { needsCompleteCheck, readDocument } from '../../../server/src/analysis/readDocument';
import { wholeDocumentCheck } from '../../../server/src/analysis/wholeDocument';
import { yamlCheck } from '../../../server/src/analysis/yamlReader';
import { rules } from '../../../server/src/rules/registry';
import { mutatedDocuments } from '../../support/mutations';
import { deployment, pdb, yaml } from '../rules/harness';

// The complete check must find exactly the error `yaml` finds (or none), at
// the same place, and the same repeated keys, whether the fast reader reads
// the document or gives up.
const same = (text: string) => assert.deepEqual(wholeDocumentCheck(text), yamlCheck(text), JSON.stringify(text));
const errorOf = (text: string) => {
  const check = wholeDocumentCheck(text);
  return 'error' in check ? check.error : undefined;
};

describe('the complete check of a document: yaml\'s verdict at the fast reader\'s cost', () => {
  const cases: [string, string, string | undefined][] = [
    ['a valid Deployment', deployment('web', { app: 'web' }, 3, ['      tolerations: [{key: a, operator: Exists}]']), undefined],
    ['a valid budget', pdb('p', ['  minAvailable: 1', '  selector: {matchLabels: {app: web}}']), undefined],
    ['a flow mapping whose next line is not indented past its key', yaml('a: {b: 1,', 'c: 2}'), 'Flow map in block collection must be sufficiently indented and end with a }'],
    ['a flow mapping whose next line is', yaml('a: {b: 1,', '  c: 2}'), undefined],
    ['the outermost closing bracket at its key\'s column', yaml('a: {', '  b: [1,', '    2]', '}'), undefined],
    ['an inner closing bracket there', yaml('a: [{b: 1', '}, 2]'), 'Flow map in block collection must be sufficiently indented and end with a }'],
    ['a closing bracket left of its key', yaml('x:', '  a: [1,', ']'), 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['content after a document end marker on its line', yaml('a: 1', '...  b: 2'), 'Unexpected scalar at node end'],
    ['"---#" is no document marker', yaml('---#', 'apiVersion: v1'), 'Implicit keys need to be on a single line'],
    ['a scalar line above a mapping', yaml('apiVersion v1', 'kind: Pod'), 'Implicit keys need to be on a single line'],
    ['a duplicate key where no rule reads (kubectl keeps the last: no error)', yaml('kind: Pod', 'spec:', '  containers:', '  - name: a', '    name: b'), undefined],
    ['a mapping value where a scalar is', yaml('kind: Pod', 'spec:', '  x: b: c'), 'Nested mappings are not allowed in compact mappings'],
    ['an unterminated quote where no rule reads', yaml('kind: Pod', 'spec:', '  x: "abc'), 'Missing closing "quote'],
    ['an alias before its anchor', yaml('kind: Pod', 'spec:', '  x: *a', '  y: &a 1'), 'Unresolved alias (the anchor must be set before the alias): a'],
    ['nesting at the depth limit', `${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n`, undefined],
    ['nesting past it', `${Array.from({ length: 201 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n`, 'The document is nested too deeply to be read'],
    ['a sequence past it', `${Array.from({ length: 201 }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n')}v\n`, 'The document is nested too deeply to be read'],
  ];
  for (const [name, text, message] of cases) {
    it(name, () => {
      assert.equal(errorOf(text)?.message.split(' at line')[0], message);
      same(text);
    });
  }

  it('agrees with yaml on thousands of mutations of real manifests (seeded)', () => {
    let checked = 0;
    for (const document of mutatedDocuments(1000)) {
      same(document);
      checked++;
    }
    assert.ok(checked >= 1000);
  });
});

describe('a complete reading: yaml\'s verdict in the same pass as what the rules read', () => {
  const interest = readingInterest(rules);
  // What the reading reports of a document it checks whole must be what yaml finds: its error, or every repeated key in order.
  const sameAsYaml = (text: string) => {
    const { content } = readDocument(text, 'complete', interest);
    if (content.state === 'ignored' || !needsCompleteCheck(text, interest)) return false;
    const check = yamlCheck(text);
    assert.deepEqual(content.state === 'error' ? { error: content.error } : { duplicates: content.duplicates }, check, JSON.stringify(text));
    return true;
  };

  const cases: [string, string][] = [
    ['a key repeated where no rule reads', yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '  - name: a', '    name: b', '    image: i', '    image: j')],
    ['a key repeated where the rules read and where they do not', yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  name: q', 'spec:', '  x: {a: 1, a: 2}', '  nodeSelector: {a: 1, a: 2}')],
    ['an error where no rule reads, after what they read', yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  nodeSelector: {a: b}', '  x: "abc')],
    ['a skipped block value that ends in comments and blank lines', yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  x:', '    a: 1', '  # note', '', '    # more', '  nodeSelector: {a: b}')],
    ['a skipped multi-line plain scalar and flow mapping', yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  x: a', '    b', '  y: {a: 1,', '    b: 2, b: 3}', '  nodeSelector: {a: b}')],
    ['a key repeated in a skipped value of a flow mapping the rules read', yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec: {x: {a: 1, a: 2}, nodeSelector: {a: b}}')],
    ['a skipped sequence at its key\'s column', yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  x:', '  - a: 1', '    a: 2', '  - [1, 2]', '  nodeSelector: {a: b}')],
  ];
  for (const [name, text] of cases) it(name, () => assert.ok(sameAsYaml(text)));

  it('agrees with yaml on thousands of mutations of real manifests (seeded)', () => {
    let checked = 0;
    for (const document of mutatedDocuments(2000)) if (sameAsYaml(document)) checked++;
    assert.ok(checked >= 1000, `${checked} documents checked`);
  });
});
