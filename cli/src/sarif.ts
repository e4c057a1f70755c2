// `lint --format sarif`: a SARIF 2.1.0 log (OASIS, sarif-v2.1.0-os) of one
// run, as code-scanning services read it: the tool with every rule it may
// report (id, short and full description, a help link into the README, its
// default level), each finding as a result with its level, a 1-based region
// and related locations, and a partial fingerprint that stays the same when
// unrelated lines move (GitHub code scanning matches alerts across commits
// with it).
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { readingRules } from '../../server/src/analysis/engine';
import type { Finding, Location, Severity } from '../../server/src/analysis/findings';
import type { Range } from '../../server/src/analysis/lineMap';
import { rules } from '../../server/src/rules/registry';
import type { ToolInfo } from './toolInfo';

/** SARIF's levels (3.27.10): `note` for what is worth knowing but not a problem. */
const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** The fingerprint's name and version: a new algorithm gets a new version, so old alerts are not matched wrongly. */
const fingerprintName = 'kubeEviction/v1';

interface RuleDescriptor {
  id: string;
  description: string;
  docs?: string;
  defaultSeverity: Severity;
}

export interface SarifInput {
  findings: readonly Finding[];
  /** Read only for SARIF, which names the tool: the other formats need no package.json. */
  tool: () => ToolInfo;
  /** The folder relative file names are relative to (3.14.14 originalUriBaseIds). */
  cwd: string;
  /** The text of a line (0-based) of a file, for fingerprints; '' when unknown. */
  lineText(uri: string, line: number): string;
}

export function sarifLog({ findings, tool: toolOf, cwd, lineText }: SarifInput): object {
  const tool = toolOf();
  const descriptors: RuleDescriptor[] = [...rules, ...Object.values(readingRules)];
  const ruleIndex = new Map(descriptors.map((rule, index) => [rule.id, index]));
  const anchor = (id: string) => `${tool.readmeUrl}#rule-${id}`;
  const occurrences = new Map<string, number>();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.readmeUrl,
            rules: descriptors.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              fullDescription: { text: plain(rule.docs ?? rule.description), markdown: rule.docs ?? rule.description },
              helpUri: anchor(rule.id),
              help: { text: `${rule.description} See ${anchor(rule.id)}`, markdown: `${rule.docs ?? rule.description}\n\n[Documentation](${anchor(rule.id)})` },
              defaultConfiguration: { level: levels[rule.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        results: findings.map((finding) => {
          // What identifies a finding across commits: its rule, file, message and the text of its line, never line numbers;
          // the same finding twice in a file is told apart by its order.
          const identity = [finding.ruleId, finding.uri, finding.message, lineText(finding.uri, finding.range.start.line).trim()].join('\0');
          const occurrence = occurrences.get(identity) ?? 0;
          occurrences.set(identity, occurrence + 1);
          return {
            ruleId: finding.ruleId,
            ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
            level: levels[finding.severity],
            message: { text: finding.message },
            locations: [physical(finding)],
            ...(finding.related.length
              ? { relatedLocations: finding.related.map((related, id) => ({ id, ...physical(related.location), message: { text: related.message } })) }
              : {}),
            partialFingerprints: { [fingerprintName]: `${createHash('sha256').update(identity).digest('hex').slice(0, 32)}:${occurrence}` },
          };
        }),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

function physical(location: Location | Finding): object {
  return { physicalLocation: { artifactLocation: artifact(location.uri), region: region(location.range) } };
}

/** A shown file name as a SARIF artifact location: relative ones under SRCROOT, absolute ones as file URIs. */
function artifact(name: string): object {
  if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name)) return { uri: pathToFileURL(name).href };
  return { uri: name.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

/** 1-based lines and columns (3.30.2); an empty range covers nothing, so it ends where it starts. */
function region(range: Range): object {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Markdown to the plain text SARIF's `text` properties hold. */
function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}
