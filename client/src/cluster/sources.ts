// The collections informers follow, each listed through the typed client in
// kubectl's chunks (--chunk-size 500) and watched at the same path.

import type { Node, Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import { wire, type ClusterApis } from './connection';
import type { InformerSource, ListPage } from './informer';

const chunk = 500;

function page<T>(list: { items: unknown[]; metadata?: { resourceVersion?: string; _continue?: string } }): ListPage<T> {
  return { items: wire<T[]>(list.items), resourceVersion: list.metadata?.resourceVersion ?? '', continueToken: list.metadata?._continue };
}

export const nodesSource: InformerSource<Node> = {
  path: '/api/v1/nodes',
  listPage: async (apis: ClusterApis, token: string | undefined) => page<Node>(await apis.core.listNode({ limit: chunk, _continue: token })),
};

/** Pods of every namespace, optionally narrowed (`spec.nodeName=n1`, a label selector). */
export function podsSource(selectors: { fieldSelector?: string; labelSelector?: string } = {}): InformerSource<Pod> {
  const { fieldSelector, labelSelector } = selectors;
  return {
    path: '/api/v1/pods',
    fieldSelector,
    labelSelector,
    listPage: async (apis: ClusterApis, token: string | undefined) =>
      page<Pod>(await apis.core.listPodForAllNamespaces({ fieldSelector, labelSelector, limit: chunk, _continue: token })),
  };
}

export const budgetsSource: InformerSource<PodDisruptionBudget> = {
  path: '/apis/policy/v1/poddisruptionbudgets',
  listPage: async (apis: ClusterApis, token: string | undefined) =>
    page<PodDisruptionBudget>(await apis.policy.listPodDisruptionBudgetForAllNamespaces({ limit: chunk, _continue: token })),
};
