// A listed snapshot of a large running cluster, as a live listing returns
// it (objects with their status, uids, owners and timestamps): 1,000 nodes
// in three zones, two DaemonSets on every node, Deployments (with their
// ReplicaSets) of 2 to 4 replicas spread over the nodes, most under a
// PodDisruptionBudget, every pod Running and Ready. 10,000 pods in all.
// Deterministic (seeded), generated without a simulator.

import type { KubeObject } from '../server/src/k8s/types';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface SnapshotShape {
  nodes: number;
  pods: number;
  /** Nodes cordoned in the snapshot (every n-th). */
  cordonEvery: number;
}

export const largeCluster: SnapshotShape = { nodes: 1000, pods: 10_000, cordonEvery: 97 };

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function generateClusterSnapshot(shape: SnapshotShape, takenAtMs: number, seed = 7): KubeObject[] {
  const rnd = random(seed);
  let uids = 0;
  const uid = () => `00000000-0000-4000-8000-${(++uids).toString(16).padStart(12, '0')}`;
  const created = iso(takenAtMs - 86_400_000);
  const objects: KubeObject[] = [];
  const ready = (since: string) => [
    { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: since },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: since },
    { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: since },
    { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: since },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: since },
  ];
  const nodeNames: string[] = [];
  for (let i = 0; i < shape.nodes; i++) {
    const name = `node-${String(i).padStart(4, '0')}`;
    nodeNames.push(name);
    objects.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, uid: uid(), creationTimestamp: created, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
      spec: { podCIDR: `10.${Math.floor(i / 256)}.${i % 256}.0/24`, podCIDRs: [`10.${Math.floor(i / 256)}.${i % 256}.0/24`], ...(shape.cordonEvery && i % shape.cordonEvery === shape.cordonEvery - 1 ? { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: created }] } : {}) },
      status: {
        capacity: { cpu: '16', memory: '64Gi', pods: '110' },
        allocatable: { cpu: '16', memory: '64Gi', pods: '110' },
        conditions: [
          ...[['MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'], ['DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'], ['PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available']].map(([type, reason, message]) => ({ type, status: 'False', reason, message, lastHeartbeatTime: iso(takenAtMs - 10_000), lastTransitionTime: created })),
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: iso(takenAtMs - 10_000), lastTransitionTime: created },
        ],
        addresses: [{ type: 'InternalIP', address: `10.0.${Math.floor(i / 256)}.${i % 256}` }, { type: 'Hostname', address: name }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: { machineID: name, systemUUID: name, bootID: name, kernelVersion: '6.1.0', osImage: 'Debian GNU/Linux 12 (bookworm)', containerRuntimeVersion: 'containerd://1.7.24', kubeletVersion: 'v1.32.0', kubeProxyVersion: 'v1.32.0', operatingSystem: 'linux', architecture: 'amd64' },
      },
    } as KubeObject);
  }
  const namespaces = ['kube-system', ...Array.from({ length: 100 }, (_, i) => `team-${String(i).padStart(2, '0')}`)];
  for (const name of namespaces) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: uid(), creationTimestamp: created, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as KubeObject);

  const container = (name: string, cpu: string) => ({
    name,
    image: `registry.example.com/${name}:1.0`,
    resources: { requests: { cpu, memory: '128Mi' }, limits: { memory: '512Mi' } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  });
  let pods = 0;
  const pod = (namespace: string, name: string, labels: Record<string, string>, owner: KubeObject, node: string, cpu: string): KubeObject => {
    pods++;
    const started = iso(takenAtMs - 3_600_000 - Math.floor(rnd() * 3_600_000));
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace,
        uid: uid(),
        creationTimestamp: started,
        labels,
        ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata?.name, uid: owner.metadata?.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        nodeName: node,
        containers: [container(labels.app ?? name, cpu)],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        schedulerName: 'default-scheduler',
        securityContext: {},
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      },
      status: {
        phase: 'Running',
        conditions: ready(started),
        hostIP: '10.0.0.1',
        podIP: `10.244.${pods >> 8 & 255}.${pods & 255}`,
        startTime: started,
        qosClass: 'Burstable',
        containerStatuses: [{ name: labels.app ?? name, ready: true, restartCount: 0, started: true, image: `registry.example.com/${labels.app}:1.0`, imageID: '', containerID: `containerd://${uid()}`, state: { running: { startedAt: started } } }],
      },
    } as KubeObject;
  };

  const template = (labels: Record<string, string>, cpu: string) => ({ metadata: { labels, creationTimestamp: null }, spec: { containers: [container(labels.app!, cpu)], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {} } });
  for (const ds of ['log-agent', 'node-exporter']) {
    const labels = { app: ds };
    const owner = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: ds, namespace: 'kube-system', uid: uid(), creationTimestamp: created, generation: 1 }, spec: { selector: { matchLabels: labels }, template: { ...template(labels, '50m'), spec: { ...template(labels, '50m').spec, tolerations: [{ operator: 'Exists' }] } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 }, status: { currentNumberScheduled: shape.nodes, desiredNumberScheduled: shape.nodes, numberReady: shape.nodes, numberAvailable: shape.nodes, updatedNumberScheduled: shape.nodes, numberMisscheduled: 0, observedGeneration: 1 } } as KubeObject;
    objects.push(owner);
    const podLabels = { ...labels, 'controller-revision-hash': '6d5f8c7b9', 'pod-template-generation': '1' };
    for (const node of nodeNames) objects.push(pod('kube-system', `${ds}-${node.slice(5)}`, podLabels, owner, node, '50m'));
  }

  const schedulable = nodeNames.filter((_, i) => !(shape.cordonEvery && i % shape.cordonEvery === shape.cordonEvery - 1));
  for (let d = 0; pods < shape.pods; d++) {
    const namespace = namespaces[1 + (d % 100)]!;
    const name = `svc-${d}`;
    const labels = { app: name };
    const replicas = Math.min([2, 3, 4, 4][d % 4]!, shape.pods - pods);
    const cpu = `${100 * (1 + Math.floor(rnd() * 5))}m`;
    const hash = (0x5d9c0000 + d).toString(16).slice(-8);
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, uid: uid(), creationTimestamp: created, generation: 1, labels, annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { replicas, selector: { matchLabels: labels }, template: template(labels, cpu), strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 }, status: { observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, conditions: [] as unknown[] } } as KubeObject;
    const rsLabels = { ...labels, 'pod-template-hash': hash };
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${name}-${hash}`, namespace, uid: uid(), creationTimestamp: created, generation: 1, labels: rsLabels, annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + 1) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: deployment.metadata?.uid, controller: true, blockOwnerDeletion: true }] }, spec: { replicas, selector: { matchLabels: rsLabels }, template: template(rsLabels, cpu) }, status: { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 } } as KubeObject;
    ((deployment as { status?: { conditions: unknown[] } }).status!).conditions.push(
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: created, lastTransitionTime: created },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata?.name}" has successfully progressed.`, lastUpdateTime: created, lastTransitionTime: created },
    );
    objects.push(deployment, rs);
    for (let r = 0; r < replicas; r++) objects.push(pod(namespace, `${name}-${hash}-${(uids * 7919).toString(36).slice(-5).padStart(5, 'x')}`, rsLabels, rs, schedulable[Math.floor(rnd() * schedulable.length)]!, cpu));
    if (rnd() < 0.7) {
      const spec = rnd() < 0.5 ? { minAvailable: 1 } : { maxUnavailable: rnd() < 0.5 ? 1 : '25%' };
      const desired = 'minAvailable' in spec ? 1 : replicas - (spec.maxUnavailable === 1 ? 1 : Math.ceil(replicas / 4));
      objects.push({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: `${name}-pdb`, namespace, uid: uid(), creationTimestamp: created, generation: 1 }, spec: { ...spec, selector: { matchLabels: labels } }, status: { observedGeneration: 1, disruptionsAllowed: replicas - desired, currentHealthy: replicas, desiredHealthy: desired, expectedPods: replicas, conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: created }] } } as KubeObject);
    }
  }
  return objects;
}
