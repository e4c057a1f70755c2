import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gracePeriodForDelete, regracefulDelete } from '../../../server/src/k8s/pods';
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
});
