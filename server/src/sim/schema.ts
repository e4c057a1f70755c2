// Decoding checks: the field types the API server's JSON decoder enforces,
// for the fields the simulator reads. A wrong type is a 400 before anything
// else runs, with the decoder's message. Unknown fields are not looked at here:
// the REST face drops them first (sandbox/fieldValidation.ts).
// Sources: apiserver/pkg/endpoints/handlers/rest.go (transformDecodeError),
// encoding/json (UnmarshalTypeError), apimachinery/pkg/api/resource (Quantity),
// apimachinery/pkg/util/intstr (IntOrString).

import { badRequest } from '../k8s/status';
import type { Status } from '../k8s/types';

type Scalar = 'string' | 'bool' | 'int32' | 'int64' | 'quantity' | 'intOrString' | 'time' | 'any';
type Schema = Scalar | { map: Schema; go: string } | { array: Schema; go: string } | { struct: string; fields: Record<string, Schema> };

const stringMap: Schema = { map: 'string', go: 'map[string]string' };
const quantityMap: Schema = { map: 'quantity', go: 'v1.ResourceList' };
const strings: Schema = { array: 'string', go: '[]string' };

const ownerReference: Schema = {
  struct: 'OwnerReference',
  fields: { apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'bool', blockOwnerDeletion: 'bool' },
};

const objectMeta: Schema = {
  struct: 'ObjectMeta',
  fields: {
    name: 'string',
    generateName: 'string',
    namespace: 'string',
    uid: 'string',
    resourceVersion: 'string',
    generation: 'int64',
    creationTimestamp: 'time',
    deletionTimestamp: 'time',
    deletionGracePeriodSeconds: 'int64',
    labels: stringMap,
    annotations: stringMap,
    ownerReferences: { array: ownerReference, go: '[]v1.OwnerReference' },
    finalizers: strings,
  },
};

const labelSelector: Schema = {
  struct: 'LabelSelector',
  fields: {
    matchLabels: stringMap,
    matchExpressions: { array: { struct: 'LabelSelectorRequirement', fields: { key: 'string', operator: 'string', values: strings } }, go: '[]v1.LabelSelectorRequirement' },
  },
};

const nodeSelectorRequirements: Schema = {
  array: { struct: 'NodeSelectorRequirement', fields: { key: 'string', operator: 'string', values: strings } },
  go: '[]v1.NodeSelectorRequirement',
};
const nodeSelectorTerm: Schema = { struct: 'NodeSelectorTerm', fields: { matchExpressions: nodeSelectorRequirements, matchFields: nodeSelectorRequirements } };

const podAffinityTerm: Schema = {
  struct: 'PodAffinityTerm',
  fields: { labelSelector, namespaces: strings, topologyKey: 'string', namespaceSelector: labelSelector, matchLabelKeys: strings, mismatchLabelKeys: strings },
};

const podAffinity = (struct: string): Schema => ({
  struct,
  fields: {
    requiredDuringSchedulingIgnoredDuringExecution: { array: podAffinityTerm, go: '[]v1.PodAffinityTerm' },
    preferredDuringSchedulingIgnoredDuringExecution: {
      array: { struct: 'WeightedPodAffinityTerm', fields: { weight: 'int32', podAffinityTerm } },
      go: '[]v1.WeightedPodAffinityTerm',
    },
  },
});

const affinity: Schema = {
  struct: 'Affinity',
  fields: {
    nodeAffinity: {
      struct: 'NodeAffinity',
      fields: {
        requiredDuringSchedulingIgnoredDuringExecution: { struct: 'NodeSelector', fields: { nodeSelectorTerms: { array: nodeSelectorTerm, go: '[]v1.NodeSelectorTerm' } } },
        preferredDuringSchedulingIgnoredDuringExecution: {
          array: { struct: 'PreferredSchedulingTerm', fields: { weight: 'int32', preference: nodeSelectorTerm } },
          go: '[]v1.PreferredSchedulingTerm',
        },
      },
    },
    podAffinity: podAffinity('PodAffinity'),
    podAntiAffinity: podAffinity('PodAntiAffinity'),
  },
};

