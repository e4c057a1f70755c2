// The review APIs a client asks about itself with: SelfSubjectAccessReview
// (`kubectl auth can-i`: may I do this?) and SelfSubjectReview (`kubectl
// auth whoami`). Nothing is stored: a create answers 201 with the object
// and its status. Every authenticated user may create them
// (system:basic-user), the viewer included.
// Sources: pkg/registry/authorization/selfsubjectaccessreview/rest.go (Create),
// pkg/apis/authorization/validation/validation.go (ValidateSelfSubjectAccessReviewSpec),
// pkg/registry/authentication/selfsubjectreview/rest.go, staging/src/k8s.io/kubectl/pkg/cmd/auth/{cani,whoami}.go.

import type { KubeObject, Status } from '../k8s/types';
import { fieldErrors, goQuote, invalidStatus, type FieldError } from '../k8s/validation';
import { decide, type NonResourceAttributes, type ResourceAttributes, type UserInfo } from './authorization';

export interface ReviewResource {
  group: 'authorization.k8s.io' | 'authentication.k8s.io';
  version: 'v1';
  resource: string;
  kind: string;
}

export const reviewResources: readonly ReviewResource[] = [
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview' },
  { group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', kind: 'SelfSubjectReview' },
];

const resourceFields = ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'] as const;

type Attributes = Record<string, unknown> | null | undefined;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Go's `%#v` of the internal attributes struct, as field.Invalid prints a struct value. */
function goStruct(type: string, fields: readonly string[], value: Record<string, unknown>): string {
  return `authorization.${type}{${fields.map((f) => `${f[0].toUpperCase()}${f.slice(1)}:${goQuote(str(value[f]))}`).join(', ')}}`;
}

function validateSpec(resource: Attributes, nonResource: Attributes): FieldError[] {
  if (resource && nonResource) {
    return [fieldErrors.invalid('spec.nonResourceAttributes', goStruct('NonResourceAttributes', ['path', 'verb'], nonResource), 'cannot be specified in combination with resourceAttributes')];
  }
  if (!resource && !nonResource) return [fieldErrors.invalid('spec.resourceAttributes', '"null"', 'exactly one of nonResourceAttributes or resourceAttributes must be specified')];
  return [];
}

/** Only the fields the API knows, empty ones left out (omitempty). */
function known(value: Record<string, unknown>, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.filter((f) => str(value[f]) !== '').map((f) => [f, str(value[f])]));
}

/** Answers a create of one of the reviews, as the API server would: the object with its status, or the 422. */
export function review(r: ReviewResource, user: UserInfo, obj: KubeObject & Record<string, unknown>): { code: number; body: unknown } | { code: number; status: Status } {
  const head = { kind: r.kind, apiVersion: `${r.group}/${r.version}`, metadata: { ...obj.metadata, creationTimestamp: null } };
  if (r.kind === 'SelfSubjectReview') return { code: 201, body: { ...head, status: { userInfo: { username: user.name, groups: user.groups } } } };
  const spec = (obj.spec && typeof obj.spec === 'object' ? obj.spec : {}) as Record<string, Attributes>;
  const resource = spec.resourceAttributes && typeof spec.resourceAttributes === 'object' ? spec.resourceAttributes : undefined;
  const nonResource = spec.nonResourceAttributes && typeof spec.nonResourceAttributes === 'object' ? spec.nonResourceAttributes : undefined;
  const errors = validateSpec(resource, nonResource);
  if (errors.length) return { code: 422, status: invalidStatus(r.kind, r.group, str(obj.metadata?.name), errors) };
  const attributes = resource ? known(resource, resourceFields) : known(nonResource!, ['path', 'verb']);
  const decision = resource
    ? decide(user, { verb: str(resource.verb), group: str(resource.group), resource: str(resource.resource), subresource: str(resource.subresource) || undefined, namespace: str(resource.namespace) || undefined, name: str(resource.name) || undefined } as ResourceAttributes)
    : decide(user, { path: str(nonResource!.path), verb: str(nonResource!.verb) } as NonResourceAttributes);
  return {
    code: 201,
    body: {
      ...head,
      spec: resource ? { resourceAttributes: attributes } : { nonResourceAttributes: attributes },
      status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
    },
  };
}

/** The media type of Kubernetes' protobuf bodies, which kubectl's typed clients (auth can-i, auth whoami) send. */
export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

/** A protobuf message's length-delimited and varint fields by number (enough for these string-only messages). */
function readFields(bytes: Buffer): Map<number, Buffer[]> | undefined {
  const fields = new Map<number, Buffer[]>();
  let i = 0;
  const varint = (): number | undefined => {
    let v = 0;
    for (let shift = 0; shift < 49 && i < bytes.length; shift += 7) {
      const b = bytes[i++];
      v += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return v;
    }
    return undefined;
  };
  while (i < bytes.length) {
    const key = varint();
    if (key === undefined) return undefined;
    const wire = key % 8;
    const field = Math.floor(key / 8);
    if (wire === 0) {
      if (varint() === undefined) return undefined;
    } else if (wire === 2) {
      const n = varint();
      if (n === undefined || i + n > bytes.length) return undefined;
      fields.set(field, [...(fields.get(field) ?? []), bytes.subarray(i, i + n)]);
      i += n;
    } else {
      return undefined;
    }
  }
  return fields;
}

const text = (f: Map<number, Buffer[]>, n: number) => f.get(n)?.at(-1)?.toString('utf8');
const message = (f: Map<number, Buffer[]> | undefined, n: number) => (f?.get(n) ? readFields(f.get(n)!.at(-1)!) : undefined);

function strings(f: Map<number, Buffer[]> | undefined, names: readonly string[]): Record<string, string> | undefined {
  if (!f) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, text(f, i + 1)]).filter(([, v]) => v !== undefined));
}

/**
 * A review sent as protobuf: the `k8s\0` envelope (runtime.Unknown: typeMeta
 * 1, raw 2) around the review's message (metadata 1, spec 2; the spec's
 * resourceAttributes 1 and nonResourceAttributes 2, their string fields in
 * declaration order), from k8s.io/api/authorization/v1/generated.proto and
 * authentication/v1/generated.proto. Undefined when it does not parse.
 */
export function decodeReviewProtobuf(bytes: Buffer, r: ReviewResource): (KubeObject & Record<string, unknown>) | undefined {
  if (bytes.subarray(0, 4).toString('latin1') !== 'k8s\0') return undefined;
  const unknown = readFields(bytes.subarray(4));
  const typeMeta = message(unknown, 1);
  const raw = message(unknown, 2);
  if (!unknown || !raw) return undefined;
  const meta = message(raw, 1);
  const spec = message(raw, 2);
  const object: KubeObject & Record<string, unknown> = {
    apiVersion: (typeMeta && text(typeMeta, 1)) || `${r.group}/${r.version}`,
    kind: (typeMeta && text(typeMeta, 2)) || r.kind,
    metadata: meta && text(meta, 1) ? { name: text(meta, 1) } : {},
  };
  if (r.kind === 'SelfSubjectAccessReview') {
    const resourceAttributes = strings(message(spec, 1), resourceFields);
    const nonResourceAttributes = strings(message(spec, 2), ['path', 'verb']);
    object.spec = { ...(resourceAttributes ? { resourceAttributes } : {}), ...(nonResourceAttributes ? { nonResourceAttributes } : {}) };
  }
  return object;
}
