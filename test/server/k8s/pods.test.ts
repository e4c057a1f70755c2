import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gracePeriodForDelete, regracefulDelete, updatePodCondition } from '../../../server/src/k8s/pods';
import { pod } from './fixtures';

test('grace period for a DELETE (CheckGracefulDelete)', () => {
  const running = pod('a');
  assert.equal(gracePeriodForDelete(running, undefined), 30, 'the default');
  assert.equal(gracePeriodForDelete({ ...running, spec: { ...running.spec, terminationGracePeriodSeconds: 5 } }, undefined), 5);
  assert.equal(gracePeriodForDelete(running, 10), 10, 'the request wins');
  assert.equal(gracePeriodForDelete(running, -3), 1, 'negative becomes 1');
  assert.equal(gracePeriodForDelete({ ...running, spec: { ...running.spec, nodeName: '' } }, 10), 0, 'unscheduled: at once');
  assert.equal(gracePeriodForDelete(pod('done', { phase: 'Succeeded' }), 10), 0, 'terminal: at once');
});

test('a terminating pod can only be shortened', () => {
  const terminating = { ...pod('a'), metadata: { ...pod('a').metadata, deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 } };
  assert.deepEqual(regracefulDelete(terminating, 30), { action: 'pending' });
  assert.deepEqual(regracefulDelete(terminating, 60), { action: 'pending' });
  assert.deepEqual(regracefulDelete(terminating, undefined), { action: 'pending' });
  assert.deepEqual(regracefulDelete(terminating, 10), { action: 'shorten', gracePeriodSeconds: 10, deletionTimestampMs: Date.parse('2026-01-01T00:00:10Z') });
  assert.deepEqual(regracefulDelete({ ...terminating, metadata: { ...terminating.metadata, deletionGracePeriodSeconds: 0 } }, 10), { action: 'removeNow' });
  assert.deepEqual(regracefulDelete(terminating, 0), { action: 'removeNow' }, 'the kubelet\'s final graceless delete');
});

test('UpdatePodCondition keeps lastTransitionTime unless the status flips, and reports no-ops', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const added = updatePodCondition([], { type: 'Ready', status: 'False', reason: 'ContainersNotReady' }, t0);
  assert.deepEqual(added, [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: '2026-01-01T00:00:00Z' }]);
  assert.equal(updatePodCondition(added, { type: 'Ready', status: 'False', reason: 'ContainersNotReady' }, t0 + 5000), undefined, 'same condition: no write');
  const reworded = updatePodCondition(added, { type: 'Ready', status: 'False', reason: 'Other' }, t0 + 5000);
  assert.equal(reworded?.[0].lastTransitionTime, '2026-01-01T00:00:00Z', 'same status keeps the time');
  const flipped = updatePodCondition(added, { type: 'Ready', status: 'True' }, t0 + 5000);
  assert.equal(flipped?.[0].lastTransitionTime, '2026-01-01T00:00:05Z');
});