const container: Schema = {
  struct: 'Container',
  fields: {
    name: 'string',
    image: 'string',
    imagePullPolicy: 'string',
    resources: { struct: 'ResourceRequirements', fields: { requests: quantityMap, limits: quantityMap } },
    ports: {
      array: { struct: 'ContainerPort', fields: { name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: 'string', hostIP: 'string' } },
      go: '[]v1.ContainerPort',
    },
  },
};

const topologySpreadConstraint: Schema = {
  struct: 'TopologySpreadConstraint',
  fields: {
    maxSkew: 'int32',
    topologyKey: 'string',
    whenUnsatisfiable: 'string',
    labelSelector,
    minDomains: 'int32',
    nodeAffinityPolicy: 'string',
    nodeTaintsPolicy: 'string',
    matchLabelKeys: strings,
  },
};

const toleration: Schema = {
  struct: 'Toleration',
  fields: { key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'int64' },
};

const podSpec: Schema = {
  struct: 'PodSpec',
  fields: {
    nodeName: 'string',
    nodeSelector: stringMap,
    affinity,
    tolerations: { array: toleration, go: '[]v1.Toleration' },
    containers: { array: container, go: '[]v1.Container' },
    initContainers: { array: container, go: '[]v1.Container' },
    volumes: {
      array: { struct: 'Volume', fields: { name: 'string', persistentVolumeClaim: { struct: 'PersistentVolumeClaimVolumeSource', fields: { claimName: 'string', readOnly: 'bool' } } } },
      go: '[]v1.Volume',
    },
    topologySpreadConstraints: { array: topologySpreadConstraint, go: '[]v1.TopologySpreadConstraint' },
    preemptionPolicy: 'string',
    terminationGracePeriodSeconds: 'int64',
    activeDeadlineSeconds: 'int64',
    hostNetwork: 'bool',
    priority: 'int32',
    priorityClassName: 'string',
    schedulerName: 'string',
    restartPolicy: 'string',
    serviceAccountName: 'string',
  },
};

const condition = (struct: string): Schema => ({
  struct,
  fields: { type: 'string', status: 'string', reason: 'string', message: 'string', lastTransitionTime: 'time', lastProbeTime: 'time' },
});

const podTemplate: Schema = { struct: 'PodTemplateSpec', fields: { metadata: objectMeta, spec: podSpec } };

const claimSpec: Schema = {
  struct: 'PersistentVolumeClaimSpec',
  fields: {
    accessModes: strings,
    selector: labelSelector,
    resources: { struct: 'VolumeResourceRequirements', fields: { requests: quantityMap, limits: quantityMap } },
    volumeName: 'string',
    storageClassName: 'string',
    volumeMode: 'string',
  },
};

const workloadSpec = (struct: string): Schema => ({
  struct,
  fields: {
    replicas: 'int32',
    selector: labelSelector,
    template: podTemplate,
    minReadySeconds: 'int32',
    revisionHistoryLimit: 'int32',
    podManagementPolicy: 'string',
    serviceName: 'string',
    parallelism: 'int32',
    completions: 'int32',
    backoffLimit: 'int32',
    suspend: 'bool',
    strategy: 'any',
    updateStrategy: 'any',
    volumeClaimTemplates: { array: { struct: 'PersistentVolumeClaim', fields: { metadata: objectMeta, spec: claimSpec } }, go: '[]v1.PersistentVolumeClaim' },
  },
});

const deleteOptions: Schema = {
  struct: 'DeleteOptions',
  fields: {
    gracePeriodSeconds: 'int64',
    preconditions: { struct: 'Preconditions', fields: { uid: 'string', resourceVersion: 'string' } },
    orphanDependents: 'bool',
    propagationPolicy: 'string',
    dryRun: strings,
  },
};

