// The settings the language server reads: `kubeEviction.*` and `files.exclude`
// from the client (workspace/configuration), over `.kube-eviction.yaml` (the
// one the CLI reads, found from the first workspace folder upward). The VS
// Code client sends only the settings set somewhere (user, workspace, folder),
// so that a setting left at its default does not hide the file's.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import { findConfigFile, parseConfigFile } from '../analysis/configFile';
import type { Finding } from '../analysis/findings';
import { LineMap } from '../analysis/lineMap';
import { overlaySettingsValues, settingsFrom, type Settings } from '../analysis/settings';
import { configurableRuleIds } from '../rules/registry';

export interface ServerSettings {
  settings: Settings;
  /** kubeEviction.exclude plus the enabled globs of files.exclude. */
  exclude: string[];
  problems: string[];
  /** kubeEviction.kustomize.renderOverlays (honoured in a trusted workspace only). */
  renderOverlays: boolean;
  /** The settings file read, with its problems as findings on it. */
  configFile?: { uri: string; findings: Finding[] };
}

export async function fetchSettings(connection: Connection, canPull: boolean, folders: readonly string[]): Promise<ServerSettings> {
  let raw: unknown[] = [undefined, undefined];
  if (canPull) {
    try {
      raw = await connection.workspace.getConfiguration([{ section: 'kubeEviction' }, { section: 'files.exclude' }]);
    } catch {
      // A client that fails the request gets the defaults, like one that cannot answer it.
    }
  }
  const editor = isRecord(raw[0]) ? raw[0] : {};
  const configFile = folders[0] === undefined ? undefined : readConfigFile(findConfigFile(folders[0]));
  const { settings, problems } = settingsFrom(overlaySettingsValues(configFile?.values ?? {}, editor));
  const filesExclude = isRecord(raw[1]) ? Object.entries(raw[1]).filter(([, on]) => on === true).map(([glob]) => glob) : [];
  const kustomize = editor['kustomize'];
  return {
    settings,
    exclude: [...settings.exclude, ...filesExclude],
    problems,
    renderOverlays: isRecord(kustomize) && kustomize['renderOverlays'] === true,
    configFile: configFile && { uri: configFile.uri, findings: configFile.findings },
  };
}

function readConfigFile(path: string | undefined): { uri: string; values: Record<string, unknown>; findings: Finding[] } | undefined {
  if (path === undefined) return undefined;
  const uri = pathToFileURL(path).href;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { uri, values: {}, findings: [settingsFinding(uri, new LineMap(''), 0, 0, `cannot read this settings file: ${(error as Error).message}`)] };
  }
  const { values, problems } = parseConfigFile(text, configurableRuleIds);
  const lines = new LineMap(text);
  return { uri, values, findings: problems.map((p) => settingsFinding(uri, lines, p.start, p.end, p.message)) };
}

function settingsFinding(uri: string, lines: LineMap, start: number, end: number, message: string): Finding {
  return { uri, range: { start: lines.positionAt(start), end: lines.positionAt(end) }, severity: 'warning', ruleId: 'settings', message: `${message} (ignored)`, related: [], fixes: [] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
