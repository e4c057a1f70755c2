import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldSelectorFor, fieldSelectorMatches, parseFieldSelector, selectableFields } from '../../../server/src/k8s/fields';
import type { Pod } from '../../../server/src/k8s/types';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-a', namespace: 'default' },
  spec: { nodeName: 'node-1', restartPolicy: 'Always', containers: [{ name: 'c' }] },
  status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }] },
};

describe('parseFieldSelector', () => {
  test('=, == and != terms, sorted and ANDed', () => {
    assert.deepEqual(parseFieldSelector('status.phase!=Failed,spec.nodeName==n1,metadata.name=a'), {
      ok: true,
      selector: [
        { field: 'metadata.name', operator: '=', value: 'a' },
        { field: 'spec.nodeName', operator: '=', value: 'n1' },
        { field: 'status.phase', operator: '!=', value: 'Failed' },
      ],
    });
  });

  test('the empty string and empty terms select everything', () => {
    assert.deepEqual(parseFieldSelector(''), { ok: true, selector: [] });
    assert.deepEqual(parseFieldSelector(',,'), { ok: true, selector: [] });
  });

  test('an empty value is allowed', () => {
    assert.deepEqual(parseFieldSelector('spec.nodeName='), { ok: true, selector: [{ field: 'spec.nodeName', operator: '=', value: '' }] });
  });

  test('escaped commas and equals signs belong to the value', () => {
    assert.deepEqual(parseFieldSelector('metadata.name=a\\,b\\=c\\\\'), { ok: true, selector: [{ field: 'metadata.name', operator: '=', value: 'a,b=c\\' }] });
  });

  test('a term without an operator is rejected with the server wording', () => {
    assert.deepEqual(parseFieldSelector('spec.nodeName'), { ok: false, error: "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'" });
  });

  test('a bare = in a value is an unescaped character, printed as its code point', () => {
    assert.deepEqual(parseFieldSelector('a=b=c'), { ok: false, error: 'invalid field selector: unescaped character in value: 61' });
  });

  test('an unknown escape is rejected', () => {
    assert.deepEqual(parseFieldSelector('a=\\x'), { ok: false, error: 'invalid field selector: invalid escape sequence: \\x' });
  });
});

describe('fieldSelectorFor: the fields each kind supports', () => {
  const cases: { kind: string; text: string; error?: string }[] = [
    { kind: 'Pod', text: 'spec.nodeName=n1' },
    { kind: 'Pod', text: 'metadata.namespace=default,status.phase=Running' },
    { kind: 'Pod', text: 'spec.host=n1' },
    { kind: 'Pod', text: 'spec.foo=x', error: 'field label not supported: spec.foo' },
    { kind: 'Node', text: 'spec.unschedulable=true' },
    { kind: 'Node', text: 'metadata.namespace=x', error: 'field label not supported: metadata.namespace' },
    { kind: 'ReplicaSet', text: 'status.replicas=3' },
    { kind: 'Job', text: 'status.successful=1' },
    { kind: 'PodDisruptionBudget', text: 'metadata.name=web-pdb' },
    {
      kind: 'PodDisruptionBudget',
      text: 'status.disruptionsAllowed=0',
      error: '"status.disruptionsAllowed" is not a known field selector: only "metadata.name", "metadata.namespace"',
    },
    { kind: 'Deployment', text: 'spec.replicas=1', error: '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"' },
  ];
  for (const c of cases) {
    test(`${c.kind} ${c.text}`, () => {
      const r = fieldSelectorFor(c.kind, c.text);
      if (c.error) assert.deepEqual(r, { ok: false, error: c.error });
      else assert.equal(r.ok, true);
    });
  }

  test('spec.host becomes spec.nodeName', () => {
    const r = fieldSelectorFor('Pod', 'spec.host=node-1');
    assert.ok(r.ok);
    assert.equal(r.selector[0].field, 'spec.nodeName');
    assert.equal(fieldSelectorMatches(r.selector, selectableFields('Pod', pod)), true);
  });
});

describe('fieldSelectorMatches', () => {
  const cases: { kind: string; text: string; obj: Pod; matches: boolean }[] = [
    { kind: 'Pod', text: 'spec.nodeName=node-1', obj: pod, matches: true },
    { kind: 'Pod', text: 'spec.nodeName==node-2', obj: pod, matches: false },
    { kind: 'Pod', text: 'spec.nodeName!=node-2', obj: pod, matches: true },
    { kind: 'Pod', text: 'spec.nodeName=', obj: { ...pod, spec: { containers: [] } }, matches: true },
    { kind: 'Pod', text: 'status.phase=Running,metadata.name=web-a', obj: pod, matches: true },
    { kind: 'Pod', text: 'status.phase=Running,metadata.name=web-b', obj: pod, matches: false },
    { kind: 'Pod', text: 'status.podIP=10.0.0.5', obj: pod, matches: true },
    { kind: 'Pod', text: 'spec.hostNetwork=false', obj: pod, matches: true },
    { kind: 'Pod', text: 'metadata.namespace!=default', obj: pod, matches: false },
    { kind: 'Node', text: 'spec.unschedulable=false', obj: { metadata: { name: 'n' } }, matches: true },
    { kind: 'Node', text: 'spec.unschedulable=true', obj: { metadata: { name: 'n' }, spec: { unschedulable: true } } as Pod, matches: true },
  ];
  for (const c of cases) {
    test(`${c.kind} ${c.text} -> ${c.matches}`, () => {
      const r = fieldSelectorFor(c.kind, c.text);
      assert.ok(r.ok);
      assert.equal(fieldSelectorMatches(r.selector, selectableFields(c.kind, c.obj)), c.matches);
    });
  }
});
