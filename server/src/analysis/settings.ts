// The settings the analysis honours, their defaults and their validation. The
// language server reads them from `kubeEviction.*` over `.kube-eviction.yaml`
// (configFile.ts); the CLI from that file and its flags. package.json's
// `contributes.configuration` describes the same.
import type { ClusterGroups } from './clusters';
import { severities, type Severity } from './findings';

export type RuleSetting = 'off' | Severity;

export interface Settings {
  /** `1.NN`: the Kubernetes version the manifests are for (deprecated-api). */
  kubernetesVersion: string;
  /** Per rule id: off, or a severity replacing the rule's own. */
  rules: Readonly<Record<string, RuleSetting>>;
  /** Globs of files not to analyse, beside files.exclude. */
  exclude: readonly string[];
  /** Files larger than this (bytes) are not read. */
  maxFileSize: number;
  /** Explicit clusters: name to the globs of the files deployed together (see clusters.ts); none for the automatic split. */
  clusters: ClusterGroups;
}

export const defaultSettings: Settings = {
  kubernetesVersion: '1.32',
  rules: {},
  exclude: ['**/node_modules/**', '**/.git/**'],
  maxFileSize: 5 * 1024 * 1024,
  clusters: {},
};

/** `1.32`, `v1.32` and `1.32.4` all mean 1.32; anything else is undefined. */
export function parseKubernetesVersion(value: string): string | undefined {
  const match = /^v?(1)\.(\d{1,3})(?:\.\d+)?$/.exec(value.trim());
  return match ? `${match[1]}.${Number(match[2])}` : undefined;
}

/**
 * Settings from untrusted values (a client's configuration, a config file),
 * with a note for each value ignored; `prefix` names where they come from.
 */
export function settingsFrom(raw: unknown, prefix = 'kubeEviction.'): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const input = isRecord(raw) ? raw : {};
  const given = (key: string) => input[key] !== undefined && input[key] !== null;
  let kubernetesVersion = defaultSettings.kubernetesVersion;
  if (given('kubernetesVersion')) {
    const parsed = typeof input['kubernetesVersion'] === 'string' ? parseKubernetesVersion(input['kubernetesVersion']) : undefined;
    if (parsed) kubernetesVersion = parsed;
    else problems.push(`${prefix}kubernetesVersion: ${JSON.stringify(input['kubernetesVersion'])} is not a version like "1.32"; using ${kubernetesVersion}`);
  }
  const rules: Record<string, RuleSetting> = {};
  if (isRecord(input['rules'])) {
    for (const [id, value] of Object.entries(input['rules'])) {
      if (value === 'off' || (severities as readonly unknown[]).includes(value)) rules[id] = value as RuleSetting;
      else if (value !== null && value !== undefined && value !== 'default') problems.push(`${prefix}rules.${id}: ${JSON.stringify(value)} is not one of off, error, warning, information, hint`);
    }
  } else if (given('rules')) {
    problems.push(`${prefix}rules: ${JSON.stringify(input['rules'])} is not a mapping of rule ids to off, error, warning, information or hint`);
  }
  let exclude = defaultSettings.exclude;
  if (Array.isArray(input['exclude'])) {
    exclude = input['exclude'].filter((g): g is string => typeof g === 'string' && g.length > 0);
    if (exclude.length !== input['exclude'].length) problems.push(`${prefix}exclude: only non-empty strings are glob patterns; ignoring ${JSON.stringify(input['exclude'].filter((g) => !exclude.includes(g as string)))}`);
  } else if (given('exclude')) {
    problems.push(`${prefix}exclude: ${JSON.stringify(input['exclude'])} is not a list of glob patterns; using ${JSON.stringify(exclude)}`);
  }
  let maxFileSize = defaultSettings.maxFileSize;
  const size = input['maxFileSize'];
  if (given('maxFileSize')) {
    if (typeof size === 'number' && Number.isFinite(size) && size > 0) maxFileSize = size;
    else problems.push(`${prefix}maxFileSize: ${JSON.stringify(size)} is not a positive number of bytes; using ${maxFileSize}`);
  }
  const clusters: Record<string, string[]> = {};
  if (isRecord(input['clusters'])) {
    for (const [name, value] of Object.entries(input['clusters'])) {
      const globs = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
      if (globs && globs.length > 0 && globs.every((g): g is string => typeof g === 'string' && g.length > 0)) clusters[name] = globs;
      else problems.push(`${prefix}clusters.${name}: ${JSON.stringify(value)} is not a glob or a list of globs; this cluster is left out`);
    }
  } else if (input['clusters'] !== undefined && input['clusters'] !== null) {
    problems.push(`${prefix}clusters: ${JSON.stringify(input['clusters'])} is not an object of cluster names to globs; the workspace is split automatically`);
  }
  return { settings: { kubernetesVersion, rules, exclude, maxFileSize, clusters }, problems };
}

/**
 * Settings values set in two places, the second taking precedence: per key,
 * and per entry for mappings (a rule set in the editor leaves the file's
 * other rules in force).
 */
export function overlaySettingsValues(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined || value === null) continue;
    out[key] = isRecord(value) && isRecord(base[key]) ? { ...base[key], ...value } : value;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
