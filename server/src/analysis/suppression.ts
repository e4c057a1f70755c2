// `# kube-eviction-disable-next-line [rule-id[, rule-id…]] [-- reason]`: the
// findings of the named rules (all rules when none is named) that start on the
// next line are not reported.

export interface Suppression {
  /** Document-relative offsets of the suppressed line. */
  lineStart: number;
  lineEnd: number;
  /** Rule ids; empty means every rule. */
  rules: readonly string[];
}

const directive = /(?:^|[ \t])#[ \t]*kube-eviction-disable-next-line\b([^\r\n]*)/g;

/** What most documents have: one list for all of them. */
const none: readonly Suppression[] = [];

export function parseSuppressions(text: string): readonly Suppression[] {
  if (!text.includes('kube-eviction-disable-next-line')) return none;
  const out: Suppression[] = [];
  directive.lastIndex = 0;
  for (let match = directive.exec(text); match; match = directive.exec(text)) {
    const newline = text.indexOf('\n', match.index + match[0].length);
    if (newline === -1) continue;
    const lineStart = newline + 1;
    const next = text.indexOf('\n', lineStart);
    const rules = match[1]!.split('--')[0]!.split(/[\s,]+/).filter(Boolean);
    out.push({ lineStart, lineEnd: next === -1 ? text.length : next, rules });
  }
  return out;
}

export function isSuppressed(suppressions: readonly Suppression[], ruleId: string, offset: number): boolean {
  return suppressions.some((s) => offset >= s.lineStart && offset <= s.lineEnd && (s.rules.length === 0 || s.rules.includes(ruleId)));
}
