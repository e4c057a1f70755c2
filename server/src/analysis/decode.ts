// Decodes the fields the rules read into the Kubernetes API's JSON shapes, the
// way the API server's JSON decoder would: a field of the wrong JSON type makes
// the manifest undecodable (the server answers 400), `null` means "not set",
// and unknown fields are ignored (the server only warns about them).
import { isAbsent, type MapNode, type Node } from './tree';

type Schema =
  | 'string'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'intOrString'
  | 'any'
  | { readonly object: { readonly [field: string]: Schema } }
  | { readonly array: Schema }
  | { readonly map: Schema };

export interface DecodeError {
  path: (string | number)[];
  node: Node;
  message: string;
}

const string = 'string';
const objectMeta: Schema = {
  object: {
    name: string,
    generateName: string,
    namespace: string,
    labels: { map: string },
    ownerReferences: {
      array: { object: { apiVersion: string, kind: string, name: string, uid: string, controller: 'bool', blockOwnerDeletion: 'bool' } },
    },
  },
};

const labelSelector: Schema = {
  object: {
    matchLabels: { map: string },
    matchExpressions: { array: { object: { key: string, operator: string, values: { array: string } } } },
  },
};

const nodeSelectorRequirements: Schema = { array: { object: { key: string, operator: string, values: { array: string } } } };

const podSpec: Schema = {
  object: {
    nodeName: string,
    nodeSelector: { map: string },
    hostNetwork: 'bool',
    tolerations: { array: { object: { key: string, operator: string, value: string, effect: string, tolerationSeconds: 'int64' } } },
    affinity: {
      object: {
        nodeAffinity: {
          object: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              object: { nodeSelectorTerms: { array: { object: { matchExpressions: nodeSelectorRequirements, matchFields: nodeSelectorRequirements } } } },
            },
            preferredDuringSchedulingIgnoredDuringExecution: 'any',
          },
        },
      },
    },
  },
};

const podTemplate: Schema = { object: { metadata: objectMeta, spec: podSpec } };

function workload(spec: { [field: string]: Schema }): Schema {
  return { object: { spec: { object: spec } } };
}

const specSchemas: Record<string, Schema> = {
  Pod: { object: { spec: podSpec } },
  Deployment: workload({ replicas: 'int32', selector: labelSelector, template: podTemplate }),
  StatefulSet: workload({ replicas: 'int32', selector: labelSelector, template: podTemplate }),
  ReplicaSet: workload({ replicas: 'int32', selector: labelSelector, template: podTemplate }),
  ReplicationController: workload({ replicas: 'int32', selector: { map: string }, template: podTemplate }),
  DaemonSet: workload({ selector: labelSelector, template: podTemplate }),
  Job: workload({ parallelism: 'int32', selector: labelSelector, template: podTemplate }),
  CronJob: workload({ jobTemplate: { object: { spec: { object: { parallelism: 'int32', template: podTemplate } } } } }),
  PodDisruptionBudget: workload({
    minAvailable: 'intOrString',
    maxUnavailable: 'intOrString',
    selector: labelSelector,
    unhealthyPodEvictionPolicy: string,
  }),
  HorizontalPodAutoscaler: workload({ scaleTargetRef: { object: { apiVersion: string, kind: string, name: string } } }),
  CustomResourceDefinition: workload({
    group: string,
    names: { object: { kind: string } },
    version: string,
    versions: { array: { object: { name: string, served: 'bool', deprecated: 'bool', deprecationWarning: string } } },
  }),
  Node: workload({ unschedulable: 'bool', taints: { array: { object: { key: string, value: string, effect: string, timeAdded: 'any' } } } }),
  Eviction: {
    object: {
      deleteOptions: {
        object: {
          apiVersion: string,
          kind: string,
          gracePeriodSeconds: 'int64',
          preconditions: { object: { uid: string, resourceVersion: string } },
          propagationPolicy: string,
          orphanDependents: 'bool',
          dryRun: { array: string },
        },
      },
    },
  },
};

