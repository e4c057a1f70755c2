// Kubernetes' protobuf request bodies (`application/vnd.kubernetes.protobuf`),
// which kubectl's typed clients send (`kubectl create deployment|job|pdb`, the
// DeleteOptions of `kubectl drain --disable-eviction`): the magic `k8s\0`, a
// runtime.Unknown envelope (typeMeta, raw) and the kind's message in raw,
// decoded into the object the JSON serializer would have read.
// Sources: apimachinery/pkg/runtime/serializer/protobuf/protobuf.go (Serializer.Decode),
// apimachinery/pkg/apis/meta/v1/{time_proto.go,micro_time_proto.go,micro_time.go},
// apimachinery/pkg/util/intstr/intstr.go (MarshalJSON), api/resource/quantity_proto.go.

import { Root, Type, util, type Field, type Message } from 'protobufjs/light';
import { rfc3339 } from '../k8s/time';
import { kubernetesMessages } from './protobufSchema';

export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

/** `protoEncodingPrefix`. */
const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

let root: Root | undefined;

function messages(): Root {
  if (root) return root;
  root = new Root();
  for (const [name, fields] of Object.entries(kubernetesMessages)) {
    const dot = name.lastIndexOf('.');
    root.define(name.slice(0, dot)).add(Type.fromJSON(name.slice(dot + 1), { edition: 'proto2', fields }));
  }
  root.resolveAll();
  return root;
}

/** The message of a kind: its API group's package, or meta/v1 for the options every group version registers (DeleteOptions). */
function messageType(groupVersion: string, kind: string): Type | undefined {
  const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
  const names = [`k8s.io.api.${group === '' ? 'core' : group.split('.')[0]}.${version}.${kind}`, `k8s.io.apimachinery.pkg.apis.meta.v1.${kind}`];
  for (const name of names) {
    const found = messages().lookup(name);
    if (found instanceof Type) return found;
  }
  return undefined;
}

const toNumber = (v: unknown): number => (typeof v === 'number' ? v : util.LongBits.from(v as Parameters<typeof util.LongBits.from>[0]).toNumber());

/** Go's time.Format of RFC3339 with the given number of fraction digits, in UTC. */
function timeText(seconds: number, fractionDigits: number, nanos = 0): string {
  const whole = rfc3339(seconds * 1000);
  if (fractionDigits === 0) return whole;
  return `${whole.slice(0, -1)}.${String(Math.floor(nanos / 10 ** (9 - fractionDigits))).padStart(fractionDigits, '0')}Z`;
}

const has = (m: Message, field: string) => Object.prototype.hasOwnProperty.call(m, field);

type Fields = Message & Record<string, unknown>;

/** The JSON of the messages whose Go types marshal themselves; an empty message is the Go zero value. */
const jsonOf: Record<string, (m: Fields) => unknown> = {
  // metav1.Time keeps whole seconds (Time.Unmarshal drops nanos); the zero time is null.
  '.k8s.io.apimachinery.pkg.apis.meta.v1.Time': (m) => (has(m, 'seconds') || has(m, 'nanos') ? timeText(toNumber(m.seconds ?? 0), 0) : null),
  '.k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime': (m) => (has(m, 'seconds') || has(m, 'nanos') ? timeText(toNumber(m.seconds ?? 0), 6, Number(m.nanos ?? 0)) : null),
  '.k8s.io.apimachinery.pkg.api.resource.Quantity': (m) => (m.string as string | undefined) || '0',
  '.k8s.io.apimachinery.pkg.util.intstr.IntOrString': (m) => (toNumber(m.type ?? 0) === 1 ? (m.strVal ?? '') : (m.intVal ?? 0)),
  '.k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1': (m) => (m.Raw ? JSON.parse(Buffer.from(m.Raw as Uint8Array).toString('utf8')) : null),
};

