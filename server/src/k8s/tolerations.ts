// Taints and tolerations: matching, validation, and the tolerations that
// controllers and admission add on their own.
// Sources: staging/src/k8s.io/api/core/v1/toleration.go (ToleratesTaint, MatchToleration),
// component-helpers/scheduling/corev1/helpers.go, pkg/apis/core/v1/helper (GetMatchingTolerations),
// pkg/controller/tainteviction/taint_eviction.go (getMinTolerationTime),
// pkg/controller/daemon/util/daemonset_util.go, plugin/pkg/admission/defaulttolerationseconds,
// pkg/apis/core/validation/validation.go (ValidateTolerations, validateNodeTaints).

import type { Node, PodSpec, Taint, Toleration } from './types';
import { fieldErrors, goQuote, isQualifiedName, isValidLabelValue, type FieldError } from './validation';

export const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

/** The well-known taints (core/v1/well_known_taints.go). */
export const wellKnownTaints = {
  notReady: 'node.kubernetes.io/not-ready',
  unreachable: 'node.kubernetes.io/unreachable',
  unschedulable: 'node.kubernetes.io/unschedulable',
  memoryPressure: 'node.kubernetes.io/memory-pressure',
  diskPressure: 'node.kubernetes.io/disk-pressure',
  networkUnavailable: 'node.kubernetes.io/network-unavailable',
  pidPressure: 'node.kubernetes.io/pid-pressure',
  outOfService: 'node.kubernetes.io/out-of-service',
} as const;

/** A cordoned node behaves as if it had this taint. */
export const unschedulableTaint: Taint = { key: wellKnownTaints.unschedulable, effect: 'NoSchedule' };

/**
 * `Toleration.ToleratesTaint`: a non-empty effect and key must equal the
 * taint's; `Equal` (or no operator) compares values, `Exists` matches any
 * value. Other operators (the alpha Lt/Gt included, gate off) never match.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | null | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** `FindMatchingUntoleratedTaint`: the first taint, in node order, that passes `filter` and is not tolerated. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | null | undefined,
  tolerations: readonly Toleration[] | null | undefined,
  filter: (t: Taint) => boolean = () => true,
): Taint | undefined {
  return (taints ?? []).find((taint) => filter(taint) && !tolerationsTolerateTaint(tolerations, taint));
}

/** The taints a scheduling decision sees on a node: its own plus, when cordoned, the unschedulable one. */
export function effectiveTaints(node: Node): Taint[] {
  const taints = [...(node.spec?.taints ?? [])];
  if (node.spec?.unschedulable && !taints.some((t) => t.key === unschedulableTaint.key && t.effect === unschedulableTaint.effect)) {
    taints.push(unschedulableTaint);
  }
  return taints;
}

/**
 * `GetMatchingTolerations`: for each taint the first toleration that
 * tolerates it; `allTolerated` is false as soon as one taint has none.
 */
