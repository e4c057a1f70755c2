// The formats `kube-eviction lint` prints its findings in: one line a finding
// (text), a JSON array, a SARIF log (sarif.ts) and GitHub Actions workflow
// commands (annotations on the pull request's files).
import type { Finding, Severity } from '../../server/src/analysis/findings';
import { plural } from '../../server/src/explain/text';
import { sarifLog, type SarifInput } from './sarif';

export const formats = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof formats)[number];

export function formatFindings(format: Format, input: SarifInput): string {
  const { findings } = input;
  switch (format) {
    case 'text':
      return findings.map(toLine).join('');
    case 'json':
      return `${JSON.stringify(findings.map(toJson), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(sarifLog(input), null, 2)}\n`;
    case 'github':
      return findings.map(toWorkflowCommand).join('');
  }
}

function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ');
}

function toLine(f: Finding): string {
  return `${f.uri}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${oneLine(f.message)} (${f.ruleId})\n`;
}

function toJson(f: Finding) {
  return {
    file: f.uri,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.ruleId,
    message: f.message,
  };
}

/** GitHub's annotation levels: information and hints are notices. */
const commands: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/**
 * `::error file=…,line=…::message`, escaped as the Actions toolkit escapes
 * (actions/toolkit packages/core/src/command.ts, escapeData and escapeProperty):
 * `%`, CR and LF everywhere, and `:` and `,` in properties.
 */
function toWorkflowCommand(f: Finding): string {
  const properties = [
    ['file', f.uri],
    ['line', f.range.start.line + 1],
    ['endLine', f.range.end.line + 1],
    ['col', f.range.start.character + 1],
    ['endColumn', f.range.end.character + 1],
    ['title', `kube-eviction ${f.ruleId}`],
  ] as const;
  return `::${commands[f.severity]} ${properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')}::${escapeData(f.message)}\n`;
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** The line on stderr after text findings. */
export function summary(findings: readonly Finding[], what: string): string {
  if (findings.length === 0) return `No findings in ${what}.`;
  const counts = ['error', 'warning', 'information', 'hint']
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 || s === 'information' ? '' : 's'}`);
  return `${plural(findings.length, 'finding')} (${counts.join(', ')}) in ${what}.`;
}