const top = (kind: string, fields: Record<string, Schema>): Schema => ({ struct: kind, fields: { metadata: objectMeta, ...fields } });

const schemas: Record<string, Schema> = {
  Pod: top('Pod', {
    spec: podSpec,
    status: { struct: 'PodStatus', fields: { phase: 'string', reason: 'string', message: 'string', conditions: { array: condition('PodCondition'), go: '[]v1.PodCondition' } } },
  }),
  Node: top('Node', {
    spec: {
      struct: 'NodeSpec',
      fields: {
        unschedulable: 'bool',
        taints: { array: { struct: 'Taint', fields: { key: 'string', value: 'string', effect: 'string', timeAdded: 'time' } }, go: '[]v1.Taint' },
      },
    },
    status: {
      struct: 'NodeStatus',
      fields: { allocatable: quantityMap, capacity: quantityMap, conditions: { array: condition('NodeCondition'), go: '[]v1.NodeCondition' } },
    },
  }),
  PodDisruptionBudget: top('PodDisruptionBudget', {
    spec: {
      struct: 'PodDisruptionBudgetSpec',
      fields: { minAvailable: 'intOrString', maxUnavailable: 'intOrString', selector: labelSelector, unhealthyPodEvictionPolicy: 'string' },
    },
    status: {
      struct: 'PodDisruptionBudgetStatus',
      fields: {
        observedGeneration: 'int64',
        disruptedPods: { map: 'time', go: 'map[string]v1.Time' },
        disruptionsAllowed: 'int32',
        currentHealthy: 'int32',
        desiredHealthy: 'int32',
        expectedPods: 'int32',
        conditions: { array: condition('Condition'), go: '[]v1.Condition' },
      },
    },
  }),
  Deployment: top('Deployment', { spec: workloadSpec('DeploymentSpec') }),
  ReplicaSet: top('ReplicaSet', { spec: workloadSpec('ReplicaSetSpec') }),
  StatefulSet: top('StatefulSet', { spec: workloadSpec('StatefulSetSpec') }),
  DaemonSet: top('DaemonSet', { spec: workloadSpec('DaemonSetSpec') }),
  Job: top('Job', { spec: workloadSpec('JobSpec') }),
  Namespace: top('Namespace', {}),
  PersistentVolumeClaim: top('PersistentVolumeClaim', { spec: claimSpec }),
  PersistentVolume: top('PersistentVolume', {
    spec: {
      struct: 'PersistentVolumeSpec',
      fields: {
        capacity: quantityMap,
        accessModes: strings,
        claimRef: { struct: 'ObjectReference', fields: { kind: 'string', namespace: 'string', name: 'string', uid: 'string', apiVersion: 'string', resourceVersion: 'string' } },
        persistentVolumeReclaimPolicy: 'string',
        storageClassName: 'string',
        volumeMode: 'string',
        nodeAffinity: { struct: 'VolumeNodeAffinity', fields: { required: { struct: 'NodeSelector', fields: { nodeSelectorTerms: { array: nodeSelectorTerm, go: '[]v1.NodeSelectorTerm' } } } } },
      },
    },
  }),
  StorageClass: top('StorageClass', {
    provisioner: 'string',
    parameters: stringMap,
    reclaimPolicy: 'string',
    volumeBindingMode: 'string',
    allowVolumeExpansion: 'bool',
    allowedTopologies: {
      array: {
        struct: 'TopologySelectorTerm',
        fields: { matchLabelExpressions: { array: { struct: 'TopologySelectorLabelRequirement', fields: { key: 'string', values: strings } }, go: '[]v1.TopologySelectorLabelRequirement' } },
      },
      go: '[]v1.TopologySelectorTerm',
    },
  }),
  Event: top('Event', {}),
  Eviction: top('Eviction', { deleteOptions }),
  DeleteOptions: { struct: 'DeleteOptions', fields: (deleteOptions as { fields: Record<string, Schema> }).fields },
};

