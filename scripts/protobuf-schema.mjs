// Writes server/src/sandbox/protobufSchema.ts: the protobuf messages of the
// kinds the sandbox decodes, exactly as Kubernetes 1.32 defines them, and how
// Go's encoding/json writes each field. Both are read from a kubectl 1.32
// binary:
// - the messages from the gzipped FileDescriptorProto of every k8s.io/api and
//   apimachinery generated.proto (gogo-protobuf registers them:
//   proto.RegisterFile in each generated.pb.go); only the messages reachable
//   from the kinds below are kept;
// - the JSON side from the Go structs' reflection data: each field's tag
//   (`json:"name,omitempty" protobuf:"varint,1,opt,name=name"`) and whether its
//   type is a pointer (a pointer set to 0 is written, a plain 0 under omitempty
//   is not). A message is matched to the struct whose protobuf tags name
//   exactly its fields (internal/abi/type.go: StructField, Name; ELF64 layout).
//
//   node scripts/protobuf-schema.mjs [path/to/kubectl.1.32]
//
// Add a kind to `kinds` (and run this again) when the sandbox serves one more.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';

const kinds = [
  'k8s.io.apimachinery.pkg.runtime.Unknown',
  'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  'k8s.io.api.core.v1.Namespace',
  'k8s.io.api.core.v1.Node',
  'k8s.io.api.core.v1.Pod',
  'k8s.io.api.core.v1.Event',
  'k8s.io.api.apps.v1.Deployment',
  'k8s.io.api.apps.v1.ReplicaSet',
  'k8s.io.api.apps.v1.StatefulSet',
  'k8s.io.api.apps.v1.DaemonSet',
  'k8s.io.api.batch.v1.Job',
  'k8s.io.api.policy.v1.PodDisruptionBudget',
  'k8s.io.api.policy.v1.Eviction',
  'k8s.io.api.policy.v1beta1.Eviction',
  'k8s.io.api.autoscaling.v1.Scale',
];

const binary = process.argv[2] ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const bytes = readFileSync(binary);
const gzipHeader = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0x02, 0xff]);
const files = new Map();
for (let at = bytes.indexOf(gzipHeader); at >= 0; at = bytes.indexOf(gzipHeader, at + 1)) {
  try {
    const file = descriptor.FileDescriptorProto.decode(gunzipSync(bytes.subarray(at, at + 1_000_000), { finishFlush: 2 }));
    if (file.name?.startsWith('k8s.io/')) files.set(file.name, file);
  } catch {
    // Not a descriptor: other gzipped data in the binary.
  }
}
const root = protobuf.Root.fromDescriptor({ file: [...files.values()] }, { keepCase: true });
root.resolveAll();

const kept = new Map();
const visit = (type) => {
  const name = type.fullName.slice(1);
  if (kept.has(name)) return;
  kept.set(name, type);
  for (const field of type.fieldsArray) if (field.resolvedType instanceof protobuf.Type) visit(field.resolvedType);
};
for (const kind of kinds) visit(root.lookupType(kind));

// Types whose Go side marshals itself (MarshalJSON): the decoder knows them by name.
const selfMarshalling = new Set(['Time', 'MicroTime', 'Quantity', 'IntOrString', 'FieldsV1']);
const envelope = (name) => name.startsWith('k8s.io.apimachinery.pkg.runtime.');

