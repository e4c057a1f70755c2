// `kube-eviction lint [PATH…] [--format text|json] [--kubernetes-version 1.NN] [--cluster]`:
// the same engine, rules and default settings as the language server, with
// findings printed one a line (or as JSON). Exit 1 on any error-level
// finding, 0 otherwise, 2 on a usage or I/O error, 4 when the cluster asked
// for cannot be used.
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { AnalysisEngine } from '../../server/src/analysis/engine';
import type { Finding } from '../../server/src/analysis/findings';
import { LiveCluster } from '../../server/src/analysis/liveCluster';
import { defaultSettings, parseKubernetesVersion } from '../../server/src/analysis/settings';
import { errorReason, listManifestFiles, readManifestFile } from '../../server/src/analysis/workspaceFiles';
import { rules } from '../../server/src/rules/registry';
import { kubeconfigFlagsHelp, runCommand } from './clusterCommand';
import type { Output } from './io';
import { readClusterFacts } from './lintCluster';

export const lintUsage = `Usage: kube-eviction lint [PATH...] [--format text|json] [--kubernetes-version 1.NN]
                          [--cluster] [--kubeconfig FILE] [--context NAME]

Analyses the Kubernetes manifests in the given files and folders (recursively;
default: the current folder) for PodDisruptionBudget, taint and API-version
problems. Exit status: 1 if any finding is an error, 0 otherwise, 2 on a usage
or I/O error, 4 when the cluster cannot be used (unreachable, credentials).

Options:
  --format text|json         one finding a line (default), or a JSON array
  --kubernetes-version 1.NN  the target Kubernetes version (default ${defaultSettings.kubernetesVersion})
  --cluster                  also judge against a live cluster, listed once: its nodes are the complete
                             list for untolerated-taint, its pods count for pdb-selects-nothing
                             (--kubeconfig or --context imply it)
${kubeconfigFlagsHelp}

Rules (settings and suppression comments use these ids):
${rules.map((r) => `  ${r.id.padEnd(20)} ${r.description} (${r.severityNote ?? r.defaultSeverity})`).join('\n')}
`;

export class UsageError extends Error {}

interface Options {
  paths: string[];
  format: 'text' | 'json';
  kubernetesVersion: string;
  cluster: boolean;
  kubeconfig?: string;
  context?: string;
}

function parseArgs(args: readonly string[]): Options | 'help' {
  const options: Options = { paths: [], format: 'text', kubernetesVersion: defaultSettings.kubernetesVersion, cluster: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h' || arg === '--help') return 'help';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
      options.format = format;
    } else if (flag === '--kubernetes-version') {
      const raw = value();
      const version = parseKubernetesVersion(raw);
      if (!version) throw new UsageError(`--kubernetes-version must be a version like 1.32, not "${raw}"`);
      options.kubernetesVersion = version;
    } else if (arg === '--cluster') {
      options.cluster = true;
    } else if (flag === '--kubeconfig' || flag === '--context') {
      options[flag === '--kubeconfig' ? 'kubeconfig' : 'context'] = value();
      options.cluster = true;
    } else if (arg === '--') {
      options.paths.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

/** Runs the lint command; returns the exit status (once the cluster is read, with --cluster). */
export function runLint(args: readonly string[], out: Output, cwd = process.cwd()): number | Promise<number> {
  let options: Options | 'help';
  try {
    options = parseArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out.stderr(`kube-eviction lint: ${error.message}\n\n${lintUsage}`);
    return 2;
  }
  if (options === 'help') {
    out.stdout(lintUsage);
    return 0;
  }
  const settings = { ...defaultSettings, kubernetesVersion: options.kubernetesVersion };
  const engine = new AnalysisEngine(rules, settings, (message) => out.stderr(`${message}\n`));
  // Each file under the name the user will recognise: as given, or below the folder as given.
  const files = new Map<string, string>();
  const shownAs = (given: string, path: string) => (isAbsolute(given) ? path : relative(cwd, path) || given);
  // What could not be read is said on stderr and makes the exit status 2, once the rest is linted.
  let unread = 0;
  const named = new Set<string>();
  const cannotRead = (shown: string, reason: string) => {
    out.stderr(`kube-eviction lint: cannot read ${shown}: ${reason}\n`);
    unread++;
  };
  for (const given of options.paths) {
    const absolute = resolve(cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      out.stderr(`kube-eviction lint: cannot read ${given}: ${code === 'ENOENT' ? 'no such file or folder' : errorReason(error)}\n`);
      return 2;
    }
    if (isDirectory) {
      const found = listManifestFiles(absolute, settings.exclude, (folder, reason) => cannotRead(shownAs(given, folder), reason));
      for (const file of found) files.set(file, shownAs(given, file));
    } else {
      files.set(absolute, given);
      named.add(absolute);
    }
  }
  for (const [file, shown] of [...files]) {
    const content = readManifestFile(file, settings.maxFileSize);
    if (content.kind !== 'text' && content.kind !== 'tooLarge') files.delete(file);
    if (content.kind === 'text') engine.setFile(shown, content.text);
    else if (content.kind === 'tooLarge') engine.setFileTooLarge(shown, content.size);
    else if (content.kind === 'unreadable') cannotRead(shown, content.message);
    else if (content.kind === 'notRegular') {
      // A `*.yaml` that is a folder, a device or a pipe holds no manifest: skipped, as the language server skips it, unless named.
      if (named.has(file)) cannotRead(shown, `${content.what}, not a file`);
      else out.stderr(`kube-eviction lint: skipped ${shown}: ${content.what}, not a file\n`);
    }
  }
  const report = (): 0 | 1 | 2 => {
    const findings = [...files.values()].flatMap((shown) => engine.findingsFor(shown));
    if (options.format === 'json') out.stdout(`${JSON.stringify(findings.map(toJson), null, 2)}\n`);
    else out.stdout(findings.map(toLine).join(''));
    const errors = findings.filter((f) => f.severity === 'error').length;
    if (options.format === 'text') out.stderr(`${summary(findings, files.size)}\n`);
    return unread > 0 ? 2 : errors > 0 ? 1 : 0;
  };
  if (!options.cluster) return report();
  return runCommand(out, {}, lintUsage, async (io) => {
    const facts = await readClusterFacts(options, io);
    if (typeof facts === 'number') return facts;
    engine.setCluster(new LiveCluster(facts));
    return report();
  });
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

function summary(findings: Finding[], fileCount: number): string {
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  if (findings.length === 0) return `No findings in ${files}.`;
  const counts = ['error', 'warning', 'information', 'hint']
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 || s === 'information' ? '' : 's'}`);
  return `${findings.length} finding${findings.length === 1 ? '' : 's'} (${counts.join(', ')}) in ${files}.`;
}
