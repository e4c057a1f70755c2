// Request bodies: the size limit, the media types accepted, and decoding into
// an object of the kind an endpoint takes, with the API server's errors.
// Sources: apiserver/pkg/endpoints/handlers/rest.go (limitedReadBody,
// transformDecodeError, summarizeData), handlers/create.go and update.go,
// apiserver/pkg/endpoints/handlers/negotiation/negotiate.go,
// apimachinery/pkg/runtime/serializer/json/{json.go,meta.go}.

import type { IncomingMessage } from 'node:http';
import { parseDocument } from 'yaml';
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../k8s/status';
import type { KubeObject, Status } from '../k8s/types';
import { resources } from '../sim/api';
import { groupVersionOf } from './discovery';
import { goJsonSyntaxError, goJsonTypeName } from './gojson';
import { decodeProtobuf, protobufMediaType } from './protobuf';

/** `MaxRequestBodyBytes`, the API server's default limit. */
export const maxRequestBodyBytes = 3 * 1024 * 1024;

/** A request body: its bytes (protobuf) and their UTF-8 text (JSON, YAML). */
export interface Body {
  text: string;
  bytes: Buffer;
}

export type BodyResult = ({ ok: true } & Body) | { ok: false; status: Status };

/** Reads the whole body, or answers 413 as soon as it exceeds `limit` bytes. */
export function readBody(req: IncomingMessage, limit = maxRequestBodyBytes): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ ok: false, status: requestEntityTooLarge(limit) });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve({ ok: false, status: requestEntityTooLarge(limit) });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      if (!done) resolve({ ok: true, bytes, text: bytes.toString('utf8') });
    });
    req.on('error', () => {
      if (!done) resolve({ ok: true, bytes: Buffer.alloc(0), text: '' });
      done = true;
    });
  });
}

/** The media type of a Content-Type header without parameters, lower-cased. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

// What the create and update handlers decode.
const objectMediaTypes = ['application/json', 'application/yaml', protobufMediaType];

/** The endpoint's expectation: the kind it stores and the group versions it takes. */
export interface Expected {
  kind: string;
  group: string;
  /** Group versions whose bodies the endpoint accepts, the first being its own. */
  groupVersions: string[];
}

export type DecodeResult = { ok: true; object: KubeObject & Record<string, unknown> } | { ok: false; status: Status };

/**
 * Deeper than any field of the kinds served (about 15 levels; the JSON
 * decoder itself stops at 10,000, with Go's "exceeded max depth").
 */
export const maxMeaningfulDepth = 64;

/**
 * Empties every object and list nested deeper than `maxMeaningfulDepth`, without
 * recursion. What lies that deep is inside an unknown field (which the API
 * server drops whole, naming only its top) or a field of the wrong type
 * (refused for what is at its top), so nothing the server would keep or say
 * changes; and what the sandbox stores and answers stays shallow enough to
 * copy and serialise (a poisoned budget once made every list of budgets fail).
 */
export function boundNesting<T>(value: T, depth = maxMeaningfulDepth): T {
  const pending: { container: Record<string, unknown> | unknown[]; level: number }[] = [];
  if (typeof value === 'object' && value !== null) pending.push({ container: value as Record<string, unknown>, level: 1 });
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { container, level } = next;
    const record = container as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = record[key];
      if (typeof child !== 'object' || child === null) continue;
      if (level >= depth) record[key] = Array.isArray(child) ? [] : {};
      else pending.push({ container: child as Record<string, unknown>, level: level + 1 });
    }
  }
  return value;
}

/** `summarizeData(body, 30)`: what a decode error quotes of the body. */
function summarize(data: Buffer): string {
  if (data.length === 0) return '<empty>';
  if (data[0] === 0x7b) return data.length > 30 ? `${data.subarray(0, 30).toString('utf8')} ...` : data.toString('utf8');
  return data.length > 30 ? `${data.subarray(0, 30).toString('hex')} ...` : data.toString('hex');
}

/** How Go names the internal type a kind decodes into, for conversion errors (`core.Pod`, `apps.Deployment`). */
const internalType = (kind: string, group: string) => `${group || 'core'}.${kind}`;

function unrecognized(expected: Expected, err: string, data: Buffer): Status {
  return badRequest(`the object provided is unrecognized (must be of type ${expected.kind}): ${err} (${summarize(data)})`);
}

