// The kubelets, one per node: they register their node (labels, capacity,
// conditions, nodeInfo, addresses), admit the pods bound to it, run them
// (Pending while the image is pulled, Running, Ready once the start-up delay
// has passed and the readiness knob allows), and terminate them when they
// are deleted: the containers get min(shutdown, grace period) to stop, then
// the kubelet's final DELETE removes the pod. A kubelet whose node is not
// Ready does nothing until it is again (pods stay as they are, terminating
// ones stay terminating). Transitions are computed from times, so a kubelet
// that wakes late catches up.
// Sources: pkg/kubelet/kubelet.go (HandlePodAdditions, rejectPod, syncPod,
// syncTerminatingPod), pkg/kubelet/status/generate.go (pod conditions),
// pkg/kubelet/nodestatus/setters.go, pkg/kubelet/lifecycle/predicate.go.

import { isPodReady, updatePodCondition } from '../../k8s/pods';
import { kubeletAdmissionFailure } from '../../k8s/scheduling';
import { rfc3339 } from '../../k8s/time';
import type { Condition, Node, Pod } from '../../k8s/types';
import type { Controller, SimContext } from '../context';
import { knobDefaults, knobs, knobSeconds, readinessFails, type PodTimings } from '../knobs';
import { jsonEqual, objectKey, splitKey } from '../objects';
import { fnv32a } from '../random';
import type { Change } from '../store';
import { nodeReadyStatus } from './nodeLifecycle';
import { WorkQueue } from './queue';

const component = 'kubelet';
export const kubeletVersion = 'v1.32.0';

