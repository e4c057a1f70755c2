// Server-side printing: the `Table` that `kubectl get` asks for with
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. The server always
// prints the wide columns; kubectl shows priority-1 columns only with -o wide.
// Source: pkg/printers/internalversion/printers.go (column definitions and
// printPod, printNode, printPodDisruptionBudget, printDeployment, …),
// apimachinery/pkg/util/duration/duration.go (HumanDuration).

import type { ResourceName } from '../sim/api';
import type { KubeObject } from '../k8s/types';
import { labelSelectorAsSelector, selectorToString } from '../k8s/labels';
import { claimClass, volumeAnnotations, volumeClass } from '../k8s/persistentVolumes';

interface Column {
  name: string;
  type: 'string' | 'integer' | 'boolean';
  format: string;
  description: string;
  priority: number;
}

const col = (name: string, description: string, opts: { type?: Column['type']; priority?: number; format?: string } = {}): Column => ({
  name,
  type: opts.type ?? 'string',
  format: opts.format ?? '',
  description,
  priority: opts.priority ?? 0,
});

const nameColumn = col(
  'Name',
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  { format: 'name' },
);
const ageColumn = col(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
);
const containersColumn = col('Containers', 'Names of each container in the template.', { priority: 1 });
const imagesColumn = col('Images', 'Images referenced by each container in the template.', { priority: 1 });
const selectorColumn = (description: string) => col('Selector', description, { priority: 1 });

type Cell = string | number | boolean;
type Obj = KubeObject & { spec?: any; status?: any; [k: string]: any };

