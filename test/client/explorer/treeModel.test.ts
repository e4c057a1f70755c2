// The cluster tree built from cluster objects, and the elements each change
// from the watches refreshes: only those the view holds, never a full re-list.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SnapshotChange } from '../../../client/src/cluster/snapshot';
import { ClusterTreeModel, type TreeElement } from '../../../client/src/explorer/treeModel';
import { ActionHistory } from '../../../client/src/history';
import { added, node, pdb, pod, walkthrough } from './fixtures';

const ids = (elements: TreeElement[]) => elements.map((e) => e.id);

/** Applies a change to the objects, then asks the model what it touched (the order the view sees them in). */
function change(objects: ReturnType<typeof walkthrough>, model: ClusterTreeModel, c: SnapshotChange): string[] {
  objects.apply(c);
  return ids(model.affectedBy(c)).sort();
}

/** A model with every element the view could show expanded (as if the user opened every branch). */
function expanded() {
  const objects = walkthrough();
  const model = new ClusterTreeModel(objects);
  const open = (elements: TreeElement[]) => elements.forEach((e) => open(model.children(e)));
  open(model.roots());
  return { objects, model };
}

describe('ClusterTreeModel: the tree', () => {
  it('has Nodes, Namespaces and PodDisruptionBudgets, each with its objects in name order', () => {
    const objects = walkthrough();
    objects.apply(added(node('node-10'), 'node'));
    const model = new ClusterTreeModel(objects);
    const [nodes, namespaces, budgets] = model.roots();
    assert.deepEqual(ids(model.roots()), ['group:nodes', 'group:namespaces', 'group:budgets']);
    assert.deepEqual(ids(model.children(nodes!)), ['node:node-1', 'node:node-2', 'node:node-3', 'node:node-10']);
    assert.deepEqual(ids(model.children(model.children(nodes!)[0]!)), ['node:node-1/pod:default/batch-worker-x', 'node:node-1/pod:default/web-a']);
    assert.deepEqual(ids(model.children(namespaces!)), ['namespace:default']);
    assert.deepEqual(ids(model.children(model.children(namespaces!)[0]!)), [
      'namespace:default/pod:batch-worker-x',
      'namespace:default/pod:web-a',
      'namespace:default/pod:web-b',
      'namespace:default/pod:web-c',
    ]);
    assert.deepEqual(ids(model.children(budgets!)), ['pdb:default/web-pdb']);
  });

  it('with a scope: the context row first; a namespace filter keeps only its pods and budgets (nodes are not namespaced)', () => {
    const objects = walkthrough();
    objects.apply(added(pod('coredns-1', 'node-1', { app: 'coredns' }, { namespace: 'kube-system' }), 'pod'));
    objects.apply(added(pdb('dns-pdb', 'coredns', {}, 'kube-system'), 'pdb'));
    const target = { context: 'prod', cluster: 'c', server: 'https://s', namespace: 'default' };
    const all = new ClusterTreeModel(objects, { target });
    assert.deepEqual(ids(all.roots()), ['context', 'group:nodes', 'group:namespaces', 'group:budgets']);
    assert.deepEqual(ids(all.children(all.namespaceElement('kube-system'))), ['namespace:kube-system/pod:coredns-1']);
    const model = new ClusterTreeModel(objects, { target, namespaces: ['kube-system'] });
    const [, nodes, namespaces, budgets] = model.roots();
    assert.deepEqual(ids(model.children(nodes!)), ['node:node-1', 'node:node-2', 'node:node-3']);
    assert.deepEqual(ids(model.children(model.nodeElement('node-1'))), ['node:node-1/pod:kube-system/coredns-1']);
    assert.deepEqual(ids(model.children(model.nodeElement('node-2'))), []);
    assert.deepEqual(ids(model.children(namespaces!)), ['namespace:kube-system']);
    assert.deepEqual(ids(model.children(budgets!)), ['pdb:kube-system/dns-pdb']);
  });

  it('gives the same element object for the same id, as VS Code needs to refresh it', () => {
    const model = new ClusterTreeModel(walkthrough());
    const first = model.children(model.roots()[0]!);
    assert.ok(model.children(model.roots()[0]!).every((e, i) => e === first[i]));
  });

  it('pods bound to no node: a Pending row last under Nodes, its pods in name order (the namespace filter applies), each one\'s parent for reveal', () => {
    const objects = walkthrough();
    objects.apply(added(pod('web-p', undefined, { app: 'web' }, { phase: 'Pending', ready: false }), 'pod'));
    objects.apply(added(pod('api-p', undefined, { app: 'api' }, { phase: 'Pending', ready: false, namespace: 'shop' }), 'pod'));
    const model = new ClusterTreeModel(objects);
    const nodes = model.children(model.group('nodes'));
    assert.deepEqual(ids(nodes), ['node:node-1', 'node:node-2', 'node:node-3', 'unscheduled']);
    const pending = model.children(nodes.at(-1)!);
    assert.deepEqual(ids(pending), ['unscheduled/pod:default/web-p', 'unscheduled/pod:shop/api-p']);
    assert.equal(model.parent(pending[0]!), model.unscheduledElement());
    assert.equal(model.parent(model.unscheduledElement()), model.group('nodes'));
    const filtered = new ClusterTreeModel(objects, { target: { context: 'c', cluster: 'c', server: 's', namespace: 'default' }, namespaces: ['shop'] });
    assert.deepEqual(ids(filtered.children(filtered.unscheduledElement())), ['unscheduled/pod:shop/api-p']);
    const none = new ClusterTreeModel(objects, { target: { context: 'c', cluster: 'c', server: 's', namespace: 'default' }, namespaces: ['kube-system'] });
    assert.deepEqual(ids(none.children(none.group('nodes'))), ['node:node-1', 'node:node-2', 'node:node-3'], 'none shown: no Pending row');
  });

  it('History: a branch only once something was done, newest first; a held drain shows why and what releases it', () => {
    const history = new ActionHistory();
    const model = new ClusterTreeModel(walkthrough(), undefined, history);
    assert.deepEqual(ids(model.roots()), ['group:nodes', 'group:namespaces', 'group:budgets']);
    history.record('prod', 'Eviction of pod default/web-a', 'info', '201 Created: evicted');
    const drain = history.start('prod', 'Drain of node node-2', 'starting');
    assert.deepEqual(ids(model.roots()), ['group:nodes', 'group:namespaces', 'group:budgets', 'group:history']);
    assert.deepEqual(ids(model.children(model.group('history'))), ['history:2', 'history:1']);
    assert.deepEqual(ids(model.children(model.entryElement(drain.id))), []);
    history.update(drain, 'waiting', { summary: 'web-pdb allows no disruption', details: '…', remedies: [{ title: 'Uncordon node-1', command: 'c', argument: 1 }, { title: 'Open web-pdb', command: 'd', argument: 2 }] });
    const details = model.children(model.entryElement(drain.id));
    assert.deepEqual(ids(details), ['history:2/cause', 'history:2/0', 'history:2/1']);
    assert.equal(model.parent(details[1]!), model.entryElement(drain.id));
    assert.equal(model.parent(model.entryElement(drain.id)), model.group('history'));
    assert.deepEqual(ids(model.historyTouched(drain.id)), ['history:2']);
    assert.deepEqual(ids(model.historyTouched(undefined)), ['group:history']);
  });

  it('knows each element\'s parent, for reveal', () => {
    const { model } = expanded();
    const webUnderNode = model.children(model.nodeElement('node-2'))[0]!;
    assert.equal(model.parent(webUnderNode), model.nodeElement('node-2'));
    assert.equal(model.parent(model.nodeElement('node-2')), model.group('nodes'));
    const webUnderNamespace = model.children(model.namespaceElement('default')).find((e) => e.id.endsWith('web-b'))!;
    assert.equal(model.parent(webUnderNamespace), model.namespaceElement('default'));
    assert.equal(model.parent(model.group('budgets')), undefined);
  });
});

