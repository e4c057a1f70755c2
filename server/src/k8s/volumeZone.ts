// Zone and region labels on the pod's bound volumes, as the VolumeZone
// filter reads them: a node labelled with a zone or region must be in one
// the volume lists. (A volume's node affinity is VolumeBinding's business.)
// Source: pkg/scheduler/framework/plugins/volumezone/volume_zone.go
// (getPVbyPod, getPVTopologies, getErrorAsStatus, translateToGALabel, Filter).

import type { NodeInfo, SchedulingSnapshot } from './nodeInfo';
import { claimClass, labelZonesToSet } from './persistentVolumes';
import type { FilterResult } from './scheduling';
import type { Pod } from './types';
import { claimNotFound, type PreFilterOutcome } from './volumeBinding';

export const volumeZoneReason = 'node(s) had no available volume zone';

const betaZone = 'failure-domain.beta.kubernetes.io/zone';
const betaRegion = 'failure-domain.beta.kubernetes.io/region';
const zone = 'topology.kubernetes.io/zone';
const region = 'topology.kubernetes.io/region';

/** The labels looked at, in this order. */
const topologyLabels = [betaZone, betaRegion, zone, region];

const gaLabel: Record<string, string> = { [betaZone]: zone, [betaRegion]: region };

export interface VolumeTopology {
  key: string;
  values: Set<string>;
}

/** PreFilter: the zone and region labels of the volumes the pod's claims are bound to; Skip when there are none. */
export function volumeZonePreFilter(pod: Pod, snapshot: SchedulingSnapshot): PreFilterOutcome<VolumeTopology[]> {
  const ns = pod.metadata?.namespace ?? '';
  const topologies: VolumeTopology[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (!v?.persistentVolumeClaim) continue;
    const name = v.persistentVolumeClaim.claimName;
    if (!name) return { reject: 'PersistentVolumeClaim had no name' };
    const claim = snapshot.claim(ns, name);
    if (!claim) return { reject: claimNotFound(name) };
    const pvName = claim.spec?.volumeName ?? '';
    if (!pvName) {
      const scName = claimClass(claim);
      if (!scName) return { reject: 'PersistentVolumeClaim had no pv name and storageClass name' };
      const sc = snapshot.storageClass(scName);
      if (!sc) return { reject: `storageclass.storage.k8s.io ${JSON.stringify(scName)} not found` };
      if (!sc.volumeBindingMode) return { reject: `VolumeBindingMode not set for StorageClass ${JSON.stringify(scName)}` };
      if (sc.volumeBindingMode === 'WaitForFirstConsumer') continue;
      return { reject: 'PersistentVolume had no name' };
    }
    const pv = snapshot.volume(pvName);
    if (!pv) return { reject: `persistentvolume ${JSON.stringify(pvName)} not found` };
    const labels = pv.metadata?.labels ?? {};
    for (const key of topologyLabels) {
      if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
      const values = labelZonesToSet(labels[key]);
      if (values) topologies.push({ key, values });
    }
  }
  return topologies.length ? { state: topologies } : { skip: true };
}

/** Filter: a node with none of the topology labels passes (a single-zone cluster); otherwise each volume label's value set must hold the node's. */
export function volumeZoneFilter(topologies: readonly VolumeTopology[], info: NodeInfo): FilterResult | undefined {
  const labels = info.node.metadata?.labels ?? {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(labels, k);
  if (!topologyLabels.some(has)) return undefined;
  for (const t of topologies) {
    const key = has(t.key) ? t.key : gaLabel[t.key];
    if (key === undefined || !has(key) || !t.values.has(labels[key])) return { fits: false, reasons: [volumeZoneReason], unresolvable: true };
  }
  return undefined;
}