/** Every Go struct with protobuf-tagged fields, by package path and name (`k8s.io/api/core/v1.PodSpec`). */
function goStructs() {
  const u64 = (o) => Number(bytes.readBigUInt64LE(o));
  const phoff = u64(0x20);
  const segments = [];
  for (let i = 0; i < bytes.readUInt16LE(0x38); i++) {
    const at = phoff + i * bytes.readUInt16LE(0x36);
    if (bytes.readUInt32LE(at) === 1) segments.push({ address: u64(at + 16), offset: u64(at + 8), size: u64(at + 32) });
  }
  const toOffset = (address) => {
    const s = segments.find((x) => address >= x.address && address < x.address + x.size);
    return s ? s.offset + address - s.address : -1;
  };
  const toAddress = (offset) => {
    const s = segments.find((x) => offset >= x.offset && offset < x.offset + x.size);
    return s ? s.address + offset - s.offset : -1;
  };
  // Name offsets (Type.Str, UncommonType.PkgPath) count from runtime.types, the start of .rodata.
  const shoff = u64(0x28);
  const section = (i) => shoff + i * bytes.readUInt16LE(0x3a);
  const sectionNames = u64(section(bytes.readUInt16LE(0x3e)) + 24);
  let types = -1;
  for (let i = 0; i < bytes.readUInt16LE(0x3c); i++) {
    const at = section(i);
    if (bytes.toString('latin1', sectionNames + bytes.readUInt32LE(at), sectionNames + bytes.readUInt32LE(at) + 8) === '.rodata\0') types = u64(at + 24);
  }
  const text = bytes.toString('latin1');
  const nameAt = (off) => text.slice(types + off + 2, types + off + 2 + bytes[types + off + 1]);

  // A Name record: flags (2: has a tag), varint length, the Go name, varint tag length, the tag.
  const names = new Map();
  for (const m of text.matchAll(/protobuf:"(?:varint|bytes|fixed32|fixed64|zigzag32|zigzag64),(\d+)(?:,(?:opt|req|rep))?(?:,name=(\w+))?[^"]*"/g)) {
    for (let start = m.index - 2; start > m.index - 400; start--) {
      const len = bytes[start + 1];
      if ((bytes[start] & 2) === 0 || len >= 128) continue;
      const tagLengthAt = start + 2 + len;
      const long = bytes[tagLengthAt] >= 128;
      const tagLength = long ? (bytes[tagLengthAt] & 0x7f) | (bytes[tagLengthAt + 1] << 7) : bytes[tagLengthAt];
      const tagStart = tagLengthAt + (long ? 2 : 1);
      if (tagStart > m.index || tagStart + tagLength < m.index + m[0].length || !/^[A-Z]\w*$/.test(text.slice(start + 2, tagLengthAt))) continue;
      const json = (/json:"([^"]*)"/.exec(text.slice(tagStart, tagStart + tagLength))?.[1] ?? '').split(',');
      names.set(toAddress(start), { id: Number(m[1]), proto: m[2], json: json[0], omitempty: json.includes('omitempty'), inline: json.includes('inline') });
      break;
    }
  }
  // StructType {Type (48 bytes; Kind_ at 23, 22 = Pointer; TFlag at 20, 1 = Uncommon), PkgPath, Fields []StructField},
  // StructField {Name *byte, Typ *Type, Offset uintptr}, then UncommonType {PkgPath NameOff, …} for a named type.
  const tagged = new Map();
  for (let off = 0; off + 24 <= bytes.length; off += 8) {
    const name = bytes.readUInt32LE(off + 4) === 0 ? names.get(bytes.readUInt32LE(off)) : undefined;
    const typ = name ? toOffset(u64(off + 8)) : -1;
    if (typ >= 0) tagged.set(off, { ...name, pointer: (bytes[typ + 23] & 0x1f) === 22 });
  }
  const arrays = new Map(); // address of a Fields array -> its tagged fields
  for (const off of tagged.keys()) {
    let first = off;
    while (u64(first + 16) > 0) first -= 24;
    arrays.set(toAddress(first), arrays.get(toAddress(first)) ?? []);
  }
  for (const [address, fields] of arrays) for (let off = toOffset(address); tagged.has(off) || off === toOffset(address); off += 24) if (tagged.has(off)) fields.push(tagged.get(off));
  const structs = new Map();
  for (let off = 56; off + 16 <= bytes.length; off += 8) {
    const fields = bytes.readUInt32LE(off + 4) === 0 ? arrays.get(bytes.readUInt32LE(off)) : undefined;
    const typ = off - 56;
    if (!fields || (bytes[typ + 23] & 0x1f) !== 25 || (bytes[typ + 20] & 1) === 0) continue;
    const name = nameAt(bytes.readInt32LE(typ + 40)).replace(/^\*/, '');
    const pkgPath = nameAt(bytes.readInt32LE(typ + 80));
    structs.set(`${pkgPath}.${name.slice(name.indexOf('.') + 1)}`, fields);
  }
  return structs;
}

const structs = goStructs();

/** How Go writes each field of a message: json name, omitempty, inline, pointer. */
function goFields(name, type) {
  const goName = `k8s.io/${name.slice('k8s.io.'.length, name.lastIndexOf('.')).replaceAll('.', '/')}.${type.name}`;
  const fields = structs.get(goName);
  // Matched by field number: an inline struct's tag may leave the name out (`protobuf:"bytes,1,req"`).
  const signature = (ids) => ids.sort((a, b) => a - b).join(' ');
  if (!fields || signature(fields.map((f) => f.id)) !== signature(type.fieldsArray.map((f) => f.id))) {
    throw new Error(`no Go struct ${goName} with exactly the fields of ${name}`);
  }
  return new Map(fields.map((f) => [f.id, f]));
}

const packageOf = (name) => name.slice(0, name.lastIndexOf('.'));
const lines = [...kept]
  .sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([name, type]) => {
    const go = selfMarshalling.has(type.name) || envelope(name) ? undefined : goFields(name, type);
    const fields = Object.fromEntries(
      type.fieldsArray.map((f) => {
        // References within a package are relative to it, as in the .proto files.
        const ref = f.resolvedType ? f.resolvedType.fullName : f.type;
        const typeName = f.resolvedType && packageOf(ref.slice(1)) === packageOf(name) ? ref.slice(ref.lastIndexOf('.') + 1) : ref;
        const g = go?.get(f.id);
        const json = {
          ...(f.repeated ? { rule: 'repeated' } : {}),
          ...(f.map ? { keyType: f.keyType } : {}),
          type: typeName,
          id: f.id,
          ...(g && g.json !== f.name && !g.inline ? { json: g.json } : {}),
          ...(g?.inline ? { inline: true } : {}),
          ...(g?.omitempty ? { omitempty: true } : {}),
          ...(g?.pointer ? { pointer: true } : {}),
        };
        return [f.name, json];
      }),
    );
    return `  ${JSON.stringify(name)}: ${JSON.stringify(fields)},`;
  });

const source = `/*
Copyright The Kubernetes Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

// Generated by scripts/protobuf-schema.mjs from kubectl 1.32's descriptors of
// k8s.io/api and k8s.io/apimachinery generated.proto (proto2): every message
// reachable from the kinds the sandbox decodes, as protobufjs field
// descriptors (rule, keyType, type, id), with how the Go struct's field is
// written as JSON: its json name where it differs, inline, omitempty, and
// pointer. Do not edit; run the script again.

export interface MessageField {
  rule?: 'repeated';
  keyType?: string;
  type: string;
  id: number;
  json?: string;
  inline?: true;
  omitempty?: true;
  pointer?: true;
}

export const kubernetesMessages: Record<string, Record<string, MessageField>> = {
${lines.join('\n')}
};
`;
writeFileSync(new URL('../server/src/sandbox/protobufSchema.ts', import.meta.url), source);
console.log(`${kept.size} messages from ${files.size} files of ${binary}`);
