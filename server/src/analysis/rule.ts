// What a rule is, for the engine that runs it (engine.ts): one module
// describing itself (id, description, default severity, docs, the kinds it
// checks, the fields it reads, what else its findings depend on) with one
// check function from an object of the workspace to findings. The rules live
// in server/src/rules, listed by its registry.
import type { RuleFinding, Severity } from './findings';
import type { Anchors, Reads } from './interest';
import type { LiveCluster } from './liveCluster';
import type { ManifestObject } from './manifestFile';
import type { Relations } from './relations';
import type { Settings } from './settings';
import type { WorkspaceIndex } from './workspaceIndex';

/**
 * What a rule's findings on an object depend on besides the object itself,
 * so that an edit re-runs the rule only where its inputs changed:
 * - `selection`: which PDBs select which pods and pod templates (and those pods' workloads), and where files are deployed (clusters.ts);
 * - `nodes`: the Node manifests;
 * - `podNames`: the pods and workloads of the object's namespace, by name (Eviction targets);
 * - `liveNodes`: the live cluster's nodes (and its context);
 * - `livePods`: the labels of the live cluster's pods in a PDB's namespace (and its context);
 * - `definitions`: the CustomResourceDefinitions of the object's group and kind;
 * - `conflictingBudgets`: a PDB's spec and selection, for the few PDBs that share pods with it (fewConflictingBudgets).
 */
export type RuleInput = 'selection' | 'nodes' | 'podNames' | 'liveNodes' | 'livePods' | 'definitions' | 'conflictingBudgets';

export interface RuleContext {
  readonly index: WorkspaceIndex;
  /** What the index relates, deployed together (variants and clusters, see relations.ts). */
  readonly related: Relations;
  readonly settings: Settings;
  /** The cluster of the editor's current context, when the client sends it (never in the CLI). */
  readonly cluster: LiveCluster | undefined;
  /** Whether findings carry their quick fixes: an editor offers them; lint prints none, so none are made. */
  readonly fixes: boolean;
}

export interface Rule {
  readonly id: string;
  /** One line, for settings and listings. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** How the severity varies by case, where it does (short: listings print it). */
  readonly severityNote?: string;
  /** Markdown: what it reports, why it matters, how to fix or suppress it. */
  readonly docs: string;
  readonly fixable: boolean;
  /** The kinds of the objects it checks (`all`: every manifest); the documents of the kinds named are checked whole. */
  readonly kinds: readonly string[] | 'all';
  /**
   * The fields it reads, by kind, of the objects it checks and of those it
   * relates them to, besides apiVersion, kind and metadata and what the
   * analysis reads for its inputs (interest.ts): the readers skip every
   * field that no rule declares, so a field left out reads as absent.
   */
  readonly reads?: Reads;
  /**
   * The fields its findings point at most (anchorAt's paths), by kind: their
   * spans are recorded as the documents are read, so that a finding there
   * needs no second reading of its document. A path left out is found in the
   * document read again.
   */
  readonly anchors?: Anchors;
  readonly inputs: readonly RuleInput[];
  check(object: ManifestObject, context: RuleContext): RuleFinding[];
}
