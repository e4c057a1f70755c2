// The PersistentVolume controller, with a stand-in for the CSI external
// provisioner: claims bind to matching Available volumes (Immediate
// classes at once; WaitForFirstConsumer claims once the scheduler chose a
// node, by pre-binding a volume or naming the node in the selected-node
// annotation); a claim with a provisioning class and no volume gets a new
// one, `pvc-<claim uid>`, placed where the class's topology knob says.
// Binding sets the claim's volumeName, its bind-completed and
// bound-by-controller annotations and both objects' phase Bound. A claim
// whose volume is gone is Lost; a volume whose claim is gone is Released,
// and deleted when its reclaim policy is Delete.
// Sources: pkg/controller/volume/persistentvolume/pv_controller.go (syncClaim,
// syncUnboundClaim, syncBoundClaim, syncVolume, bind, provisionClaimOperationExternal,
// reclaimVolume), sigs.k8s.io/sig-storage-lib-external-provisioner (provisionClaimOperation: the
// PV's name, events and annotations), pkg/scheduler/framework/plugins/volumebinding (AnnSelectedNode).

import { claimClass, claimRequest, findMatchingVolume, isDelayBinding, isVolumeBoundToClaim, noProvisioner, volumeAnnotations } from '../../k8s/persistentVolumes';
import type { Node, NodeSelector, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../k8s/types';
import type { Controller, SimContext } from '../context';
import { knobs } from '../knobs';
import { keyOf, objectKey, splitKey } from '../objects';
import type { Change } from '../store';
import { WorkQueue } from './queue';

const component = 'persistentvolume-controller';

/** Where a provisioned volume can be used from: the selected node's zone (block storage), the node itself (local disks), or anywhere. */
export type VolumeTopology = 'zone' | 'node' | 'none';

export function volumeTopologyOf(sc: StorageClass): VolumeTopology {
  const v = sc.metadata?.annotations?.[knobs.volumeTopology]?.trim();
  return v === 'node' || v === 'none' ? v : 'zone';
}

/** The node affinity a volume provisioned for `node` gets, or none. */
function provisionedAffinity(sc: StorageClass, node: Node | undefined): { required: NodeSelector } | undefined {
  const labels = node?.metadata?.labels ?? {};
  const pin = (key: string, value: string | undefined) => (value === undefined ? undefined : { required: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values: [value] }] }] } });
  switch (volumeTopologyOf(sc)) {
    case 'zone':
      return pin('topology.kubernetes.io/zone', labels['topology.kubernetes.io/zone']);
    case 'node':
      return pin('kubernetes.io/hostname', labels['kubernetes.io/hostname'] ?? node?.metadata?.name);
    case 'none':
      return undefined;
  }
}

/**
 * A claim and volume copied from another cluster (a snapshot loaded into the
 * simulator) name each other, but the claim has a new uid: they are still
 * one binding, not a volume whose claim was deleted and recreated.
 */
function restoredBinding(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  return claim.spec?.volumeName === pv.metadata?.name && ref?.name === claim.metadata?.name && ref?.namespace === claim.metadata?.namespace;
}

export class PersistentVolumeController implements Controller {
  readonly name = 'persistentvolume-binder' as const;
  private readonly claims = new WorkQueue();
  private readonly volumes = new WorkQueue();
  /** Claims told they wait for a consumer, so that it is said once. */
  private readonly waitingSaid = new Set<string>();

  constructor(private readonly ctx: SimContext) {}

  observe(c: Change): void {
    if (c.resource === 'persistentvolumeclaims') {
      if (c.type === 'DELETED') {
        this.waitingSaid.delete(objectKey(c.object));
        for (const pv of this.ctx.list<PersistentVolume>('persistentvolumes')) if (isVolumeBoundToClaim(pv, c.object as PersistentVolumeClaim)) this.volumes.add(keyOf(undefined, pv.metadata?.name ?? ''));
      } else {
        this.claims.add(objectKey(c.object));
      }
    } else if (c.resource === 'persistentvolumes') {
      if (c.type !== 'DELETED') this.volumes.add(objectKey(c.object));
      const ref = (c.object as PersistentVolume).spec?.claimRef;
      if (ref?.name) this.claims.add(keyOf(ref.namespace, ref.name));
      // A new Available volume may be what an unbound claim waits for.
      if (c.type !== 'DELETED') for (const claim of this.ctx.list<PersistentVolumeClaim>('persistentvolumeclaims')) if (!claim.spec?.volumeName) this.claims.add(objectKey(claim));
    } else if (c.resource === 'storageclasses' && c.type !== 'DELETED') {
      for (const claim of this.ctx.list<PersistentVolumeClaim>('persistentvolumeclaims')) if (!claim.spec?.volumeName) this.claims.add(objectKey(claim));
    }
  }

