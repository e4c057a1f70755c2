// Field selectors: the string form `?fieldSelector=spec.nodeName=n1,status.phase!=Failed`
// that list and watch requests take, the fields each kind lets clients select
// on, and the field values objects expose for matching.
// Sources: apimachinery/pkg/fields/selector.go (ParseSelector, UnescapeValue),
// pkg/apis/core/v1/conversion.go, pkg/apis/apps/v1/conversion.go,
// pkg/apis/batch/v1/conversion.go (AddFieldLabelConversionFunc per kind),
// apimachinery/pkg/runtime/conversion.go (DefaultMetaV1FieldSelectorConversion),
// pkg/registry/core/{pod,node,namespace,event}/strategy.go and
// pkg/registry/{apps/replicaset,batch/job}/strategy.go (the selectable field sets).

import type { KubeObject } from './types';

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** The requirements are ANDed; the empty list selects everything. */
export type FieldSelector = FieldRequirement[];

export type FieldSelectorResult = { ok: true; selector: FieldSelector } | { ok: false; error: string };

// Checked in this order at every position of a term, so `a!=b` is `!=` and `a==b` is `==`.
const termOperators = ['!=', '==', '='] as const;

/** Splits on commas that are not escaped with a backslash, keeping the escapes. */
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    if (escaped) escaped = false;
    else if (text[i] === '\\') escaped = true;
    else if (text[i] === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

function splitTerm(term: string): { lhs: string; op: '=' | '!=' | '=='; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** `fields.UnescapeValue`: `\\`, `\,` and `\=` are the only escapes; a bare `,` or `=` is an error. */
function unescapeValue(s: string): { ok: true; value: string } | { ok: false; error: string } {
  let value = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') return { ok: false, error: `invalid field selector: invalid escape sequence: \\${c}` };
      value += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      // Go prints the rune with %v, that is as its code point.
      return { ok: false, error: `invalid field selector: unescaped character in value: ${c.codePointAt(0)}` };
    } else {
      value += c;
    }
  }
  if (inSlash) return { ok: false, error: 'invalid field selector: invalid escape sequence: \\' };
  return { ok: true, value };
}

/** `fields.ParseSelector`: comma-separated `field=value`, `field==value`, `field!=value`. */
export function parseFieldSelector(text: string): FieldSelectorResult {
  const selector: FieldSelector = [];
  for (const part of splitTerms(text).sort()) {
    if (part === '') continue;
    const term = splitTerm(part);
    if (!term) return { ok: false, error: `invalid selector: '${text}'; can't understand '${part}'` };
    const rhs = unescapeValue(term.rhs);
    if (!rhs.ok) return rhs;
    selector.push({ field: term.lhs, operator: term.op === '!=' ? '!=' : '=', value: rhs.value });
  }
  return { ok: true, selector };
}

/**
 * The field labels each kind's conversion function accepts. Kinds without
 * their own function get the default metadata.name/metadata.namespace one,
 * which words its error differently.
 */
const kindFields: Record<string, readonly string[]> = {
  Pod: [
    'metadata.name',
    'metadata.namespace',
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  Node: ['metadata.name', 'spec.unschedulable'],
  Namespace: ['status.phase', 'metadata.name'],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
    'metadata.namespace',
    'metadata.name',
  ],
  ReplicaSet: ['metadata.name', 'metadata.namespace', 'status.replicas'],
  Job: ['metadata.name', 'metadata.namespace', 'status.successful'],
};

/** Old v1 clients send `spec.host`; the pod conversion renames it. */
const podFieldAliases: Record<string, string> = { 'spec.host': 'spec.nodeName' };

/**
 * `ConvertFieldLabel` for every requirement of a selector on `kind`: the
 * error is the one the API server answers with a 400.
 */
