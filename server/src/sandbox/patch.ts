// The three PATCH types the API server accepts for built-in kinds, applied to
// an object's JSON form:
// - JSON Patch (RFC 6902, `application/json-patch+json`, client-node's default),
// - JSON merge patch (RFC 7386, `application/merge-patch+json`),
// - strategic merge patch (`application/strategic-merge-patch+json`, kubectl's
//   default): a merge patch where some lists merge by a key instead of being
//   replaced, with `$patch`, `$retainKeys`, `$deleteFromPrimitiveList` and
//   `$setElementOrder` directives.
// Sources: apiserver/pkg/endpoints/handlers/patch.go (errors and their codes),
// apimachinery/pkg/util/strategicpatch/patch.go, the patchStrategy/patchMergeKey
// tags in k8s.io/api (core/v1, apps/v1, policy/v1, batch/v1 types.go),
// gopkg.in/evanphx/json-patch.v4 (JSON Patch and merge patch).

import type { Status } from '../k8s/types';
import { badRequest } from '../k8s/status';
import { goJsonSyntaxError } from './gojson';

export const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'] as const;
export type PatchType = (typeof patchTypes)[number];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export type PatchResult = { ok: true; value: JsonObject } | { ok: false; status: Status };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `errors.NewGenericServerResponse(422, …)`: how patch.go reports a JSON Patch that does not apply. */
function patchDoesNotApply(): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    details: {},
    code: 422,
  };
}

// The maximum number of operations patch.go accepts in one JSON Patch.
const maxJSONPatchOperations = 10000;

// jsonpatch.AccumulatedCopySizeLimit, which the API server sets to its JSONPatchMaxCopyBytes (3 MiB, as
// MaxRequestBodyBytes): without it a few dozen `copy` operations, each doubling the object, exhaust the memory.
const maxAccumulatedCopyBytes = 3 * 1024 * 1024;

/** Applies a PATCH body of `type` to the JSON form of an object; `original` is not modified. */
export function applyPatch(type: PatchType, object: object, patchText: string): PatchResult {
  const original = object as JsonObject;
  switch (type) {
    case 'application/json-patch+json':
      return applyJsonPatch(original, patchText);
    case 'application/merge-patch+json': {
      if (goJsonSyntaxError(patchText) !== undefined) return { ok: false, status: badRequest('Invalid JSON Patch') };
      const patch = JSON.parse(patchText) as Json;
      const merged = mergePatch(original, patch);
      if (!isObject(merged)) return { ok: false, status: badRequest('Invalid JSON Document') };
      return { ok: true, value: merged };
    }
    case 'application/strategic-merge-patch+json': {
      const patch = goJsonSyntaxError(patchText) === undefined ? (JSON.parse(patchText) as Json) : undefined;
      // strategicpatch's handleUnmarshal turns any decode failure into ErrBadJSONDoc.
      if (!isObject(patch)) return { ok: false, status: badRequest('invalid JSON document') };
      const merged = strategicMerge(original, patch, [], String(original.kind ?? ''));
      return isObject(merged) ? { ok: true, value: merged } : { ok: false, status: badRequest('invalid JSON document') };
    }
  }
}

// ---- RFC 7386 ----

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

// ---- RFC 6902 ----

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

class PatchError extends Error {}

function applyJsonPatch(original: JsonObject, patchText: string): PatchResult {
  const syntax = goJsonSyntaxError(patchText);
  if (syntax !== undefined) return { ok: false, status: badRequest(syntax) };
  const ops = JSON.parse(patchText) as Json;
  if (!Array.isArray(ops)) {
    const t = isObject(ops) ? 'object' : ops === null ? 'null' : typeof ops === 'boolean' ? 'bool' : typeof ops;
    return { ok: false, status: badRequest(`json: cannot unmarshal ${t} into Go value of type jsonpatch.Patch`) };
  }
  if (ops.length > maxJSONPatchOperations) {
    return {
      ok: false,
      status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `Request entity too large: The allowed maximum operations in a JSON patch is ${maxJSONPatchOperations}, got ${ops.length}`, reason: 'RequestEntityTooLarge', code: 413 },
    };
  }
  let doc: Json = structuredClone(original);
  const copied = { bytes: 0 };
  try {
    for (const raw of ops) {
      if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw new PatchError('invalid operation');
      doc = applyOperation(doc, raw as unknown as Operation, copied);
    }
  } catch (e) {
    if (e instanceof PatchError) return { ok: false, status: patchDoesNotApply() };
    throw e;
  }
  return isObject(doc) ? { ok: true, value: doc } : { ok: false, status: patchDoesNotApply() };
}