const int64Types = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/** One value of a field (an element of a repeated field or a map), as Go's encoding/json writes it. */
function valueOf(field: Field, value: unknown): unknown {
  const type = field.resolvedType;
  if (type instanceof Type) {
    const special = jsonOf[type.fullName];
    return special ? special(value as Fields) : objectOf(type, value as Message);
  }
  if (int64Types.has(field.type)) return toNumber(value);
  if (field.type === 'bytes') return Buffer.from(value as Uint8Array).toString('base64');
  return value;
}

/** The Go zero value of a plain (non-pointer) field that was not on the wire. */
function zeroOf(field: Field): unknown {
  const type = field.resolvedType;
  if (type instanceof Type) return valueOf(field, type.create());
  if (field.type === 'string') return '';
  if (field.type === 'bool') return false;
  if (field.type === 'bytes') return undefined;
  return 0;
}

/**
 * A decoded message as Go's encoding/json writes the struct it decodes into:
 * a field off the wire is nil (pointer, slice, map) or its zero value; nil is
 * `null`; omitempty drops nil, empty slices and maps, and a plain field's
 * "", 0 and false (a pointer to 0 stays: `replicas: 0`); an inline struct's
 * fields join its parent's.
 */
function objectOf(type: Type, message: Message): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const m = message as Fields;
  const go = kubernetesMessages[type.fullName.slice(1)];
  for (const field of type.fieldsArray) {
    const { json = field.name, inline, omitempty, pointer } = go[field.name];
    let value: unknown;
    if (field.map) {
      const entries = Object.entries((m[field.name] ?? {}) as Record<string, unknown>);
      value = entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, valueOf(field, v)])) : undefined;
    } else if (field.repeated) {
      const items = (m[field.name] ?? []) as unknown[];
      value = items.length ? items.map((v) => valueOf(field, v)) : undefined;
    } else if (has(message, field.name)) {
      value = valueOf(field, m[field.name]);
    } else {
      value = pointer ? undefined : zeroOf(field);
    }
    if (inline) {
      Object.assign(out, value);
      continue;
    }
    const scalar = !(field.resolvedType instanceof Type);
    if (omitempty && (value === undefined || (scalar && !pointer && (value === '' || value === 0 || value === false)))) continue;
    out[json] = value === undefined ? null : value;
  }
  return out;
}

export type ProtobufDecodeResult =
  | { ok: true; object: Record<string, unknown> }
  /** The envelope names a kind the sandbox has no message for: the caller decides what that means. */
  | { ok: true; object: { apiVersion: string; kind: string }; unknownMessage: true }
  | { ok: false; error: string };

/** Go's error texts for a malformed message (gogo's Unmarshal), from protobufjs's. */
function unmarshalError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return /index out of range/.test(message) ? 'unexpected EOF' : `proto: ${message}`;
}

/**
 * Decodes a protobuf body as `Serializer.Decode` does: the envelope's
 * apiVersion and kind, each defaulting to the endpoint's, pick the message.
 */
export function decodeProtobuf(data: Buffer, defaults: { groupVersion: string; kind: string }): ProtobufDecodeResult {
  if (data.length === 0) return { ok: false, error: 'empty data' };
  if (data.length < magic.length || !data.subarray(0, magic.length).equals(magic)) {
    return { ok: false, error: `provided data does not appear to be a protobuf message, expected prefix [${[...magic].join(' ')}]` };
  }
  if (data.length === magic.length) return { ok: false, error: 'empty body' };
  const unknownType = messages().lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  let envelope: Message & { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Uint8Array };
  try {
    envelope = unknownType.decode(data.subarray(magic.length));
  } catch (e) {
    return { ok: false, error: unmarshalError(e) };
  }
  const apiVersion = envelope.typeMeta?.apiVersion || defaults.groupVersion;
  const kind = envelope.typeMeta?.kind || defaults.kind;
  const type = messageType(apiVersion, kind);
  if (!type) return { ok: true, object: { apiVersion, kind }, unknownMessage: true };
  let message: Message;
  try {
    message = type.decode(envelope.raw ?? new Uint8Array());
  } catch (e) {
    return { ok: false, error: unmarshalError(e) };
  }
  return { ok: true, object: { apiVersion, kind, ...objectOf(type, message) } };
}
