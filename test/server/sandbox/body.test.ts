import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeObject, type Expected } from '../../../server/src/sandbox/body';

const pods: Expected = { kind: 'Pod', group: '', groupVersions: ['v1'] };
const eviction: Expected = { kind: 'Eviction', group: 'policy', groupVersions: ['policy/v1', 'policy/v1beta1'] };

function error(r: ReturnType<typeof decodeObject>) {
  assert.ok(!r.ok, 'expected an error');
  return r.status;
}

describe('decodeObject', () => {
  test('malformed JSON: the create handler\'s 400 with Go\'s parse error and the body summary', () => {
    const s = error(decodeObject('{bad', 'application/json', pods));
    assert.equal(s.code, 400);
    assert.equal(s.reason, 'BadRequest');
    assert.equal(s.message, "the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: invalid character 'b' looking for beginning of object key string ({bad)");
  });

  test('an empty body', () => {
    assert.equal(error(decodeObject('', undefined, eviction)).message, "the object provided is unrecognized (must be of type Eviction): couldn't get version/kind; json parse error: unexpected end of JSON input (<empty>)");
  });

  test('a long non-object body is summarised in hex', () => {
    const s = error(decodeObject('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]', 'application/json', pods));
    assert.match(s.message!, /json: cannot unmarshal array into Go value of type struct/);
    assert.match(s.message!, /\(5b312c322c332c342c352c362c372c382c392c31302c31312c31322c3133 \.\.\.\)$/);
  });

  test('kind and apiVersion default to the endpoint\'s (Python sends only metadata)', () => {
    const r = decodeObject('{"metadata":{"name":"web-a","namespace":"default"}}', undefined, eviction);
    assert.ok(r.ok);
    assert.equal(r.object.apiVersion, 'policy/v1');
    assert.equal(r.object.kind, 'Eviction');
  });

  test('policy/v1beta1 evictions are accepted', () => {
    assert.ok(decodeObject('{"apiVersion":"policy/v1beta1","kind":"Eviction","metadata":{"name":"a"}}', 'application/json', eviction).ok);
  });

  test('an unknown version names it', () => {
    assert.equal(
      error(decodeObject('{"apiVersion":"policy/v2","kind":"Eviction","metadata":{"name":"a"}}', 'application/json', eviction)).message,
      'Eviction in version "v2" cannot be handled as a Eviction: no kind "Eviction" is registered for version "policy/v2" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"',
    );
  });

  test('a misspelt kind', () => {
    assert.equal(
      error(decodeObject('{"apiVersion":"v1","kind":"pod","metadata":{"name":"a"}}', 'application/json', pods)).message,
      'pod in version "v1" cannot be handled as a Pod: no kind "pod" is registered for version "v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"',
    );
  });

  test('a served kind of another group version', () => {
    assert.equal(
      error(decodeObject('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a"}}', 'application/json', pods)).message,
      'Deployment in version "v1" cannot be handled as a Pod: converting (v1.Deployment) to (core.Pod): unknown conversion',
    );
  });

  test('metadata of the wrong type', () => {
    assert.equal(
      error(decodeObject('{"metadata":"x"}', 'application/json', pods)).message,
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Pod.metadata of type v1.ObjectMeta',
    );
    assert.equal(
      error(decodeObject('{"metadata":{"name":5}}', 'application/json', pods)).message,
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string',
    );
  });

  test('YAML bodies are accepted with application/yaml', () => {
    const r = decodeObject('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n', 'application/yaml', pods);
    assert.ok(r.ok);
    assert.equal(r.object.metadata?.name, 'a');
  });

  test('a YAML alias bomb is refused, not expanded', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    const s = error(decodeObject(bomb, 'application/yaml', pods));
    assert.equal(s.code, 400);
  });

  test('other media types are 415', () => {
    const s = error(decodeObject('<x/>', 'application/xml', pods));
    assert.equal(s.code, 415);
    assert.equal(s.reason, 'UnsupportedMediaType');
    assert.match(s.message!, /^the body of the request was in an unknown format - accepted media types include: application\/json, application\/yaml/);
  });
});