function resolveParent(doc: Json, tokens: string[]): { parent: JsonObject | Json[]; key: string } {
  let node: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(node)) {
      const i = arrayIndex(t, node.length - 1);
      node = node[i];
    } else if (isObject(node) && Object.prototype.hasOwnProperty.call(node, t)) {
      node = node[t];
    } else {
      throw new PatchError('missing path');
    }
  }
  if (!Array.isArray(node) && !isObject(node)) throw new PatchError('not a container');
  return { parent: node, key: tokens[tokens.length - 1] };
}

function arrayIndex(token: string, max: number): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError('bad index');
  const i = Number(token);
  if (i > max) throw new PatchError('index out of range');
  return i;
}

function getAt(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (!tokens) throw new PatchError('bad pointer');
  if (tokens.length === 0) return doc;
  const { parent, key } = resolveParent(doc, tokens);
  if (Array.isArray(parent)) return parent[arrayIndex(key, parent.length - 1)];
  if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new PatchError('missing value');
  return parent[key];
}

function removeAt(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (!tokens || tokens.length === 0) throw new PatchError('cannot remove the root');
  const { parent, key } = resolveParent(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length - 1), 1);
  else if (Object.prototype.hasOwnProperty.call(parent, key)) delete parent[key];
  else throw new PatchError('missing value');
  return doc;
}

function addAt(doc: Json, pointer: string, value: Json, replace: boolean): Json {
  const tokens = parsePointer(pointer);
  if (!tokens) throw new PatchError('bad pointer');
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(doc, tokens);
  if (Array.isArray(parent)) {
    if (replace) parent[arrayIndex(key, parent.length - 1)] = value;
    else parent.splice(key === '-' ? parent.length : arrayIndex(key, parent.length), 0, value);
  } else {
    if (replace && !Object.prototype.hasOwnProperty.call(parent, key)) throw new PatchError('missing key');
    parent[key] = value;
  }
  return doc;
}

function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function applyOperation(doc: Json, op: Operation, copied: { bytes: number }): Json {
  const value = (): Json => {
    if (!('value' in op)) throw new PatchError('missing value');
    return structuredClone(op.value as Json);
  };
  switch (op.op) {
    case 'add':
      return addAt(doc, op.path, value(), false);
    case 'remove':
      return removeAt(doc, op.path);
    case 'replace':
      return addAt(doc, op.path, value(), true);
    case 'move': {
      if (typeof op.from !== 'string') throw new PatchError('missing from');
      const moved = structuredClone(getAt(doc, op.from));
      return addAt(removeAt(doc, op.from), op.path, moved, false);
    }
    case 'copy': {
      if (typeof op.from !== 'string') throw new PatchError('missing from');
      const source = getAt(doc, op.from);
      // json-patch counts the copied value's JSON bytes (`Unable to copy, length … exceeds limit …`).
      copied.bytes += JSON.stringify(source)?.length ?? 0;
      if (copied.bytes > maxAccumulatedCopyBytes) throw new PatchError('copy size limit');
      return addAt(doc, op.path, structuredClone(source), false);
    }
    case 'test': {
      let actual: Json | undefined;
      try {
        actual = getAt(doc, op.path);
      } catch {
        actual = undefined;
      }
      // evanphx/json-patch: testing a missing path against null succeeds.
      if (actual === undefined ? op.value !== null : !deepEqual(actual, op.value)) throw new PatchError('test failed');
      return doc;
    }
    default:
      throw new PatchError(`unexpected op ${op.op}`);
  }
}

// ---- strategic merge patch ----

/**
 * How a list at a path merges: by a key (`patchMergeKey`), as a set of
 * primitives, or (absent here) replaced whole. The path holds field names
 * only, list positions removed.
 */
type ListStrategy = { mergeKey: string } | { primitives: true };

const containerLists: Record<string, string> = { ports: 'containerPort', env: 'name', volumeMounts: 'mountPath', volumeDevices: 'devicePath' };
const podSpecLists: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
};
const statusLists: Record<string, string> = { conditions: 'type', addresses: 'type', podIPs: 'ip', hostIPs: 'ip' };