const typeMeta = { apiVersion: string, kind: string, metadata: objectMeta } as const;

/** The schema of each kind's manifest, made once (every object of the workspace is decoded). */
const manifestSchemas = new Map<string, Schema>();

export function decodeObject(kind: string, node: MapNode): { data: Record<string, unknown>; errors: DecodeError[] } {
  let schema = manifestSchemas.get(kind);
  if (!schema) {
    const fields = (Object.hasOwn(specSchemas, kind) ? (specSchemas[kind] as { object: Record<string, Schema> }).object : undefined) ?? {};
    manifestSchemas.set(kind, (schema = { object: { ...typeMeta, ...fields } }));
  }
  const errors: DecodeError[] = [];
  const data = decode(node, schema, [], errors) as Record<string, unknown>;
  return { data: data ?? {}, errors };
}

const expected: Record<string, string> = {
  string: 'a string',
  int32: 'an integer',
  int64: 'an integer',
  bool: 'a boolean',
  intOrString: 'an integer or a string',
  object: 'a mapping',
  array: 'a list',
  map: 'a mapping',
};

/** `path` is where `node` is: the steps are pushed and popped as the decoding descends, and copied into an error. */
function decode(node: Node, schema: Schema, path: (string | number)[], errors: DecodeError[]): unknown {
  if (node.type === 'skipped' || schema === 'any') return undefined;
  if (isAbsent(node)) return null;
  if (typeof schema === 'string') {
    if (node.type !== 'scalar') return failure(node, path, errors, schema);
    const value = node.value;
    switch (schema) {
      case 'string':
        return typeof value === 'string' ? value : failure(node, path, errors, schema);
      case 'int32':
      case 'int64': {
        // Go's decoder refuses a number its field cannot hold: `replicas: 1e308` is no replica count.
        if (typeof value !== 'number' || !Number.isInteger(value)) return failure(node, path, errors, schema);
        const bits = schema === 'int32' ? 31 : 63;
        return value >= -(2 ** bits) && value < 2 ** bits ? value : failure(node, path, errors, schema, `an integer from -2^${bits} to 2^${bits}-1 (${schema})`);
      }
      case 'bool':
        return typeof value === 'boolean' ? value : failure(node, path, errors, schema);
      case 'intOrString':
        return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)) ? value : failure(node, path, errors, schema);
    }
  }
  if ('array' in schema) {
    if (node.type !== 'seq') return failure(node, path, errors, 'array');
    return node.items.map((item, index) => {
      path.push(index);
      const value = decode(item, schema.array, path, errors);
      path.pop();
      return value;
    });
  }
  if (node.type !== 'map') return failure(node, path, errors, 'object' in schema ? 'object' : 'map');
  const out: Record<string, unknown> = {};
  for (const pair of node.pairs) {
    const key = String(pair.key.value);
    const field = 'object' in schema ? (Object.hasOwn(schema.object, key) ? schema.object[key] : undefined) : schema.map;
    if (field === undefined) continue;
    path.push(key);
    const value = decode(pair.value, field, path, errors);
    path.pop();
    // Go decodes a null map entry to the element's zero value: "" for a label.
    if (value !== undefined) out[key] = value === null && 'map' in schema && field === 'string' ? '' : value;
  }
  return out;
}

function failure(node: Node, path: readonly (string | number)[], errors: DecodeError[], want: string, expectation = expected[want]): undefined {
  errors.push({ path: [...path], node, message: `${path.join('.') || 'the document'}: expected ${expectation}, found ${describe(node)}` });
  return undefined;
}

function describe(node: Node): string {
  if (node.type === 'map') return 'a mapping';
  if (node.type === 'seq') return 'a list';
  if (node.type !== 'scalar') return 'a value';
  const value = node.value;
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}
