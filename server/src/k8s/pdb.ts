// PodDisruptionBudgets: which pods a budget selects, what the API server
// rejects, and the status the disruption controller computes.
// Sources: pkg/controller/disruption/disruption.go,
// staging/src/k8s.io/component-helpers/apps/poddisruptionbudget/helpers.go,
// pkg/apis/policy/validation/validation.go, pkg/apis/policy/v1beta1/conversion.go.

import { getScaledValueFromIntOrPercent } from './intstr';
import { labelSelectorAsSelector, nothing, selectorMatches, validateLabelSelector, type Selector, type SelectorResult } from './labels';
import { getControllerOf, isPodReady } from './pods';
import { rfc3339 } from './time';
import type { Condition, IntOrString, KubeObject, LabelSelector, OwnerReference, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from './types';
import { fieldErrors, goQuote, intOrStringRepr, valueRepr, type FieldError } from './validation';

export const policyV1 = 'policy/v1';
export const policyV1beta1 = 'policy/v1beta1';

/** policy/v1beta1 stored `selector: {}` as this requirement, so that it keeps selecting nothing. */
export const v1beta1EmptySelectorKey = 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match';

/** DeletionTimeout: how long an entry in `status.disruptedPods` keeps its pod out of currentHealthy. */
export const disruptedPodTimeoutMs = 2 * 60 * 1000;

/** More entries than this in disruptedPods and the eviction subresource refuses (MaxDisruptedPodSize). */
export const maxDisruptedPodSize = 2000;

function isEmptySelector(sel: LabelSelector | null | undefined): boolean {
  return !!sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/**
 * The selector as the PDB's own API version means it. In policy/v1 `{}`
 * selects every pod of the namespace; in policy/v1beta1 it selected none
 * (it was stored as an Exists requirement on a key no pod has). `null`
 * selects none in both. A selector that cannot be converted selects nothing.
 */
export function pdbSelector(pdb: PodDisruptionBudget): SelectorResult {
  const sel = pdb.spec?.selector;
  if (pdb.apiVersion === policyV1beta1 && isEmptySelector(sel)) {
    return labelSelectorAsSelector({ matchExpressions: [{ key: v1beta1EmptySelectorKey, operator: 'Exists' }] });
  }
  return labelSelectorAsSelector(sel);
}

export function pdbSelectorOrNothing(pdb: PodDisruptionBudget): Selector {
  const r = pdbSelector(pdb);
  return r.ok ? r.selector : nothing;
}

/** Does this PDB cover this pod? Namespaces must match; PDBs never reach across them. */
export function pdbSelectsPod(pdb: PodDisruptionBudget, pod: Pod): boolean {
  if ((pdb.metadata?.namespace ?? 'default') !== (pod.metadata?.namespace ?? 'default')) return false;
  return selectorMatches(pdbSelectorOrNothing(pdb), pod.metadata?.labels);
}

export const unhealthyPodEvictionPolicies = ['AlwaysAllow', 'IfHealthyBudget'] as const;

function validateIntOrPercent(v: unknown, field: string): FieldError[] {
  if (typeof v === 'number' && Number.isInteger(v)) {
    return v < 0 ? [fieldErrors.invalid(field, String(v), 'must be greater than or equal to 0')] : [];
  }
  if (typeof v === 'string') {
    if (!/^[0-9]+%$/.test(v)) {
      return [
        fieldErrors.invalid(
          field,
          intOrStringRepr(v),
          "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        ),
      ];
    }
    if (Number.parseInt(v, 10) > 100) return [fieldErrors.invalid(field, intOrStringRepr(v), 'must not be greater than 100%')];
    return [];
  }
  // JSON decoding into IntOrString fails for anything else; say what the field takes.
  return [fieldErrors.invalid(field, valueRepr(v), "must be an integer or percentage (e.g '5%')")];
}

/** `ValidatePodDisruptionBudgetSpec`, with the server's messages and field paths. */
export function validatePodDisruptionBudget(pdb: PodDisruptionBudget): FieldError[] {
  const spec = pdb.spec ?? {};
  const errs: FieldError[] = [];
  const hasMin = spec.minAvailable !== null && spec.minAvailable !== undefined;
  const hasMax = spec.maxUnavailable !== null && spec.maxUnavailable !== undefined;
  if (hasMin && hasMax) {
    errs.push(fieldErrors.invalid('spec', 'policy.PodDisruptionBudgetSpec{…}', 'minAvailable and maxUnavailable cannot be both set'));
  }
  if (hasMin) errs.push(...validateIntOrPercent(spec.minAvailable, 'spec.minAvailable'));
  if (hasMax) errs.push(...validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== null && policy !== undefined && !(unhealthyPodEvictionPolicies as readonly string[]).includes(String(policy))) {
    errs.push(fieldErrors.notSupported('spec.unhealthyPodEvictionPolicy', goQuote(String(policy)), unhealthyPodEvictionPolicies));
  }
  return errs;
}

/**
 * The policy the eviction subresource applies to unready pods. Unknown
 * values behave as IfHealthyBudget.
 */
export function effectiveUnhealthyPodEvictionPolicy(pdb: PodDisruptionBudget): 'IfHealthyBudget' | 'AlwaysAllow' {
  return pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' ? 'AlwaysAllow' : 'IfHealthyBudget';
}

// ---- the disruption controller ----

/** A controller's scale as a finder of the disruption controller returns it. */
export interface ControllerScale {
  uid: string;
  replicas: number;
}

/**
 * Finds the scale of a pod's controller. `undefined` means not found (the
 * controller is gone, or its UID differs); `{ error }` is a sync failure such
 * as `jobs.batch does not implement the scale subresource`.
 */
export type ScaleFinder = (controllerRef: OwnerReference, namespace: string) => ControllerScale | { error: string } | undefined;

/** What a finder needs to see of the objects in the cluster. */
export type ObjectLookup = (kind: string, namespace: string, name: string) => (KubeObject & { spec?: { replicas?: number | null } }) | undefined;

const groupOf = (apiVersion: string | undefined) => (apiVersion && apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** Kinds whose controllers the disruption controller can size, and the resource names for its errors. */
const scaleResources: Record<string, { resource: string; scalable: boolean }> = {
  ReplicationController: { resource: 'replicationcontrollers', scalable: true },
  ReplicaSet: { resource: 'replicasets.apps', scalable: true },
  Deployment: { resource: 'deployments.apps', scalable: true },
  StatefulSet: { resource: 'statefulsets.apps', scalable: true },
  DaemonSet: { resource: 'daemonsets.apps', scalable: false },
  Job: { resource: 'jobs.batch', scalable: false },
  CronJob: { resource: 'cronjobs.batch', scalable: false },
};

/**
 * The disruption controller's finder chain over a set of objects:
 * ReplicationController; ReplicaSet controlled by a Deployment (the
 * Deployment's replicas); bare ReplicaSet; StatefulSet; then the generic
 * `/scale` subresource, which Jobs and DaemonSets do not implement.
 */
export function scaleFinderFor(lookup: ObjectLookup): ScaleFinder {
  const sized = (obj: KubeObject & { spec?: { replicas?: number | null } }): ControllerScale => ({
    uid: obj.metadata?.uid ?? '',
    replicas: obj.spec?.replicas ?? 1,
  });
  return (ref, namespace) => {
    const kind = ref.kind ?? '';
    const name = ref.name ?? '';
    const sameUid = (obj: KubeObject | undefined) => !!obj && (obj.metadata?.uid ?? '') === (ref.uid ?? '');
    if (kind === 'ReplicationController' || kind === 'StatefulSet') {
      const obj = lookup(kind, namespace, name);
      return sameUid(obj) ? sized(obj!) : undefined;
    }
    if (kind === 'ReplicaSet' && (groupOf(ref.apiVersion) === 'apps' || groupOf(ref.apiVersion) === 'extensions')) {
      const rs = lookup('ReplicaSet', namespace, name);
      if (!sameUid(rs)) return undefined;
      const owner = getControllerOf(rs!);
      if (owner?.kind === 'Deployment') {
        const deployment = lookup('Deployment', namespace, owner.name ?? '');
        // A missing Deployment falls through to the generic scale of the ReplicaSet itself.
        return deployment && (deployment.metadata?.uid ?? '') === (owner.uid ?? '') ? sized(deployment) : sized(rs!);
      }
      return sized(rs!);
    }
    const known = scaleResources[kind];
    if (!known) return { error: `no matches for kind ${goQuote(kind)} in version ${goQuote(ref.apiVersion ?? '')}` };
    if (!known.scalable) return { error: `${known.resource} does not implement the scale subresource` };
    const obj = lookup(kind, namespace, name);
    return sameUid(obj) ? sized(obj!) : undefined;
  };
}

export interface DisruptionControllerInput {
  pdb: PodDisruptionBudget;
  /** Every pod of the PDB's namespace; the controller picks the ones its selector matches. */
  pods: Pod[];
  findScale: ScaleFinder;
  /** Milliseconds since the epoch. */
  now: number;
  /**
   * How many identical pods each one stands for (1 when absent): the analysis
   * counts a workload's replicas with one pod rather than making 2147483647 of them.
   */
  podCount?: (pod: Pod) => number;
}

export interface DisruptionControllerResult {
  status: PodDisruptionBudgetStatus;
  /** Whether the controller would write this status (it writes only changes). */
  changed: boolean;
  /** When the controller must look again: the earliest disruptedPods expiry. */
  recheckAtMs?: number;
  /** The sync error that made the controller fail safe (allowed 0, SyncFailed). */
  syncError?: string;
  /** Matched pods with no controller (event UnmanagedPods); they count only for integer minAvailable. */
  unmanagedPods: string[];
  /** disruptedPods entries the controller dropped because their pod was not deleted in time (event NotDeleted). */
  expiredDisruptions: string[];
  matchedPods: Pod[];
  /** How many pods the selector matched, with podCount. */
  matchedCount: number;
}

/** `apimeta.SetStatusCondition`: lastTransitionTime moves only when the status changes. */
function setCondition(conditions: Condition[], next: Condition, nowIso: string): Condition[] {
  const existing = conditions.find((c) => c.type === next.type);
  if (!existing) return [...conditions, { ...next, lastTransitionTime: nowIso }];
  return conditions.map((c) =>
    c.type === next.type
      ? { ...c, ...next, lastTransitionTime: c.status === next.status && c.lastTransitionTime ? c.lastTransitionTime : nowIso }
      : c,
  );
}

/** The `DisruptionAllowed` condition for a status (`UpdateDisruptionAllowedCondition`). */
export function disruptionAllowedCondition(status: PodDisruptionBudgetStatus): Condition {
  return status.disruptionsAllowed > 0
    ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: status.observedGeneration ?? 0 }
    : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: status.observedGeneration ?? 0 };
}

export function withDisruptionAllowedCondition(status: PodDisruptionBudgetStatus, nowMs: number): PodDisruptionBudgetStatus {
  return { ...status, conditions: setCondition(status.conditions ?? [], disruptionAllowedCondition(status), rfc3339(nowMs)) };
}

function emptyStatus(): PodDisruptionBudgetStatus {
  return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
}

const one = () => 1;

function countPods(pods: readonly Pod[], podCount: (pod: Pod) => number): number {
  let n = 0;
  for (const pod of pods) n += podCount(pod);
  return n;
}

type Expected = { ok: true; expectedCount: number; desiredHealthy: number; unmanagedPods: string[] } | { ok: false; error: string; unmanagedPods: string[] };

/** `getExpectedScale`: the sum of the replicas of the distinct controllers of the pods. */
function getExpectedScale(pods: Pod[], findScale: ScaleFinder): { ok: true; count: number; unmanagedPods: string[] } | { ok: false; error: string; unmanagedPods: string[] } {
  const scales = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = getControllerOf(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata?.name ?? '');
      continue;
    }
    if (scales.has(ref.uid ?? '')) continue;
    const found = findScale(ref, pod.metadata?.namespace ?? 'default');
    if (found === undefined) return { ok: false, error: `found no controllers for pod ${goQuote(pod.metadata?.name ?? '')}`, unmanagedPods };
    if ('error' in found) return { ok: false, error: found.error, unmanagedPods };
    scales.set(found.uid, found.replicas);
  }
  let count = 0;
  for (const replicas of scales.values()) count += replicas;
  return { ok: true, count, unmanagedPods };
}

