// The settings the language server reads from the client: `kubeEviction.*`
// and `files.exclude`, pulled with workspace/configuration.
import type { Connection } from 'vscode-languageserver';
import { settingsFrom, type Settings } from '../analysis/settings';

export interface ServerSettings {
  settings: Settings;
  /** kubeEviction.exclude plus the enabled globs of files.exclude. */
  exclude: string[];
  problems: string[];
}

export async function fetchSettings(connection: Connection, canPull: boolean): Promise<ServerSettings> {
  let raw: unknown[] = [undefined, undefined];
  if (canPull) {
    try {
      raw = await connection.workspace.getConfiguration([{ section: 'kubeEviction' }, { section: 'files.exclude' }]);
    } catch {
      // A client that fails the request gets the defaults, like one that cannot answer it.
    }
  }
  const { settings, problems } = settingsFrom(raw[0]);
  const filesExclude = typeof raw[1] === 'object' && raw[1] !== null ? Object.entries(raw[1]).filter(([, on]) => on === true).map(([glob]) => glob) : [];
  return { settings, exclude: [...settings.exclude, ...filesExclude], problems };
}