/** How encoding/json names a JSON value's type in an UnmarshalTypeError. */
function jsonType(v: unknown): string {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

const goScalar: Record<Exclude<Scalar, 'any' | 'quantity' | 'intOrString'>, string> = {
  string: 'string',
  bool: 'bool',
  int32: 'int32',
  int64: 'int64',
  time: 'v1.Time',
};

// Quantity's own parse error (it is checked on decode, not in validation).
const quantityError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const quantityPattern = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

function goTypeOf(s: Schema): string {
  if (typeof s === 'string') return s === 'quantity' ? 'resource.Quantity' : s === 'intOrString' ? 'intstr.IntOrString' : s === 'any' ? 'interface {}' : goScalar[s];
  if ('map' in s || 'array' in s) return s.go;
  return `v1.${s.struct}`;
}

/** The first decoding error in `value` against `schema`, as encoding/json words it. */
function check(value: unknown, schema: Schema, struct: string, path: string): string | undefined {
  if (value === null || value === undefined || schema === 'any') return undefined;
  // A number that does not fit an integer field is quoted with its value ("number 1.5").
  const shown = typeof value === 'number' && (schema === 'int32' || schema === 'int64') ? `number ${value}` : jsonType(value);
  const mismatch = () => `json: cannot unmarshal ${shown} into Go struct field ${struct}.${path} of type ${goTypeOf(schema)}`;
  if (typeof schema === 'string') {
    switch (schema) {
      case 'string':
      case 'time':
        if (typeof value !== 'string') return mismatch();
        if (schema === 'time' && Number.isNaN(Date.parse(value))) return `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"`;
        return undefined;
      case 'bool':
        return typeof value === 'boolean' ? undefined : mismatch();
      case 'int32':
      case 'int64': {
        if (typeof value !== 'number') return mismatch();
        const limit = schema === 'int32' ? 2 ** 31 : 2 ** 63;
        return Number.isInteger(value) && value >= -limit && value < limit ? undefined : mismatch();
      }
      case 'quantity':
        if (typeof value === 'number') return undefined;
        if (typeof value !== 'string') return mismatch();
        return quantityPattern.test(value.trim()) ? undefined : quantityError;
      case 'intOrString':
        if (typeof value === 'string') return undefined;
        if (typeof value === 'number' && Number.isInteger(value)) return undefined;
        return `json: cannot unmarshal ${jsonType(value)} into Go value of type int32`;
    }
  }
  if ('map' in schema) {
    if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
    for (const v of Object.values(value as Record<string, unknown>)) {
      const err = check(v, schema.map, struct, path);
      if (err) return err;
    }
    return undefined;
  }
  if ('array' in schema) {
    if (!Array.isArray(value)) return mismatch();
    for (const v of value) {
      const err = check(v, schema.array, struct, path);
      if (err) return err;
    }
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
  for (const [field, sub] of Object.entries(schema.fields)) {
    const v = (value as Record<string, unknown>)[field];
    // encoding/json names the struct that holds the field and the whole path to it.
    const err = check(v, sub, schema.struct, path ? `${path}.${field}` : field);
    if (err) return err;
  }
  return undefined;
}

/**
 * The 400 the API server answers for a body whose fields have the wrong
 * JSON types, e.g. `Deployment in version "v1" cannot be handled as a
 * Deployment: json: cannot unmarshal string into Go struct field
 * DeploymentSpec.spec.replicas of type int32`.
 */
export function decodeError(kind: string, value: unknown): Status | undefined {
  const schema = schemas[kind];
  if (!schema) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${jsonType(value)} into Go value of type v1.${kind}`);
  }
  const err = check(value, schema, kind, '');
  return err ? badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${err}`) : undefined;
}
