// The ephemeral volume controller: a pod's generic ephemeral volume gets
// its claim, `<pod>-<volume>`, made from the volume's claim template and
// owned by the pod, so that the garbage collector removes it with the pod.
// Source: pkg/controller/volume/ephemeral/controller.go (syncHandler, handleVolume).

import { ephemeralClaimName } from '../../k8s/nodeInfo';
import type { PersistentVolumeClaim, Pod } from '../../k8s/types';
import type { Controller, SimContext } from '../context';
import { objectKey, splitKey } from '../objects';
import type { Change } from '../store';
import { WorkQueue } from './queue';

export class EphemeralVolumeController implements Controller {
  readonly name = 'ephemeral-volume' as const;
  private readonly queue = new WorkQueue();

  constructor(private readonly ctx: SimContext) {}

  observe(c: Change): void {
    if (c.resource === 'pods' && c.type !== 'DELETED' && ((c.object as Pod).spec?.volumes ?? []).some((v) => v?.ephemeral)) this.queue.add(objectKey(c.object));
  }

  pending(): boolean {
    return this.queue.size > 0;
  }

  work(): void {
    for (const key of this.queue.take()) {
      const [ns, name] = splitKey(key);
      const pod = this.ctx.get<Pod>('pods', ns, name);
      if (!pod || pod.metadata?.deletionTimestamp) continue;
      for (const v of pod.spec?.volumes ?? []) {
        const template = v?.ephemeral?.volumeClaimTemplate;
        if (!template) continue;
        const claimName = ephemeralClaimName(pod, v.name ?? '');
        if (this.ctx.get('persistentvolumeclaims', ns, claimName)) continue;
        const created = this.ctx.create('persistentvolumeclaims', {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: {
            name: claimName,
            namespace: ns,
            ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name, uid: pod.metadata?.uid, controller: true, blockOwnerDeletion: true }],
            ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
            ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
          },
          spec: structuredClone(template.spec ?? {}),
        } as PersistentVolumeClaim);
        if (!created.ok) this.ctx.event(pod, 'Warning', 'FailedBinding', `create PVC ${claimName}: ${created.status.message}`, 'ephemeral_volume');
      }
    }
  }
}
