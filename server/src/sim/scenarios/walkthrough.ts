// The built-in scenario: the classic drain walkthrough, with capacities
// chosen so that its ending shows a PDB holding a drain until capacity
// returns.
//
// Nodes (allocatable cpu; memory 4Gi and 110 pods each):
//   node-1  1000m   labelled workload=batch
//   node-2  2000m
//   node-3  1000m   labelled workload=batch
// Pods (requests): every `web` replica 500m, the `batch-worker` 500m.
//   - Deployment `web`, 3 replicas, under PDB `web-pdb` (minAvailable 2).
//     Start-up takes 10 s (the `startup-seconds` knob), so a drain that
//     follows another at once still finds the last replacement not Ready.
//   - Deployment `batch-worker`, 1 replica, nodeSelector workload=batch (node-1
//     or node-3) preferring node-1; covered by no PDB.
//
// Placement (the default profile's scores): the three web replicas spread
// one per node (pod topology spreading), the batch worker joins web on
// node-1 (its preferred node; node-1 is then full: 500m + 500m = 1000m).
//
// `kubectl drain node-1`: web's replacement cannot go to node-1 (cordoned);
// node-2 has 1500m free against node-3's 500m, so the least-allocated score
// sends it to node-2 (web-b and web-d share node-2: the spec's case B).
// The batch worker's replacement can only go to node-3 (nodeSelector), where
// it fits exactly: 500m (web-c) + 500m = 1000m. Whichever eviction comes
// first, the layout is the same: a batch replacement first fills node-3, so
// web's goes to node-2; a web replacement first prefers node-2 anyway.
//
// `kubectl drain node-2` right after: node-1 and node-2 are cordoned and
// node-3 is full (1000m of 1000m), so the first web pod evicted from node-2
// gets a replacement that fits nowhere: Pending, "0/3 nodes are available:
// 1 Insufficient cpu, 2 node(s) were unschedulable". The PDB then counts 2
// healthy web pods (the one left on node-2 and web-c) against 2 desired, so
// the other web pod on node-2 gets 429 on every retry: the drain is held.
// (If the replacement on node-2 is still starting when the drain begins, it
// is the unready one that goes first, without touching the budget, and the
// Ready one is held; the outcome is the same.)
//
// `kubectl uncordon node-1`: the Pending replacement fits there (node-1 is
// empty by then), becomes Ready 11 s later, the budget allows one
// disruption, the held pod is evicted and its replacement also fits on
// node-1 (500m + 500m = 1000m): the drain of node-2 completes. At no point
// are fewer than 2 web pods Ready.

import type { Node, PodDisruptionBudget, Workload } from '../../k8s/types';
import { knobs } from '../knobs';

const node = (name: string, cpu: string, labels: Record<string, string> = {}): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
  status: { capacity: { cpu, memory: '4Gi', pods: '110' }, allocatable: { cpu, memory: '4Gi', pods: '110' } },
});

export const walkthroughCapacity = {
  nodes: { 'node-1': 1000, 'node-2': 2000, 'node-3': 1000 },
  webRequestMilliCPU: 500,
  batchRequestMilliCPU: 500,
  webStartupSeconds: 10,
} as const;

/** The walkthrough's objects, fresh on every call. */
export function walkthroughScenario(): (Node | PodDisruptionBudget | Workload)[] {
  return [
    node('node-1', '1', { workload: 'batch' }),
    node('node-2', '2'),
    node('node-3', '1', { workload: 'batch' }),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web-pdb', namespace: 'default' },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' }, annotations: { [knobs.startupSeconds]: String(walkthroughCapacity.webStartupSeconds) } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '500m', memory: '256Mi' } } }] },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'batch-worker', namespace: 'default', labels: { app: 'batch-worker' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'batch-worker' } },
        template: {
          metadata: { labels: { app: 'batch-worker' } },
          spec: {
            nodeSelector: { workload: 'batch' },
            affinity: {
              nodeAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  { weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] } },
                ],
              },
            },
            containers: [{ name: 'worker', image: 'busybox:1.36', command: ['sh', '-c', 'while true; do sleep 3600; done'], resources: { requests: { cpu: '500m', memory: '256Mi' } } }],
          },
        },
      },
    },
  ];
}
