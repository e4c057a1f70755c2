// The Cluster view's model on a large cluster: 10,000 pods on 100 nodes in
// 20 namespaces under 200 PodDisruptionBudgets. How long it takes to show
// every item (every branch open), and, per change from the watches, to apply
// it and find the items to refresh (p50/p95).
import { ClusterObjects, type SnapshotChange } from '../client/src/cluster/snapshot';
import { itemView } from '../client/src/explorer/treeItems';
import { ClusterTreeModel, type TreeElement } from '../client/src/explorer/treeModel';
import type { Node, Pod, PodDisruptionBudget } from '../server/src/k8s/types';
import { ms, percentile, type Benchmark } from './benchmark';

const counts = { nodes: 100, namespaces: 20, pods: 10_000, budgets: 200 };

const node = (i: number): Node => ({ metadata: { name: `node-${i}`, uid: `n${i}` }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });

function pod(i: number, ready = true, nodeName = `node-${i % counts.nodes}`): Pod {
  return {
    metadata: { name: `pod-${i}`, namespace: `ns-${i % counts.namespaces}`, uid: `p${i}`, labels: { app: `app-${i % counts.budgets}` }, ownerReferences: [{ kind: 'ReplicaSet', name: `rs-${i % counts.budgets}`, controller: true }] },
    spec: { nodeName, containers: [{ name: 'c' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }], containerStatuses: [{ ready }] },
  };
}

function budget(i: number, allowed = 1): PodDisruptionBudget {
  // app-i pods are in namespace ns-(i mod 20): each budget selects the 50 pods of its app.
  return {
    metadata: { name: `pdb-${i}`, namespace: `ns-${i % counts.namespaces}`, uid: `b${i}`, generation: 1 },
    spec: { minAvailable: 49, selector: { matchLabels: { app: `app-${i}` } } },
    status: { observedGeneration: 1, disruptionsAllowed: allowed, currentHealthy: 50, desiredHealthy: 49, expectedPods: 50 },
  };
}

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const explorerBenchmark: Benchmark = {
  name: 'explorer (the Cluster view model)',
  run() {
    const objects = new ClusterObjects();
    const now = Date.now();
    const load = time(() => {
      for (let i = 0; i < counts.nodes; i++) objects.apply({ resource: 'node', type: 'added', object: node(i) });
      for (let i = 0; i < counts.budgets; i++) objects.apply({ resource: 'pdb', type: 'added', object: budget(i) });
      for (let i = 0; i < counts.pods; i++) objects.apply({ resource: 'pod', type: 'added', object: pod(i) });
    });
    const model = new ClusterTreeModel(objects);
    let items = 0;
    const showAll = time(() => {
      const open = (elements: TreeElement[]) => {
        for (const element of elements) {
          itemView(model, element, now);
          items += 1;
          open(model.children(element));
        }
      };
      open(model.roots());
    });
    console.log(`${counts.pods} pods, ${counts.nodes} nodes, ${counts.namespaces} namespaces, ${counts.budgets} budgets`);
    console.log(`  apply the first lists             ${ms(load)}`);
    console.log(`  every branch open, ${items} items worded  ${ms(showAll)}`);

    const measure = (label: string, changes: () => SnapshotChange[]) => {
      const samples: number[] = [];
      let refreshed = 0;
      for (const change of changes()) {
        samples.push(time(() => {
          objects.apply(change);
          refreshed += model.coalesce(model.affectedBy(change)).length;
        }));
      }
      console.log(`  ${label.padEnd(33)} p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))} (${samples.length} changes, ${(refreshed / samples.length).toFixed(1)} items refreshed each)`);
    };
    measure('a pod turns unready', () => Array.from({ length: 1000 }, (_, k) => ({ resource: 'pod', type: 'modified', object: pod(k * 7, false), previous: objects.pod(`ns-${(k * 7) % counts.namespaces}`, `pod-${k * 7}`) })));
    measure('a budget allows one less', () => Array.from({ length: 200 }, (_, k) => ({ resource: 'pdb', type: 'modified', object: budget(k, 0), previous: objects.budget(`ns-${k % counts.namespaces}`, `pdb-${k}`) })));
    measure('a pod is deleted', () => Array.from({ length: 1000 }, (_, k) => ({ resource: 'pod', type: 'deleted', object: objects.pod(`ns-${(k * 3 + 1) % counts.namespaces}`, `pod-${k * 3 + 1}`)! })));
    measure('a pod is added', () => Array.from({ length: 1000 }, (_, k) => ({ resource: 'pod', type: 'added', object: pod(counts.pods + k) })));
  },
};
