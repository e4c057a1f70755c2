// Small builders for the core tests: plain Kubernetes objects, nothing stubbed.
import type { Pod, PodDisruptionBudget, PodDisruptionBudgetSpec, PodDisruptionBudgetStatus } from '../../../server/src/k8s/types';

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  phase?: string;
  ready?: boolean;
  deleting?: string;
  owner?: { kind: string; name: string; uid: string; apiVersion?: string };
  nodeName?: string;
}

export function pod(name: string, o: PodOptions = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${name}`,
      resourceVersion: '10',
      labels: o.labels ?? { app: 'web' },
      ...(o.deleting ? { deletionTimestamp: o.deleting } : {}),
      ...(o.owner
        ? { ownerReferences: [{ apiVersion: o.owner.apiVersion ?? 'apps/v1', kind: o.owner.kind, name: o.owner.name, uid: o.owner.uid, controller: true }] }
        : {}),
    },
    spec: { nodeName: o.nodeName ?? 'n1', containers: [{ name: 'c', image: 'nginx' }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

export function pdb(name: string, spec: PodDisruptionBudgetSpec, status?: Partial<PodDisruptionBudgetStatus>, o: { generation?: number; apiVersion?: string; namespace?: string } = {}): PodDisruptionBudget {
  return {
    apiVersion: o.apiVersion ?? 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: o.namespace ?? 'default', generation: o.generation ?? 1, uid: `uid-${name}` },
    spec,
    status: status
      ? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, observedGeneration: 1, ...status }
      : undefined,
  };
}
