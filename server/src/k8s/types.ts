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
  podAffinity?: unknown;
  podAntiAffinity?: unknown;
}

export interface ResourceRequirements {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}

export interface Container {
  name?: string;
  image?: string;
  resources?: ResourceRequirements;
  [field: string]: unknown;
}

export interface Volume {
  name?: string;
  emptyDir?: Record<string, unknown> | null;
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
