// `kube-eviction lint [PATH…|-] [--kustomize DIR] [--format …] [--config FILE] [--cluster]`:
// the same engine, rules and settings as the language server, with findings
// printed one a line, as JSON, SARIF or GitHub annotations. Exit 1 on any
// error-level finding, 0 otherwise, 2 on a usage, configuration or I/O error,
// 4 when the cluster asked for cannot be used.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { findConfigFile, parseConfigFile } from '../../server/src/analysis/configFile';
import { AnalysisEngine } from '../../server/src/analysis/engine';
import type { Finding } from '../../server/src/analysis/findings';
import type { DocumentReader } from '../../server/src/analysis/manifestFile';
import { LineMap } from '../../server/src/analysis/lineMap';
import { LiveCluster } from '../../server/src/analysis/liveCluster';
import { defaultSettings, overlaySettingsValues, parseKubernetesVersion, settingsFrom, type Settings } from '../../server/src/analysis/settings';
import { errorReason, listManifestFiles, type FileContent } from '../../server/src/analysis/workspaceFiles';
import { plural } from '../../server/src/explain/text';
import { KustomizeError, renderOverlay } from '../../server/src/kustomize/render';
import { OverlayFindings } from '../../server/src/kustomize/overlayFindings';
import { kustomizationFileIn, readText } from '../../server/src/kustomize/kustomization';
import { configurableRuleIds, rules } from '../../server/src/rules/registry';
import type { Output } from './io';
import { kubeconfigFlagsHelp } from './kubeconfigFlags';
import { formatFindings, formats, summary, type Format } from './lintFormats';
import { clusterCommands } from './loadClusterCommands';
import { ParallelReading } from './parallelReading';
import { readStandardInput } from './standardInput';
import { toolInfo } from './toolInfo';

export const lintUsage = `Usage: kube-eviction lint [PATH...] [-] [--kustomize DIR] [--format text|json|sarif|github]
                          [--config FILE] [--kubernetes-version 1.NN] [--stdin-name NAME] [--cluster-files NAME=GLOB...]
                          [--cluster] [--kubeconfig FILE] [--context NAME]

Analyses the Kubernetes manifests in the given files and folders (recursively;
default: the current folder), on standard input (-), or of a Kustomize overlay
as kubectl renders it, for PodDisruptionBudget, taint and API-version problems.
Exit status: 1 if any finding is an error, 0 otherwise, 2 on a usage,
configuration or I/O error, 4 when the cluster cannot be used.

Options:
  -                          read manifests from standard input (several documents)
  --stdin-name NAME          the file name findings on standard input carry (default <stdin>)
  --kustomize DIR            render the overlay DIR with your kubectl (kubectl kustomize) and put
                             each finding on the file and document it came from
  --format FORMAT            text: one finding a line (default); json: an array; sarif: SARIF 2.1.0;
                             github: GitHub Actions annotations
  --config FILE              the settings file (default: the nearest .kube-eviction.yaml above the paths)
  --kubernetes-version 1.NN  the target Kubernetes version (over the settings file; default ${defaultSettings.kubernetesVersion})
  --cluster-files NAME=GLOB  the files (a glob relative to the current folder) deployed together as cluster NAME;
                             repeat it for more globs and clusters (the kubeEviction.clusters setting).
                             Without it, folders of environments, overlays and variants are told apart automatically
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
  stdin: boolean;
  stdinName: string;
  kustomize?: string;
  format: Format;
  config?: string;
  kubernetesVersion?: string;
  clusters: Record<string, string[]>;
  cluster: boolean;
  kubeconfig?: string;
  context?: string;
}

function parseArgs(args: readonly string[]): Options | 'help' {
  const options: Options = { paths: [], stdin: false, stdinName: '<stdin>', format: 'text', clusters: {}, cluster: false };
  const operand = (arg: string) => {
    if (arg !== '-') options.paths.push(arg);
    else if (options.stdin) throw new UsageError('- (standard input) can be given once');
    else options.stdin = true;
  };
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
      if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format must be ${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}, not "${format}"`);
      options.format = format as Format;
    } else if (flag === '--kubernetes-version') {
      const raw = value();
      const version = parseKubernetesVersion(raw);
      if (!version) throw new UsageError(`--kubernetes-version must be a version like 1.32, not "${raw}"`);
      options.kubernetesVersion = version;
    } else if (flag === '--stdin-name') {
      options.stdinName = value();
    } else if (flag === '--kustomize') {
      if (options.kustomize !== undefined) throw new UsageError('--kustomize takes one overlay; lint each overlay in a run of its own');
      options.kustomize = value();
    } else if (flag === '--config') {
      options.config = value();
    } else if (flag === '--cluster-files') {
      const raw = value();
      const match = /^([^=]+)=(.+)$/.exec(raw);
      if (!match) throw new UsageError(`--cluster-files must be NAME=GLOB, not "${raw}"`);
      (options.clusters[match[1]!] ??= []).push(match[2]!);
    } else if (arg === '--cluster') {
      options.cluster = true;
    } else if (flag === '--kubeconfig' || flag === '--context') {
      options[flag === '--kubeconfig' ? 'kubeconfig' : 'context'] = value();
      options.cluster = true;
    } else if (arg === '--') {
      args.slice(i + 1).forEach(operand);
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      operand(arg);
    }
  }
  if (options.kustomize !== undefined && (options.paths.length || options.stdin)) {
    throw new UsageError('--kustomize renders one overlay on its own; lint other paths in another run');
  }
  if (options.paths.length === 0 && !options.stdin && options.kustomize === undefined) options.paths.push('.');
  return options;
}