/**
 * Decodes a create or update body as the API server's JSON (or YAML)
 * serializer does: `apiVersion` and `kind` default to the endpoint's; a body
 * of another kind or version is rejected with the server's 400 wording.
 */
export function decodeObject(body: string | Body, contentType: string | undefined, expected: Expected): DecodeResult {
  const { text, bytes } = typeof body === 'string' ? { text: body, bytes: Buffer.from(body, 'utf8') } : body;
  const type = mediaType(contentType) || 'application/json';
  let value: unknown;
  if (type === protobufMediaType) {
    const decoded = decodeProtobuf(bytes, { groupVersion: expected.groupVersions[0], kind: expected.kind });
    if (!decoded.ok) return { ok: false, status: unrecognized(expected, decoded.error, bytes) };
    // A kind the sandbox serves but has no message for (scripts/protobuf-schema.mjs lists them) is taken as JSON only.
    if ('unknownMessage' in decoded && resources.some((r) => r.kind === decoded.object.kind && groupVersionOf(r) === decoded.object.apiVersion)) {
      return { ok: false, status: unsupportedMediaType(type, ['application/json', 'application/yaml']) };
    }
    value = decoded.object;
  } else if (type === 'application/json') {
    const syntax = goJsonSyntaxError(text);
    if (syntax !== undefined) return { ok: false, status: unrecognized(expected, `couldn't get version/kind; json parse error: ${syntax}`, bytes) };
    value = boundNesting(JSON.parse(text));
  } else if (type === 'application/yaml') {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length) return { ok: false, status: badRequest(`error converting YAML to JSON: yaml: ${doc.errors[0].message.split('\n')[0]}`) };
    try {
      value = boundNesting(doc.toJS({ maxAliasCount: 100 }));
    } catch (e) {
      return { ok: false, status: badRequest(`error converting YAML to JSON: yaml: ${(e as Error).message}`) };
    }
  } else {
    return { ok: false, status: unsupportedMediaType(type, objectMediaTypes) };
  }
  const findKind = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  if (value === null) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, status: unrecognized(expected, `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonTypeName(value)} into Go value of type ${findKind}`, bytes) };
  }
  const obj = value as KubeObject & Record<string, unknown>;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (obj[field] !== undefined && obj[field] !== null && typeof obj[field] !== 'string') {
      return { ok: false, status: unrecognized(expected, `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonTypeName(obj[field])} into Go struct field .${field} of type string`, bytes) };
    }
  }
  // gvkWithDefaults: a missing kind or group/version takes the endpoint's.
  const [ownGroupVersion] = expected.groupVersions;
  const groupVersion = obj.apiVersion || ownGroupVersion;
  const kind = obj.kind || expected.kind;
  const version = groupVersion.includes('/') ? groupVersion.split('/')[1] : groupVersion;
  const known = kind === expected.kind && expected.groupVersions.includes(groupVersion) ? true : resources.some((r) => r.kind === kind && groupVersionOf(r) === groupVersion);
  if (!known) {
    return {
      ok: false,
      status: badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${expected.kind}: no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(groupVersion)} in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`),
    };
  }
  if (kind !== expected.kind) {
    return { ok: false, status: badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${expected.kind}: converting (${version}.${kind}) to (${internalType(expected.kind, expected.group)}): unknown conversion`) };
  }
  if (!expected.groupVersions.includes(groupVersion)) {
    return { ok: false, status: badRequest(`the API version in the data (${groupVersion}) does not match the expected API version (${ownGroupVersion})`) };
  }
  const meta = obj.metadata;
  if (meta !== undefined && meta !== null && (typeof meta !== 'object' || Array.isArray(meta))) {
    return { ok: false, status: badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${expected.kind}: json: cannot unmarshal ${goJsonTypeName(meta)} into Go struct field ${kind}.metadata of type v1.ObjectMeta`) };
  }
  for (const field of ['name', 'namespace', 'generateName', 'resourceVersion', 'uid'] as const) {
    const v = meta?.[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return { ok: false, status: badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${expected.kind}: json: cannot unmarshal ${goJsonTypeName(v)} into Go struct field ObjectMeta.metadata.${field} of type string`) };
    }
  }
  return { ok: true, object: { ...obj, apiVersion: groupVersion, kind, metadata: meta ?? {} } };
}
