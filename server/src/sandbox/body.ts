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

/** `MaxRequestBodyBytes`, the API server's default limit. */
export const maxRequestBodyBytes = 3 * 1024 * 1024;

export type BodyResult = { ok: true; text: string; bytes: Buffer } | { ok: false; status: Status };

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
      if (!done) resolve({ ok: true, text: bytes.toString('utf8'), bytes });
    });
    req.on('error', () => {
      if (!done) resolve({ ok: true, text: '', bytes: Buffer.alloc(0) });
      done = true;
    });
  });
}

/** The media type of a Content-Type header without parameters, lower-cased. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

// What the create and update handlers decode (the protobuf one only on paper: clients fall back to JSON).
const objectMediaTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** The endpoint's expectation: the kind it stores and the group versions it takes. */
export interface Expected {
  kind: string;
  group: string;
  /** Group versions whose bodies the endpoint accepts, the first being its own. */
  groupVersions: string[];
}

export type DecodeResult = { ok: true; object: KubeObject & Record<string, unknown> } | { ok: false; status: Status };

/** `summarizeData(body, 30)`: what a decode error quotes of the body. */
function summarize(text: string): string {
  const data = Buffer.from(text, 'utf8');
  if (data.length === 0) return '<empty>';
  if (data[0] === 0x7b) return data.length > 30 ? `${data.subarray(0, 30).toString('utf8')} ...` : text;
  return data.length > 30 ? `${data.subarray(0, 30).toString('hex')} ...` : data.toString('hex');
}

/** How Go names the internal type a kind decodes into, for conversion errors (`core.Pod`, `apps.Deployment`). */
const internalType = (kind: string, group: string) => `${group || 'core'}.${kind}`;

function unrecognized(expected: Expected, err: string, text: string): Status {
  return badRequest(`the object provided is unrecognized (must be of type ${expected.kind}): ${err} (${summarize(text)})`);
}

/**
 * Decodes a create or update body as the API server's JSON (or YAML)
 * serializer does: `apiVersion` and `kind` default to the endpoint's; a body
 * of another kind or version is rejected with the server's 400 wording.
 */
export function decodeObject(text: string, contentType: string | undefined, expected: Expected): DecodeResult {
  const type = mediaType(contentType) || 'application/json';
  let value: unknown;
  if (type === 'application/json') {
    const syntax = goJsonSyntaxError(text);
    if (syntax !== undefined) return { ok: false, status: unrecognized(expected, `couldn't get version/kind; json parse error: ${syntax}`, text) };
    value = JSON.parse(text);
  } else if (type === 'application/yaml') {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length) return { ok: false, status: badRequest(`error converting YAML to JSON: yaml: ${doc.errors[0].message.split('\n')[0]}`) };
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return { ok: false, status: badRequest(`error converting YAML to JSON: yaml: ${(e as Error).message}`) };
    }
  } else {
    return { ok: false, status: unsupportedMediaType(type, objectMediaTypes) };
  }
  const findKind = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  if (value === null) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, status: unrecognized(expected, `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonTypeName(value)} into Go value of type ${findKind}`, text) };
  }
  const obj = value as KubeObject & Record<string, unknown>;
  for (const field of ['apiVersion', 'kind'] as const) {
    if (obj[field] !== undefined && obj[field] !== null && typeof obj[field] !== 'string') {
      return { ok: false, status: unrecognized(expected, `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonTypeName(obj[field])} into Go struct field .${field} of type string`, text) };
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
