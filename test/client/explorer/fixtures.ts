// Cluster objects as the API server sends them, for the explorer's tests:
// the walkthrough's shape (three nodes, web under web-pdb, a batch worker).

import { ClusterObjects, type SnapshotChange } from '../../../client/src/cluster/snapshot';
import type { Node, Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';

export function node(name: string, spec: Node['spec'] = {}): Node {
  return { metadata: { name, uid: `uid-${name}` }, spec, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
}

export function pod(name: string, nodeName: string | undefined, labels: Record<string, string>, options: { ready?: boolean; phase?: string; namespace?: string; terminating?: boolean } = {}): Pod {
  const ready = options.ready ?? true;
  return {
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: `uid-${name}`,
      labels,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${labels.app}-rs`, uid: 'rs', controller: true }],
      ...(options.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c' }] },
    status: {
      phase: options.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [{ name: 'c', ready }],
    },
  };
}

export function pdb(name: string, app: string, status: Partial<NonNullable<PodDisruptionBudget['status']>>, namespace = 'default'): PodDisruptionBudget {
  return {
    metadata: { name, namespace, uid: `uid-${name}`, generation: 1 },
    spec: { minAvailable: 2, selector: { matchLabels: { app } } },
    status: { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, ...status },
  };
}

export const added = (object: Node | Pod | PodDisruptionBudget, resource: SnapshotChange['resource']): SnapshotChange =>
  ({ resource, type: 'added', object }) as SnapshotChange;

/** The walkthrough as it starts: web-a on node-1 with the batch worker, web-b on node-2, web-c on node-3. */
export function walkthrough(): ClusterObjects {
  const objects = new ClusterObjects();
  for (const n of ['node-1', 'node-2', 'node-3']) objects.apply(added(node(n), 'node'));
  objects.apply(added(pod('web-a', 'node-1', { app: 'web' }), 'pod'));
  objects.apply(added(pod('batch-worker-x', 'node-1', { app: 'batch-worker' }), 'pod'));
  objects.apply(added(pod('web-b', 'node-2', { app: 'web' }), 'pod'));
  objects.apply(added(pod('web-c', 'node-3', { app: 'web' }), 'pod'));
  objects.apply(added(pdb('web-pdb', 'web', {}), 'pdb'));
  return objects;
}
