// Where each kind that runs pods keeps its pod template (a Pod is its own).
import type { FieldPath } from './anchors';
import type { Anchors, Interest, Reads } from './interest';

/** Kinds with pods or pod templates, and the path of the pod template. */
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

/** The same fields of every pod template (`{spec: {tolerations: true}}`), where each kind keeps it. */
export function podTemplateReads(template: { readonly metadata?: Interest; readonly spec?: Interest }): Reads {
  return Object.fromEntries(Object.entries(podTemplatePath).map(([kind, path]) => [kind, path.reduceRight<Interest>((inner, key) => ({ [key]: inner }), template)]));
}

/** The path of a field of a kind's pod template (of a Pod, its own). */
export function podTemplateField(kind: string, field: FieldPath): FieldPath {
  return [...(podTemplatePath[kind] ?? []), ...field];
}

/** The same fields of every pod template, where each kind keeps it, as a rule declares its anchors. */
export function podTemplateAnchors(...fields: FieldPath[]): Anchors {
  return Object.fromEntries(Object.keys(podTemplatePath).map((kind) => [kind, fields.map((field) => podTemplateField(kind, field))]));
}
