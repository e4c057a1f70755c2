// Reading the pod a command acts on from each way of invoking it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetTargetOf, nodeTargetOf, podTargetOf, podTargetsOf } from '../../../client/src/actions/targets';

describe('podTargetOf', () => {
  it('our tree: a pod item under a node or a namespace', () => {
    assert.deepEqual(podTargetOf({ kind: 'pod', id: 'node:n1/pod:team/web-a', namespace: 'team', name: 'web-a', under: 'node' }, 'default'), { namespace: 'team', name: 'web-a' });
  });

  it('a code lens: the manifest\'s namespace, else the context\'s; its grace period', () => {
    assert.deepEqual(podTargetOf({ name: 'db-1', namespace: 'data', gracePeriodSeconds: 5 }, 'team'), { namespace: 'data', name: 'db-1', gracePeriodSeconds: 5 });
    assert.deepEqual(podTargetOf({ name: 'db-1' }, 'team'), { namespace: 'team', name: 'db-1' });
  });

  it('the Kubernetes extension\'s pod node, current and older shapes', () => {
    assert.deepEqual(podTargetOf({ nodeType: 'resource', kindName: 'pod/web-a', name: 'web-a', metadata: { name: 'web-a', namespace: 'shop' } }, 'default'), { namespace: 'shop', name: 'web-a' });
    assert.deepEqual(podTargetOf({ nodeType: 'resource', kindName: 'pod/web-b', namespace: null }, 'team'), { namespace: 'team', name: 'web-b' });
    assert.deepEqual(podTargetOf({ nodeType: 'resource', id: 'web-c', resourceId: 'pod/web-c', metadata: { namespace: 'x' } }, 'team'), { namespace: 'x', name: 'web-c' });
  });

  it('nothing usable: undefined, so the command asks', () => {
    for (const arg of [undefined, null, 'web-a', {}, { kind: 'node', name: 'n1' }, { nodeType: 'resource' }, { name: '' }]) assert.equal(podTargetOf(arg, 'default'), undefined, JSON.stringify(arg));
  });
});

describe('podTargetsOf: the items selected together', () => {
  const item = (name: string, under: 'node' | 'namespace' = 'namespace', namespace = 'default') => ({ kind: 'pod', id: `${under}:${name}`, namespace, name, under });
  const a = item('web-a');
  const b = item('web-b', 'node');
  const sameAsA = item('web-a', 'node');

  it('the pods of the selection the clicked item belongs to, each once (a pod shows under its node and its namespace), other items left out', () => {
    assert.deepEqual(podTargetsOf(a, [a, b, sameAsA, { kind: 'node', id: 'node:n1', name: 'n1' }], 'default'), [{ namespace: 'default', name: 'web-a' }, { namespace: 'default', name: 'web-b' }]);
  });

  it('an item outside the selection, or no selection: that item alone; not a pod: none', () => {
    assert.deepEqual(podTargetsOf(b, [a, sameAsA], 'default'), [{ namespace: 'default', name: 'web-b' }]);
    assert.deepEqual(podTargetsOf({ name: 'db-1' }, undefined, 'team'), [{ namespace: 'team', name: 'db-1' }]);
    assert.deepEqual(podTargetsOf({ kind: 'node', name: 'n1' }, [a, b], 'default'), []);
  });
});

describe('nodeTargetOf and budgetTargetOf', () => {
  it('read their own items only', () => {
    assert.equal(nodeTargetOf({ kind: 'node', id: 'node:n1', name: 'n1' }), 'n1');
    assert.equal(nodeTargetOf({ kind: 'pod', name: 'n1' }), undefined);
    assert.deepEqual(budgetTargetOf({ kind: 'pdb', id: 'pdb:default/web-pdb', namespace: 'default', name: 'web-pdb' }), { namespace: 'default', name: 'web-pdb' });
    assert.equal(budgetTargetOf({ kind: 'node', name: 'n1' }), undefined);
  });
});
