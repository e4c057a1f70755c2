// Protobuf request bodies: bytes real kubectl 1.32 sent (captured with -v=9),
// messages a Go client could send (encoded here with protobufjs from the same
// schema), and the Serializer's errors.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Root, Type } from 'protobufjs/light';
import { decodeObject, type Expected } from '../../../server/src/sandbox/body';
import { decodeProtobuf } from '../../../server/src/sandbox/protobuf';
import { kubernetesMessages } from '../../../server/src/sandbox/protobufSchema';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// `kubectl create pdb m1 --selector=app=bare --min-available=0` (kubectl 1.32.4).
const createPdb = hex(`6b 38 73 00 0a 20 0a 09 70 6f 6c 69 63 79 2f 76 31 12 13 50 6f 64 44 69 73 72 75 70 74 69 6f 6e 42 75 64 67 65 74 12 39
  0a 12 0a 02 6d 31 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 17 0a 06 08 00 10 00 1a 00 12 0d 0a 0b 0a 03 61 70 70 12 04 62 61 72 65
  1a 0a 08 00 18 00 20 00 28 00 30 00 1a 00 22 00`);
// The DELETE body of `kubectl drain --disable-eviction --grace-period=0`.
const deleteOptions = hex('6b 38 73 00 0a 13 0a 02 76 31 12 0d 44 65 6c 65 74 65 4f 70 74 69 6f 6e 73 12 02 08 00 1a 00 22 00');

const pdbs: Expected = { kind: 'PodDisruptionBudget', group: 'policy', groupVersions: ['policy/v1'] };
const pods: Expected = { kind: 'Pod', group: '', groupVersions: ['v1'] };
const protobuf = 'application/vnd.kubernetes.protobuf';

/** Encodes `object` as the kind's message in the `k8s\0` + runtime.Unknown envelope, as client-go's protobuf serializer does. */
function envelope(apiVersion: string, kind: string, message: string, object: Record<string, unknown>): Buffer {
  const root = new Root();
  for (const [name, fields] of Object.entries(kubernetesMessages)) {
    const dot = name.lastIndexOf('.');
    root.define(name.slice(0, dot)).add(Type.fromJSON(name.slice(dot + 1), { edition: 'proto2', fields }));
  }
  root.resolveAll();
  const raw = root.lookupType(message).encode(object).finish();
  const unknown = root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown').encode({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' }).finish();
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

describe('decodeProtobuf', () => {
  test("kubectl create pdb: the object kubectl's own JSON encoding gives (creationTimestamp null, status zeros, no empty strings)", () => {
    assert.deepEqual(decodeProtobuf(createPdb, { groupVersion: 'policy/v1', kind: 'PodDisruptionBudget' }), {
      ok: true,
      object: {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'm1', creationTimestamp: null },
        spec: { minAvailable: 0, selector: { matchLabels: { app: 'bare' } } },
        status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
      },
    });
  });

  test('DeleteOptions of kubectl drain --disable-eviction: a pointer set to 0 is kept (gracePeriodSeconds: 0)', () => {
    assert.deepEqual(decodeProtobuf(deleteOptions, { groupVersion: 'v1', kind: 'DeleteOptions' }), { ok: true, object: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 } });
  });

  test('Go JSON of a pod: inline volume sources and probe handlers, IntOrString, Quantity, Time, pointer zeros, omitempty', () => {
    const body = envelope('v1', 'Pod', 'k8s.io.api.core.v1.Pod', {
      metadata: { name: 'p', namespace: 'default', creationTimestamp: { seconds: 1767225600 }, labels: { app: '' } },
      spec: {
        containers: [{ name: 'c', image: 'nginx', readinessProbe: { handler: { httpGet: { path: '/', port: { type: 1, strVal: 'http' } } }, periodSeconds: 0 }, stdin: false }],
        volumes: [{ name: 'scratch', volumeSource: { emptyDir: { sizeLimit: { string: '1Gi' } } } }],
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }],
        terminationGracePeriodSeconds: 0,
        hostNetwork: false,
      },
    });
    const decoded = decodeProtobuf(body, { groupVersion: 'v1', kind: 'Pod' });
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.object, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: '' } },
      spec: {
        volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }],
        containers: [{ name: 'c', image: 'nginx', resources: {}, readinessProbe: { httpGet: { path: '/', port: 'http' } } }],
        terminationGracePeriodSeconds: 0,
        tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }],
      },
      status: {},
    });
  });

  test('apiVersion and kind left out of the envelope take the endpoint\'s', () => {
    const decoded = decodeProtobuf(envelope('', '', 'k8s.io.api.policy.v1.Eviction', { metadata: { name: 'web-a' } }), { groupVersion: 'policy/v1', kind: 'Eviction' });
    assert.deepEqual(decoded, { ok: true, object: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-a', creationTimestamp: null } } });
  });

  const errors: [string, Buffer, string][] = [
    ['no body', Buffer.alloc(0), 'empty data'],
    ['JSON sent as protobuf', Buffer.from('{"kind":"Pod"}'), 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]'],
    ['the magic alone', Buffer.from('k8s\0', 'latin1'), 'empty body'],
    ['a truncated message', createPdb.subarray(0, 60), 'unexpected EOF'],
  ];
  for (const [what, data, error] of errors) {
    test(`${what}: ${error}`, () => assert.deepEqual(decodeProtobuf(data, { groupVersion: 'v1', kind: 'Pod' }), { ok: false, error }));
  }
});

describe('decodeObject with Content-Type application/vnd.kubernetes.protobuf', () => {
  test('a protobuf PodDisruptionBudget is decoded for the create handler', () => {
    const r = decodeObject({ text: createPdb.toString('utf8'), bytes: createPdb }, protobuf, pdbs);
    assert.ok(r.ok);
    assert.equal(r.object.metadata?.name, 'm1');
    assert.deepEqual(r.object.spec, { minAvailable: 0, selector: { matchLabels: { app: 'bare' } } });
  });

  test("a malformed body: the create handler's 400, quoting the body in hex", () => {
    const r = decodeObject({ text: '', bytes: createPdb.subarray(0, 40) }, protobuf, pdbs);
    assert.ok(!r.ok);
    assert.equal(r.status.code, 400);
    assert.equal(r.status.message, `the object provided is unrecognized (must be of type PodDisruptionBudget): unexpected EOF (${createPdb.subarray(0, 30).toString('hex')} ...)`);
  });

  test('a PodDisruptionBudget sent to the pods endpoint: the same conversion error as in JSON', () => {
    const r = decodeObject({ text: '', bytes: createPdb }, protobuf, pods);
    assert.ok(!r.ok);
    assert.equal(r.status.message, 'PodDisruptionBudget in version "v1" cannot be handled as a Pod: converting (v1.PodDisruptionBudget) to (core.Pod): unknown conversion');
  });
});