/** Why lint stops before reporting: printed on stderr, exit status 2. */
class LintError extends Error {}

/** Runs the lint command; returns its exit status. `input` is standard input (for `-`). */
export async function runLint(args: readonly string[], out: Output, cwd = process.cwd(), input: NodeJS.ReadableStream = process.stdin): Promise<number> {
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
  try {
    const settings = loadSettings(options, cwd);
    const engine = new AnalysisEngine(rules, settings, {
      reportError: (message) => out.stderr(`${message}\n`),
      // The explicit clusters' globs are relative to the current folder.
      relativePath: (shown) => relative(cwd, resolve(cwd, shown)).split(sep).join('/'),
      // No format prints quick fixes.
      fixes: false,
    });
    const { shown, placed, what, unread } = options.kustomize !== undefined ? await readOverlay(options.kustomize, engine, out, cwd) : await readManifests(options, engine, input, out, cwd);
    const report = (): 0 | 1 | 2 => {
      const findings = [...shown.flatMap((uri) => engine.findingsFor(uri)), ...placed()];
      out.stdout(formatFindings(options.format, { findings, tool: toolInfo, cwd, lineText: lineTexts(engine, cwd) }));
      if (options.format === 'text') out.stderr(`${summary(findings, what)}\n`);
      return unread > 0 ? 2 : findings.some((f) => f.severity === 'error') ? 1 : 0;
    };
    if (!options.cluster) return report();
    return await clusterCommands().lintWithCluster(options, out, lintUsage, (facts) => {
      engine.setCluster(new LiveCluster(facts));
      return report();
    });
  } catch (error) {
    if (!(error instanceof LintError || error instanceof KustomizeError)) throw error;
    out.stderr(`kube-eviction lint: ${error.message}\n`);
    return 2;
  }
}

interface Read {
  /** The files the engine holds, under the names findings carry. */
  shown: string[];
  /** Findings made elsewhere and placed on these files (a rendered overlay's). */
  placed: () => Finding[];
  /** What was read, for the summary. */
  what: string;
  /** Files and folders that could not be read (said on stderr; the exit status is then 2, once the rest is linted). */
  unread: number;
}

/** Files, folders and standard input, each under the name the user will recognise: as given, or below the folder as given. */
async function readManifests(options: Options, engine: AnalysisEngine, input: NodeJS.ReadableStream, out: Output, cwd: string): Promise<Read> {
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
      if (code === 'ENOENT') throw new LintError(`cannot read ${given}: no such file or folder`);
      cannotRead(given, errorReason(error));
      continue;
    }
    if (isDirectory) {
      const found = listManifestFiles(absolute, engine.settings.exclude, { unreadable: (folder, reason) => cannotRead(shownAs(given, folder), reason) });
      for (const file of found) files.set(file, shownAs(given, file));
    } else {
      files.set(absolute, given);
      named.add(absolute);
    }
  }
  const shown: string[] = [];
  const add = (name: string, path: string | undefined, content: FileContent, reader: DocumentReader) => {
    if (content.kind === 'text') engine.setFile(name, content.text, reader);
    else if (content.kind === 'tooLarge') engine.setFileTooLarge(name, content.size);
    else if (content.kind === 'unreadable') return cannotRead(name, content.message);
    else if (content.kind === 'notRegular') {
      // A `*.yaml` that is a folder, a device or a pipe holds no manifest: skipped, as the language server skips it, unless named.
      if (path !== undefined && named.has(path)) cannotRead(name, `${content.what}, not a file`);
      else out.stderr(`kube-eviction lint: skipped ${name}: ${content.what}, not a file\n`);
      return;
    }
    shown.push(name);
  };
  // Every file read completely, on every core (parallelReading.ts); one batch: the rules run once, over every file.
  const reading = new ParallelReading([...files.keys()], engine.settings.maxFileSize);
  try {
    await engine.batchAsync(async () => {
      for await (const { path, content, reader } of reading.read()) add(files.get(path)!, path, content, reader);
      if (options.stdin) {
        const content = await readStandardInput(input, engine.settings.maxFileSize);
        if (content.kind === 'binary') throw new LintError(`${options.stdinName} (standard input) is not text`);
        add(options.stdinName, undefined, content, content.kind === 'text' ? await reading.readerOf(content.text) : 'complete');
      }
    });
  } finally {
    reading.close();
  }
  return { shown, placed: () => [], what: plural(shown.length, 'file'), unread };
}

