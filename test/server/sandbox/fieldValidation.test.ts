import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { boundNesting } from '../../../server/src/sandbox/body';
import { dropUnknownFields, warningHeaders } from '../../../server/src/sandbox/fieldValidation';
import { goMapString } from '../../../server/src/sandbox/gojson';

const root = resolve(__dirname, '../../../..');

describe('unknown fields', () => {
  it('are dropped where the API has no such field, named as the strict decoder names them, and only there', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { any: 'label' }, annotations: { 'x/y': 'z' }, managedFields: [{ manager: 'm' }], extra: 1 },
      spec: {
        containers: [
          { name: 'a', image: 'a', env: [{ name: 'E', value: '1', valeu: '2' }], resources: { limits: { cpu: '1' } } },
          { name: 'b', image: 'b', ports: [{ containerPort: 80, hostport: 1 }] },
        ],
        nodeSelector: { 'any-key': 'v' },
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [], matchLabels: {} }] } } },
        Tolerations: [],
      },
      status: { phase: 'Running' },
    };
    assert.deepEqual(dropUnknownFields('Pod', pod), [
      'metadata.extra',
      'spec.containers[0].env[0].valeu',
      'spec.containers[1].ports[0].hostport',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchLabels',
      'spec.Tolerations',
    ]);
    assert.deepEqual(pod.metadata, { name: 'p', labels: { any: 'label' }, annotations: { 'x/y': 'z' } });
    assert.deepEqual(pod.spec.containers[0], { name: 'a', image: 'a', env: [{ name: 'E', value: '1' }], resources: { limits: { cpu: '1' } } });
    // A known field of the wrong type is left for the decoder to refuse.
    assert.deepEqual(dropUnknownFields('PodDisruptionBudget', { spec: { selector: 'app=web', minAvailable: [] } }), []);
  });

  it('warnings are one header each, deduplicated, and truncated as the API server truncates them past 4,096 characters', () => {
    assert.deepEqual(warningHeaders(['unknown field "a"', 'unknown field "a"', 'say "\\"', 'bad\nline', '']), ['299 - "unknown field \\"a\\""', '299 - "say \\"\\\\\\""']);
    const many = Array.from({ length: 100_000 }, (_, i) => `unknown field "f${i}"`);
    const headers = warningHeaders(many);
    // f0…f209 come to 4,090 characters; f210 passes 4,096 and is written (cut, as all are, to 256), and no more.
    assert.equal(headers.length, 211);
    assert.equal(headers[210], '299 - "unknown field \\"f210\\""');
    assert.equal(headers[0], '299 - "unknown field \\"f0\\""');
    const long = Array.from({ length: 30 }, (_, i) => `${i}${'x'.repeat(299)}`);
    const cut = warningHeaders(long);
    // The 14th would pass 4,096: from there every warning is cut to 256 characters, until 4,096 are written.
    assert.equal(cut.length, 16);
    assert.ok(cut.every((h) => h === `299 - "${h.slice(7, 7 + 256)}"`));
  });

  it('knownFields.ts is what scripts/known-fields.mjs makes of the installed @kubernetes/client-node', async () => {
    const { knownFieldsSource } = (await import(pathToFileURL(resolve(root, 'scripts/known-fields.mjs')).href)) as { knownFieldsSource: () => Promise<string> };
    assert.equal(readFileSync(resolve(root, 'server/src/sandbox/knownFields.ts'), 'utf8'), await knownFieldsSource(), 'run: node scripts/known-fields.mjs');
  });
});

describe('nesting and Go formatting', () => {
  it('boundNesting empties what lies deeper than the bound, without recursion', () => {
    assert.deepEqual(boundNesting({ a: { b: { c: { d: 1 } }, l: [[1]] }, s: 'x' }, 2), { a: { b: {}, l: [] }, s: 'x' });
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const bounded = boundNesting({ x: deep });
    assert.equal(JSON.stringify(bounded).length, 2 * 64 + '{"x":}'.length, '63 lists inside x, the innermost emptied');
  });

  it('goMapString prints a decoded patch as fmt %+v does', () => {
    assert.equal(goMapString({ spec: { z: null, a: [1, 'x', true], m: { b: 1.5, a: 1e21, c: 0.00001 } } }), 'map[spec:map[a:[1 x true] m:map[a:1e+21 b:1.5 c:1e-05] z:<nil>]]');
  });
});