function podSpecDepth(path: string[]): number | undefined {
  // Pod: spec; workloads: spec.template.spec; CronJob: spec.jobTemplate.spec.template.spec.
  for (const prefix of [['spec', 'jobTemplate', 'spec', 'template', 'spec'], ['spec', 'template', 'spec'], ['spec']]) {
    if (prefix.every((p, i) => path[i] === p)) return prefix.length;
  }
  return undefined;
}

function listStrategy(path: string[]): ListStrategy | undefined {
  const field = path[path.length - 1];
  const parent = path.slice(0, -1);
  const parentName = parent[parent.length - 1];
  if (parentName === 'metadata') {
    if (field === 'ownerReferences') return { mergeKey: 'uid' };
    if (field === 'finalizers') return { primitives: true };
  }
  if (parent.length === 1 && parentName === 'status' && statusLists[field]) return { mergeKey: statusLists[field] };
  if (path.length === 2 && path[0] === 'spec' && field === 'podCIDRs') return { primitives: true };
  const depth = podSpecDepth(path);
  if (depth !== undefined) {
    const inSpec = path.slice(depth);
    if (inSpec.length === 1 && podSpecLists[field]) return { mergeKey: podSpecLists[field] };
    if (inSpec.length === 2 && ['containers', 'initContainers', 'ephemeralContainers'].includes(inSpec[0]) && containerLists[field]) {
      return { mergeKey: containerLists[field] };
    }
  }
  return undefined;
}

const directive = '$patch';
const retainKeys = '$retainKeys';
const deleteFromPrimitiveList = '$deleteFromPrimitiveList/';
const setElementOrder = '$setElementOrder/';

/** Fields tagged `patchStrategy:"replace"`: a patch replaces them whole (policy/v1 PodDisruptionBudgetSpec.Selector). */
function replacesWhole(kind: string, path: string[]): boolean {
  return kind === 'PodDisruptionBudget' && path.length === 2 && path[0] === 'spec' && path[1] === 'selector';
}

function strategicMerge(original: Json | undefined, patch: Json, path: string[], kind: string): Json | undefined {
  if (!isObject(patch)) return patch;
  if (patch[directive] === 'delete') return undefined;
  const replace = patch[directive] === 'replace' || replacesWhole(kind, path);
  const result: JsonObject = isObject(original) && !replace ? { ...original } : {};
  const deletions: [string, Json][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === directive || key === retainKeys || key.startsWith(setElementOrder)) continue;
    if (key.startsWith(deleteFromPrimitiveList)) {
      deletions.push([key.slice(deleteFromPrimitiveList.length), value]);
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const childPath = [...path, key];
    if (Array.isArray(value)) {
      result[key] = replace ? value : mergeList(result[key], value, childPath, kind);
    } else if (isObject(value)) {
      const merged = strategicMerge(replace ? undefined : result[key], value, childPath, kind);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  for (const [key, values] of deletions) {
    const current = result[key];
    if (Array.isArray(current) && Array.isArray(values)) result[key] = current.filter((v) => !values.some((d) => deepEqual(d, v)));
  }
  const retain = patch[retainKeys];
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(original: Json | undefined, patch: Json[], path: string[], kind: string): Json[] {
  const strategy = listStrategy(path);
  const current = Array.isArray(original) ? original : [];
  if (!strategy) return patch.filter((v) => !(isObject(v) && v[directive] !== undefined));
  if ('primitives' in strategy) {
    const out = [...current];
    for (const v of patch) if (!out.some((o) => deepEqual(o, v))) out.push(v);
    return out;
  }
  // A `{"$patch":"replace"}` element replaces the whole list with the other elements.
  if (patch.some((v) => isObject(v) && v[directive] === 'replace')) return patch.filter((v) => !(isObject(v) && v[directive] !== undefined));
  const key = strategy.mergeKey;
  const out = [...current];
  for (const element of patch) {
    if (!isObject(element)) continue;
    const index = out.findIndex((o) => isObject(o) && deepEqual(o[key], element[key]));
    if (element[directive] === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) {
      out[index] = strategicMerge(out[index], element, path, kind) ?? out[index];
    } else {
      out.push(strategicMerge(undefined, element, path, kind) as Json);
    }
  }
  return out;
}
