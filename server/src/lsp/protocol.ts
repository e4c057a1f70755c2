// Findings and hovers in LSP's terms. The analysis knows nothing of LSP; this
// is the language server's formatter of its findings.
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import type { Finding, Severity } from '../analysis/findings';

const severity: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const diagnosticSource = 'kube-eviction';

export function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: severity[finding.severity],
    code: finding.ruleId,
    source: diagnosticSource,
    message: finding.message,
    relatedInformation: finding.related.map((r) => ({ location: r.location, message: r.message })),
  };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Quick fixes of the findings under `range`, and a comment that suppresses each finding (YAML only). */
export function codeActions(findings: Finding[], range: Range, lineText: (line: number) => string, isYaml: boolean): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    if (!overlaps(finding.range, range)) continue;
    const diagnostic = toDiagnostic(finding);
    for (const fix of finding.fixes) {
      const changes: Record<string, TextEdit[]> = {};
      for (const edit of fix.edits) (changes[edit.uri] ??= []).push({ range: edit.range, newText: edit.newText });
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit: { changes } });
    }
    if (isYaml) {
      const line = finding.range.start.line;
      const indent = /^\s*/.exec(lineText(line))![0];
      actions.push({
        title: `Disable ${finding.ruleId} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [finding.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# kube-eviction-disable-next-line ${finding.ruleId}\n` }] } },
      });
    }
  }
  return actions;
}
