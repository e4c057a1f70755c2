// What the cluster subcommands (evict, drain, cordon, uncordon) share: the
// kubeconfig flags, argument parsing with kubectl's flag forms, exit codes,
// and how a failure to reach the cluster is printed.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ClusterError, openCluster, type Cluster, type ClusterFailure, type ClusterOptions, type DryRunStrategy } from '../../client/src/cluster';
import { explainFailure, type Explanation } from '../../client/src/cluster/explain';
import { parseGoDuration } from '../../server/src/k8s/drain';
import type { Output } from './io';
import { kubeconfigFlagsHelp } from './kubeconfigFlags';
import { explanationLines } from './output';

export { kubeconfigFlagsHelp };

export type { Output };

/** Exit codes of the cluster subcommands (documented in the README). */
export const exitCodes = {
  /** Done: evicted, drained, (un)cordoned. */
  ok: 0,
  /** Failed: an eviction or the drain failed, a pod or node does not exist, a filter refused pods. */
  failed: 1,
  /** Usage: unknown flag, missing or extra argument, invalid value. */
  usage: 2,
  /** Blocked: a PodDisruptionBudget refused the eviction (and nothing else failed). */
  blocked: 3,
  /** The cluster could not be used: no kubeconfig or context, unreachable, TLS, credentials rejected. */
  unreachable: 4,
  /** Interrupted (SIGINT): the command stopped; its report says what was done. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];


/** What a caller other than the CLI (tests, benchmarks) may set. */
export interface CommandContext {
  env?: Readonly<Record<string, string | undefined>>;
  /** Aborting it interrupts the command; without one, SIGINT does. */
  signal?: AbortSignal;
  clusterOptions?: ClusterOptions;
}

/** Lines out, lines err, and the context, as the subcommands use them. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  clusterOptions?: ClusterOptions;
}

const commonOptions = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parse `args` with kubectl's flag forms: `--flag value`, `--flag=value`, and
 * for `optionalValue` flags a bare `--flag` meaning `--flag=<default>` (pflag's
 * NoOptDefVal), which never swallows the next argument.
 */
export function parseCommandArgs<O extends Options>(args: readonly string[], options: O, optionalValue: Record<string, string> = {}) {
  const rewritten = args.map((a) => (a.startsWith('--') && a.slice(2) in optionalValue ? `${a}=${optionalValue[a.slice(2)]}` : a));
  try {
    return parseArgs({ args: rewritten, options: { ...commonOptions, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/** An integer flag (`--grace-period -1` is valid). */
export function integerFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`invalid argument "${value}" for "--${name}" flag: not an integer`);
  return Number(value);
}

export function durationFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseGoDuration(value);
  if (ms === undefined) throw new UsageError(`invalid argument "${value}" for "--${name}" flag: time: invalid duration "${value}"`);
  return ms;
}

/** `--dry-run[=none|client|server]`; a bare `--dry-run` is `client` (kubectl's cmdutil.GetDryRunStrategy). */
export function dryRunFlag(value: string | undefined): DryRunStrategy {
  if (value === undefined || value === 'none') return 'none';
  if (value === 'client' || value === 'server') return value;
  throw new UsageError(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}

export const dryRunOption = { 'dry-run': { type: 'string' } } as const;
/** Rewrites a bare `--dry-run` to `--dry-run=client` before parsing. */
export const dryRunDefault = { 'dry-run': 'client' };

/** Exactly one positional argument, named for the message. */
export function onePositional(positionals: readonly string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`${what} is required`);
  if (positionals.length > 1) throw new UsageError(`exactly one ${what} is expected, got ${positionals.length}: ${positionals.join(' ')}`);
  return positionals[0];
}

/** The exit code of a failure (or of any answer: those that are not failures of the cluster give `failed`). */
export function failureExit(failure: { kind: string }): ExitCode {
  switch (failure.kind) {
    case 'config':
    case 'credentials':
    case 'unreachable':
    case 'unauthorized':
      return exitCodes.unreachable;
    case 'cancelled':
      return exitCodes.cancelled;
    case 'invalid':
      return exitCodes.usage;
    default:
      return exitCodes.failed;
  }
}

/** kubectl prints server errors as `Error from server (<Reason>): <message>`. */
export function failureLine(failure: ClusterFailure): string {
  if ('status' in failure && failure.status?.reason) return `Error from server (${failure.status.reason}): ${failure.message}`;
  if ('status' in failure && failure.status) return `Error from server: ${failure.message}`;
  return `error: ${failure.message}`;
}

/** kubectl's line for a failure, then its explanation. */
export function reportFailure(io: CommandIo, failure: ClusterFailure, explanation: Explanation = explainFailure(failure)): void {
  io.err(failureLine(failure));
  const details = explanationLines(explanation);
  if (details) io.err(details);
}

/** Open the cluster of the flags' kubeconfig and context, or print why not. */
export function openFromFlags(values: { kubeconfig?: string; context?: string }, io: CommandIo): Cluster | ExitCode {
  try {
    return openCluster({ kubeconfig: values.kubeconfig, context: values.context, env: io.env }, io.clusterOptions);
  } catch (err) {
    if (!(err instanceof ClusterError)) throw err;
    reportFailure(io, err.failure);
    return failureExit(err.failure);
  }
}

/**
 * Run a subcommand body with line-oriented io. Without a caller's signal,
 * SIGINT interrupts it (a second SIGINT exits at once). Usage errors print
 * the message and the usage.
 */
export async function runCommand(output: Output, context: CommandContext, usage: string, body: (io: CommandIo) => Promise<ExitCode>): Promise<ExitCode> {
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(exitCodes.cancelled);
    interrupt.abort();
  };
  if (!context.signal) process.on('SIGINT', onSigint);
  const io: CommandIo = {
    out: (line) => output.stdout(`${line}\n`),
    err: (line) => output.stderr(`${line}\n`),
    env: context.env ?? process.env,
    signal: context.signal ?? interrupt.signal,
    clusterOptions: context.clusterOptions,
  };
  try {
    return await body(io);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`error: ${err.message}\n\n${usage}`);
    return exitCodes.usage;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
