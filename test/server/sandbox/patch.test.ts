import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyPatch } from '../../../server/src/sandbox/patch';

const node = () => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1', labels: { a: '1', b: '2' }, finalizers: ['x'] },
  spec: { unschedulable: true, taints: [{ key: 'k', effect: 'NoSchedule' }] },
  status: {
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'MemoryPressure', status: 'False' },
    ],
  },
});

const pod = () => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', ownerReferences: [{ uid: 'u1', name: 'rs', kind: 'ReplicaSet' }] },
  spec: {
    containers: [
      { name: 'app', image: 'a:1', env: [{ name: 'A', value: '1' }] },
      { name: 'side', image: 's:1' },
    ],
    tolerations: [{ key: 't1', operator: 'Exists' }],
  },
});

function ok(r: ReturnType<typeof applyPatch>) {
  assert.ok(r.ok, JSON.stringify(r));
  return r.value as any;
}

describe('strategic merge patch', () => {
  const smp = 'application/strategic-merge-patch+json' as const;

  test('kubectl cordon and uncordon: true sets, null deletes', () => {
    const base = node();
    delete (base.spec as any).unschedulable;
    const cordoned = ok(applyPatch(smp, base, '{"spec":{"unschedulable":true}}'));
    assert.equal(cordoned.spec.unschedulable, true);
    const uncordoned = ok(applyPatch(smp, cordoned, '{"spec":{"unschedulable":null}}'));
    assert.equal('unschedulable' in uncordoned.spec, false);
    assert.deepEqual(uncordoned.spec.taints, base.spec.taints, 'other fields are kept');
  });

  test('maps merge key by key', () => {
    const r = ok(applyPatch(smp, node(), '{"metadata":{"labels":{"b":null,"c":"3"}}}'));
    assert.deepEqual(r.metadata.labels, { a: '1', c: '3' });
  });

  test('conditions merge by type', () => {
    const r = ok(applyPatch(smp, node(), '{"status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletDown"}]}}'));
    assert.deepEqual(r.status.conditions, [
      { type: 'Ready', status: 'False', reason: 'KubeletDown' },
      { type: 'MemoryPressure', status: 'False' },
    ]);
  });

  test('taints have no merge key: the list is replaced', () => {
    const r = ok(applyPatch(smp, node(), '{"spec":{"taints":[{"key":"n","effect":"NoExecute"}]}}'));
    assert.deepEqual(r.spec.taints, [{ key: 'n', effect: 'NoExecute' }]);
  });

  test('containers merge by name, env inside a container by name', () => {
    const r = ok(applyPatch(smp, pod(), '{"spec":{"containers":[{"name":"app","image":"a:2","env":[{"name":"B","value":"2"}]}]}}'));
    assert.equal(r.spec.containers.length, 2);
    assert.equal(r.spec.containers[0].image, 'a:2');
    assert.deepEqual(r.spec.containers[0].env, [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
  });

  test('$patch: delete removes a keyed element', () => {
    const r = ok(applyPatch(smp, pod(), '{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}'));
    assert.deepEqual(r.spec.containers.map((c: { name: string }) => c.name), ['app']);
  });

  test('$patch: replace on a map replaces it', () => {
    const r = ok(applyPatch(smp, node(), '{"metadata":{"labels":{"$patch":"replace","z":"9"}}}'));
    assert.deepEqual(r.metadata.labels, { z: '9' });
  });

  test('finalizers merge as a set; $deleteFromPrimitiveList removes', () => {
    const added = ok(applyPatch(smp, node(), '{"metadata":{"finalizers":["y","x"]}}'));
    assert.deepEqual(added.metadata.finalizers, ['x', 'y']);
    const removed = ok(applyPatch(smp, added, '{"metadata":{"$deleteFromPrimitiveList/finalizers":["x"]}}'));
    assert.deepEqual(removed.metadata.finalizers, ['y']);
  });

  test('$setElementOrder is accepted and not stored', () => {
    const r = ok(applyPatch(smp, pod(), '{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"side"}],"containers":[{"name":"side","image":"s:2"}]}}'));
    assert.equal(r.spec.containers[1].image, 's:2');
    assert.equal('$setElementOrder/containers' in r.spec, false);
  });

  test('ownerReferences merge by uid', () => {
    const r = ok(applyPatch(smp, pod(), '{"metadata":{"ownerReferences":[{"uid":"u2","name":"other"}]}}'));
    assert.equal(r.metadata.ownerReferences.length, 2);
  });

  test('a PDB selector is replaced whole (patchStrategy replace), not merged', () => {
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'k', operator: 'Exists' }] } } };
    const r = ok(applyPatch(smp, pdb, '{"spec":{"selector":{"matchLabels":{"app":"b"}}}}'));
    assert.deepEqual(r.spec.selector, { matchLabels: { app: 'b' } });
    assert.equal(r.spec.minAvailable, 1);
  });

  test('malformed JSON: 400 "invalid JSON document"', () => {
    const r = applyPatch(smp, node(), '{"spec":');
    assert.ok(!r.ok);
    assert.equal(r.status.code, 400);
    assert.equal(r.status.reason, 'BadRequest');
    assert.equal(r.status.message, 'invalid JSON document');
  });

  test('a patch that is not an object is an invalid document', () => {
    const r = applyPatch(smp, node(), '[1]');
    assert.ok(!r.ok);
    assert.equal(r.status.message, 'invalid JSON document');
  });
});

