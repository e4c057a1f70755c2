// Applies a finding's fix to the in-memory files, the way an editor applies a WorkspaceEdit.
import type { Finding } from '../../../server/src/analysis/findings';
import { LineMap } from '../../../server/src/analysis/lineMap';

export function applyFix(files: Record<string, string>, finding: Finding, title?: string): Record<string, string> {
  const fix = title ? finding.fixes.find((f) => f.title === title) : finding.fixes[0];
  if (!fix) throw new Error(`no fix ${title ?? ''} in ${finding.fixes.map((f) => f.title).join(', ')}`);
  const out = { ...files };
  for (const uri of new Set(fix.edits.map((e) => e.uri))) {
    const lines = new LineMap(out[uri]!);
    const edits = fix.edits
      .filter((e) => e.uri === uri)
      .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), text: e.newText }))
      .sort((a, b) => b.start - a.start);
    let text = out[uri]!;
    for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    out[uri] = text;
  }
  return out;
}
