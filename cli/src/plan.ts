// `kube-eviction plan drain NODE... [PATH...]`: the drain planner. The
// nodes are drained, one after another (or K at once), on a copy of the
// cluster in a simulator, by the same drain `kube-eviction drain` runs, in
// virtual time: what it evicts, what budgets hold and why, what is left
// Pending, how long it takes, and whether it completes. Without PATH the copy
// is the live cluster of the kubeconfig context, listed once (nothing is
// changed); with PATHs (files or folders that exist) it is their manifests.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultSettings } from '../../server/src/analysis/settings';
import { listManifestFiles } from '../../server/src/analysis/workspaceFiles';
import type { KubeObject } from '../../server/src/k8s/types';
import { readManifestFile } from '../../server/src/sandbox/manifests';
import { knobDefaults, parseKnobSeconds, type PodTimings } from '../../server/src/sim/knobs';
import { planDrain, planMarkdown, planText, snapshotOfCluster, snapshotOfManifests, type DrainPlan, type PlanSnapshot } from '../../client/src/cluster';
import { defaultHorizonSeconds } from '../../client/src/cluster/plan/planner';
import {
  durationFlag,
  exitCodes,
  failureExit,
  integerFlag,
  kubeconfigFlagsHelp,
  openFromFlags,
  parseCommandArgs,
  reportFailure,
  runCommand,
  UsageError,
  type CommandContext,
  type CommandIo,
  type ExitCode,
  type Output,
} from './clusterCommand';
import { drainFlagOptions, drainFlags, drainFlagsHelp, skipWaitHelp } from './drainFlags';

export const planUsage = `Usage: kube-eviction plan drain NODE... [PATH...] [options]

Simulates draining the nodes, one after another, on a copy of the cluster: the
drain kube-eviction drain runs, against a simulator, in virtual time (a drain
of ten minutes plans in a moment). It says, per node, what is evicted at once,
what PodDisruptionBudgets hold and why (the Pending replacement and the
scheduler's message, the pod that is not Ready, a budget that never allows a
disruption), what the drain's filters skip or refuse, the pods left Pending,
how long it takes, and a verdict: completes, completes only after an event
(such as a node uncordoned), stuck, or fails.

Without PATH it plans on the cluster of the kubeconfig context, listed once:
only get and list requests, nothing is changed. PATH arguments (the ones that
exist as files or folders; folders are read recursively) are manifests to plan
on instead, with their Node manifests: workloads' pods are created by the
simulated controllers first.

Drain options, as kube-eviction drain takes them (each node's drain):
${drainFlagsHelp}
${skipWaitHelp}
  --disable-eviction               delete the pods instead of evicting them: PodDisruptionBudgets are bypassed

Plan options:
  --max-parallel K                 drain up to K nodes at once (default 1)
  --order given|best               drain in the order given (default), or find the order and the
                                   parallelism (up to --max-parallel) that finish soonest without
                                   a stuck drain
  --nodes-return-after DURATION    drained nodes come back (uncordoned) this long after their drain,
                                   as after maintenance (default: they stay cordoned)
  --image-pull-seconds N           seconds a replacement pod takes to pull its image (default ${knobDefaults.imagePullSeconds})
  --startup-seconds N              seconds from its start to Ready (default ${knobDefaults.startupSeconds})
  --shutdown-seconds N             seconds an evicted pod takes to stop (default ${knobDefaults.shutdownSeconds}; at most its grace period)
  --horizon DURATION               a drain still held after this much virtual time is stuck (default 1h)
  --format text|json|markdown      the report's format (default text)
${kubeconfigFlagsHelp}

Exit codes: 0 every drain completes and no pod is left Pending, 1 otherwise (stuck, refused by
the filters, an eviction fails, pods left Pending), 2 usage, 4 the cluster cannot be used
(no kubeconfig or context, unreachable, credentials rejected), 130 interrupted.
`;

const formats = ['text', 'json', 'markdown'] as const;
type Format = (typeof formats)[number];

function secondsFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = parseKnobSeconds(value);
  if (seconds === undefined) throw new UsageError(`invalid argument "${value}" for "--${name}" flag: a number of seconds, e.g. 2 or 0.5`);
  return seconds;
}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  const n = integerFlag(name, value);
  if (n !== undefined && n < 1) throw new UsageError(`invalid argument "${value}" for "--${name}" flag: must be at least 1`);
  return n;
}

/** The objects of the manifests under `paths` (folders recursively, as lint reads them), or why they cannot be read. */
function readPaths(paths: readonly string[], cwd: string): { objects: KubeObject[]; skipped: string[] } {
  const objects: KubeObject[] = [];
  const skipped: string[] = [];
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    const files = statSync(absolute).isDirectory() ? listManifestFiles(absolute, defaultSettings.exclude, { unreadable: (folder, reason) => skipped.push(`${folder}: ${reason}`) }) : [absolute];
    for (const file of files) {
      const read = readManifestFile(file);
      // A workspace holds YAML that is not Kubernetes (CI configs, Helm templates): left out and said.
      if (!read.ok) skipped.push(read.error);
      else objects.push(...read.manifests.map((m) => m.object));
    }
  }
  return { objects, skipped };
}

