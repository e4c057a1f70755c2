// Finding and merging kubeconfig files the way kubectl does, so that our
// commands act on exactly the cluster `kubectl` would.
// Source: staging/src/k8s.io/client-go/tools/clientcmd/loader.go
// (NewDefaultClientConfigLoadingRules, ClientConfigLoadingRules.Load, ResolvePaths).
// client-node's own loadFromDefault differs: it fails on a missing file in
// $KUBECONFIG, throws on a name defined twice, lets later files override
// current-context, and falls back to http://localhost:8080 when nothing exists.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { ClusterError } from './failure';

export interface KubeconfigSelection {
  /** `--kubeconfig`: this one file, which must exist. Otherwise `$KUBECONFIG`, otherwise `~/.kube/config`. */
  kubeconfig?: string;
  /** `--context`: use this context instead of the current-context. */
  context?: string;
  /** The environment to read `KUBECONFIG` and `HOME` from (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ContextSummary {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

export interface LoadedKubeconfig {
  /** A client-node KubeConfig holding the merged files, its current context set to the chosen one. */
  kubeConfig: KubeConfig;
  /** The files that were read, in precedence order. */
  files: string[];
  context: ContextSummary;
  cluster: Cluster;
  user: User | null;
  /** The context's namespace, or `default`. */
  namespace: string;
}

const configError = (message: string) => new ClusterError({ kind: 'config', message });

function homeDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}

/**
 * The files kubectl would read: the explicit one, or `$KUBECONFIG` split on
 * the platform's list separator (empty entries dropped, duplicates once), or
 * `~/.kube/config`.
 */
export function kubeconfigFiles(selection: KubeconfigSelection = {}): { explicit: boolean; files: string[] } {
  if (selection.kubeconfig) return { explicit: true, files: [path.resolve(selection.kubeconfig)] };
  const env = selection.env ?? process.env;
  const fromEnv = env.KUBECONFIG;
  if (fromEnv) return { explicit: false, files: [...new Set(fromEnv.split(path.delimiter).filter(Boolean).map((f) => path.resolve(f)))] };
  return { explicit: false, files: [path.join(homeDir(env), '.kube', 'config')] };
}

/** js-yaml's messages quote the offending lines, which may hold a token: keep only the position. */
function describeReadError(err: unknown): string {
  const mark = (err as { mark?: { line?: number } }).mark;
  if (err instanceof Error && err.name === 'YAMLException') return `it is not valid YAML${mark?.line !== undefined ? ` (line ${mark.line + 1})` : ''}`;
  const code = (err as { code?: string }).code;
  if (code) return code === 'EACCES' ? 'permission denied' : code;
  // client-node's entry checks ("users[0].name is missing") name fields, never values.
  return err instanceof Error ? err.message : String(err);
}

function readFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw configError(`cannot read kubeconfig ${file}: ${describeReadError(err)}`);
  }
  if (text.trim() === '') return kc;
  try {
    kc.loadFromString(text);
  } catch (err) {
    throw configError(`cannot read kubeconfig ${file}: ${describeReadError(err)}`);
  }
  resolvePaths(kc, path.dirname(file));
  return kc;
}

/**
 * Relative certificate, key and exec-command paths are relative to the file
 * that names them (`ResolvePaths`); a bare exec command name is looked up on
 * PATH, so it is left alone.
 */
function resolvePaths(kc: KubeConfig, dir: string): void {
  kc.makePathsAbsolute(dir);
  for (const user of kc.users) {
    const command: unknown = user.exec?.command;
    if (typeof command === 'string' && command.includes('/') && !path.isAbsolute(command)) user.exec.command = path.join(dir, command);
  }
}

/** The first file to define a name wins; later definitions of it are ignored whole. */
function firstWins<T extends { name: string }>(lists: readonly T[][]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!seen.has(item.name)) seen.set(item.name, item);
  return [...seen.values()];
}

function summarize(ctx: Context): ContextSummary {
  return { name: ctx.name, cluster: ctx.cluster, user: ctx.user, ...(ctx.namespace ? { namespace: ctx.namespace } : {}) };
}

function readMerged(selection: KubeconfigSelection): { kc: KubeConfig; files: string[] } {
  const { explicit, files } = kubeconfigFiles(selection);
  const present = files.filter((f) => fs.existsSync(f));
  if (explicit && present.length === 0) throw configError(`the kubeconfig file ${files[0]} does not exist`);
  if (present.length === 0) {
    const where = (selection.env ?? process.env).KUBECONFIG ? `none of the files in $KUBECONFIG exist (${files.join(', ')})` : `${files[0]} does not exist and $KUBECONFIG is not set`;
    throw configError(`no kubeconfig found: ${where}`);
  }
  const configs = present.map(readFile);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: firstWins(configs.map((c) => c.clusters)),
    users: firstWins(configs.map((c) => c.users)),
    contexts: firstWins(configs.map((c) => c.contexts)),
    currentContext: configs.find((c) => c.currentContext)?.currentContext ?? '',
  });
  return { kc, files: present };
}

/** The contexts of the merged kubeconfig and the current one, for a context picker. */
export function listContexts(selection: KubeconfigSelection = {}): { current: string | undefined; contexts: ContextSummary[] } {
  const { kc } = readMerged(selection);
  return { current: kc.getCurrentContext() || undefined, contexts: kc.getContexts().map(summarize) };
}

/**
 * Read the kubeconfig kubectl would read and select the context (`--context`,
 * else current-context). Throws a ClusterError of kind `config` with a plain
 * explanation when there is no kubeconfig, no such context, or the context
 * names a cluster that is not defined.
 */
export function loadKubeconfig(selection: KubeconfigSelection = {}): LoadedKubeconfig {
  const { kc, files } = readMerged(selection);
  const name = selection.context || kc.getCurrentContext();
  const names = kc.getContexts().map((c) => c.name);
  if (!name) throw configError(`the kubeconfig (${files.join(', ')}) sets no current-context; choose one of: ${names.join(', ') || '(none defined)'}`);
  const ctx = kc.getContextObject(name);
  if (!ctx) throw configError(`context "${name}" is not defined in the kubeconfig (${files.join(', ')}); defined contexts: ${names.join(', ') || '(none)'}`);
  kc.setCurrentContext(name);
  const cluster = kc.getCluster(ctx.cluster);
  if (!cluster) throw configError(`context "${name}" refers to cluster "${ctx.cluster}", which is not defined in the kubeconfig`);
  if (ctx.user && !kc.getUser(ctx.user)) throw configError(`context "${name}" refers to user "${ctx.user}", which is not defined in the kubeconfig`);
  return { kubeConfig: kc, files, context: summarize(ctx), cluster, user: kc.getUser(ctx.user), namespace: ctx.namespace || 'default' };
}
