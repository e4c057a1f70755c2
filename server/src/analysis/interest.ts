// What the analysis reads of a manifest: apiVersion, kind and metadata of
// every manifest, and of the kinds that the rules and the analysis itself
// read, the fields they declare (each rule its `reads`; the analysis its own
// below). Everything else is skipped by the cold scan (fastReader.ts) and left
// out of the tree by the `yaml` reader, so both readers give the same tree.
import { samePath, type FieldPath } from './anchors';
import type { Rule } from './rule';
import { podTemplateReads } from './podTemplates';

/** `true` reads a whole subtree; a record reads only the keys it names (of a mapping, or of each item of a sequence). */
export type Interest = true | { readonly [key: string]: Interest };

/** By kind, the fields read under an object's root besides apiVersion, kind and metadata (read of every manifest). */
export type Reads = { readonly [kind: string]: Interest };

/** By kind, the fields findings point at most (see Rule.anchors). */
export type Anchors = { readonly [kind: string]: readonly FieldPath[] };

/** What is read of the documents, for a set of rules (see readingInterest). */
export interface ReadingInterest {
  /**
   * What is read of a document of a kind in readKinds, or whose kind only
   * shows nested (a List, a flow document): every field read of any kind
   * (one tree, as cheap to follow as one per kind), and the same of the
   * objects of a List's `items`.
   */
  readonly manifest: Interest;
  /** The kinds of which more than apiVersion, kind and metadata is read. */
  readonly readKinds: ReadonlySet<string>;
  /**
   * The kinds the rules analyse (those a rule checks, and those the analysis
   * relates them to). Their documents are checked whole (parse-error and
   * duplicate-key also where nothing reads); of the others, what is read is
   * checked.
   */
  readonly analysedKinds: ReadonlySet<string>;
  /** By kind, the paths whose spans are recorded as a document is read (readDocument): what the rules declare they anchor at (Rule.anchors). */
  readonly anchors: ReadonlyMap<string, readonly FieldPath[]>;
}

/** `List` and the typed lists (`PodList`, `DeploymentList`, …) carry objects in `items`. */
export function isListKind(kind: string): boolean {
  return kind.endsWith('List');
}

const objectMeta = { name: true, generateName: true, namespace: true, labels: true, ownerReferences: true } as const;

/** What is read of a manifest of a kind nothing reads further. */
export const headerInterest: Interest = { apiVersion: true, kind: true, metadata: objectMeta };

/**
 * What the analysis reads besides the rules: what the workspace index relates
 * (pod template labels and replica counts, budgets, nodes, the workloads an
 * autoscaler scales, the kinds and versions a CustomResourceDefinition
 * defines), the budget status that hovers show, and the fields decode.ts
 * types as the API server would.
 */
const analysisReads: readonly Reads[] = [
  podTemplateReads({ metadata: objectMeta }),
  Object.fromEntries(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].map((kind) => [kind, { spec: { replicas: true } }])),
  {
    Job: { spec: { parallelism: true } },
    CronJob: { spec: { jobTemplate: { spec: { parallelism: true } } } },
    PodDisruptionBudget: { spec: { selector: true, minAvailable: true, maxUnavailable: true, unhealthyPodEvictionPolicy: true } },
    Node: { spec: { taints: true, unschedulable: true } },
    HorizontalPodAutoscaler: { spec: { scaleTargetRef: true } },
    CustomResourceDefinition: { spec: { group: true, names: { kind: true }, version: true, versions: { name: true, served: true, deprecated: true, deprecationWarning: true } } },
  },
];

/** Kinds the analysis checks whole though no rule checks them. */
const analysisAnalysedKinds = [
  // An autoscaled workload's replica count is not in its manifest.
  'HorizontalPodAutoscaler',
  // Checked whole since the first reader, though nothing reads it: kept so that its findings stay as they were.
  'PodSecurityPolicy',
];

/** The union of interests: `true` wins, records merge key by key. */
export function mergeInterest(a: Interest | undefined, b: Interest): Interest {
  if (a === undefined) return b;
  if (a === true || b === true) return true;
  const merged: { [key: string]: Interest } = { ...a };
  for (const [key, value] of Object.entries(b)) merged[key] = mergeInterest(merged[key], value);
  return merged;
}

/** The union of reads, kind by kind. */
export function mergeReads(...reads: readonly Reads[]): Reads {
  const merged: { [kind: string]: Interest } = {};
  for (const byKind of reads) for (const [kind, interest] of Object.entries(byKind)) merged[kind] = mergeInterest(merged[kind], interest);
  return merged;
}

/** The union of anchors, kind by kind, each path once. */
function mergeAnchors(anchors: readonly Anchors[]): Map<string, FieldPath[]> {
  const merged = new Map<string, FieldPath[]>();
  for (const byKind of anchors) {
    for (const [kind, paths] of Object.entries(byKind)) {
      const known = merged.get(kind) ?? [];
      merged.set(kind, known);
      for (const path of paths) if (!known.some((p) => samePath(p, path))) known.push(path);
    }
  }
  return merged;
}

type RuleReading = Pick<Rule, 'kinds' | 'reads' | 'anchors'>;

const computed = new WeakMap<readonly RuleReading[], ReadingInterest>();

/** What is read for these rules: what they and the analysis declare; computed once per list of rules (the registry's, the CLI's). */
export function readingInterest(rules: readonly RuleReading[]): ReadingInterest {
  let interest = computed.get(rules);
  if (!interest) computed.set(rules, (interest = fromReads(rules)));
  return interest;
}

function fromReads(rules: readonly RuleReading[]): ReadingInterest {
  const reads = mergeReads(...analysisReads, ...rules.map((rule) => rule.reads ?? {}));
  const analysedKinds = new Set([...analysisAnalysedKinds, ...rules.flatMap((rule) => (rule.kinds === 'all' ? [] : rule.kinds))]);
  let fields = headerInterest;
  for (const interest of Object.values(reads)) fields = mergeInterest(fields, interest);
  let manifest: Interest = true;
  if (fields !== true) {
    const withItems: { [key: string]: Interest } = { ...fields };
    withItems['items'] = withItems;
    manifest = withItems;
  }
  return { manifest, readKinds: new Set([...Object.keys(reads), ...analysedKinds]), analysedKinds, anchors: mergeAnchors(rules.map((rule) => rule.anchors ?? {})) };
}