  pending(): boolean {
    return this.claims.size > 0 || this.volumes.size > 0;
  }

  work(): void {
    for (const key of this.volumes.take()) this.syncVolume(splitKey(key)[1]);
    for (const key of this.claims.take()) {
      const [ns, name] = splitKey(key);
      const claim = this.ctx.get<PersistentVolumeClaim>('persistentvolumeclaims', ns, name);
      if (claim && !claim.metadata?.deletionTimestamp) this.syncClaim(claim);
    }
  }

  private storageClass(name: string): StorageClass | undefined {
    return name ? this.ctx.get<StorageClass>('storageclasses', undefined, name) : undefined;
  }

  private syncClaim(claim: PersistentVolumeClaim): void {
    const volumeName = claim.spec?.volumeName;
    if (volumeName) return this.syncBoundClaim(claim, volumeName);
    const delay = isDelayBinding(claim, (n) => this.storageClass(n));
    // A volume pre-bound to the claim (by the scheduler, for a delayed claim) is found whatever the mode.
    const pv = findMatchingVolume(claim, this.ctx.list<PersistentVolume>('persistentvolumes'), undefined, new Set(), delay);
    if (pv) return this.bind(pv, claim);
    const selected = claim.metadata?.annotations?.[volumeAnnotations.selectedNode];
    if (delay && selected === undefined) {
      if (!this.waitingSaid.has(objectKey(claim))) {
        this.waitingSaid.add(objectKey(claim));
        this.ctx.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', component);
      }
      return;
    }
    const className = claimClass(claim);
    const sc = this.storageClass(className);
    if (!className) {
      this.ctx.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', component);
    } else if (!sc) {
      this.ctx.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io ${JSON.stringify(className)} not found`, component);
    } else if (sc.provisioner && sc.provisioner !== noProvisioner) {
      this.provision(claim, sc, selected);
    }
  }

  /** A claim that names its volume: finish the binding, or find the volume gone. */
  private syncBoundClaim(claim: PersistentVolumeClaim, volumeName: string): void {
    const pv = this.ctx.get<PersistentVolume>('persistentvolumes', undefined, volumeName);
    if (!pv) {
      if (claim.status?.phase === 'Bound') {
        this.ctx.modify('persistentvolumeclaims', claim, (d) => void (d.status = { ...d.status, phase: 'Lost' }));
        this.ctx.event(claim, 'Warning', 'ClaimLost', 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!', component);
      }
      return;
    }
    if (!pv.spec?.claimRef || isVolumeBoundToClaim(pv, claim) || restoredBinding(pv, claim)) this.bind(pv, claim);
  }

  /** `bind`: the volume's claimRef and the claim's volumeName, annotations and status, both Bound. */
  private bind(pv: PersistentVolume, claim: PersistentVolumeClaim): void {
    const byController = !pv.spec?.claimRef;
    const bound = this.ctx.modify('persistentvolumes', pv, (d) => {
      d.spec = {
        ...d.spec,
        claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.metadata?.namespace, name: claim.metadata?.name, uid: claim.metadata?.uid, apiVersion: 'v1', resourceVersion: claim.metadata?.resourceVersion },
      };
      if (byController) d.metadata = { ...d.metadata, annotations: { ...d.metadata?.annotations, [volumeAnnotations.boundByController]: 'yes' } };
      d.status = { ...d.status, phase: 'Bound' };
    });
    if (!bound) return;
    const claimByController = !claim.spec?.volumeName;
    this.ctx.modify('persistentvolumeclaims', claim, (d) => {
      d.spec = { ...d.spec, volumeName: pv.metadata?.name ?? '' };
      d.metadata = {
        ...d.metadata,
        annotations: { ...d.metadata?.annotations, [volumeAnnotations.bindCompleted]: 'yes', ...(claimByController ? { [volumeAnnotations.boundByController]: 'yes' } : {}) },
      };
      d.status = { ...d.status, phase: 'Bound', accessModes: [...(pv.spec?.accessModes ?? [])], capacity: { ...pv.spec?.capacity } };
    });
  }

  /** The external provisioner's part: a volume for the claim, pre-bound to it, where the class's topology puts it. */
  private provision(claim: PersistentVolumeClaim, sc: StorageClass, selectedNode: string | undefined): void {
    const provisioner = sc.provisioner ?? '';
    const name = `pvc-${claim.metadata?.uid ?? ''}`;
    if (this.ctx.get('persistentvolumes', undefined, name)) return;
    this.ctx.modify('persistentvolumeclaims', claim, (d) => {
      d.metadata = { ...d.metadata, annotations: { ...d.metadata?.annotations, [volumeAnnotations.storageProvisioner]: provisioner, [volumeAnnotations.betaStorageProvisioner]: provisioner } };
    });
    const claimName = `${claim.metadata?.namespace}/${claim.metadata?.name}`;
    this.ctx.event(
      claim,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
      component,
    );
    this.ctx.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim ${JSON.stringify(claimName)}`, provisioner);
    const node = selectedNode === undefined ? undefined : this.ctx.get<Node>('nodes', undefined, selectedNode);
    const affinity = provisionedAffinity(sc, node);
    const created = this.ctx.create('persistentvolumes', {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, annotations: { [volumeAnnotations.provisionedBy]: provisioner } },
      spec: {
        capacity: { storage: String(claim.spec?.resources?.requests?.storage ?? claimRequest(claim)) },
        accessModes: [...(claim.spec?.accessModes ?? [])],
        claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.metadata?.namespace, name: claim.metadata?.name, uid: claim.metadata?.uid, apiVersion: 'v1', resourceVersion: claim.metadata?.resourceVersion },
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata?.name ?? '',
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
        csi: { driver: provisioner, volumeHandle: name },
        ...(affinity ? { nodeAffinity: affinity } : {}),
      },
    } as PersistentVolume);
    if (created.ok) this.ctx.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, provisioner);
    else this.ctx.event(claim, 'Warning', 'ProvisioningFailed', created.status.message ?? 'failed to provision volume', provisioner);
  }

  /** `syncVolume`: a new volume becomes Available; one whose claim is gone is Released, and deleted if its policy says so. */
  private syncVolume(name: string): void {
    const pv = this.ctx.get<PersistentVolume>('persistentvolumes', undefined, name);
    if (!pv || pv.metadata?.deletionTimestamp) return;
    const ref = pv.spec?.claimRef;
    if (!ref?.name) {
      if (pv.status?.phase !== 'Available') this.ctx.modify('persistentvolumes', pv, (d) => void (d.status = { ...d.status, phase: 'Available' }));
      return;
    }
    const claim = this.ctx.get<PersistentVolumeClaim>('persistentvolumeclaims', ref.namespace, ref.name);
    const claimGone = !claim || (ref.uid && claim.metadata?.uid !== ref.uid && !restoredBinding(pv, claim));
    if (!claimGone) {
      // Pre-bound to a claim that may still bind to it: Available until it does.
      if (pv.status?.phase === 'Pending') this.ctx.modify('persistentvolumes', pv, (d) => void (d.status = { ...d.status, phase: 'Available' }));
      return;
    }
    if (!ref.uid) {
      if (pv.status?.phase !== 'Available') this.ctx.modify('persistentvolumes', pv, (d) => void (d.status = { ...d.status, phase: 'Available' }));
      return;
    }
    if (pv.spec?.persistentVolumeReclaimPolicy === 'Delete') {
      this.ctx.delete('persistentvolumes', undefined, name);
      return;
    }
    if (pv.status?.phase !== 'Released') this.ctx.modify('persistentvolumes', pv, (d) => void (d.status = { ...d.status, phase: 'Released' }));
  }
}
