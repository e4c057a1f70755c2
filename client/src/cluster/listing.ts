// Everything a drain plan reads of a live cluster, listed once with the
// typed client, in pages of 500 (kubectl's --chunk-size): nodes, pods,
// PodDisruptionBudgets, namespaces, the workloads that make pods,
// PersistentVolumeClaims, PersistentVolumes and StorageClasses. Only list
// requests, nothing written, nothing watched. Nodes, pods and budgets are
// required; any other resource the server does not serve (404) or will not
// list for these credentials (403) is left out and said.

import type { KubeObject } from '../../../server/src/k8s/types';
import { wire, type Cluster, type ClusterApis } from './connection';
import { apiAnswerOf, type ClusterFailure } from './failure';

const pageSize = 500;

interface Page {
  items: unknown[];
  metadata?: { _continue?: string };
}

interface Listing {
  kind: string;
  apiVersion: string;
  /** What it is called in messages: `persistentvolumeclaims`. */
  resource: string;
  required: boolean;
  page(apis: ClusterApis, token: string | undefined): Promise<Page>;
}

const paging = (token: string | undefined) => ({ limit: pageSize, _continue: token });

export const clusterListings: readonly Listing[] = [
  { kind: 'Namespace', apiVersion: 'v1', resource: 'namespaces', required: false, page: (a, t) => a.core.listNamespace(paging(t)) },
  { kind: 'Node', apiVersion: 'v1', resource: 'nodes', required: true, page: (a, t) => a.core.listNode(paging(t)) },
  { kind: 'Pod', apiVersion: 'v1', resource: 'pods', required: true, page: (a, t) => a.core.listPodForAllNamespaces(paging(t)) },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', resource: 'poddisruptionbudgets', required: true, page: (a, t) => a.policy.listPodDisruptionBudgetForAllNamespaces(paging(t)) },
  { kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployments', required: false, page: (a, t) => a.apps.listDeploymentForAllNamespaces(paging(t)) },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', resource: 'replicasets', required: false, page: (a, t) => a.apps.listReplicaSetForAllNamespaces(paging(t)) },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', resource: 'statefulsets', required: false, page: (a, t) => a.apps.listStatefulSetForAllNamespaces(paging(t)) },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', resource: 'daemonsets', required: false, page: (a, t) => a.apps.listDaemonSetForAllNamespaces(paging(t)) },
  { kind: 'Job', apiVersion: 'batch/v1', resource: 'jobs', required: false, page: (a, t) => a.batch.listJobForAllNamespaces(paging(t)) },
  { kind: 'PersistentVolumeClaim', apiVersion: 'v1', resource: 'persistentvolumeclaims', required: false, page: (a, t) => a.core.listPersistentVolumeClaimForAllNamespaces(paging(t)) },
  { kind: 'PersistentVolume', apiVersion: 'v1', resource: 'persistentvolumes', required: false, page: (a, t) => a.core.listPersistentVolume(paging(t)) },
  { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', resource: 'storageclasses', required: false, page: (a, t) => a.storage.listStorageClass(paging(t)) },
];

export type ClusterListing = { ok: true; objects: KubeObject[]; skipped: string[] } | { ok: false; failure: ClusterFailure };

async function listAll(apis: ClusterApis, listing: Listing): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  let token: string | undefined;
  do {
    const page = await listing.page(apis, token);
    // List items carry no kind or apiVersion on the wire; the list does.
    for (const item of wire<KubeObject[]>(page.items)) objects.push({ ...item, apiVersion: listing.apiVersion, kind: listing.kind });
    token = page.metadata?._continue || undefined;
  } while (token);
  return objects;
}

/** List every resource a plan reads, once. Never rejects: a required resource that cannot be listed is the failure. */
export async function listClusterObjects(cluster: Cluster, signal?: AbortSignal): Promise<ClusterListing> {
  const apis = cluster.apis(signal);
  const skipped: string[] = [];
  let failure: ClusterFailure | undefined;
  const lists = await Promise.all(
    clusterListings.map(async (listing) => {
      try {
        return await listAll(apis, listing);
      } catch (err) {
        const code = apiAnswerOf(err)?.code;
        if (!listing.required && (code === 404 || code === 403)) {
          skipped.push(`${listing.resource} (${listing.apiVersion}): ${code === 404 ? 'not served by this cluster' : 'not listed: forbidden for these credentials'}`);
        } else {
          failure ??= cluster.failureOf(err);
        }
        return [];
      }
    }),
  );
  if (failure) return { ok: false, failure };
  return { ok: true, objects: lists.flat(), skipped };
}
