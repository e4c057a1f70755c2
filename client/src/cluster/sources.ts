// What an Informer can follow: one collection each, listed in pages through
// the typed client and watched at its URL. The drain follows a node's pods
// and every budget; a tree view of the cluster can follow all four.

import type { KubeObject, Node, Pod, PodDisruptionBudget } from '../../../server/src/k8s/types';
import { wire, type ClusterApis } from './connection';
import type { InformerSource, ListPage } from './informer';

/** kubectl's `--chunk-size` default. */
const pageSize = 500;

interface ListResult {
  items: unknown[];
  metadata?: { resourceVersion?: string; _continue?: string };
}

function page<T>(list: ListResult): ListPage<T> {
  return { items: wire<T[]>(list.items), resourceVersion: list.metadata?.resourceVersion ?? '', continueToken: list.metadata?._continue };
}

/** A page size as kubectl's `--chunk-size` takes it: 0 lists everything at once. */
const limitOf = (chunkSize = pageSize) => (chunkSize > 0 ? chunkSize : undefined);

/** Pods of every namespace or of one, optionally of one node (`spec.nodeName=`), matching a label selector, listed `chunkSize` at a time. */
export function podsSource(options: { namespace?: string; nodeName?: string; labelSelector?: string; chunkSize?: number } = {}): InformerSource<Pod> {
  const fieldSelector = options.nodeName ? `spec.nodeName=${options.nodeName}` : undefined;
  const labelSelector = options.labelSelector || undefined;
  const limit = limitOf(options.chunkSize);
  const { namespace } = options;
  return {
    path: namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods` : '/api/v1/pods',
    fieldSelector,
    labelSelector,
    listPage: async (apis, token) =>
      page<Pod>(
        await (namespace
          ? apis.core.listNamespacedPod({ namespace, fieldSelector, labelSelector, limit, _continue: token })
          : apis.core.listPodForAllNamespaces({ fieldSelector, labelSelector, limit, _continue: token })),
      ),
  };
}

/** The names of the nodes a label selector picks (`kubectl drain --selector`), listed `chunkSize` at a time. */
export async function nodeNamesBySelector(apis: ClusterApis, labelSelector: string, chunkSize?: number): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const list = page<Node>(await apis.core.listNode({ labelSelector, limit: limitOf(chunkSize), _continue: token }));
    names.push(...list.items.map((n) => n.metadata?.name ?? ''));
    token = list.continueToken || undefined;
  } while (token);
  return names;
}

export const budgetsSource: InformerSource<PodDisruptionBudget> = {
  path: '/apis/policy/v1/poddisruptionbudgets',
  listPage: async (apis: ClusterApis, token) => page<PodDisruptionBudget>(await apis.policy.listPodDisruptionBudgetForAllNamespaces({ limit: pageSize, _continue: token })),
};

export const nodesSource: InformerSource<Node> = {
  path: '/api/v1/nodes',
  listPage: async (apis: ClusterApis, token) => page<Node>(await apis.core.listNode({ limit: pageSize, _continue: token })),
};

export const namespacesSource: InformerSource<KubeObject> = {
  path: '/api/v1/namespaces',
  listPage: async (apis: ClusterApis, token) => page<KubeObject>(await apis.core.listNamespace({ limit: pageSize, _continue: token })),
};

/**
 * The events about one object, in its namespace, by kind and name. Events
 * about cluster-scoped objects (nodes) are recorded in `default`
 * (client-go tools/record/event.go makeEvent).
 */
export function eventsSource(about: { kind: string; namespace?: string; name: string }): InformerSource<KubeObject> {
  const namespace = about.namespace || 'default';
  const fieldSelector = [`involvedObject.kind=${about.kind}`, `involvedObject.name=${about.name}`, ...(about.namespace ? [`involvedObject.namespace=${about.namespace}`] : [])].join(',');
  return {
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
    fieldSelector,
    listPage: async (apis: ClusterApis, token) => page<KubeObject>(await apis.core.listNamespacedEvent({ namespace, fieldSelector, limit: pageSize, _continue: token })),
  };
}