describe('ClusterTreeModel: what a change refreshes', () => {
  it('nothing the view has not shown', () => {
    const objects = walkthrough();
    const model = new ClusterTreeModel(objects);
    assert.deepEqual(change(objects, model, { resource: 'pod', type: 'modified', object: pod('web-a', 'node-1', { app: 'web' }, { ready: false }), previous: objects.pod('default', 'web-a')! }), []);
  });

  it('a pod whose status changes: its two items, nothing else', () => {
    const { objects, model } = expanded();
    const previous = objects.pod('default', 'web-a')!;
    assert.deepEqual(change(objects, model, { resource: 'pod', type: 'modified', object: pod('web-a', 'node-1', { app: 'web' }, { ready: false }), previous }), [
      'namespace:default/pod:web-a',
      'node:node-1/pod:default/web-a',
    ]);
  });

  it('a new pod: its node and namespace (their lists and counts); the namespaces branch only for a new namespace', () => {
    const { objects, model } = expanded();
    assert.deepEqual(change(objects, model, added(pod('web-d', 'node-2', { app: 'web' }), 'pod')), ['namespace:default', 'node:node-2']);
    assert.deepEqual(change(objects, model, added(pod('db-0', 'node-3', { app: 'db' }, { namespace: 'data' }), 'pod')), ['group:namespaces', 'node:node-3']);
  });

  it('a pod bound by the scheduler: the node it joins, Pending (gone with its last pod: the nodes branch), and its item under the namespace', () => {
    const { objects, model } = expanded();
    const pending = pod('web-d', undefined, { app: 'web' }, { phase: 'Pending', ready: false });
    assert.deepEqual(change(objects, model, added(pending, 'pod')), ['group:nodes', 'namespace:default'], 'the first pod bound to no node: Pending appears under Nodes');
    model.children(model.group('nodes'));
    model.children(model.unscheduledElement());
    model.children(model.namespaceElement('default'));
    const second = pod('web-e', undefined, { app: 'web' }, { phase: 'Pending', ready: false });
    assert.deepEqual(change(objects, model, added(second, 'pod')), ['namespace:default', 'unscheduled'], 'a second: Pending alone');
    assert.deepEqual(change(objects, model, { resource: 'pod', type: 'modified', object: pod('web-d', 'node-3', { app: 'web' }, { phase: 'Pending', ready: false }), previous: pending }), [
      'group:nodes',
      'namespace:default/pod:web-d',
      'node:node-3',
      'unscheduled',
    ]);
    assert.deepEqual(ids(model.children(model.unscheduledElement())), ['unscheduled/pod:default/web-e']);
    assert.deepEqual(change(objects, model, { resource: 'pod', type: 'deleted', object: second }), ['group:nodes', 'namespace:default', 'unscheduled']);
    assert.deepEqual(ids(model.children(model.group('nodes'))), ['node:node-1', 'node:node-2', 'node:node-3'], 'no Pending row without pods');
  });

  it('a deleted pod: its node and namespace; its items are forgotten; the namespaces branch when it was the last', () => {
    const { objects, model } = expanded();
    const before = model.children(model.nodeElement('node-1'));
    assert.deepEqual(change(objects, model, { resource: 'pod', type: 'deleted', object: objects.pod('default', 'batch-worker-x')! }), ['namespace:default', 'node:node-1']);
    assert.deepEqual(ids(model.children(model.nodeElement('node-1'))), ['node:node-1/pod:default/web-a']);
    assert.equal(model.children(model.nodeElement('node-1'))[0], before.find((e) => e.id.endsWith('web-a')), 'the survivor keeps its element');
    for (const name of ['web-a', 'web-b']) change(objects, model, { resource: 'pod', type: 'deleted', object: objects.pod('default', name)! });
    assert.deepEqual(change(objects, model, { resource: 'pod', type: 'deleted', object: objects.pod('default', 'web-c')! }), ['group:namespaces', 'namespace:default', 'node:node-3']);
    assert.deepEqual(ids(model.children(model.group('namespaces'))), []);
  });

  it('a budget whose allowance changes: the budget and the items of the pods it selects', () => {
    const { objects, model } = expanded();
    const previous = objects.budget('default', 'web-pdb')!;
    assert.deepEqual(change(objects, model, { resource: 'pdb', type: 'modified', object: pdb('web-pdb', 'web', { disruptionsAllowed: 0, currentHealthy: 2 }), previous }), [
      'namespace:default/pod:web-a',
      'namespace:default/pod:web-b',
      'namespace:default/pod:web-c',
      'node:node-1/pod:default/web-a',
      'node:node-2/pod:default/web-b',
      'node:node-3/pod:default/web-c',
      'pdb:default/web-pdb',
    ]);
  });

  it('a budget whose selector moves: the pods it selected and those it selects now', () => {
    const { objects, model } = expanded();
    const previous = objects.budget('default', 'web-pdb')!;
    assert.deepEqual(change(objects, model, { resource: 'pdb', type: 'modified', object: pdb('web-pdb', 'batch-worker', {}), previous }).filter((id) => id.startsWith('namespace:')), [
      'namespace:default/pod:batch-worker-x',
      'namespace:default/pod:web-a',
      'namespace:default/pod:web-b',
      'namespace:default/pod:web-c',
    ]);
  });

  it('nodes: a cordon refreshes the node, a new node the group', () => {
    const { objects, model } = expanded();
    assert.deepEqual(change(objects, model, { resource: 'node', type: 'modified', object: node('node-2', { unschedulable: true }), previous: objects.node('node-2')! }), ['node:node-2']);
    assert.deepEqual(change(objects, model, added(node('node-4'), 'node')), ['group:nodes']);
  });

  it('coalesces: an element under another refreshed one is left out', () => {
    const { model } = expanded();
    const node1 = model.nodeElement('node-1');
    const [pod1] = model.children(node1);
    const pdbElement = model.children(model.group('budgets'))[0]!;
    assert.deepEqual(ids(model.coalesce([pod1!, node1, pdbElement])), ['node:node-1', 'pdb:default/web-pdb']);
    assert.deepEqual(ids(model.coalesce([pod1!, model.group('nodes')])), ['group:nodes']);
  });
});