/** What a node reports when its manifest leaves it out. */
export const defaultNodeCapacity = { cpu: '4', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' } as const;

type Stage = 'creating' | 'running' | 'succeeded' | 'rejected' | 'terminating';

interface PodRun {
  stage: Stage;
  boundAt: number;
  /** When the containers start (end of the image pull). */
  startAt: number;
  startedAt?: number;
  /** When the readiness probe first succeeds. */
  readyAt?: number;
  /** Found running (not started here): its status is left as it is until its readiness changes. */
  adopted?: boolean;
  /** When the containers exit on their own (run-seconds). */
  exitAt?: number;
  finishedAt?: number;
  /** When termination ends and the pod is removed. */
  stopAt?: number;
  restarts: number;
  containerIds: string[];
  podIP?: string;
  wake?: number;
}

const kubeletConditionTypes = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

function imageId(image: string): string {
  const ref = image.includes('/') ? image : `docker.io/library/${image}`;
  const digest = Array.from({ length: 8 }, (_, i) => fnv32a(`${image}#${i}`).toString(16).padStart(8, '0')).join('');
  return `${ref.split(':')[0]}@sha256:${digest}`;
}

export class Kubelet implements Controller {
  readonly name = 'kubelet' as const;
  private readonly nodesToRegister = new WorkQueue();
  private readonly pods = new WorkQueue();
  private readonly runs = new Map<string, PodRun>();
  private readonly nodeIndex = new Map<string, number>();
  private readonly nextPodIp = new Map<string, number>();

  constructor(
    private readonly ctx: SimContext,
    private readonly timings: PodTimings = knobDefaults,
  ) {}

  observe(c: Change): void {
    if (c.resource === 'nodes') {
      if (c.type === 'DELETED') return;
      this.nodesToRegister.add(c.object.metadata?.name ?? '');
      if (c.type === 'MODIFIED' && nodeReadyStatus(c.object as Node) !== nodeReadyStatus(c.old as Node)) {
        for (const pod of this.ctx.list<Pod>('pods')) if (pod.spec?.nodeName === c.object.metadata?.name) this.pods.add(objectKey(pod));
      }
      return;
    }
    if (c.resource !== 'pods') return;
    const pod = c.object as Pod;
    if (c.type === 'DELETED') {
      const run = this.runs.get(pod.metadata?.uid ?? '');
      if (run) this.ctx.cancel(run.wake);
      this.runs.delete(pod.metadata?.uid ?? '');
      return;
    }
    if (pod.spec?.nodeName) this.pods.add(objectKey(pod));
  }

  pending(): boolean {
    return this.nodesToRegister.size > 0 || this.pods.size > 0;
  }

  work(): void {
    for (const name of this.nodesToRegister.take()) this.registerNode(name);
    for (const key of this.pods.take()) this.syncPod(key);
  }

  /** Node registration and status: fills in whatever the manifest left out. */
  private registerNode(name: string): void {
    const node = this.ctx.get<Node>('nodes', undefined, name);
    if (!node) return;
    if (!this.nodeIndex.has(name)) this.nodeIndex.set(name, this.nodeIndex.size);
    const index = this.nodeIndex.get(name) ?? 0;
    const now = rfc3339(this.ctx.now());
    this.ctx.modify('nodes', node, (d) => {
      d.metadata!.labels = {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...d.metadata?.labels,
      };
      d.spec = { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`], ...d.spec };
      const status = (d.status ??= {});
      status.capacity = { ...defaultNodeCapacity, ...(status.capacity ?? status.allocatable ?? {}) };
      status.allocatable = { ...status.capacity, ...(status.allocatable ?? {}) };
      const conditions = [...(status.conditions ?? [])];
      const defaults: [string, string, string, string][] = [
        ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
        ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
        ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
        ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
      ];
      for (const [type, st, reason, message] of defaults) {
        if (!conditions.some((c) => c?.type === type)) conditions.push({ type, status: st, lastHeartbeatTime: now, lastTransitionTime: now, reason, message } as Condition);
      }
      status.conditions = conditions;
      status.addresses ??= [
        { type: 'InternalIP', address: `10.0.0.${10 + index}` },
        { type: 'Hostname', address: name },
      ];
      status.daemonEndpoints ??= { kubeletEndpoint: { Port: 10250 } };
      const id = fnv32a(name).toString(16).padStart(8, '0');
      status.nodeInfo = {
        machineID: `${id}${'0'.repeat(24)}`,
        systemUUID: `${id}-0000-4000-8000-000000000000`,
        bootID: `${id}-0000-4000-8000-000000000001`,
        kernelVersion: '6.1.0-28-amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion,
        kubeProxyVersion: kubeletVersion,
        operatingSystem: 'linux',
        architecture: 'amd64',
        ...(status.nodeInfo as Record<string, unknown> | undefined),
      };
    });
  }

  private syncPod(key: string): void {
    const [ns, name] = splitKey(key);
    const pod = this.ctx.get<Pod>('pods', ns, name);
    const node = pod?.spec?.nodeName ? this.ctx.get<Node>('nodes', undefined, pod.spec.nodeName) : undefined;
    if (!pod || !node || nodeReadyStatus(node) !== 'True') return;
    const uid = pod.metadata?.uid ?? '';
    const now = this.ctx.now();
    let run = this.runs.get(uid);
    if (!run && pod.status?.phase === 'Running') this.runs.set(uid, (run = this.adopt(pod, now)));

    if (pod.metadata?.deletionTimestamp) return this.terminate(pod, run, now);
    if (run?.stage === 'rejected' || run?.stage === 'succeeded') return;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;

    if (!run) {
      const rejected = kubeletAdmissionFailure(pod, node);
      if (rejected) {
        this.runs.set(uid, { stage: 'rejected', boundAt: now, startAt: now, restarts: 0, containerIds: [] });
        const message = `Pod was rejected: ${rejected.message}`;
        this.ctx.modify('pods', pod, (d) => {
          d.status = { phase: 'Failed', reason: rejected.reason, message, conditions: (d.status?.conditions ?? []).filter((c) => !kubeletConditionTypes.includes(c.type)), qosClass: d.status?.qosClass, startTime: rfc3339(now) };
        });
        this.ctx.event(pod, 'Warning', rejected.reason, rejected.message, component);
        return;
      }
      run = { stage: 'creating', boundAt: now, startAt: now + knobSeconds(pod, knobs.imagePullSeconds, this.timings.imagePullSeconds) * 1000, restarts: 0, containerIds: [] };
      this.runs.set(uid, run);
    }

    if (run.stage === 'creating' && now >= run.startAt) this.startContainers(pod, node, run, now);
    if (run.stage === 'running' && run.exitAt !== undefined && now >= run.exitAt) {
      if ((pod.spec?.restartPolicy ?? 'Always') === 'Always') {
        run.restarts++;
        this.startContainers(pod, node, run, now);
      } else {
        run.stage = 'succeeded';
        run.finishedAt = now;
      }
    }
    if (!run.adopted || this.isReady(pod, run, now) !== isPodReady(pod)) this.writeStatus(pod, node, run, now);
    this.wakeAt(key, run, [run.stage === 'creating' ? run.startAt : undefined, run.stage === 'running' ? run.readyAt : undefined, run.stage === 'running' ? run.exitAt : undefined], now);
  }

  /** A running pod as its status shows it: started when it says, Ready since its Ready condition says (never, when it is not). */
  private adopt(pod: Pod, now: number): PodRun {
    const at = (time: string | null | undefined) => {
      const ms = Date.parse(time ?? '');
      return Number.isNaN(ms) ? now : Math.min(ms, now);
    };
    type ContainerStatus = { containerID?: string; restartCount?: number; state?: { running?: { startedAt?: string } } } | null;
    const statuses = (pod.status?.containerStatuses ?? []) as ContainerStatus[];
    const startTime = typeof pod.status?.startTime === 'string' ? pod.status.startTime : undefined;
    const started = at(statuses.map((c) => c?.state?.running?.startedAt).find(Boolean) ?? startTime);
    const ready = pod.status?.conditions?.find((c) => c?.type === 'Ready');
    return {
      stage: 'running',
      adopted: true,
      boundAt: at(startTime),
      startAt: started,
      startedAt: started,
      readyAt: ready?.status === 'True' ? at(ready.lastTransitionTime) : undefined,
      restarts: Math.max(0, ...statuses.map((c) => Number(c?.restartCount ?? 0))),
      containerIds: statuses.map((c) => String(c?.containerID ?? '')),
      podIP: typeof pod.status?.podIP === 'string' ? pod.status.podIP : undefined,
    };
  }

  private isReady(pod: Pod, run: PodRun, now: number): boolean {
    return run.stage === 'running' && now >= (run.readyAt ?? Infinity) && !readinessFails(pod);
  }

  private startContainers(pod: Pod, node: Node, run: PodRun, now: number): void {
    const first = run.stage === 'creating';
    run.stage = 'running';
    run.startedAt = now;
    run.adopted = false;
    run.readyAt = now + knobSeconds(pod, knobs.startupSeconds, this.timings.startupSeconds) * 1000;
    const runSeconds = knobSeconds(pod, knobs.runSeconds, undefined);
    run.exitAt = runSeconds === undefined ? undefined : now + runSeconds * 1000;
    run.containerIds = (pod.spec?.containers ?? []).map(() => `containerd://${this.ctx.random.hex(64)}`);
    if (!run.podIP) run.podIP = pod.spec?.hostNetwork ? this.hostIP(node) : this.allocatePodIP(node);
    if (first) {
      for (const c of pod.spec?.containers ?? []) {
        this.ctx.event(pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, component);
        this.ctx.event(pod, 'Normal', 'Created', `Created container: ${c.name}`, component);
        this.ctx.event(pod, 'Normal', 'Started', `Started container ${c.name}`, component);
      }
    }
  }

  private terminate(pod: Pod, run: PodRun | undefined, now: number): void {
    const key = objectKey(pod);
    const grace = (pod.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
    if (!run) {
      run = { stage: 'terminating', boundAt: now, startAt: now, restarts: 0, containerIds: [], stopAt: now };
      this.runs.set(pod.metadata?.uid ?? '', run);
    } else if (run.stage !== 'terminating') {
      const running = run.stage === 'running';
      run.stage = 'terminating';
      // A pod adopted while terminating has spent part of its grace period already: its deletionTimestamp bounds the rest.
      const deadline = run.adopted ? Date.parse(pod.metadata?.deletionTimestamp ?? '') - now : Number.NaN;
      run.stopAt = now + (running ? Math.max(0, Math.min(knobSeconds(pod, knobs.shutdownSeconds, this.timings.shutdownSeconds) * 1000, grace, Number.isNaN(deadline) ? grace : deadline)) : 0);
      if (running) for (const c of pod.spec?.containers ?? []) this.ctx.event(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, component);
    } else {
      // A shorter grace period given later still bounds the wait.
      run.stopAt = Math.min(run.stopAt ?? now, now + grace);
    }
    if (now < (run.stopAt ?? now)) return this.wakeAt(key, run, [run.stopAt], now);
    // The kubelet's final, graceless DELETE, pinned to this pod.
    this.ctx.delete('pods', pod.metadata?.namespace, pod.metadata?.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid } });
  }

  private wakeAt(key: string, run: PodRun, times: (number | undefined)[], now: number): void {
    this.ctx.cancel(run.wake);
    run.wake = undefined;
    const next = times.filter((t): t is number => t !== undefined && t > now).sort((a, b) => a - b)[0];
    if (next !== undefined) run.wake = this.ctx.schedule(next, () => this.pods.add(key));
  }

  private hostIP(node: Node): string {
    return (node.status?.addresses as { type: string; address: string }[] | undefined)?.find((a) => a.type === 'InternalIP')?.address ?? '';
  }

  private allocatePodIP(node: Node): string {
    const name = node.metadata?.name ?? '';
    const n = (this.nextPodIp.get(name) ?? 1) + 1;
    this.nextPodIp.set(name, n);
    return `10.244.${this.nodeIndex.get(name) ?? 0}.${n}`;
  }

  private writeStatus(pod: Pod, node: Node, run: PodRun, now: number): void {
    const containers = pod.spec?.containers ?? [];
    const ready = this.isReady(pod, run, now);
    const completed = run.stage === 'succeeded';
    const notReady = completed
      ? { status: 'False', reason: 'PodCompleted' }
      : ready
        ? { status: 'True' }
        : { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]` };
    const wanted: Condition[] = [
      { type: 'PodReadyToStartContainers', status: run.stage === 'running' ? 'True' : 'False' },
      { type: 'Initialized', status: 'True', ...(completed ? { reason: 'PodCompleted' } : {}) },
      { type: 'Ready', ...notReady },
      { type: 'ContainersReady', ...notReady },
    ].map((c) => ({ ...c, lastProbeTime: null }));
    const existing = pod.status?.conditions ?? [];
    const conditions = [
      ...wanted.map((c) => {
        const prev = existing.find((e) => e.type === c.type);
        return (updatePodCondition(prev ? [prev] : [], c, now) ?? [prev])[0] as Condition;
      }),
      ...existing.filter((c) => !kubeletConditionTypes.includes(c.type)),
    ];
    const started = rfc3339(run.startedAt ?? now);
    const containerStatuses = containers.map((c, i) => {
      const base = { name: c.name, image: c.image, imageID: run.stage === 'creating' ? '' : imageId(c.image ?? ''), restartCount: run.restarts };
      if (run.stage === 'creating') return { ...base, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, started: false };
      const containerID = run.containerIds[i];
      if (completed) {
        return { ...base, containerID, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: started, finishedAt: rfc3339(run.finishedAt ?? now), containerID } }, lastState: {}, ready: false, started: false };
      }
      return { ...base, containerID, state: { running: { startedAt: started } }, lastState: {}, ready, started: true };
    });
    const hostIP = this.hostIP(node);
    const status = {
      phase: completed ? 'Succeeded' : run.stage === 'running' ? 'Running' : 'Pending',
      conditions,
      hostIP,
      hostIPs: [{ ip: hostIP }],
      ...(run.podIP ? { podIP: run.podIP, podIPs: [{ ip: run.podIP }] } : {}),
      startTime: rfc3339(run.boundAt),
      containerStatuses,
      qosClass: pod.status?.qosClass,
    };
    if (!jsonEqual(status, pod.status)) this.ctx.modify('pods', pod, (d) => void (d.status = status));
  }
}
