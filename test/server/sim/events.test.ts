// Events as client-go's recorder writes them: named `<object>.<UnixNano hex>`,
// created, and never written over another event.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject, Node, Pod } from '../../../server/src/k8s/types';
import type { EventObject } from '../../../server/src/sim/events';
import { apply, bare, cluster, getPod, node, ok } from './helpers';

const events = (c: ReturnType<typeof cluster>, involved: string) =>
  (c.list('events', 'default') as EventObject[]).filter((e) => e.involvedObject.name === involved).sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));

/** A pod on n1, running, then a NoExecute taint it does not tolerate: the taint manager and the kubelet speak in the same millisecond. */
function taintedPod() {
  const c = cluster([node('n1')]);
  apply(c, bare('p', { nodeName: 'n1' }));
  c.advance(5000);
  const taintAt = c.clock.now();
  const taint = () => {
    const n = ok(c.get('nodes', undefined, 'n1')) as Node;
    ok(c.update('nodes', undefined, 'n1', { ...n, spec: { ...n.spec, taints: [{ key: 'maintenance', effect: 'NoExecute' }] } } as Node));
  };
  return { c, taintAt, taint };
}

describe('events', () => {
  test('two events for one pod in one millisecond keep two names, <pod>.<UnixNano in hex>', () => {
    const { c, taintAt, taint } = taintedPod();
    taint();
    assert.ok((ok(getPod(c, 'p')) as Pod).metadata?.deletionTimestamp);
    const atTaint = events(c, 'p').filter((e) => e.reason === 'TaintManagerEviction' || e.reason === 'Killing');
    assert.deepEqual(
      atTaint.map((e) => [e.metadata?.name, e.reason, e.message]),
      [
        [`p.${(BigInt(taintAt) * 1_000_000n).toString(16)}`, 'TaintManagerEviction', 'Marking for deletion Pod default/p'],
        [`p.${(BigInt(taintAt) * 1_000_000n + 1n).toString(16)}`, 'Killing', 'Stopping container web'],
      ],
    );
  });

  test('a name already taken: the recorder\'s create is refused and the event dropped, the other event kept as it was', () => {
    const { c, taintAt, taint } = taintedPod();
    const taken: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `p.${(BigInt(taintAt) * 1_000_000n).toString(16)}`, namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Mine',
      message: 'posted by a client',
    } as KubeObject;
    ok(c.create('events', 'default', taken));
    const again = c.create('events', 'default', structuredClone(taken));
    assert.ok(!again.ok);
    assert.deepEqual([again.status.code, again.status.reason], [409, 'AlreadyExists']);
    taint();
    const byName = new Map(events(c, 'p').map((e) => [e.metadata?.name, e]));
    assert.equal(byName.get(taken.metadata!.name)?.message, 'posted by a client');
    assert.equal(byName.get(`p.${(BigInt(taintAt) * 1_000_000n + 1n).toString(16)}`)?.reason, 'Killing');
    assert.ok(![...byName.values()].some((e) => e.reason === 'TaintManagerEviction'), 'the refused event is not retried');
  });
});
