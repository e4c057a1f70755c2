// Findings: what the rules report, anchored in documents while the analysis
// holds them, and materialized (file, range) for the language server and the
// CLI, which are two formatters of the same list.
import type { ManifestDocument } from './manifestFile';
import type { Range } from './lineMap';

export const severities = ['error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof severities)[number];

/** A span of a document, in document-relative offsets (see tree.ts). */
export interface Anchor {
  document: ManifestDocument;
  start: number;
  end: number;
}

export interface RuleFix {
  title: string;
  edits: { at: Anchor; newText: string }[];
  /** The fix an editor may apply on its own (VS Code's "preferred" quick fix). */
  preferred?: boolean;
}

/** A finding as a rule makes it; the engine adds the rule id and the configured severity. */
export interface RuleFinding {
  at: Anchor;
  message: string;
  /** Where a rule's severity depends on the case (deprecated-api, untolerated-taint). */
  severity?: Severity;
  /** Where else the finding's cause lies; without `at` (a live cluster's node has no place in the workspace) the message names it, at the finding. */
  related?: { at?: Anchor; message: string }[];
  fixes?: RuleFix[];
}

export interface Location {
  uri: string;
  range: Range;
}

export interface TextEdit {
  uri: string;
  range: Range;
  newText: string;
}

export interface Finding {
  uri: string;
  range: Range;
  severity: Severity;
  ruleId: string;
  message: string;
  related: { location: Location; message: string }[];
  fixes: { title: string; edits: TextEdit[]; preferred: boolean }[];
}

export function anchorOf(document: ManifestDocument, node: { start: number; end: number }): Anchor {
  return { document, start: node.start, end: node.end };
}

export function locate(at: Anchor): Location {
  const { file, start } = at.document;
  const lines = file.lineMap;
  return { uri: file.uri, range: { start: lines.positionAt(start + at.start), end: lines.positionAt(start + at.end) } };
}

/** Related locations listed per finding; the rest are counted (a budget over 10,000 workloads must not send 10,000 of them). */
export const maxRelatedLocations = 20;

type RuleRelated = NonNullable<RuleFinding['related']>[number];

/**
 * Related information already located in one report, by the rule's: rules
 * share it between findings (a budget over many pods is named in the
 * finding of each), and so does the report then, located once.
 */
export type Located = Map<RuleRelated, Finding['related'][number]>;

export function materialize(ruleId: string, severity: Severity, finding: RuleFinding, located: Located = new Map()): Finding {
  const { uri, range } = locate(finding.at);
  const all = finding.related ?? [];
  const related = all.slice(0, maxRelatedLocations).map((r) => {
    if (!r.at) return { location: { uri, range }, message: r.message };
    let entry = located.get(r);
    if (!entry) located.set(r, (entry = { location: locate(r.at), message: r.message }));
    return entry;
  });
  if (all.length > maxRelatedLocations) related.push({ location: { uri, range }, message: `and ${all.length - maxRelatedLocations} more, not listed` });
  return {
    uri,
    range,
    severity,
    ruleId,
    message: finding.message,
    related,
    fixes: (finding.fixes ?? []).map((fix) => ({
      title: fix.title,
      preferred: fix.preferred ?? false,
      edits: fix.edits.map((edit) => ({ ...locate(edit.at), newText: edit.newText })),
    })),
  };
}

const matchesAtOnce = /^/;

/**
 * Flattens a message in place. A message built piece by piece is, in V8, a
 * tree of its pieces (a cons string) about twice the size of its text, and
 * findings are kept, thousands in a large workspace. Running a regular
 * expression on a string flattens it first (V8's String::Flatten, in
 * RegExp execution); the tree's root then holds the text in one piece.
 */
export function flatten(message: string): void {
  matchesAtOnce.test(message);
}

const sameAnchor = (a: Anchor | undefined, b: Anchor | undefined) => a === b || (!!a && !!b && a.document === b.document && a.start === b.start && a.end === b.end);

/** Whether two lists of a rule's findings say the same at the same places (messages, related locations, fixes). */
export function sameFindings(a: readonly RuleFinding[], b: readonly RuleFinding[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    const related = (f: RuleFinding) => f.related ?? [];
    const fixes = (f: RuleFinding) => f.fixes ?? [];
    return (
      x.message === y.message &&
      x.severity === y.severity &&
      sameAnchor(x.at, y.at) &&
      related(x).length === related(y).length &&
      related(x).every((r, j) => r.message === related(y)[j]!.message && sameAnchor(r.at, related(y)[j]!.at)) &&
      fixes(x).length === fixes(y).length &&
      fixes(x).every((f, j) => {
        const g = fixes(y)[j]!;
        return f.title === g.title && f.preferred === g.preferred && f.edits.length === g.edits.length && f.edits.every((e, k) => e.newText === g.edits[k]!.newText && sameAnchor(e.at, g.edits[k]!.at));
      })
    );
  });
}
