// `.kube-eviction.yaml`: the analysis settings outside VS Code (the CLI finds
// it upward from what it lints) and under the editor's own (the language
// server, its folder's). Its keys are the Settings' own (kubernetesVersion,
// rules, exclude, maxFileSize, and any setting added to them), checked by the
// validation the editor's settings get; an unknown key or rule id, a value of
// the wrong type, or invalid YAML is a problem with its place in the file.
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import { defaultSettings, settingsFrom } from './settings';

export const configFileName = '.kube-eviction.yaml';

export interface ConfigProblem {
  message: string;
  /** Offsets in the file. */
  start: number;
  end: number;
}

export interface ConfigValues {
  /** The settings the file sets (invalid ones left out), as raw values for settingsFrom. */
  values: Record<string, unknown>;
  problems: ConfigProblem[];
}

/** The config file in `from` (a folder, or a file's folder) or the nearest folder above it. */
export function findConfigFile(from: string): string | undefined {
  let dir = resolve(from);
  if (!isDirectory(dir)) dir = dirname(dir);
  for (;;) {
    const candidate = join(dir, configFileName);
    if (isFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const settingKeys: ReadonlySet<string> = new Set(Object.keys(defaultSettings));

/** The settings of a config file's text; `ruleIds` are the rules that exist. */
export function parseConfigFile(text: string, ruleIds: ReadonlySet<string>): ConfigValues {
  const problems: ConfigProblem[] = [];
  const values: Record<string, unknown> = {};
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const first = document.errors[0];
  if (first) return { values, problems: [{ message: `not valid YAML: ${first.message}`, start: first.pos[0], end: first.pos[1] }] };
  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { values, problems };
  if (!isMap(root)) return { values, problems: [{ message: 'a config file is a mapping of settings (kubernetesVersion, rules, …)', ...span(root) }] };
  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const valueNode = (pair.value ?? keyNode) as YamlNode;
    if (!settingKeys.has(key)) {
      problems.push({ message: `unknown setting "${key}"; the settings are ${[...settingKeys].join(', ')}`, ...span(keyNode) });
      continue;
    }
    let value: unknown = pair.value === null ? null : (valueNode as { toJSON(): unknown }).toJSON();
    // YAML reads `1.30` as the number 1.3: a version is taken as written.
    if (key === 'kubernetesVersion' && typeof value === 'number') value = text.slice(span(valueNode).start, span(valueNode).end);
    if (key === 'rules' && isMap(valueNode)) {
      for (const rule of valueNode.items) {
        const id = isScalar(rule.key) ? String(rule.key.value) : '';
        if (!ruleIds.has(id)) problems.push({ message: `unknown rule "${id}"; the rules are ${[...ruleIds].join(', ')}`, ...span(rule.key as YamlNode) });
      }
    }
    const checked = settingsFrom({ [key]: value }, '');
    if (checked.problems.length === 0) values[key] = value;
    else if (key === 'rules' && isMap(valueNode)) {
      // One bad rule value leaves the others in force.
      const rules: Record<string, unknown> = {};
      for (const rule of valueNode.items) {
        const id = isScalar(rule.key) ? String(rule.key.value) : '';
        const setting = (rule.value as { toJSON(): unknown } | null)?.toJSON() ?? null;
        const problem = settingsFrom({ rules: { [id]: setting } }, '').problems[0];
        if (problem) problems.push({ message: problem, ...span((rule.value ?? rule.key) as YamlNode) });
        else rules[id] = setting;
      }
      values[key] = rules;
    } else {
      for (const message of checked.problems) problems.push({ message, ...span(valueNode) });
    }
  }
  return { values, problems };
}

function span(node: YamlNode): { start: number; end: number } {
  const [start, end] = node.range ?? [0, 0];
  return { start, end };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
