// What the analysis reads of a manifest: apiVersion, kind and metadata of
// every manifest (deprecated-api), and of the kinds the other rules look at,
// the paths of the fields they read. Everything else is skipped by the cold
// scan (fastReader.ts) and left out of the tree by the `yaml` reader, so both
// readers give the same tree.

/** `true` reads a whole subtree; a record reads only the keys it names. */
export type Interest = true | { readonly [key: string]: Interest };

/** Kinds with pods or pod templates (the pod template's path is in podTemplatePath). */
export const podTemplatePath: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * The kinds the eviction rules analyse. Their documents are checked whole
 * (parse-error and duplicate-key also where no rule reads); of the others,
 * what is read is checked.
 */
export const analysedKinds: ReadonlySet<string> = new Set([
  ...Object.keys(podTemplatePath),
  'PodDisruptionBudget',
  'Node',
  'Eviction',
  'PodSecurityPolicy',
  // An autoscaled workload's replica count is not in its manifest.
  'HorizontalPodAutoscaler',
]);

/** The kinds of which more than apiVersion, kind and metadata is read. */
export const readKinds: ReadonlySet<string> = new Set([
  ...analysedKinds,
  // Its versions decide deprecated-api for custom resources.
  'CustomResourceDefinition',
  // deprecated-api's quick fix converts its backends.
  'Ingress',
]);

/** `List` and the typed lists (`PodList`, `DeploymentList`, …) carry objects in `items`. */
export function isListKind(kind: string): boolean {
  return kind.endsWith('List');
}

const podSpec = {
  nodeName: true,
  nodeSelector: true,
  affinity: { nodeAffinity: true },
  tolerations: true,
  hostNetwork: true,
} as const;

const objectMeta = { name: true, generateName: true, namespace: true, labels: true, ownerReferences: true } as const;

const podTemplate = { metadata: objectMeta, spec: podSpec } as const;

/** What is read of a manifest of a kind no rule reads further. */
export const headerInterest: Interest = { apiVersion: true, kind: true, metadata: objectMeta };

const manifest: { [key: string]: Interest } = {
  apiVersion: true,
  kind: true,
  metadata: objectMeta,
  spec: {
    ...podSpec,
    // workloads
    replicas: true,
    parallelism: true,
    selector: true,
    template: podTemplate,
    jobTemplate: { spec: { parallelism: true, template: podTemplate } },
    // PodDisruptionBudget
    minAvailable: true,
    maxUnavailable: true,
    unhealthyPodEvictionPolicy: true,
    // Node
    taints: true,
    unschedulable: true,
    // HorizontalPodAutoscaler (metrics: deprecated-api's quick fix converts them)
    scaleTargetRef: true,
    metrics: true,
    // CustomResourceDefinition
    group: true,
    names: { kind: true },
    version: true,
    versions: { name: true, served: true, deprecated: true, deprecationWarning: true },
    // Ingress
    backend: true,
    rules: true,
  },
  // Eviction
  deleteOptions: true,
};
manifest['items'] = manifest;

export const manifestInterest: Interest = manifest;