/** `getExpectedPodCount`: expectedPods and desiredHealthy by the spec's form (see spec §2's table). */
export function getExpectedPodCount(pdb: PodDisruptionBudget, pods: Pod[], findScale: ScaleFinder, podCount: (pod: Pod) => number = one): Expected {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== null && spec.maxUnavailable !== undefined) {
    const scale = getExpectedScale(pods, findScale);
    if (!scale.ok) return scale;
    const maxUnavailable = getScaledValueFromIntOrPercent(spec.maxUnavailable, scale.count, true);
    if (!maxUnavailable.ok) return { ok: false, error: maxUnavailable.error, unmanagedPods: scale.unmanagedPods };
    return { ok: true, expectedCount: scale.count, desiredHealthy: Math.max(0, scale.count - maxUnavailable.value), unmanagedPods: scale.unmanagedPods };
  }
  if (spec.minAvailable !== null && spec.minAvailable !== undefined) {
    if (typeof spec.minAvailable === 'number') {
      // An integer minAvailable counts matched pods and needs no controller lookup.
      return { ok: true, expectedCount: countPods(pods, podCount), desiredHealthy: spec.minAvailable, unmanagedPods: [] };
    }
    const scale = getExpectedScale(pods, findScale);
    if (!scale.ok) return scale;
    const minAvailable = getScaledValueFromIntOrPercent(spec.minAvailable as IntOrString, scale.count, true);
    if (!minAvailable.ok) return { ok: false, error: minAvailable.error, unmanagedPods: scale.unmanagedPods };
    return { ok: true, expectedCount: scale.count, desiredHealthy: minAvailable.value, unmanagedPods: scale.unmanagedPods };
  }
  return { ok: true, expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

function sameDisruptedPods(a: Record<string, string> | null | undefined, b: Record<string, string>): boolean {
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b).length) return false;
  return ak.every((k) => Date.parse((a ?? {})[k]) === Date.parse(b[k]));
}