/** An overlay as `kubectl kustomize` renders it, its findings placed on its source files. */
async function readOverlay(dir: string, engine: AnalysisEngine, out: Output, cwd: string): Promise<Read> {
  const absolute = resolve(cwd, dir);
  if (!kustomizationFileIn(absolute)) throw new LintError(`${dir} has no kustomization.yaml, kustomization.yml or Kustomization`);
  const overlay = await renderOverlay(absolute, { name: dir });
  if (overlay.warnings) out.stderr(`kube-eviction lint: kubectl kustomize ${dir}: ${overlay.warnings}\n`);
  const rendered = `kubectl kustomize ${dir}`;
  engine.setFile(rendered, overlay.text);
  const placement = new OverlayFindings(overlay, readText);
  const name = (file: string) => (isAbsolute(dir) ? file : relative(cwd, file));
  return { shown: [], placed: () => sortFindings(placement.place(engine.findingsFor(rendered), name, dir)), what: `the overlay ${dir}`, unread: 0 };
}

/** `--config`, else the one config file above every path linted (the same for all of them), over the defaults; flags over both. */
function loadSettings(options: Options, cwd: string): Settings {
  let file = options.config === undefined ? undefined : resolve(cwd, options.config);
  if (file === undefined) {
    const starts = options.kustomize !== undefined ? [options.kustomize] : [...options.paths, ...(options.stdin ? ['.'] : [])];
    const found = new Set(starts.map((start) => findConfigFile(resolve(cwd, start))));
    if (found.size > 1) throw new LintError(`the paths are under different settings files (${[...found].map((f) => (f ? relative(cwd, f) : 'none')).join(', ')}); lint them in separate runs, or name one with --config`);
    file = [...found][0];
  }
  let values: Record<string, unknown> = {};
  if (file !== undefined) {
    const shown = relative(cwd, file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new LintError(`cannot read the settings file ${shown}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    const parsed = parseConfigFile(text, configurableRuleIds);
    if (parsed.problems.length) {
      const lines = new LineMap(text);
      const at = (offset: number) => `${lines.positionAt(offset).line + 1}:${lines.positionAt(offset).character + 1}`;
      throw new LintError(`the settings file has problems:\n${parsed.problems.map((p) => `${shown}:${at(p.start)}: ${p.message}`).join('\n')}`);
    }
    values = parsed.values;
  }
  const flags = { kubernetesVersion: options.kubernetesVersion, clusters: Object.keys(options.clusters).length ? options.clusters : undefined };
  return settingsFrom(overlaySettingsValues(values, flags), '').settings;
}

/** The line texts SARIF fingerprints read: from the engine's files, else from disk (an overlay's sources). */
function lineTexts(engine: AnalysisEngine, cwd: string): (uri: string, line: number) => string {
  const maps = new Map<string, { text: string; lines: LineMap } | undefined>();
  return (uri, line) => {
    if (!maps.has(uri)) {
      const text = engine.index.file(uri)?.content ?? readText(resolve(cwd, uri));
      maps.set(uri, text === undefined ? undefined : { text, lines: new LineMap(text) });
    }
    const file = maps.get(uri);
    if (!file || line >= file.lines.lineCount) return '';
    return file.text.slice(file.lines.lineStart(line), line + 1 < file.lines.lineCount ? file.lines.lineStart(line + 1) : file.text.length);
  };
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
}
