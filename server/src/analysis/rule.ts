// What a rule is: one module describing itself (id, description, default
// severity, docs, the kinds it checks, what else it reads) with one check
// function from an object of the workspace to findings.
import type { RuleFinding, Severity } from '../analysis/findings';
import type { LiveCluster } from '../analysis/liveCluster';
import type { ManifestObject } from '../analysis/manifestFile';
import type { Relations } from '../analysis/relations';
import type { Settings } from '../analysis/settings';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';

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
  /** The kinds of the objects it checks; `all`: every manifest. */
  readonly kinds: readonly string[] | 'all';
  readonly inputs: readonly RuleInput[];
  check(object: ManifestObject, context: RuleContext): RuleFinding[];
}