function conditionsUpToDate(pdb: PodDisruptionBudget): boolean {
  const status = pdb.status;
  if (!status) return false;
  const cond = status.conditions?.find((c) => c.type === 'DisruptionAllowed');
  if (!cond || (status.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false;
  return status.disruptionsAllowed > 0
    ? cond.status === 'True' && cond.reason === 'SufficientPods'
    : cond.status === 'False' && cond.reason === 'InsufficientPods';
}

/**
 * One sync of the disruption controller for one PDB (`trySync`, with
 * `failSafe` on error): expectedPods, desiredHealthy, currentHealthy,
 * disruptionsAllowed, the live disruptedPods and the DisruptionAllowed
 * condition.
 */
export function syncDisruptionBudget(input: DisruptionControllerInput): DisruptionControllerResult {
  const { pdb, now } = input;
  const podCount = input.podCount ?? one;
  const nowIso = rfc3339(now);
  const previous = pdb.status ?? emptyStatus();
  const namespace = pdb.metadata?.namespace ?? 'default';
  const failSafe = (error: string, unmanagedPods: string[], matchedPods: Pod[]): DisruptionControllerResult => {
    const matchedCount = countPods(matchedPods, podCount);
    const status: PodDisruptionBudgetStatus = {
      ...previous,
      disruptionsAllowed: 0,
      conditions: setCondition(
        previous.conditions ?? [],
        { type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: error, observedGeneration: previous.observedGeneration ?? 0 },
        nowIso,
      ),
    };
    return { status, changed: true, syncError: error, unmanagedPods, expiredDisruptions: [], matchedPods, matchedCount };
  };

  const selector = pdbSelector(pdb);
  if (!selector.ok) return failSafe(selector.error, [], []);
  const pods = input.pods.filter((p) => (p.metadata?.namespace ?? 'default') === namespace && selectorMatches(selector.selector, p.metadata?.labels));

  const expected = getExpectedPodCount(pdb, pods, input.findScale, podCount);
  if (!expected.ok) return failSafe(expected.error, expected.unmanagedPods, pods);

  // buildDisruptedPodMap: keep entries whose pod is matched, not yet deleting, and not expired.
  const disruptedPods: Record<string, string> = {};
  const expiredDisruptions: string[] = [];
  let recheckAtMs: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    const at = previous.disruptedPods?.[name];
    if (pod.metadata?.deletionTimestamp || at === undefined) continue;
    const expectedDeletion = Date.parse(at) + disruptedPodTimeoutMs;
    if (expectedDeletion < now) {
      expiredDisruptions.push(name);
    } else {
      disruptedPods[name] = at;
      if (recheckAtMs === undefined || expectedDeletion < recheckAtMs) recheckAtMs = expectedDeletion;
    }
  }

  // countHealthyPods
  let currentHealthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = disruptedPods[pod.metadata?.name ?? ''];
    if (at !== undefined && Date.parse(at) + disruptedPodTimeoutMs > now) continue;
    if (isPodReady(pod)) currentHealthy += podCount(pod);
  }

  const { expectedCount, desiredHealthy } = expected;
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  // A PDB that matches no pods yet must be safe when its first pods appear.
  if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;

  const generation = pdb.metadata?.generation ?? 0;
  const unchanged =
    previous.currentHealthy === currentHealthy &&
    previous.desiredHealthy === desiredHealthy &&
    previous.expectedPods === expectedCount &&
    previous.disruptionsAllowed === disruptionsAllowed &&
    sameDisruptedPods(previous.disruptedPods, disruptedPods) &&
    (previous.observedGeneration ?? 0) === generation &&
    conditionsUpToDate(pdb);
  const base = { recheckAtMs, unmanagedPods: expected.unmanagedPods, expiredDisruptions, matchedPods: pods, matchedCount: countPods(pods, podCount) };
  if (unchanged) return { status: previous, changed: false, ...base };
  const status = withDisruptionAllowedCondition(
    {
      currentHealthy,
      desiredHealthy,
      expectedPods: expectedCount,
      disruptionsAllowed,
      disruptedPods,
      observedGeneration: generation,
      conditions: previous.conditions,
    },
    now,
  );
  return { status, changed: true, ...base };
}
