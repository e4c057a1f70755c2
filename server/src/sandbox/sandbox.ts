// Starts a sandbox: the simulator loaded with a scenario, its clock driven by
// wall time, behind the REST face. The one entry point for the CLI, tests,
// the cluster client's tests and the demo.

import { rmSync } from 'node:fs';
import type { KubeObject } from '../k8s/types';
import type { ClusterApi } from '../sim/api';
import { RealTimeDriver } from '../sim/realTimeDriver';
import { buildCluster } from '../sim/scenario';
import { builtInScenario } from '../sim/scenarios/builtIn';
import { readManifests } from './manifests';
import { SandboxError, serveCluster, type ServeOptions, type ServedCluster } from './server';

export { SandboxError };

export interface SandboxOptions extends ServeOptions {
  /** A manifest file or folder to load; the built-in scenario (the walkthrough and its database) when neither this nor `manifests` is given. */
  scenario?: string;
  /** Objects to load (in-process callers), instead of `scenario`. */
  manifests?: KubeObject[];
  /** Simulated seconds per real second (default 1). */
  speed?: number;
  /** Simulated milliseconds the disruption controller takes to act on a change (ClusterOptions.disruptionLatencyMs). */
  disruptionLatencyMs?: number;
}

export interface RunningSandbox extends ServedCluster {
  /** What is being served, for messages: "the built-in scenario" or the scenario path. */
  scenario: string;
  /** The simulator behind the REST face (read it in process; writes go through HTTP like any client's). */
  api: ClusterApi;
  /** True when the kubeconfig is the sandbox's own file, removed by `stop()`. */
  kubeconfigTemporary: boolean;
  /** Scenario objects the simulator skipped (kinds it does not model) or the API refused, one line each. */
  warnings: string[];
}

// The scenario is played this long before the sandbox opens, so its pods are already running.
const warmUpMs = 60_000;

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  let objects: readonly unknown[];
  let scenario: string;
  if (options.manifests) {
    objects = options.manifests;
    scenario = `${objects.length} objects`;
  } else if (options.scenario !== undefined) {
    const read = readManifests(options.scenario);
    if (!read.ok) throw new SandboxError(read.error);
    objects = read.manifests.map((m) => m.object);
    scenario = `scenario ${options.scenario}`;
  } else {
    objects = builtInScenario();
    scenario = 'the built-in scenario';
  }
  // Simulated time starts at the wall clock's now, so timestamps and ages read as real.
  const { cluster, report } = buildCluster({ objects, startMs: Date.now(), warmUpMs, disruptionLatencyMs: options.disruptionLatencyMs });
  const warnings = [...report.skipped.map((s) => `skipped ${s}`), ...report.rejected.map((r) => `rejected ${r.object}: ${r.status.message}`)];
  const driver = new RealTimeDriver(cluster.clock, (ms) => cluster.advanceTo(ms), { speed: options.speed });
  driver.start();
  let served: ServedCluster;
  try {
    served = await serveCluster(cluster, { ...options, beforeRequest: () => driver.catchUp() });
  } catch (e) {
    driver.stop();
    throw e;
  }
  const kubeconfigTemporary = served.kubeconfigPath !== undefined && !options.kubeconfigExplicit;
  return {
    ...served,
    scenario,
    api: cluster,
    kubeconfigTemporary,
    warnings,
    stop: async () => {
      driver.stop();
      await served.stop();
      if (kubeconfigTemporary && served.kubeconfigPath) rmSync(served.kubeconfigPath, { force: true });
    },
  };
}
