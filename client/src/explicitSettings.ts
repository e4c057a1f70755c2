// The kubeEviction settings the language server gets are those set somewhere
// (user, workspace, folder, language), never a default: the server reads
// .kube-eviction.yaml under them, and a default would hide the file's value.
// Settings inside objects (`kustomize.renderOverlays`) are walked to.
import type * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

type Inspection = ReturnType<vscode.WorkspaceConfiguration['inspect']>;

/** `value` (a section's settings) without what `inspect` shows set nowhere. */
export function explicitOnly(value: unknown, inspect: (key: string) => Inspection, prefix = ''): unknown {
  if (prefix) {
    const info = inspect(prefix);
    // A declared setting has a default: keep it only where some scope sets it.
    if (info && info.defaultValue !== undefined) return isSet(info) ? value : undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const kept = explicitOnly(inner, inspect, prefix ? `${prefix}.${key}` : key);
    if (kept !== undefined) out[key] = kept;
  }
  return Object.keys(out).length || !prefix ? out : undefined;
}

function isSet(info: NonNullable<Inspection>): boolean {
  return [info.globalValue, info.workspaceValue, info.workspaceFolderValue, info.globalLanguageValue, info.workspaceLanguageValue, info.workspaceFolderLanguageValue].some((v) => v !== undefined);
}

/** The language client's answer to workspace/configuration, with `kubeEviction` reduced to what is set. */
export function explicitSettingsMiddleware(getConfiguration: (section: string, scope?: vscode.Uri) => vscode.WorkspaceConfiguration, parseUri: (uri: string) => vscode.Uri): Middleware {
  return {
    workspace: {
      async configuration(params, token, next) {
        const result = await next(params, token);
        // An error answer is no array: passed on as it is.
        if (!Array.isArray(result)) return result;
        return result.map((value: unknown, i) => {
          const item = params.items[i];
          if (item?.section !== 'kubeEviction') return value;
          const config = getConfiguration('kubeEviction', item.scopeUri ? parseUri(item.scopeUri) : undefined);
          return explicitOnly(value, (key) => config.inspect(key));
        });
      },
    },
  };
}
