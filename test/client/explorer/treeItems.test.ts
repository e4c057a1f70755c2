// How the tree's items read: what a user sees next to each node, pod and
// budget, and the context values the menus test.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextValues, itemView } from '../../../client/src/explorer/treeItems';
import { ClusterTreeModel, type ViewScope } from '../../../client/src/explorer/treeModel';
import { ActionHistory } from '../../../client/src/history';
import { added, node, pdb, pod, walkthrough } from './fixtures';

const now = Date.parse('2026-01-01T00:00:00Z');
const scope: ViewScope = { target: { context: 'prod-eu', cluster: 'eu-1', server: 'https://10.0.0.1:6443', user: 'ops', namespace: 'default' } };

describe('tree items', () => {
  it('groups count their objects', () => {
    const objects = walkthrough();
    const model = new ClusterTreeModel(objects);
    assert.deepEqual(model.roots().map((g) => [itemView(model, g, now)!.label, itemView(model, g, now)!.description]), [
      ['Nodes', '3'],
      ['Namespaces', '1'],
      ['PodDisruptionBudgets', '1'],
    ]);
  });

  it('a node: schedulable or cordoned (the menus tell Cordon from Uncordon by it), taints, pod count', () => {
    const objects = walkthrough();
    const model = new ClusterTreeModel(objects);
    const schedulable = itemView(model, model.nodeElement('node-1'), now)!;
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
    const cordoned = itemView(model, model.nodeElement('node-1'), now)!;
    assert.equal(cordoned.description, 'cordoned · 1 taint · 2 pods', 'the cordon taint is the cordon, not counted again');
    assert.equal(cordoned.contextValue, contextValues.cordonedNode);
    assert.match(cordoned.tooltip, /`nvidia\.com\/gpu=present:NoSchedule`/);
    assert.equal(itemView(model, model.nodeElement('node-9'), now), undefined, 'a node that is gone');
  });

  it('a pod: the allowance of the budget over it; its state only when it is not Running and Ready; its namespace only when not the context\'s', () => {
    const objects = walkthrough();
    const model = new ClusterTreeModel(objects, scope);
    const [underNode] = model.children(model.nodeElement('node-2'));
    const web = itemView(model, underNode!, now)!;
    assert.equal(web.description, '1 allowed');
    assert.match(web.tooltip, /PodDisruptionBudget: web-pdb \(minAvailable 2; 3 healthy, 2 desired\)\./);
    assert.equal(web.contextValue, contextValues.pod);
    const batch = itemView(model, model.children(model.namespaceElement('default'))[0]!, now)!;
    assert.equal(batch.label, 'batch-worker-x');
    assert.equal(batch.description, 'no PDB');
    assert.match(batch.tooltip, /No PodDisruptionBudget selects the pod: the API server should accept \(201\)/);
    objects.apply(added(pod('coredns-1', 'node-2', { app: 'coredns' }, { namespace: 'kube-system', ready: false }), 'pod'));
    const coredns = model.children(model.nodeElement('node-2')).find((e) => e.id.endsWith('coredns-1'))!;
    assert.equal(itemView(model, coredns, now)!.description, 'kube-system · 0/1 ready · no PDB');
    objects.apply(added(pod('web-p', 'node-3', { app: 'web' }, { phase: 'Pending' }), 'pod'));
    assert.equal(itemView(model, model.podElement(objects.pod('default', 'web-p')!, 'namespace'), now)!.description, 'Pending · 1 allowed');
  });

  it('a pod bound to no node: under Pending, with the scheduler\'s message in its description and tooltip', () => {
    const objects = walkthrough();
    const message = '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const pending = pod('web-p', undefined, { app: 'web' }, { phase: 'Pending', ready: false });
    objects.apply(added({ ...pending, status: { ...pending.status, conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] } }, 'pod'));
    objects.apply(added(pod('web-q', undefined, { app: 'web' }, { phase: 'Pending', ready: false }), 'pod'));
    const model = new ClusterTreeModel(objects, scope);
    const group = itemView(model, model.unscheduledElement(), now)!;
    assert.deepEqual([group.label, group.description, group.icon, group.iconColor, group.contextValue], ['Pending', '2 pods · 1 unschedulable', 'inbox', 'warning', contextValues.unscheduled]);
    const [p, q] = model.children(model.unscheduledElement());
    const item = itemView(model, p!, now)!;
    assert.equal(item.description, `Pending · 1 allowed · ${message}`);
    assert.match(item.tooltip, /Pending · 0\/1 ready · not scheduled\n\nThe scheduler: 0\/3 nodes are available: 1 Insufficient cpu, 2 node\(s\) were unschedulable\./);
    assert.equal(itemView(model, q!, now)!.description, 'Pending · 1 allowed', 'not tried by the scheduler yet: no message');
  });

  it('History: each action with its result, the time and the context when not the one shown; a held drain with its cause and remedies', () => {
    const history = new ActionHistory();
    const model = new ClusterTreeModel(walkthrough(), scope, history);
    history.record('prod-eu', 'Eviction of pod default/web-a', 'info', '201 Created: evicted', () => undefined);
    history.record('staging', 'Simulated drain of node-1', 'warning', 'Stuck: node-1 cannot finish');
    const drain = history.start('prod-eu', 'Drain of node node-2', 'starting');
    const [running, simulated, evicted] = model.children(model.group('history'));
    assert.deepEqual(itemView(model, model.group('history'), now)!.description, '3 actions · 1 running');
    const e = itemView(model, evicted!, now)!;
    assert.equal(e.label, 'Eviction of pod default/web-a');
    assert.match(e.description, /^\d\d:\d\d:\d\d · 201 Created: evicted$/);
    assert.deepEqual([e.icon, e.iconColor, e.contextValue], ['pass', 'success', contextValues.entry]);
    assert.match(itemView(model, simulated!, now)!.description, /^staging · \d\d:\d\d:\d\d · Stuck: node-1 cannot finish$/);
    assert.equal(itemView(model, running!, now)!.icon, 'loading~spin');
    history.update(drain, '1 of 2 pods gone', { summary: 'web-pdb allows no disruption until 1 more pod is Ready', details: 'It is released once the Pending pod can run.', remedies: [{ title: 'Uncordon node-1', command: 'kubeEviction.uncordonNode', argument: { kind: 'node', name: 'node-1' } }] });
    const held = itemView(model, running!, now)!;
    assert.match(held.description, /held: web-pdb allows no disruption until 1 more pod is Ready$/);
    assert.deepEqual([held.icon, held.expandable], ['debug-pause', true]);
    const [cause, uncordon] = model.children(running!);
    assert.equal(itemView(model, cause!, now)!.label, 'web-pdb allows no disruption until 1 more pod is Ready');
    assert.deepEqual(itemView(model, uncordon!, now)!.command, { id: 'kubeEviction.uncordonNode', argument: { kind: 'node', name: 'node-1' } });
  });

  it('a pod\'s tooltip predicts its eviction from the live budget', () => {
    const objects = walkthrough();
    objects.apply({ resource: 'pdb', type: 'modified', object: pdb('web-pdb', 'web', { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 }) });
    const model = new ClusterTreeModel(objects);
    const web = itemView(model, model.children(model.nodeElement('node-2'))[0]!, now)!;
    assert.equal(web.description, '0 allowed');
    assert.match(web.tooltip, /web-pdb \(minAvailable 2; 2 healthy, 2 desired\) allows no disruption now: the API server should refuse \(429\): The disruption budget web-pdb needs 2 healthy pods and has 2 currently\./);
  });

  it('a pod under two budgets says its evictions fail; a terminating one says so', () => {
    const objects = walkthrough();
    objects.apply(added(pdb('web-pdb-2', 'web', {}), 'pdb'));
    objects.apply(added(pod('web-z', 'node-3', { app: 'other' }, { terminating: true }), 'pod'));
    const model = new ClusterTreeModel(objects);
    const pods = model.children(model.namespaceElement('default'));
    assert.equal(itemView(model, pods.find((e) => e.id.endsWith('web-a'))!, now)!.description, '2 PDBs: evictions fail (500)');
    const terminating = itemView(model, pods.find((e) => e.id.endsWith('web-z'))!, now)!;
    assert.equal(terminating.description, 'Terminating · no PDB');
    assert.equal(terminating.icon, 'trash');
  });

  it('a budget: allowed disruptions and healthy pods, in words (no fraction); its namespace only when not the context\'s', () => {
    const objects = walkthrough();
    objects.apply(added(pdb('dns-pdb', 'coredns', { disruptionsAllowed: 0, currentHealthy: 1 }, 'kube-system'), 'pdb'));
    const model = new ClusterTreeModel(objects, scope);
    const [web, dns] = model.children(model.group('budgets'));
    assert.equal(itemView(model, dns!, now)!.description, 'kube-system · 0 allowed · 1 healthy');
    const item = itemView(model, web!, now)!;
    assert.equal(item.label, 'web-pdb');
    assert.equal(item.description, '1 allowed · 3 healthy');
    assert.equal(item.contextValue, contextValues.pdb);
    assert.match(item.tooltip, /minAvailable 2; selects 3 pods\./);
    assert.match(item.tooltip, /expectedPods 3, desiredHealthy 2, currentHealthy 3, disruptionsAllowed 1/);
    objects.apply({ resource: 'pdb', type: 'modified', object: { ...pdb('web-pdb', 'web', {}), metadata: { name: 'web-pdb', namespace: 'default', generation: 2 } } });
    assert.equal(itemView(model, model.children(model.group('budgets'))[0]!, now)!.description, '1 allowed · 3 healthy · being processed');
  });

  it('the context row: the context, the namespaces shown, and what the user was refused', () => {
    const objects = walkthrough();
    const all = itemView(new ClusterTreeModel(objects, scope), { kind: 'context', id: 'context' }, now)!;
    assert.deepEqual([all.label, all.description, all.contextValue, all.icon], ['prod-eu', '', contextValues.context, 'server-environment']);
    assert.match(all.tooltip, /Shows the pods and PodDisruptionBudgets of every namespace\./);
    assert.match(all.tooltip, /Cluster `eu-1` \(https:\/\/10\.0\.0\.1:6443\), user `ops`, namespace `default`\./);
    const filtered = itemView(new ClusterTreeModel(objects, { ...scope, namespaces: ['default', 'kube-system'], access: { evict: false } }), { kind: 'context', id: 'context' }, now)!;
    assert.equal(filtered.description, 'evictions forbidden · 2 namespaces');
    assert.match(filtered.tooltip, /Shows the pods and PodDisruptionBudgets of `default`, `kube-system`\./);
    const readOnly = itemView(new ClusterTreeModel(objects, { ...scope, namespaces: ['default'], access: { evict: false, patchNodes: false } }), { kind: 'context', id: 'context' }, now)!;
    assert.deepEqual([readOnly.description, readOnly.icon, readOnly.iconColor], ['read-only · default', 'lock', 'warning']);
    const denial = { attributes: { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'default' }, source: 'review' as const };
    const reviewed = itemView(new ClusterTreeModel(objects, { ...scope, access: { evict: false, patchNodes: true, user: 'viewer', denials: { evict: denial } } }), { kind: 'context', id: 'context' }, now)!;
    assert.equal(reviewed.description, 'evictions forbidden');
    assert.match(reviewed.tooltip, /User `viewer` may not evict pods \(Evict, Drain\): a SelfSubjectAccessReview says so\./);
  });

  it('a pod of a context whose user may not evict: its tooltip forecasts the 403, in the API server\'s words for that pod', () => {
    const denial = { attributes: { verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'default' }, source: 'review' as const };
    const model = new ClusterTreeModel(walkthrough(), { ...scope, access: { evict: false, user: 'viewer', denials: { evict: denial } } });
    const web = itemView(model, model.children(model.nodeElement('node-2'))[0]!, now)!;
    assert.match(
      web.tooltip,
      /Evict now: A SelfSubjectAccessReview says this user may not create pods\/eviction in the namespace default: the API server should refuse \(403\): pods "web-b" is forbidden: User "viewer" cannot create resource "pods\/eviction" in API group "" in the namespace "default"\./,
    );
  });

  it('a namespace filter: counts and lists only the namespaces shown, and a node says how many of its pods are shown', () => {
    const objects = walkthrough();
    objects.apply(added(pod('coredns-1', 'node-1', { app: 'coredns' }, { namespace: 'kube-system' }), 'pod'));
    objects.apply(added(pdb('dns-pdb', 'coredns', {}, 'kube-system'), 'pdb'));
    const model = new ClusterTreeModel(objects, { ...scope, namespaces: ['kube-system'] });
    assert.deepEqual(model.roots().map((e) => itemView(model, e, now)!.description), ['kube-system', '3', '1 of 2', '1 of 2']);
    assert.equal(itemView(model, model.nodeElement('node-1'), now)!.description, '1 of 3 pods');
    assert.equal(itemView(model, model.nodeElement('node-2'), now)!.expandable, false, 'no pod of node-2 is shown');
  });
});
