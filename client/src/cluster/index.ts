// The cluster operations' public API, shared by the VS Code extension, the
// CLI and the tests. Nothing here imports vscode.

export { openCluster, Cluster, type ClusterApis, type ClusterOptions, type RequestInfo } from './connection';
export { loadKubeconfig, listContexts, kubeconfigFiles, type KubeconfigSelection, type ContextSummary, type LoadedKubeconfig } from './kubeconfig';
export { ClusterError, type ClusterFailure, type UnreachableCause } from './failure';
export { evictPod, evictionInputs, type EvictOptions, type EvictionOutcome } from './evict';
export type { EvictionAnswer, BudgetFacts, PodRef } from './evictionAnswer';
export { cordonNode, uncordonNode, setUnschedulable, type CordonOutcome, type CordonOptions, type DryRunStrategy } from './cordon';
export { kubectlDrainLine, withDryRun } from './drainLines';
export { drainNode, drainNodes, drainFilterOptions, evictPods, type EvictPodsOptions, type DrainOptions, type DrainEvent, type DrainReport, type PodLeft, type RetryPlan, type DrainTiming } from './drain';
export { explainEviction, explainFailure, isForbiddenByRbac, plainText, type Explanation } from './explain';
export { Informer, type InformerSource, type InformerHandlers, type InformerState, type InformerTiming } from './informer';
export { podsSource, budgetsSource, nodesSource, namespacesSource, eventsSource, nodeNamesBySelector } from './sources';
export { ClusterObjects, ClusterSnapshot, type SnapshotChange, type SnapshotHandlers, type SnapshotHealth, type SnapshotResource, type ChangeType } from './snapshot';
export { planDrain, planDrainOnCluster, planAssumptions, type PlanRequest, type PlanOptions, type PlanProgress, type PlanResult } from './plan/planner';
export { snapshotOfCluster, snapshotOfManifests, type PlanSnapshot } from './plan/snapshot';
export { planMarkdown, planText } from './plan/report';
export type { DrainPlan, NodePlan, HeldPod, PendingPod, PlanVerdict, PlanEvent, TimelineEntry, PlanAssumptions, OrderCandidate } from './plan/types';
export { listClusterObjects, type ClusterListing } from './listing';
