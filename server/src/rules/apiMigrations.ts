// The edits that move an object off a deprecated API version where the move
// is safe: the replacement reads the edited manifest as the old version read
// the original. Undefined where it is not (the message then says what to change).
import { anchorOf, type RuleFix } from '../analysis/findings';
import type { Reads } from '../analysis/interest';
import type { ManifestObject } from '../analysis/manifestFile';
import { at, get, pairOf, stringValue, type MapNode, type Node, type Pair, type ScalarNode } from '../analysis/tree';
import { migrationChanges } from '../explain/apiLifecycle';
import type { ApiVersionLifecycle } from '../k8s/apiLifecycle';

type Edit = RuleFix['edits'][number];

/**
 * The edits besides the apiVersion, or undefined where moving is not safe.
 * A version whose migration changes nothing but the apiVersion moves as it is.
 */
export function migrationEdits(object: ManifestObject, l: ApiVersionLifecycle): Edit[] | undefined {
  if (l.kind === 'Ingress') return ingressEdits(object);
  if (l.apiVersion === 'autoscaling/v2beta1') return autoscalerEdits(object);
  if (workloadsDefaultingSelector.has(`${l.apiVersion} ${l.kind}`)) return selectorEdits(object);
  return migrationChanges(l) === undefined ? [] : undefined;
}

export function moveVersionEdit(object: ManifestObject, versionNode: ScalarNode, to: string): Edit {
  return { at: anchorOf(object.document, versionNode), newText: versionNode.quoted ? JSON.stringify(to) : to };
}

/**
 * The old workload versions defaulted a missing `spec.selector` to the pod
 * template's labels (extensions/v1beta1 and apps/v1beta1 SetDefaults_*);
 * apps/v1 requires it: the move writes that selector.
 */
const workloadsDefaultingSelector = new Set(['extensions/v1beta1 DaemonSet', 'extensions/v1beta1 Deployment', 'extensions/v1beta1 ReplicaSet', 'apps/v1beta1 Deployment', 'apps/v1beta1 StatefulSet']);

/** What the edits read, besides the pod template's labels (which the analysis reads). */
export const migrationReads: Reads = {
  ...Object.fromEntries([...workloadsDefaultingSelector].map((versionKind) => [versionKind.split(' ')[1]!, { spec: { selector: true } }])),
  Ingress: { spec: { backend: true, rules: true } },
  HorizontalPodAutoscaler: { spec: { metrics: true } },
};

function selectorEdits(object: ManifestObject): Edit[] | undefined {
  const spec = get(object.node, 'spec');
  if (spec?.type !== 'map') return undefined;
  if (get(spec, 'selector')) return [];
  const labels = at(object.node, ['spec', 'template', 'metadata', 'labels']);
  if (labels?.type !== 'map' || labels.pairs.length === 0) return undefined;
  const matchLabels = `{${labels.pairs.map((p) => `${source(object, p.key)}: ${source(object, p.value)}`).join(', ')}}`;
  return [insertPair(object, spec, `selector: {matchLabels: ${matchLabels}}`)];
}

/**
 * extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress to networking.k8s.io/v1,
 * as the API server converts them (pkg/apis/networking/v1beta1/conversion.go
 * Convert_v1beta1_IngressBackend_To_networking_IngressBackend: a string
 * servicePort becomes port.name, an integer port.number; defaults.go
 * SetDefaults_HTTPIngressPath: a path without pathType is ImplementationSpecific).
 */
function ingressEdits(object: ManifestObject): Edit[] | undefined {
  const spec = get(object.node, 'spec');
  if (spec === undefined) return [];
  if (spec.type !== 'map') return undefined;
  const edits: Edit[] = [];
  const backend = pairOf(spec, 'backend');
  if (backend) {
    edits.push({ at: anchorOf(object.document, backend.key), newText: 'defaultBackend' });
    const converted = backendEdits(object, backend.value);
    if (!converted) return undefined;
    edits.push(...converted);
  }
  const rules = get(spec, 'rules');
  for (const rule of rules?.type === 'seq' ? rules.items : []) {
    const paths = at(rule, ['http', 'paths']);
    for (const path of paths?.type === 'seq' ? paths.items : []) {
      if (path.type !== 'map') return undefined;
      if (!get(path, 'pathType')) edits.push(insertPair(object, path, 'pathType: ImplementationSpecific'));
      const pathBackend = get(path, 'backend');
      const converted = pathBackend && backendEdits(object, pathBackend);
      if (pathBackend && !converted) return undefined;
      edits.push(...(converted ?? []));
    }
  }
  return edits;
}

function backendEdits(object: ManifestObject, backend: Node): Edit[] | undefined {
  if (backend.type !== 'map') return undefined;
  const name = pairOf(backend, 'serviceName');
  const port = pairOf(backend, 'servicePort');
  if (!name && !port) return [];
  if (!name || !port || name.value.type !== 'scalar' || port.value.type !== 'scalar') return undefined;
  const portKey = typeof port.value.value === 'number' ? 'number' : 'name';
  const nameText = source(object, name.value);
  const portText = source(object, port.value);
  if (backend.flow) {
    const others = backend.pairs.filter((p) => p !== name && p !== port).map((p) => `${source(object, p.key)}: ${source(object, p.value)}`);
    const service = `service: {name: ${nameText}, port: {${portKey}: ${portText}}}`;
    return [{ at: anchorOf(object.document, backend), newText: `{${[service, ...others].join(', ')}}` }];
  }
  const [first, second] = name.key.start < port.key.start ? [name, port] : [port, name];
  const pad = (n: number) => ' '.repeat(backend.indent + n);
  const service = `service:\n${pad(2)}name: ${nameText}\n${pad(2)}port:\n${pad(4)}${portKey}: ${portText}`;
  return [{ at: anchorOf(object.document, { start: first.key.start, end: first.value.end }), newText: service }, deleteLines(object, second)];
}