const isPath = (arg: string, cwd: string) => {
  try {
    statSync(resolve(cwd, arg));
    return true;
  } catch {
    return false;
  }
};

function exitFor(plan: DrainPlan): ExitCode {
  return plan.verdict === 'completes' && plan.pending.length === 0 ? exitCodes.ok : exitCodes.failed;
}

export async function planCommand(args: readonly string[], output: Output, context: CommandContext & { cwd?: string } = {}): Promise<ExitCode> {
  return runCommand(output, context, planUsage, async (io) => {
    const { values, positionals } = parseCommandArgs(args, {
      ...drainFlagOptions,
      'disable-eviction': { type: 'boolean' },
      'max-parallel': { type: 'string' },
      order: { type: 'string' },
      'nodes-return-after': { type: 'string' },
      'image-pull-seconds': { type: 'string' },
      'startup-seconds': { type: 'string' },
      'shutdown-seconds': { type: 'string' },
      horizon: { type: 'string' },
      format: { type: 'string' },
    });
    if (values.help) {
      io.out(planUsage);
      return exitCodes.ok;
    }
    const [what, ...rest] = positionals;
    if (what !== 'drain') throw new UsageError(what === undefined ? 'what to plan is required: plan drain NODE...' : `unknown plan "${what}": only "plan drain" exists`);
    const cwd = context.cwd ?? process.cwd();
    const paths = rest.filter((a) => isPath(a, cwd));
    const nodes = rest.filter((a) => !isPath(a, cwd));
    if (nodes.length === 0) throw new UsageError('NODE is required');
    if (new Set(nodes).size !== nodes.length) throw new UsageError(`a node is named twice: ${nodes.join(' ')}`);
    const format = (values.format ?? 'text') as Format;
    if (!formats.includes(format)) throw new UsageError(`--format must be text, json or markdown, not "${values.format}"`);
    const order = values.order ?? 'given';
    if (order !== 'given' && order !== 'best') throw new UsageError(`--order must be given or best, not "${order}"`);
    const returnAfter = durationFlag('nodes-return-after', values['nodes-return-after']);
    const horizon = durationFlag('horizon', values.horizon);
    if (horizon !== undefined && horizon <= 0) throw new UsageError(`invalid argument "${values.horizon}" for "--horizon" flag: must be positive`);
    const podTimings: Partial<PodTimings> = {};
    for (const [flag, key] of [['image-pull-seconds', 'imagePullSeconds'], ['startup-seconds', 'startupSeconds'], ['shutdown-seconds', 'shutdownSeconds']] as const) {
      const seconds = secondsFlag(flag, values[flag]);
      if (seconds !== undefined) podTimings[key] = seconds;
    }
    const request = {
      nodes,
      drain: { ...drainFlags(values), disableEviction: !!values['disable-eviction'] },
      maxParallel: positiveInteger('max-parallel', values['max-parallel']) ?? 1,
      order,
      nodesReturnAfterSeconds: returnAfter === undefined ? null : returnAfter / 1000,
      podTimings,
      horizonSeconds: horizon === undefined ? defaultHorizonSeconds : horizon / 1000,
    } as const;

    const snapshot = paths.length > 0 ? manifestsSnapshot(paths, cwd) : await clusterSnapshot(values, io);
    if (typeof snapshot === 'number') return snapshot;
    const result = await planDrain(snapshot, request, { signal: io.signal });
    if (!result.ok) {
      reportFailure(io, result.failure);
      return failureExit(result.failure);
    }
    const plan = result.plan;
    if (format === 'json') io.out(JSON.stringify(plan, null, 2));
    else io.out((format === 'markdown' ? planMarkdown(plan) : planText(plan)).trimEnd());
    return exitFor(plan);
  });
}

function manifestsSnapshot(paths: readonly string[], cwd: string): PlanSnapshot {
  const { objects, skipped } = readPaths(paths, cwd);
  const snapshot = snapshotOfManifests(objects, `the manifests in ${paths.join(', ')}`);
  return { ...snapshot, skipped };
}

async function clusterSnapshot(values: { kubeconfig?: string; context?: string }, io: CommandIo): Promise<PlanSnapshot | ExitCode> {
  const cluster = openFromFlags(values, io);
  if (typeof cluster === 'number') return cluster;
  try {
    const listed = await snapshotOfCluster(cluster, io.signal);
    if (!listed.ok) {
      reportFailure(io, listed.failure);
      return failureExit(listed.failure);
    }
    return listed.snapshot;
  } finally {
    cluster.close();
  }
}
