// Watches a workload's pods and remembers the fewest Ready, not-terminating
// ones there ever were: "the PDB never had fewer than minAvailable Ready pods".
import type { Pod } from '../../../server/src/k8s/types';
import type { SimCluster } from '../../../server/src/sim/cluster';
import { isReady, ok } from './helpers';

export function watchHealthy(c: SimCluster, app: string): { min: () => number; now: () => number } {
  const state = new Map<string, Pod>();
  for (const p of c.list('pods', 'default') as Pod[]) if (p.metadata?.labels?.app === app) state.set(p.metadata!.name!, p);
  const healthy = () => [...state.values()].filter((p) => isReady(p) && !p.metadata?.deletionTimestamp).length;
  let min = healthy();
  ok(
    c.watch('pods', 'default', c.resourceVersion(), (e) => {
      const p = e.object as Pod;
      if (p.metadata?.labels?.app !== app) return;
      if (e.type === 'DELETED') state.delete(p.metadata!.name!);
      else state.set(p.metadata!.name!, p);
      min = Math.min(min, healthy());
    }),
  );
  return { min: () => min, now: healthy };
}