/** `duration.HumanDuration`: the AGE column. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

function age(obj: Obj, now: number): string {
  const t = obj.metadata?.creationTimestamp ? Date.parse(obj.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

function containerCells(spec: Obj['spec']): [string, string] {
  const containers: { name?: string; image?: string }[] = spec?.template?.spec?.containers ?? [];
  return [containers.map((c) => c.name ?? '').join(','), containers.map((c) => c.image ?? '').join(',')];
}

function formatSelector(selector: unknown): string {
  const r = labelSelectorAsSelector(selector as never);
  if (!r.ok) return '<invalid>';
  if (r.selector.kind === 'nothing') return '<none>';
  return selectorToString(r.selector) || '<none>';
}

/** `labels.FormatLabels`: sorted `k=v` pairs, `<none>` when empty. */
function formatLabels(labels: Record<string, string> | null | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

const int = (v: unknown) => (typeof v === 'number' ? v : 0);

function podStatusReason(pod: Obj): string {
  let reason: string = pod.status?.reason || pod.status?.phase || '';
  for (const c of pod.status?.conditions ?? []) if (c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated') reason = 'SchedulingGated';
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  let hasRunning = false;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const s = statuses[i]?.state ?? {};
    if (s.waiting?.reason) reason = s.waiting.reason;
    else if (s.terminated?.reason) reason = s.terminated.reason;
    else if (s.terminated) reason = s.terminated.signal ? `Signal:${s.terminated.signal}` : `ExitCode:${s.terminated.exitCode ?? 0}`;
    else if (statuses[i]?.ready && s.running) hasRunning = true;
  }
  if (reason === 'Completed' && hasRunning) {
    reason = (pod.status?.conditions ?? []).some((c: { type?: string; status?: string }) => c?.type === 'Ready' && c?.status === 'True') ? 'Running' : 'NotReady';
  }
  const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  if (pod.metadata?.deletionTimestamp && pod.status?.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !terminal) reason = 'Terminating';
  return reason;
}

/** `GetAccessModesAsString`: RWO, ROX, RWX, RWOP, each once, in that order. */
function accessModes(modes: unknown): string {
  const set = new Set(Array.isArray(modes) ? modes : []);
  return (
    [
      ['ReadWriteOnce', 'RWO'],
      ['ReadOnlyMany', 'ROX'],
      ['ReadWriteMany', 'RWX'],
      ['ReadWriteOncePod', 'RWOP'],
    ] as const
  )
    .filter(([mode]) => set.has(mode))
    .map(([, short]) => short)
    .join(',');
}

interface Printer {
  columns: Column[];
  cells(obj: Obj, now: number): Cell[];
}

const printers: Record<ResourceName, Printer> = {
  pods: {
    columns: [
      nameColumn,
      col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      ageColumn,
      col('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { priority: 1 }),
      col('Node', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename', { priority: 1 }),
      col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.', { priority: 1 }),
      col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates', { priority: 1 }),
    ],
    cells(pod, now) {
      const statuses: { ready?: boolean; restartCount?: number; state?: { running?: unknown } }[] = pod.status?.containerStatuses ?? [];
      const ready = statuses.filter((s) => s?.ready && s?.state?.running).length;
      const restarts = statuses.reduce((n, s) => n + int(s?.restartCount), 0);
      const gates: { conditionType?: string }[] = pod.spec?.readinessGates ?? [];
      const conditions: { type?: string; status?: string }[] = pod.status?.conditions ?? [];
      const gateCell = gates.length
        ? `${gates.filter((g) => conditions.find((c) => c?.type === g?.conditionType)?.status === 'True').length}/${gates.length}`
        : '<none>';
      return [
        pod.metadata?.name ?? '',
        `${ready}/${(pod.spec?.containers ?? []).length}`,
        podStatusReason(pod),
        String(restarts),
        age(pod, now),
        pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>',
        pod.spec?.nodeName || '<none>',
        pod.status?.nominatedNodeName || '<none>',
        gateCell,
      ];
    },
  },
  nodes: {
    columns: [
      nameColumn,
      col('Status', 'The status of the node'),
      col('Roles', 'The roles of the node'),
      ageColumn,
      col('Version', 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).', { priority: 1 }),
      col('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).', { priority: 1 }),
      col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
      col('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { priority: 1 }),
      col('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { priority: 1 }),
    ],
    cells(node, now) {
      const ready = (node.status?.conditions ?? []).find((c: { type?: string }) => c?.type === 'Ready');
      const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
      if (node.spec?.unschedulable) status.push('SchedulingDisabled');
      const roles = new Set<string>();
      for (const [k, v] of Object.entries<string>(node.metadata?.labels ?? {})) {
        if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
        else if (k === 'kubernetes.io/role' && v) roles.add(v);
      }
      const address = (type: string) => (node.status?.addresses ?? []).find((a: { type?: string }) => a?.type === type)?.address ?? '<none>';
      const info = node.status?.nodeInfo ?? {};
      return [
        node.metadata?.name ?? '',
        status.join(','),
        [...roles].sort().join(',') || '<none>',
        age(node, now),
        info.kubeletVersion ?? '',
        address('InternalIP'),
        address('ExternalIP'),
        info.osImage || '<unknown>',
        info.kernelVersion || '<unknown>',
        info.containerRuntimeVersion || '<unknown>',
      ];
    },
  },
  poddisruptionbudgets: {
    columns: [
      nameColumn,
      col('Min Available', 'The minimum number of pods that must be available.'),
      col('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
      col('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', { type: 'integer' }),
      ageColumn,
    ],
    cells: (pdb, now) => [
      pdb.metadata?.name ?? '',
      pdb.spec?.minAvailable === undefined || pdb.spec?.minAvailable === null ? 'N/A' : String(pdb.spec.minAvailable),
      pdb.spec?.maxUnavailable === undefined || pdb.spec?.maxUnavailable === null ? 'N/A' : String(pdb.spec.maxUnavailable),
      int(pdb.status?.disruptionsAllowed),
      age(pdb, now),
    ],
  },
  deployments: {
    columns: [
      nameColumn,
      col('Ready', 'Number of the pod with ready state'),
      col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
      col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
      ageColumn,
      containersColumn,
      imagesColumn,
      selectorColumn('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
    ],
    cells: (d, now) => [
      d.metadata?.name ?? '',
      `${int(d.status?.readyReplicas)}/${d.spec?.replicas ?? 1}`,
      int(d.status?.updatedReplicas),
      int(d.status?.availableReplicas),
      age(d, now),
      ...containerCells(d.spec),
      formatSelector(d.spec?.selector),
    ],
  },
  replicasets: {
    columns: [
      nameColumn,
      col('Desired', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller', { type: 'integer' }),
      col('Current', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller', { type: 'integer' }),
      col('Ready', 'The number of ready replicas for this replica set.', { type: 'integer' }),
      ageColumn,
      containersColumn,
      imagesColumn,
      selectorColumn('Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors'),
    ],
    cells: (rs, now) => [rs.metadata?.name ?? '', rs.spec?.replicas ?? 1, int(rs.status?.replicas), int(rs.status?.readyReplicas), age(rs, now), ...containerCells(rs.spec), formatSelector(rs.spec?.selector)],
  },
  statefulsets: {
    columns: [nameColumn, col('Ready', 'Number of the pod with ready state'), ageColumn, containersColumn, imagesColumn],
    cells: (s, now) => [s.metadata?.name ?? '', `${int(s.status?.readyReplicas)}/${s.spec?.replicas ?? 1}`, age(s, now), ...containerCells(s.spec)],
  },
  daemonsets: {
    columns: [
      nameColumn,
      col('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/', { type: 'integer' }),
      col('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/', { type: 'integer' }),
      col('Ready', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.', { type: 'integer' }),
      col('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
      col('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', { type: 'integer' }),
      col('Node Selector', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
      ageColumn,
      containersColumn,
      imagesColumn,
      selectorColumn("A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
    ],
    cells: (ds, now) => [
      ds.metadata?.name ?? '',
      int(ds.status?.desiredNumberScheduled),
      int(ds.status?.currentNumberScheduled),
      int(ds.status?.numberReady),
      int(ds.status?.updatedNumberScheduled),
      int(ds.status?.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(ds, now),
      ...containerCells(ds.spec),
      formatSelector(ds.spec?.selector),
    ],
  },
  jobs: {
    columns: [
      nameColumn,
      col('Status', 'Status of the job.'),
      col('Completions', 'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.'),
      col('Duration', 'Time required to complete the job.'),
      ageColumn,
      containersColumn,
      imagesColumn,
      selectorColumn('A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors'),
    ],
    cells(job, now) {
      const succeeded = int(job.status?.succeeded);
      const parallelism = job.spec?.parallelism ?? 1;
      const completions =
        job.spec?.completions !== undefined && job.spec?.completions !== null
          ? `${succeeded}/${job.spec.completions}`
          : parallelism > 1
            ? `${succeeded}/1 of ${parallelism}`
            : `${succeeded}/1`;
      const start = job.status?.startTime ? Date.parse(job.status.startTime) : NaN;
      const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
      const conditions: { type?: string; status?: string }[] = job.status?.conditions ?? [];
      const has = (t: string) => conditions.find((c) => c?.type === t)?.status === 'True';
      const status = has('Complete')
        ? 'Complete'
        : has('Failed')
          ? 'Failed'
          : job.metadata?.deletionTimestamp
            ? 'Terminating'
            : has('Suspended')
              ? 'Suspended'
              : has('FailureTarget')
                ? 'FailureTarget'
                : 'Running';
      return [job.metadata?.name ?? '', status, completions, Number.isNaN(start) ? '' : humanDuration(end - start), age(job, now), ...containerCells(job.spec), formatSelector(job.spec?.selector)];
    },
  },
  persistentvolumeclaims: {
    columns: [
      nameColumn,
      col('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
      col('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
      col('Capacity', 'capacity represents the actual resources of the underlying volume.'),
      col('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1'),
      col('StorageClass', 'StorageClass of the pvc'),
      col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
      ageColumn,
      col('VolumeMode', 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.', { priority: 1 }),
    ],
    cells(pvc, now) {
      const bound = !!pvc.spec?.volumeName;
      return [
        pvc.metadata?.name ?? '',
        pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
        pvc.spec?.volumeName ?? '',
        bound ? String(pvc.status?.capacity?.storage ?? '0') : '',
        bound ? accessModes(pvc.status?.accessModes) : '',
        claimClass(pvc),
        pvc.spec?.volumeAttributesClassName ?? '<unset>',
        age(pvc, now),
        pvc.spec?.volumeMode ?? '<unset>',
      ];
    },
  },
  persistentvolumes: {
    columns: [
      nameColumn,
      col('Capacity', 'capacity is the description of the persistent volume\'s resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity'),
      col('Access Modes', 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes'),
      col('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming'),
      col('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase'),
      col('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding'),
      col('StorageClass', 'StorageClass of the pv'),
      col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
      col('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
      ageColumn,
      col('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.', { priority: 1 }),
    ],
    cells(pv, now) {
      const ref = pv.spec?.claimRef;
      return [
        pv.metadata?.name ?? '',
        String(pv.spec?.capacity?.storage ?? '0'),
        accessModes(pv.spec?.accessModes),
        pv.spec?.persistentVolumeReclaimPolicy ?? '',
        pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
        ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
        volumeClass(pv),
        pv.spec?.volumeAttributesClassName ?? '<unset>',
        pv.status?.reason ?? '',
        age(pv, now),
        pv.spec?.volumeMode ?? '<unset>',
      ];
    },
  },
  storageclasses: {
    columns: [
      nameColumn,
      col('Provisioner', 'provisioner indicates the type of the provisioner.'),
      col('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
      col('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.'),
      col('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
      ageColumn,
    ],
    cells: (sc, now) => [
      `${sc.metadata?.name ?? ''}${sc.metadata?.annotations?.[volumeAnnotations.isDefaultClass] === 'true' ? ' (default)' : ''}`,
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion === true,
      age(sc, now),
    ],
  },
  namespaces: {
    columns: [nameColumn, col('Status', 'The status of the namespace'), ageColumn],
    cells: (ns, now) => [ns.metadata?.name ?? '', ns.status?.phase ?? '', age(ns, now)],
  },
  events: {
    columns: [
      col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
      col('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
      col('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      col('Object', 'The object that this event is about.'),
      col('Subobject', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.', { priority: 1 }),
      col('Source', 'The component reporting this event. Should be a short machine understandable string.', { priority: 1 }),
      col('Message', 'A human-readable description of the status of this operation.'),
      col('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', { priority: 1 }),
      col('Count', 'The number of times this event has occurred.', { priority: 1 }),
      { ...nameColumn, priority: 1 },
    ],
    cells(ev, now) {
      const since = (t: unknown) => (typeof t === 'string' && !Number.isNaN(Date.parse(t)) ? humanDuration(now - Date.parse(t)) : '<unknown>');
      const first = ev.firstTimestamp ? since(ev.firstTimestamp) : since(ev.eventTime);
      const last = ev.series?.lastObservedTime ? since(ev.series.lastObservedTime) : ev.lastTimestamp ? since(ev.lastTimestamp) : first;
      const count = ev.series?.count ?? (ev.count || 1);
      const involved = ev.involvedObject ?? {};
      const kind = String(involved.kind ?? '').toLowerCase();
      const source = ev.source?.component ? (ev.source.host ? `${ev.source.component}, ${ev.source.host}` : ev.source.component) : (ev.reportingController ?? '');
      return [last, ev.type ?? '', ev.reason ?? '', involved.name ? `${kind}/${involved.name}` : kind, involved.fieldPath ?? '', source, String(ev.message ?? '').trim(), first, count, ev.metadata?.name ?? ''];
    },
  },
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function partialObjectMetadata(obj: KubeObject) {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

/** The Table for a list of objects of one resource, as the API server prints it. */
export function toTable(resource: ResourceName, objects: KubeObject[], resourceVersion: string, now: number, include: IncludeObject) {
  const printer = printers[resource];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: printer.columns,
    rows: objects.map((o) => ({
      cells: printer.cells(o as Obj, now),
      ...(include === 'None' ? {} : { object: include === 'Object' ? o : partialObjectMetadata(o) }),
    })),
  };
}
