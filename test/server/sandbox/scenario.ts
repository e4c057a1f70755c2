// Small scenarios for the REST face's tests, as manifests.

import type { KubeObject } from '../../../server/src/k8s/types';

export function node(name: string, extra: { pods?: number } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: { capacity: { cpu: '4', memory: '8Gi', pods: String(extra.pods ?? 110) }, allocatable: { cpu: '4', memory: '8Gi', pods: String(extra.pods ?? 110) } },
  } as KubeObject;
}

export function deployment(name: string, replicas: number, labels: Record<string, string> = { app: name }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name, image: `${name}:1` }] } },
    },
  } as KubeObject;
}

export function pdb(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec } as KubeObject;
}

/** Two nodes, `web` with three replicas under `web-pdb` (minAvailable 2), and `solo` (one replica, no PDB). */
export function webScenario(): KubeObject[] {
  return [node('n1'), node('n2'), deployment('web', 3), pdb('web-pdb', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }), deployment('solo', 1)];
}
