// The sandbox's built-in scenario: the drain walkthrough (walkthrough.ts),
// and beside it the database of the sample workspace
// (test/fixtures/workspace/postgres.yaml) on a node of its own, so that the
// workspace and the sandbox tell one story: the sample Eviction of
// postgres-0 is predicted by its hover to get 429 (postgres-pdb needs all
// three replicas), and the sandbox answers its Dry run the same.
//
// db-1 is tainted dedicated=database:NoSchedule and only postgres tolerates
// it (and selects it), so the walkthrough's pods never land there and its
// drains never meet postgres: its placements and its ending are unchanged.
// Draining db-1 is held for ever by postgres-pdb, as the workspace's
// pdb-blocks-eviction warns.

import type { Node, PodDisruptionBudget, Workload } from '../../k8s/types';
import { walkthroughScenario } from './walkthrough';

export const databaseNode = 'db-1';

export function databaseScenario(): (Node | PodDisruptionBudget | Workload)[] {
  const labels = { app: 'postgres' };
  return [
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: databaseNode, labels: { 'kubernetes.io/hostname': databaseNode, workload: 'database' } },
      spec: { taints: [{ key: 'dedicated', value: 'database', effect: 'NoSchedule' }] },
      status: { capacity: { cpu: '2', memory: '8Gi', pods: '110' }, allocatable: { cpu: '2', memory: '8Gi', pods: '110' } },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'postgres-pdb', namespace: 'default' },
      spec: { minAvailable: 3, selector: { matchLabels: labels } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'postgres', namespace: 'default', labels },
      spec: {
        serviceName: 'postgres',
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            nodeSelector: { workload: 'database' },
            tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'database', effect: 'NoSchedule' }],
            containers: [{ name: 'postgres', image: 'postgres:16', resources: { requests: { cpu: '500m', memory: '1Gi' } } }],
          },
        },
      },
    },
  ];
}

/** The walkthrough and the database, fresh on every call. */
export function builtInScenario(): (Node | PodDisruptionBudget | Workload)[] {
  return [...walkthroughScenario(), ...databaseScenario()];
}