export function getMatchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | null | undefined,
): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find((tol) => toleratesTaint(tol, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/**
 * `getMinTolerationTime` of the taint eviction controller, in seconds:
 * `undefined` means tolerated forever (every used toleration has no
 * tolerationSeconds); 0 means evict now (no toleration used, or one ≤ 0).
 */
export function minTolerationSeconds(used: readonly Toleration[]): number | undefined {
  if (used.length === 0) return 0;
  let min: number | undefined;
  for (const t of used) {
    if (t.tolerationSeconds === null || t.tolerationSeconds === undefined) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (min === undefined || t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min;
}

/** `Toleration.MatchToleration`: the identity controllers use to replace a toleration. */
export function matchToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.effect ?? '') === (b.effect ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '');
}

/** `AddOrUpdateTolerationInPodSpec`: replace a toleration with the same identity, else append. */
export function addOrUpdateToleration(tolerations: readonly Toleration[] | null | undefined, toleration: Toleration): Toleration[] {
  const list = [...(tolerations ?? [])];
  const i = list.findIndex((t) => matchToleration(toleration, t));
  if (i >= 0) list[i] = toleration;
  else list.push(toleration);
  return list;
}

/** The tolerations the DaemonSet controller gives every daemon pod (`AddOrUpdateDaemonPodTolerations`). */
export function daemonSetPodTolerations(spec: PodSpec): Toleration[] {
  const added: Toleration[] = [
    { key: wellKnownTaints.notReady, operator: 'Exists', effect: 'NoExecute' },
    { key: wellKnownTaints.unreachable, operator: 'Exists', effect: 'NoExecute' },
    { key: wellKnownTaints.diskPressure, operator: 'Exists', effect: 'NoSchedule' },
    { key: wellKnownTaints.memoryPressure, operator: 'Exists', effect: 'NoSchedule' },
    { key: wellKnownTaints.pidPressure, operator: 'Exists', effect: 'NoSchedule' },
    { key: wellKnownTaints.unschedulable, operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) added.push({ key: wellKnownTaints.networkUnavailable, operator: 'Exists', effect: 'NoSchedule' });
  return added.reduce<Toleration[]>((list, t) => addOrUpdateToleration(list, t), [...(spec.tolerations ?? [])]);
}

/** The DefaultTolerationSeconds admission plugin's default (its two flags default to 300). */
export const defaultTolerationSeconds = 300;

/**
 * DefaultTolerationSeconds admission: a pod that tolerates neither
 * not-ready nor unreachable NoExecute (a toleration with that key or an
 * empty key, and NoExecute or an empty effect) gets a 300 s Exists toleration
 * for each.
 */
export function withDefaultTolerationSeconds(tolerations: readonly Toleration[] | null | undefined, seconds = defaultTolerationSeconds): Toleration[] {
  const list = [...(tolerations ?? [])];
  const covers = (key: string) => list.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const add: Toleration[] = [];
  for (const key of [wellKnownTaints.notReady, wellKnownTaints.unreachable]) {
    if (!covers(key)) add.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
  return [...list, ...add];
}

/** How Go prints a toleration with `%#v` in validation messages. */
function tolerationRepr(t: Toleration): string {
  const seconds = t.tolerationSeconds === null || t.tolerationSeconds === undefined ? '(*int64)(nil)' : `(*int64)(${t.tolerationSeconds})`;
  return `core.Toleration{Key:${goQuote(t.key ?? '')}, Operator:${goQuote(t.operator ?? '')}, Value:${goQuote(t.value ?? '')}, Effect:${goQuote(t.effect ?? '')}, TolerationSeconds:${seconds}}`;
}

function taintRepr(t: Taint): string {
  return `core.Taint{Key:${goQuote(t.key ?? '')}, Value:${goQuote(t.value ?? '')}, Effect:${goQuote(t.effect ?? '')}, TimeAdded:<nil>}`;
}

function validateTaintEffect(effect: unknown, allowEmpty: boolean, field: string): FieldError[] {
  const e = typeof effect === 'string' ? effect : effect === undefined || effect === null ? '' : String(effect);
  if (!allowEmpty && e === '') return [fieldErrors.required(field)];
  return (taintEffects as readonly string[]).includes(e) ? [] : [fieldErrors.notSupported(field, goQuote(e), taintEffects)];
}

/** `ValidateTolerations`, under `field` (e.g. `spec.tolerations`). */
export function validateTolerations(tolerations: readonly Toleration[] | null | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const path = `${field}[${i}]`;
    const key = t.key ?? '';
    const operator = t.operator ?? '';
    const value = t.value ?? '';
    if (key) for (const msg of isQualifiedName(key)) errs.push(fieldErrors.invalid(`${path}.key`, goQuote(key), msg));
    if (!key && operator !== 'Exists') {
      errs.push(fieldErrors.invalid(`${path}.operator`, goQuote(operator), 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== null && t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      errs.push(fieldErrors.invalid(`${path}.effect`, goQuote(t.effect ?? ''), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (operator) {
      case '':
      case 'Equal': {
        const msgs = isValidLabelValue(value);
        if (msgs.length) errs.push(fieldErrors.invalid(`${path}.operator`, goQuote(value), msgs.join(';')));
        break;
      }
      case 'Exists':
        if (value) errs.push(fieldErrors.invalid(`${path}.operator`, tolerationRepr(t), "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(fieldErrors.notSupported(`${path}.operator`, goQuote(operator), ['Equal', 'Exists']));
    }
    if (t.effect) errs.push(...validateTaintEffect(t.effect, true, `${path}.effect`));
  });
  return errs;
}

/** `validateNodeTaints`, under `field` (e.g. `spec.taints`): effect required, unique by key and effect. */
export function validateNodeTaints(taints: readonly Taint[] | null | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const path = `${field}[${i}]`;
    const key = t.key ?? '';
    for (const msg of isQualifiedName(key)) errs.push(fieldErrors.invalid(`${path}.key`, goQuote(key), msg));
    const valueMsgs = isValidLabelValue(t.value ?? '');
    if (valueMsgs.length) errs.push(fieldErrors.invalid(`${path}.value`, goQuote(t.value ?? ''), valueMsgs.join(';')));
    errs.push(...validateTaintEffect(t.effect, false, `${path}.effect`));
    const identity = `${t.effect ?? ''}\u0000${key}`;
    if (seen.has(identity)) {
      errs.push({ type: 'Duplicate', field: path, value: taintRepr(t), detail: 'taints must be unique by key and effect pair' });
      return;
    }
    seen.add(identity);
  });
  return errs;
}

/** `key=value:effect`, the way kubectl and the scheduler print a taint. */
export function formatTaint(t: Taint): string {
  return `${t.key ?? ''}${t.value ? `=${t.value}` : ''}:${t.effect ?? ''}`;
}
