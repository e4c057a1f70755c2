// The subset of the Kubernetes API types that eviction, disruption budgets,
// scheduling and drain read. Field names are the API's own JSON names, so an
// object parsed from a manifest or received from a server fits unchanged.
// Every field is optional because manifests and partial objects omit them.

export type Labels = Record<string, string>;

export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number;
  labels?: Labels;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

export interface TypeMeta {
  apiVersion?: string;
  kind?: string;
}

export interface KubeObject extends TypeMeta {
  metadata?: ObjectMeta;
}

/** `metav1.LabelSelectorRequirement`. */
export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** `metav1.LabelSelector`. `null`/absent and `{}` differ: see labels.ts. */
export interface LabelSelector {
  matchLabels?: Labels | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

/** `intstr.IntOrString`: a JSON number or a string such as `"50%"`. */
export type IntOrString = number | string;

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect | string;
  timeAdded?: string | null;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number | null;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[] | null;
  matchFields?: NodeSelectorRequirement[] | null;
}

export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector | null;
    preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[] | null;
  } | null;
  podAffinity?: PodAffinity | null;
  podAntiAffinity?: PodAffinity | null;
}

/** `v1.PodAffinityTerm`: pods matching labelSelector in the namespaces, within one topology domain. */
export interface PodAffinityTerm {
  labelSelector?: LabelSelector | null;
  namespaces?: string[] | null;
  topologyKey: string;
  namespaceSelector?: LabelSelector | null;
  matchLabelKeys?: string[] | null;
  mismatchLabelKeys?: string[] | null;
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

/** `v1.PodAffinity` and `v1.PodAntiAffinity` have the same shape. */
export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[] | null;
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[] | null;
}

/** `v1.TopologySpreadConstraint`. */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway' | string;
  labelSelector?: LabelSelector | null;
  minDomains?: number | null;
  nodeAffinityPolicy?: 'Honor' | 'Ignore' | string | null;
  nodeTaintsPolicy?: 'Honor' | 'Ignore' | string | null;
  matchLabelKeys?: string[] | null;
}

/** `v1.ContainerPort`. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP' | string;
}

export interface ResourceRequirements {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}

export interface Container {
  name?: string;
  image?: string;
  resources?: ResourceRequirements;
  ports?: ContainerPort[] | null;
  [field: string]: unknown;
}

export interface Volume {
  name?: string;
  emptyDir?: Record<string, unknown> | null;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean } | null;
  /** A generic ephemeral volume: its claim, `<pod>-<volume>`, is made from this template. */
  ephemeral?: { volumeClaimTemplate?: { metadata?: ObjectMeta; spec?: PersistentVolumeClaimSpec } | null } | null;
  [source: string]: unknown;
}

export interface PodSpec {
  nodeName?: string;
  nodeSelector?: Labels | null;
  affinity?: Affinity | null;
  tolerations?: Toleration[] | null;
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Volume[] | null;
  terminationGracePeriodSeconds?: number | null;
  hostNetwork?: boolean;
  priority?: number;
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never' | string;
  topologySpreadConstraints?: TopologySpreadConstraint[] | null;
  schedulerName?: string;
  restartPolicy?: string;
  [field: string]: unknown;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | null;
  lastProbeTime?: string | null;
  observedGeneration?: number;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodStatus {
  phase?: PodPhase | string;
  conditions?: Condition[];
  reason?: string;
  message?: string;
  [field: string]: unknown;
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: PodStatus;
}

export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

/** Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController. */
export interface Workload extends KubeObject {
  spec?: {
    replicas?: number | null;
    parallelism?: number | null;
    completions?: number | null;
    selector?: LabelSelector | Labels | null;
    template?: PodTemplateSpec;
    [field: string]: unknown;
  };
  status?: Record<string, unknown>;
}

export interface NodeSpec {
  unschedulable?: boolean;
  taints?: Taint[] | null;
  [field: string]: unknown;
}

export interface Node extends KubeObject {
  spec?: NodeSpec;
  status?: {
    allocatable?: Record<string, string | number>;
    capacity?: Record<string, string | number>;
    conditions?: Condition[];
    [field: string]: unknown;
  };
}

export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

export type PersistentVolumeAccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

export interface PersistentVolumeClaimSpec {
  accessModes?: (PersistentVolumeAccessMode | string)[] | null;
  selector?: LabelSelector | null;
  resources?: ResourceRequirements | null;
  volumeName?: string;
  storageClassName?: string | null;
  volumeMode?: 'Filesystem' | 'Block' | string | null;
  [field: string]: unknown;
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: PersistentVolumeClaimSpec;
  status?: {
    phase?: 'Pending' | 'Bound' | 'Lost' | string;
    accessModes?: string[];
    capacity?: Record<string, string | number>;
    [field: string]: unknown;
  };
}

export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface PersistentVolumeSpec {
  capacity?: Record<string, string | number>;
  accessModes?: (PersistentVolumeAccessMode | string)[] | null;
  claimRef?: ObjectReference | null;
  persistentVolumeReclaimPolicy?: 'Retain' | 'Delete' | 'Recycle' | string;
  storageClassName?: string;
  volumeMode?: 'Filesystem' | 'Block' | string | null;
  nodeAffinity?: { required?: NodeSelector | null } | null;
  [source: string]: unknown;
}

export interface PersistentVolume extends KubeObject {
  spec?: PersistentVolumeSpec;
  status?: { phase?: 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed' | string; message?: string; reason?: string; [field: string]: unknown };
}

/** `storage.k8s.io/v1` StorageClass: cluster-scoped, no spec (its fields are top-level). */
export interface StorageClass extends KubeObject {
  provisioner?: string;
  parameters?: Record<string, string> | null;
  reclaimPolicy?: 'Delete' | 'Retain' | string;
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer' | string | null;
  allowVolumeExpansion?: boolean | null;
  allowedTopologies?: { matchLabelExpressions?: { key: string; values: string[] }[] | null }[] | null;
}

export type UnhealthyPodEvictionPolicy = 'IfHealthyBudget' | 'AlwaysAllow';

export interface PodDisruptionBudgetSpec {
  minAvailable?: IntOrString | null;
  maxUnavailable?: IntOrString | null;
  selector?: LabelSelector | null;
  unhealthyPodEvictionPolicy?: UnhealthyPodEvictionPolicy | string | null;
}

export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string> | null;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: Condition[];
}

export interface PodDisruptionBudget extends KubeObject {
  spec?: PodDisruptionBudgetSpec;
  status?: PodDisruptionBudgetStatus;
}

export interface Preconditions {
  uid?: string | null;
  resourceVersion?: string | null;
}

export interface DeleteOptions extends TypeMeta {
  gracePeriodSeconds?: number | null;
  preconditions?: Preconditions | null;
  propagationPolicy?: string | null;
  orphanDependents?: boolean | null;
  dryRun?: string[] | null;
}

export interface Eviction extends KubeObject {
  deleteOptions?: DeleteOptions | null;
}

export interface StatusCause {
  /** Serialized as "reason" on the wire (metav1.StatusCause.Type). */
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** `metav1.Status`, the body of every API error and of eviction results. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}
