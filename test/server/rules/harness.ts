// Runs the analysis engine over in-memory files, for table-driven rule tests.
import { AnalysisEngine } from '../../../server/src/analysis/engine';
import type { Finding } from '../../../server/src/analysis/findings';
import { LiveCluster, type ClusterFacts } from '../../../server/src/analysis/liveCluster';
import { defaultSettings, type Settings } from '../../../server/src/analysis/settings';
import { rules } from '../../../server/src/rules/registry';
import { assertRecordedSpans } from '../analysis/recordedSpans';

export interface Case {
  name: string;
  files: Record<string, string>;
  settings?: Partial<Settings>;
  /** The live cluster's facts, as the VS Code client sends them. */
  cluster?: ClusterFacts;
  /** `file:line severity` of each finding of the rule under test, 1-based lines. */
  expect: string[];
  /** Substrings the messages must contain, in the order of `expect`. */
  messages?: (string | RegExp)[];
}

export function lint(files: Record<string, string>, settings: Partial<Settings> = {}, cluster?: ClusterFacts): { engine: AnalysisEngine; findings: Finding[] } {
  const engine = new AnalysisEngine(rules, { ...defaultSettings, ...settings });
  for (const [uri, text] of Object.entries(files)) engine.setFile(uri, text);
  if (cluster) engine.setCluster(new LiveCluster(cluster));
  const findings = Object.keys(files).flatMap((uri) => engine.findingsFor(uri));
  // Every table's documents also check the spans recorded as they were read.
  assertRecordedSpans(engine.index.objects());
  return { engine, findings };
}

export function summary(finding: Finding): string {
  return `${finding.uri}:${finding.range.start.line + 1} ${finding.severity}`;
}

/** A manifest from lines, so that test cases read like the YAML they are. */
export function yaml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

export function deployment(name: string, labels: Record<string, string>, replicas: number | undefined, extra: string[] = [], namespace = 'default'): string {
  return yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    ...(replicas === undefined ? [] : [`  replicas: ${replicas}`]),
    '  selector:',
    `    matchLabels: ${JSON.stringify(labels)}`,
    '  template:',
    '    metadata:',
    `      labels: ${JSON.stringify(labels)}`,
    '    spec:',
    ...extra,
    '      containers:',
    '      - name: app',
    '        image: nginx',
  );
}

export function pdb(name: string, spec: string[], apiVersion = 'policy/v1', namespace = 'default'): string {
  return yaml(`apiVersion: ${apiVersion}`, 'kind: PodDisruptionBudget', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, 'spec:', ...spec);
}

/** A Node manifest; `taints` are YAML list items (`  - {key: gpu, effect: NoSchedule}`). */
export function node(name: string, labels: Record<string, string>, taints: string[], unschedulable = false): string {
  return yaml('apiVersion: v1', 'kind: Node', 'metadata:', `  name: ${name}`, `  labels: ${JSON.stringify(labels)}`, 'spec:', ...(unschedulable ? ['  unschedulable: true'] : []), ...(taints.length ? ['  taints:', ...taints] : ['  taints: []']));
}

/** A live node's facts: labels, taints (`key=value:Effect` or `key:Effect`), cordoned. */
export function liveNode(name: string, labels: Record<string, string> = {}, taints: string[] = [], unschedulable = false): ClusterFacts['nodes'][number] {
  return {
    name,
    labels: { 'kubernetes.io/hostname': name, ...labels },
    taints: taints.map((t) => {
      const [, key, value, effect] = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(t)!;
      return { key: key!, effect: effect!, ...(value ? { value } : {}) };
    }),
    unschedulable,
  };
}