export function convertFieldSelector(kind: string, selector: FieldSelector): FieldSelectorResult {
  const supported = kindFields[kind];
  const converted: FieldSelector = [];
  for (const r of selector) {
    const field = kind === 'Pod' ? (podFieldAliases[r.field] ?? r.field) : r.field;
    if (supported) {
      if (!supported.includes(field)) return { ok: false, error: `field label not supported: ${r.field}` };
    } else if (field !== 'metadata.name' && field !== 'metadata.namespace') {
      return { ok: false, error: `${JSON.stringify(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"` };
    }
    converted.push({ ...r, field });
  }
  return { ok: true, selector: converted };
}

/** Parses `?fieldSelector=` and checks its fields against `kind`, as a list or watch request does. */
export function fieldSelectorFor(kind: string, text: string): FieldSelectorResult {
  const parsed = parseFieldSelector(text);
  return parsed.ok ? convertFieldSelector(kind, parsed.selector) : parsed;
}

type Obj = KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown>; [k: string]: unknown };

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

type FieldGetters = Record<string, (o: Obj) => string>;

const metaGetters: FieldGetters = { 'metadata.name': (o) => str(o.metadata?.name), 'metadata.namespace': (o) => str(o.metadata?.namespace) };
const spec = (o: Obj) => o.spec ?? {};
const status = (o: Obj) => o.status ?? {};

/** Each kind's selectable fields and how to read them (each registry's `GetAttrs`). */
const fieldGetters: Record<string, FieldGetters> = {
  Pod: {
    ...metaGetters,
    'spec.nodeName': (o) => str(spec(o).nodeName),
    'spec.restartPolicy': (o) => str(spec(o).restartPolicy),
    'spec.schedulerName': (o) => str(spec(o).schedulerName),
    'spec.serviceAccountName': (o) => str(spec(o).serviceAccountName),
    // v1 carries hostNetwork on the spec; the internal type on the security context.
    'spec.hostNetwork': (o) => String(Boolean(spec(o).hostNetwork ?? (spec(o).securityContext as { hostNetwork?: boolean } | undefined)?.hostNetwork)),
    'status.phase': (o) => str(status(o).phase),
    'status.podIP': (o) => str((status(o).podIPs as { ip?: string }[] | undefined)?.[0]?.ip ?? status(o).podIP),
    'status.nominatedNodeName': (o) => str(status(o).nominatedNodeName),
  },
  Node: { 'metadata.name': metaGetters['metadata.name']!, 'spec.unschedulable': (o) => String(spec(o).unschedulable === true) },
  Namespace: { 'metadata.name': metaGetters['metadata.name']!, 'status.phase': (o) => str(status(o).phase) },
  ReplicaSet: { ...metaGetters, 'status.replicas': (o) => String(Number(status(o).replicas ?? 0)) },
  Job: { ...metaGetters, 'status.successful': (o) => String(Number(status(o).succeeded ?? 0)) },
  Event: {
    ...metaGetters,
    ...Object.fromEntries(
      ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].map((f) => [`involvedObject.${f}`, (o: Obj) => str((o.involvedObject as Record<string, unknown> | undefined)?.[f])]),
    ),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str((o.source as { component?: string } | undefined)?.component),
    type: (o) => str(o.type),
  },
};

/**
 * The selectable field set of an object (each registry's `GetAttrs`). A field
 * the object lacks is the empty string, as `fields.Set.Get` answers.
 */
export function selectableFields(kind: string, obj: KubeObject): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldGetters[kind] ?? metaGetters).map(([field, get]) => [field, get(obj as Obj)]));
}

/** `fieldSelectorMatches` reading only the fields the selector names (a list of thousands of pods by node). */
export function objectMatchesFieldSelector(kind: string, selector: FieldSelector, obj: KubeObject): boolean {
  const getters = fieldGetters[kind] ?? metaGetters;
  return selector.every((r) => ((getters[r.field]?.(obj as Obj) ?? '') === r.value) === (r.operator === '='));
}

export function fieldSelectorMatches(selector: FieldSelector, fields: Record<string, string>): boolean {
  return selector.every((r) => ((fields[r.field] ?? '') === r.value) === (r.operator === '='));
}
