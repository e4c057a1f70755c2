// Host ports: the ones a pod asks for and the ones the pods on a node hold,
// and the NodePorts filter that keeps two pods off one (ip, protocol, port).
// Sources: pkg/scheduler/framework/plugins/nodeports/node_ports.go (getContainerPorts, fitsPorts),
// pkg/scheduler/framework/types.go (HostPortInfo: sanitize, Add, CheckConflict),
// pkg/scheduler/util/utils.go (GetHostPorts), pkg/apis/core/v1/defaults.go (defaultHostNetworkPorts).

import type { Container, PodSpec } from './types';

export const nodePortsReason = "node(s) didn't have free ports for the requested pod ports";

/** The address a host port without hostIP binds. */
export const bindAllHostIP = '0.0.0.0';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/**
 * Every regular container's port with a hostPort > 0 (init containers and
 * sidecars are not looked at in v1.32), with an empty hostIP as 0.0.0.0 and
 * an empty protocol as TCP (`sanitize`).
 */
export function hostPorts(spec: PodSpec | undefined): HostPort[] {
  const ports: HostPort[] = [];
  for (const c of spec?.containers ?? []) {
    for (const p of Array.isArray(c?.ports) ? c.ports : []) {
      const port = Number(p?.hostPort ?? 0);
      if (!(port > 0)) continue;
      ports.push({ ip: p.hostIP || bindAllHostIP, protocol: p.protocol || 'TCP', port });
    }
  }
  return ports;
}

/** `HostPortInfo`: the (protocol, port) pairs in use, by host IP. */
export class HostPortInfo {
  private readonly byIP = new Map<string, Map<string, number>>();

  add(p: HostPort, delta = 1): void {
    let ports = this.byIP.get(p.ip);
    if (!ports) this.byIP.set(p.ip, (ports = new Map()));
    const key = `${p.protocol}/${p.port}`;
    const n = (ports.get(key) ?? 0) + delta;
    if (n > 0) ports.set(key, n);
    else ports.delete(key);
  }

  /** `CheckConflict`: 0.0.0.0 conflicts with the pair on any IP; another IP with itself or 0.0.0.0. IPs compare as strings. */
  conflicts(p: HostPort): boolean {
    const key = `${p.protocol}/${p.port}`;
    if (p.ip === bindAllHostIP) return [...this.byIP.values()].some((ports) => ports.has(key));
    return !!this.byIP.get(bindAllHostIP)?.has(key) || !!this.byIP.get(p.ip)?.has(key);
  }
}

/** `fitsPorts`: none of the wanted ports is taken on the node. */
export function fitsPorts(wanted: readonly HostPort[], used: HostPortInfo): boolean {
  return !wanted.some((p) => used.conflicts(p));
}

/** `defaultHostNetworkPorts`: on a hostNetwork pod, a container port without a hostPort gets the containerPort as hostPort. */
export function defaultHostNetworkPorts(containers: readonly Container[] | undefined): void {
  for (const c of containers ?? []) {
    for (const p of Array.isArray(c?.ports) ? c.ports : []) {
      if (p && typeof p === 'object' && !p.hostPort) p.hostPort = p.containerPort;
    }
  }
}
