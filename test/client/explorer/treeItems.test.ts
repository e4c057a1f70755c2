// How the tree's items read: what a user sees next to each node, pod and
// budget, and the context values the menus test.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextValues, itemView } from '../../../client/src/explorer/treeItems';
import { ClusterTreeModel } from '../../../client/src/explorer/treeModel';
import { added, node, pdb, pod, walkthrough } from './fixtures';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('tree items', () => {
  it('groups count their objects', () => {
    const objects = walkthrough();
    const model = new ClusterTreeModel(objects);
    assert.deepEqual(model.roots().map((g) => [itemView(objects, g, now)!.label, itemView(objects, g, now)!.description]), [
      ['Nodes', '3'],
      ['Namespaces', '1'],
      ['PodDisruptionBudgets', '1'],
    ]);
  });

  it('a node: schedulable or cordoned (the menus tell Cordon from Uncordon by it), taints, pod count', () => {
    const objects = walkthrough();
    const model = new ClusterTreeModel(objects);
    const schedulable = itemView(objects, model.nodeElement('node-1'), now)!;
    assert.equal(schedulable.description, '2 pods');
    assert.equal(schedulable.contextValue, contextValues.schedulableNode);
    assert.equal(schedulable.expandable, true);
    objects.apply({
      resource: 'node',
      type: 'modified',
      object: node('node-1', {
        unschedulable: true,
        taints: [
          { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
          { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
        ],
      }),
    });
    const cordoned = itemView(objects, model.nodeElement('node-1'), now)!;
    assert.equal(cordoned.description, 'cordoned · 1 taint · 2 pods', 'the cordon taint is the cordon, not counted again');
    assert.equal(cordoned.contextValue, contextValues.cordonedNode);
    assert.match(cordoned.tooltip, /`nvidia\.com\/gpu=present:NoSchedule`/);
    assert.equal(itemView(objects, model.nodeElement('node-9'), now), undefined, 'a node that is gone');
  });

  it('a pod: phase, ready containers, the budget over it and its allowance; under a node also its namespace', () => {
    const objects = walkthrough();
    const model = new ClusterTreeModel(objects);
    const [underNode] = model.children(model.nodeElement('node-2'));
    const web = itemView(objects, underNode!, now)!;
    assert.equal(web.description, 'default · Running · 1/1 · web-pdb: 1 allowed');
    assert.equal(web.contextValue, contextValues.pod);
    const batch = itemView(objects, model.children(model.namespaceElement('default'))[0]!, now)!;
    assert.equal(batch.label, 'batch-worker-x');
    assert.equal(batch.description, 'Running · 1/1 · no PDB');
    assert.match(batch.tooltip, /No PodDisruptionBudget selects the pod: the API server should accept \(201\)/);
  });

  it('a pod\'s tooltip predicts its eviction from the live budget', () => {
    const objects = walkthrough();
    objects.apply({ resource: 'pdb', type: 'modified', object: pdb('web-pdb', 'web', { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 }) });
    const model = new ClusterTreeModel(objects);
    const web = itemView(objects, model.children(model.nodeElement('node-2'))[0]!, now)!;
    assert.equal(web.description, 'default · Running · 1/1 · web-pdb: 0 allowed');
    assert.match(web.tooltip, /web-pdb \(minAvailable 2; 2 healthy, 2 desired\) allows no disruption now: the API server should refuse \(429\): The disruption budget web-pdb needs 2 healthy pods and has 2 currently\./);
  });

  it('a pod under two budgets says its evictions fail; a terminating one says so', () => {
    const objects = walkthrough();
    objects.apply(added(pdb('web-pdb-2', 'web', {}), 'pdb'));
    objects.apply(added(pod('web-z', 'node-3', { app: 'other' }, { terminating: true }), 'pod'));
    const model = new ClusterTreeModel(objects);
    const pods = model.children(model.namespaceElement('default'));
    assert.equal(itemView(objects, pods.find((e) => e.id.endsWith('web-a'))!, now)!.description, 'Running · 1/1 · 2 PDBs: evictions fail (500)');
    const terminating = itemView(objects, pods.find((e) => e.id.endsWith('web-z'))!, now)!;
    assert.equal(terminating.description, 'Terminating · 1/1 · no PDB');
    assert.equal(terminating.icon, 'trash');
  });

  it('a budget: namespace, allowed disruptions, healthy/desired', () => {
    const objects = walkthrough();
    const model = new ClusterTreeModel(objects);
    const item = itemView(objects, model.children(model.group('budgets'))[0]!, now)!;
    assert.equal(item.label, 'web-pdb');
    assert.equal(item.description, 'default · 1 allowed · 3/2 healthy');
    assert.equal(item.contextValue, contextValues.pdb);
    assert.match(item.tooltip, /minAvailable 2; selects 3 pods\./);
    assert.match(item.tooltip, /expectedPods 3, desiredHealthy 2, currentHealthy 3, disruptionsAllowed 1/);
    objects.apply({ resource: 'pdb', type: 'modified', object: { ...pdb('web-pdb', 'web', {}), metadata: { name: 'web-pdb', namespace: 'default', generation: 2 } } });
    assert.equal(itemView(objects, model.children(model.group('budgets'))[0]!, now)!.description, 'default · 1 allowed · 3/2 healthy · being processed');
  });
});