/**
 * autoscaling/v2beta1 HorizontalPodAutoscaler metrics to autoscaling/v2, as
 * the API server converts them (pkg/apis/autoscaling/v2beta1/conversion.go
 * Convert_v2beta1_*MetricSource_To_autoscaling_*MetricSource): each source
 * rewritten in flow style, its values copied as written.
 */
function autoscalerEdits(object: ManifestObject): Edit[] | undefined {
  const metrics = at(object.node, ['spec', 'metrics']);
  if (metrics === undefined) return [];
  if (metrics.type !== 'seq') return undefined;
  const edits: Edit[] = [];
  for (const metric of metrics.items) {
    const type = stringValue(get(metric, 'type'));
    const sourceKey = type && Object.hasOwn(metricSources, type) ? metricSources[type]! : undefined;
    const pair = sourceKey && pairOf(metric, sourceKey);
    const converted = pair && pair.value.type === 'map' ? convertMetricSource(object, type!, pair.value) : undefined;
    if (!pair || !converted) return undefined;
    edits.push({ at: anchorOf(object.document, { start: pair.key.end, end: pair.value.end }), newText: `: ${converted}` });
  }
  return edits;
}

const metricSources: Readonly<Record<string, string>> = { Resource: 'resource', ContainerResource: 'containerResource', Pods: 'pods', Object: 'object', External: 'external' };

/** The fields of each v2beta1 metric source; a source with others is not converted. */
const metricSourceFields: Readonly<Record<string, readonly string[]>> = {
  Resource: ['name', 'targetAverageUtilization', 'targetAverageValue'],
  ContainerResource: ['name', 'container', 'targetAverageUtilization', 'targetAverageValue'],
  Pods: ['metricName', 'selector', 'targetAverageValue'],
  Object: ['target', 'metricName', 'targetValue', 'selector', 'averageValue'],
  External: ['metricName', 'metricSelector', 'targetValue', 'targetAverageValue'],
};

function convertMetricSource(object: ManifestObject, type: string, source: MapNode): string | undefined {
  if (source.pairs.some((p) => !metricSourceFields[type]!.includes(String(p.key.value)))) return undefined;
  const fields = new Map(source.pairs.map((p) => [String(p.key.value), flowText(object, p.value)]));
  if ([...fields.values()].some((v) => v === undefined)) return undefined;
  const map = (entries: [string, string | undefined][]) => `{${entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
  const field = (name: string) => fields.get(name);
  const metric = (selector: string) => map([['name', field('metricName')], ['selector', field(selector)]]);
  switch (type) {
    case 'Resource':
    case 'ContainerResource': {
      const target = map([['type', field('targetAverageUtilization') ? 'Utilization' : 'AverageValue'], ['averageUtilization', field('targetAverageUtilization')], ['averageValue', field('targetAverageValue')]]);
      return map([['name', field('name')], ['container', field('container')], ['target', target]]);
    }
    case 'Pods':
      return map([['metric', metric('selector')], ['target', map([['type', 'AverageValue'], ['averageValue', field('targetAverageValue')]])]]);
    case 'Object': {
      const target = map([['type', field('averageValue') ? 'AverageValue' : 'Value'], ['value', field('targetValue')], ['averageValue', field('averageValue')]]);
      return map([['describedObject', field('target')], ['metric', metric('selector')], ['target', target]]);
    }
    default: {
      const target = map([['type', field('targetValue') ? 'Value' : 'AverageValue'], ['value', field('targetValue')], ['averageValue', field('targetAverageValue')]]);
      return map([['metric', metric('metricSelector')], ['target', target]]);
    }
  }
}

/** A node as flow YAML, its scalars as written; undefined for what flow style cannot hold as written (a block scalar). */
function flowText(object: ManifestObject, node: Node): string | undefined {
  switch (node.type) {
    case 'scalar': {
      const text = source(object, node);
      if (text.includes('\n')) return undefined;
      if (text === '') return 'null';
      return !node.quoted && typeof node.value === 'string' && /[,[\]{}]/.test(text) ? JSON.stringify(node.value) : text;
    }
    case 'map': {
      const pairs = node.pairs.map((p) => [flowText(object, p.key), flowText(object, p.value)]);
      return pairs.every(([k, v]) => k !== undefined && v !== undefined) ? `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}` : undefined;
    }
    case 'seq': {
      const items = node.items.map((item) => flowText(object, item));
      return items.every((i) => i !== undefined) ? `[${items.join(', ')}]` : undefined;
    }
    case 'skipped':
      return undefined;
  }
}

/** Adds a pair as the first of a mapping, on its own line in a block mapping. */
function insertPair(object: ManifestObject, map: MapNode, pair: string): Edit {
  const at = map.flow ? map.start + 1 : map.start;
  const newText = map.flow ? (map.pairs.length ? `${pair}, ` : pair) : `${pair}\n${' '.repeat(map.indent)}`;
  return { at: anchorOf(object.document, { start: at, end: at }), newText };
}

/** Removes the lines of a pair of a block mapping. */
function deleteLines(object: ManifestObject, pair: Pair): Edit {
  const text = object.document.text;
  const start = text.lastIndexOf('\n', pair.key.start - 1) + 1;
  const lineEnd = text.indexOf('\n', pair.value.end);
  return { at: anchorOf(object.document, { start, end: lineEnd === -1 ? text.length : lineEnd + 1 }), newText: '' };
}

function source(object: ManifestObject, node: Node): string {
  return object.document.text.slice(node.start, node.end);
}
