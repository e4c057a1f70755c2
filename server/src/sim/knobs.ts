// Sandbox-only knobs: annotations the simulator reads to stand in for what a
// real cluster would take from container images, probes, hardware and the
// control plane's own pace. Set them on a Pod or on a workload's pod template
// (the kubelet reads them from the pod, so they also work when changed on a
// live pod where noted), or on a PodDisruptionBudget or StorageClass where noted.

import type { KubeObject } from '../k8s/types';

export const knobPrefix = 'sandbox.kube-eviction.dev/';

export const knobs = {
  /**
   * `sandbox.kube-eviction.dev/image-pull-seconds`: seconds a bound pod stays
   * Pending (ContainerCreating) before its containers run. Default 1.
   */
  imagePullSeconds: `${knobPrefix}image-pull-seconds`,
  /**
   * `sandbox.kube-eviction.dev/startup-seconds`: seconds from Running to
   * Ready (the readiness probe's first success). Default 2.
   */
  startupSeconds: `${knobPrefix}startup-seconds`,
  /**
   * `sandbox.kube-eviction.dev/shutdown-seconds`: seconds the containers take
   * to exit after SIGTERM. The kubelet kills them at the end of the grace
   * period anyway, so a pod terminates after min(shutdown, grace). Default 2.
   */
  shutdownSeconds: `${knobPrefix}shutdown-seconds`,
  /**
   * `sandbox.kube-eviction.dev/run-seconds`: the containers exit on their own
   * (code 0) this many seconds after they start: a pod with restartPolicy
   * Never or OnFailure then Succeeds (Jobs complete), one with Always
   * restarts its containers. Default: they run until stopped.
   */
  runSeconds: `${knobPrefix}run-seconds`,
  /**
   * `sandbox.kube-eviction.dev/ready`: `"false"` makes the readiness probe
   * fail, so the pod is Running but not Ready (an unhealthy pod for its PDB).
   * Read live: `kubectl annotate pod web-a sandbox.kube-eviction.dev/ready=false --overwrite`
   * takes effect at once, and removing it (or `"true"`) makes the pod Ready
   * again once its start-up delay has passed.
   */
  ready: `${knobPrefix}ready`,
  /**
   * `sandbox.kube-eviction.dev/disruption-latency-seconds`, on a
   * PodDisruptionBudget: seconds the disruption controller takes to update
   * this budget's status after a change to it or to its pods (decimals
   * allowed; 0 updates it within the same request). Default: the cluster's
   * (0.1 s; the sandbox's `--disruption-latency`). Read when a change is seen.
   */
  disruptionLatencySeconds: `${knobPrefix}disruption-latency-seconds`,
  /**
   * `sandbox.kube-eviction.dev/volume-topology`, on a StorageClass: where the
   * volumes it provisions can be used from. `zone` (default): the zone of the
   * node the claim's first pod was scheduled to (node affinity on
   * `topology.kubernetes.io/zone`, as cloud block storage), nothing when that
   * node has no zone label or the class binds Immediately; `node`: that node
   * only (`kubernetes.io/hostname`, as local disks); `none`: every node (as
   * network file storage).
   */
  volumeTopology: `${knobPrefix}volume-topology`,
} as const;

/** How long a pod's containers take to start, become Ready and stop, when its annotations do not say. */
export interface PodTimings {
  imagePullSeconds: number;
  startupSeconds: number;
  shutdownSeconds: number;
}

export const knobDefaults: Readonly<PodTimings> = {
  imagePullSeconds: 1,
  startupSeconds: 2,
  shutdownSeconds: 2,
};

/** A knob's number of seconds (`2`, `0.5`: no sign, exponent or unit), or undefined when malformed. */
export function parseKnobSeconds(raw: unknown): number | undefined {
  return typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : undefined;
}

/** A non-negative number of seconds from an annotation, or the default when absent or malformed. */
export function knobSeconds(obj: KubeObject, key: string, fallback: number): number;
export function knobSeconds(obj: KubeObject, key: string, fallback: undefined): number | undefined;
export function knobSeconds(obj: KubeObject, key: string, fallback: number | undefined): number | undefined {
  return parseKnobSeconds(obj.metadata?.annotations?.[key]) ?? fallback;
}

/** Whether the readiness knob says the probe fails. */
export function readinessFails(obj: KubeObject): boolean {
  return obj.metadata?.annotations?.[knobs.ready]?.trim().toLowerCase() === 'false';
}
