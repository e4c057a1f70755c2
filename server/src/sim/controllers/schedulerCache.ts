// The scheduler's cache: every node's NodeInfo, kept up to date from the
// changes it sees rather than rebuilt for each scheduling pass, so that a
// pass costs what it schedules, not the size of the cluster. Pods bound to
// a node that does not exist (yet) are held until it does; a terminal pod
// leaves the cache.
// Source: pkg/scheduler/internal/cache/cache.go (AddPod, UpdatePod, RemovePod, AddNode, UpdateNode, RemoveNode).

import { addPod, newNodeInfo, removePod, type NodeInfo } from '../../k8s/nodeInfo';
import { isPodTerminal } from '../../k8s/pods';
import type { Node, Pod } from '../../k8s/types';
import { objectKey } from '../objects';
import type { Change } from '../store';

export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>();
  /** The cached pods by node name, nodes that do not exist included. */
  private readonly podsByNode = new Map<string, Map<string, Pod>>();
  private sorted: NodeInfo[] | undefined;

  observe(c: Change): void {
    if (c.resource === 'nodes') this.observeNode(c);
    else if (c.resource === 'pods') this.observePod(c);
  }

  /** Every existing node's info, by name. */
  nodes(): readonly NodeInfo[] {
    this.sorted ??= [...this.infos.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return this.sorted;
  }

  private observeNode(c: Change): void {
    const name = c.object.metadata?.name ?? '';
    this.sorted = undefined;
    if (c.type === 'DELETED') this.infos.delete(name);
    else this.infos.set(name, newNodeInfo(c.object as Node, [...(this.podsByNode.get(name)?.values() ?? [])]));
  }

  private observePod(c: Change): void {
    const key = objectKey(c.object);
    const old = c.old as Pod | undefined;
    const pod = c.object as Pod;
    const oldNode = old?.spec?.nodeName;
    if (oldNode) {
      const cached = this.podsByNode.get(oldNode)?.get(key);
      if (cached) {
        this.podsByNode.get(oldNode)!.delete(key);
        const info = this.infos.get(oldNode);
        if (info) removePod(info, cached);
      }
    }
    const nodeName = pod.spec?.nodeName;
    if (c.type === 'DELETED' || !nodeName || isPodTerminal(pod)) return;
    let pods = this.podsByNode.get(nodeName);
    if (!pods) this.podsByNode.set(nodeName, (pods = new Map()));
    pods.set(key, pod);
    const info = this.infos.get(nodeName);
    if (info) addPod(info, pod);
  }
}