describe('JSON merge patch', () => {
  const merge = 'application/merge-patch+json' as const;
  test('null deletes; lists are replaced even where SMP would merge', () => {
    const r = ok(applyPatch(merge, node(), '{"spec":{"unschedulable":null},"status":{"conditions":[{"type":"Ready","status":"False"}]}}'));
    assert.equal('unschedulable' in r.spec, false);
    assert.deepEqual(r.status.conditions, [{ type: 'Ready', status: 'False' }]);
  });
  test('malformed JSON: 400 "Invalid JSON Patch"', () => {
    const r = applyPatch(merge, node(), '{');
    assert.ok(!r.ok);
    assert.equal(r.status.code, 400);
    assert.equal(r.status.message, 'Invalid JSON Patch');
  });
});

describe('JSON Patch', () => {
  const jp = 'application/json-patch+json' as const;
  test('add, replace, remove, copy, move', () => {
    const r = ok(
      applyPatch(
        jp,
        node(),
        JSON.stringify([
          { op: 'replace', path: '/spec/unschedulable', value: false },
          { op: 'add', path: '/metadata/labels/c', value: '3' },
          { op: 'remove', path: '/metadata/labels/a' },
          { op: 'add', path: '/spec/taints/-', value: { key: 'k2', effect: 'NoExecute' } },
          { op: 'copy', from: '/metadata/labels/b', path: '/metadata/labels/d' },
          { op: 'move', from: '/metadata/labels/d', path: '/metadata/labels/e' },
        ]),
      ),
    );
    assert.equal(r.spec.unschedulable, false);
    assert.deepEqual(r.metadata.labels, { b: '2', c: '3', e: '2' });
    assert.equal(r.spec.taints.length, 2);
  });

  test('a key with / and ~ is escaped as ~1 and ~0', () => {
    const r = ok(applyPatch(jp, node(), '[{"op":"add","path":"/metadata/labels/example.com~1a~0b","value":"x"}]'));
    assert.equal(r.metadata.labels['example.com/a~b'], 'x');
  });

  test('a passing test lets the patch apply', () => {
    const r = ok(applyPatch(jp, node(), '[{"op":"test","path":"/spec/unschedulable","value":true},{"op":"replace","path":"/spec/unschedulable","value":false}]'));
    assert.equal(r.spec.unschedulable, false);
  });

  test('a failing test rejects the whole patch with 422, as patch.go answers', () => {
    const r = applyPatch(jp, node(), '[{"op":"replace","path":"/spec/unschedulable","value":false},{"op":"test","path":"/spec/unschedulable","value":true}]');
    assert.ok(!r.ok);
    assert.equal(r.status.code, 422);
    assert.equal(r.status.reason, 'Invalid');
    assert.equal(r.status.message, 'the server rejected our request due to an error in our request');
  });

  test('removing a missing path is 422', () => {
    const r = applyPatch(jp, node(), '[{"op":"remove","path":"/spec/nope"}]');
    assert.ok(!r.ok);
    assert.equal(r.status.code, 422);
  });

  test('an object body is a 400 naming the Go type', () => {
    const r = applyPatch(jp, node(), '{"spec":{}}');
    assert.ok(!r.ok);
    assert.equal(r.status.code, 400);
    assert.equal(r.status.message, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  });

  test('malformed JSON is a 400 with Go scanner wording', () => {
    const r = applyPatch(jp, node(), '[{"op":}]');
    assert.ok(!r.ok);
    assert.equal(r.status.message, "invalid character '}' looking for beginning of value");
  });

  test('the original object is not modified', () => {
    const base = node();
    applyPatch(jp, base, '[{"op":"remove","path":"/metadata/labels/a"}]');
    assert.equal(base.metadata.labels.a, '1');
  });
});
