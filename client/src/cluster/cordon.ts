// Cordon and uncordon: kubectl's CordonHelper (kubectl/pkg/drain/cordon.go,
// kubectl/pkg/cmd/drain/drain.go RunCordonOrUncordon). Read the node; if
// spec.unschedulable already has the wanted value say so, otherwise send the
// strategic-merge patch `{"spec":{"unschedulable":true}}` (uncordon: `null`).

import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { Node } from '../../../server/src/k8s/types';
import { wire, type Cluster, type ClusterApis } from './connection';
import { explainFailure, type Explanation } from './explain';
import type { ClusterFailure } from './failure';

/** kubectl's `--dry-run`: client sends no write, server sends it with `dryRun=All`. */
export type DryRunStrategy = 'none' | 'client' | 'server';

export type CordonOutcome =
  | {
      kind: 'done';
      node: string;
      /** The value of spec.unschedulable now (or that a dry run would leave). */
      unschedulable: boolean;
      /** False when the node already had that value ("already cordoned"). */
      changed: boolean;
      dryRun: DryRunStrategy;
      /** The node as read before the change. */
      before: Node;
    }
  | (ClusterFailure & { node: string; explanation: Explanation });

export interface CordonOptions {
  dryRun?: DryRunStrategy;
  signal?: AbortSignal;
}

/** Set spec.unschedulable on a node, kubectl's way. Never rejects. */
export async function setUnschedulable(cluster: Cluster, node: string, unschedulable: boolean, options: CordonOptions = {}, apis: ClusterApis = cluster.apis(options.signal)): Promise<CordonOutcome> {
  const dryRun = options.dryRun ?? 'none';
  try {
    const before = wire<Node>(await apis.core.readNode({ name: node }));
    const changed = !!before.spec?.unschedulable !== unschedulable;
    if (changed && dryRun !== 'client') {
      await apis.core.patchNode(
        { name: node, body: { spec: { unschedulable: unschedulable ? true : null } }, ...(dryRun === 'server' ? { dryRun: 'All' } : {}) },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
    }
    return { kind: 'done', node, unschedulable, changed, dryRun, before };
  } catch (err) {
    const failure = cluster.failureOf(err);
    return { ...failure, node, explanation: explainFailure(failure) };
  }
}

export const cordonNode = (cluster: Cluster, node: string, options?: CordonOptions) => setUnschedulable(cluster, node, true, options);
export const uncordonNode = (cluster: Cluster, node: string, options?: CordonOptions) => setUnschedulable(cluster, node, false, options);
