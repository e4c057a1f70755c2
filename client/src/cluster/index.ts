// The cluster operations' public API, shared by the VS Code extension, the
// CLI and the tests. Nothing here imports vscode.

export { openCluster, Cluster, type ClusterApis, type ClusterOptions, type RequestInfo } from './connection';
export { loadKubeconfig, listContexts, kubeconfigFiles, type KubeconfigSelection, type ContextSummary, type LoadedKubeconfig } from './kubeconfig';
export { ClusterError, type ClusterFailure, type UnreachableCause } from './failure';
export { evictPod, type EvictOptions, type EvictionOutcome } from './evict';
export type { EvictionAnswer, BudgetFacts, PodRef } from './evictionAnswer';
export { cordonNode, uncordonNode, setUnschedulable, type CordonOutcome, type CordonOptions, type DryRunStrategy } from './cordon';
export { kubectlDrainLine, withDryRun } from './drainLines';
export { drainNode, drainNodes, drainFilterOptions, evictPods, type EvictPodsOptions, type DrainOptions, type DrainEvent, type DrainReport, type PodLeft, type RetryPlan, type DrainTiming } from './drain';
export { explainEviction, explainFailure, isForbiddenByRbac, plainText, type Explanation } from './explain';
export { Informer, type InformerSource, type InformerHandlers, type InformerState, type InformerTiming } from './informer';
export { podsSource, budgetsSource, nodesSource, namespacesSource, eventsSource, nodeNamesBySelector } from './sources';
export { ClusterObjects, ClusterSnapshot, type SnapshotChange, type SnapshotHandlers, type SnapshotHealth, type SnapshotResource, type ChangeType } from './snapshot';
export { planDrain, planDrainOnCluster, planAssumptions, type PlanRequest, type PlanOptions, type PlanProgress, type PlanResult } from './plan/planner';
export { planEvictions, planEvictionsOnCluster, type EvictionsRequest, type EvictionsPlanResult } from './plan/evictions';
export { snapshotOfCluster, snapshotOfManifests, type PlanSnapshot } from './plan/snapshot';
export { planMarkdown, planText, planReport, planOutcomeText, type PlanReport, type PlanFinding } from './plan/report';
export type { DrainPlan, EvictionsPlan, PlannedEviction, Replacement, NodePlan, HeldPod, PendingPod, PlanVerdict, PlanEvent, TimelineEntry, PlanAssumptions, OrderCandidate } from './plan/types';
export { listClusterObjects, type ClusterListing } from './listing';
export { permissions, reviewAccess, reviewAction, reviewContextAccess, whoAmI, type AccessDenial, type ActionReview, type AccessReview, type AccessVerdict, type ContextAccess, type ResourceAttributes } from './access';
export { DrainHolds, roomIfUncordoned, type HoldObjects, type LiveHold } from './liveHold';
