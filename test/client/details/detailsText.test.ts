// The details document of a pod, a node and a budget: what matters for an
// eviction first (the pod's budget and what an eviction would answer now, the
// budget's pods and their readiness, the node's pods), the recent events,
// then the object as kubectl shows it, its managedFields marked for folding.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { detailsDocument, maxEvents, type DetailsInput, type ObjectEvent } from '../../../client/src/details/detailsText';
import { pdb, pod, walkthrough } from '../explorer/fixtures';

const now = Date.parse('2026-01-01T00:10:00Z');
const event = (reason: string, at: string, message: string, count = 1): ObjectEvent => ({ metadata: { name: `e-${reason}` }, type: 'Normal', reason, message, count, lastTimestamp: at, source: { component: 'kubelet' } });

function input(objects: ReturnType<typeof walkthrough>, over: Partial<DetailsInput> & Pick<DetailsInput, 'kind' | 'name' | 'namespace'>): DetailsInput {
  const object = over.kind === 'pod' ? objects.pod(over.namespace, over.name) : over.kind === 'node' ? objects.node(over.name) : objects.budget(over.namespace, over.name);
  return { context: 'prod-eu', object, view: objects, events: [], nowMs: now, ...over };
}

const comments = (text: string) => text.split('\n').filter((l) => l.startsWith('#'));

describe('detailsDocument', () => {
  it('a pod: its state, its budget and the answer an eviction would get now; its events oldest first; its YAML with its type', () => {
    const objects = walkthrough();
    const managed = { ...objects.pod('default', 'web-a')!, metadata: { ...objects.pod('default', 'web-a')!.metadata, managedFields: [{ manager: 'kube-controller-manager', operation: 'Update' }] } };
    objects.apply({ resource: 'pod', type: 'modified', object: managed, previous: objects.pod('default', 'web-a')! });
    const events = [event('Started', '2026-01-01T00:00:02Z', 'Started container c'), event('Scheduled', '2026-01-01T00:00:00.000Z', 'Successfully assigned default/web-a to node-1')];
    const { text, foldLines } = detailsDocument(input(objects, { kind: 'pod', namespace: 'default', name: 'web-a', events }));
    assert.deepEqual(comments(text).slice(0, 8), [
      '# Pod default/web-a on context prod-eu: read-only, kept current while open.',
      '# Running, Ready, on node node-1; controlled by ReplicaSet web-rs.',
      '# PodDisruptionBudget: web-pdb (minAvailable 2; 3 healthy, 2 desired).',
      '# An eviction now: web-pdb (minAvailable 2; 3 healthy, 2 desired) allows 1 disruption now: the API server should accept (201), leaving 0 until a replacement is Ready.',
      '#',
      '# Events (watched while this document is open; the latest 2 events, oldest first):',
      '#   2026-01-01T00:00:00Z  Normal  Scheduled  kubelet: Successfully assigned default/web-a to node-1',
      '#   2026-01-01T00:00:02Z  Normal  Started  kubelet: Started container c',
    ]);
    const yaml = parse(text);
    assert.deepEqual([yaml.apiVersion, yaml.kind, yaml.metadata.name, yaml.spec.nodeName], ['v1', 'Pod', 'web-a', 'node-1']);
    assert.deepEqual(foldLines.map((l) => text.split('\n')[l]), ['  managedFields:']);
  });

  it('a budget: its numbers, the pods it selects with their readiness and nodes', () => {
    const objects = walkthrough();
    objects.apply({ resource: 'pod', type: 'modified', object: pod('web-b', 'node-2', { app: 'web' }, { ready: false }), previous: objects.pod('default', 'web-b')! });
    const lines = comments(detailsDocument(input(objects, { kind: 'pdb', namespace: 'default', name: 'web-pdb' })).text);
    assert.deepEqual(lines.slice(1, 6), [
      '# minAvailable 2; expectedPods 3, desiredHealthy 2, currentHealthy 3, disruptionsAllowed 1.',
      '# Selects 3 pods, 2 Ready:',
      '#   default/web-a: Running, Ready, on node-1; web-pdb allows 1',
      '#   default/web-b: Running, not Ready (0/1 containers), on node-2; web-pdb allows 1',
      '#   default/web-c: Running, Ready, on node-3; web-pdb allows 1',
    ]);
  });

  it('a node: cordon, readiness, taints, and each of its pods with its budget', () => {
    const objects = walkthrough();
    const lines = comments(detailsDocument(input(objects, { kind: 'node', namespace: '', name: 'node-1' })).text);
    assert.deepEqual(lines.slice(1, 5), [
      '# Schedulable; Ready: True; no taints.',
      '# 2 pods (a drain evicts each as its budget allows):',
      '#   default/batch-worker-x: Running, Ready; no PDB',
      '#   default/web-a: Running, Ready; web-pdb allows 1',
    ]);
  });

  it('events: listed at most the latest, being listed, or why not; a pod that is gone is shown as last seen', () => {
    const objects = walkthrough();
    const many = Array.from({ length: maxEvents + 5 }, (_, i) => event(`R${i}`, `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`, `m${i}`));
    const shown = comments(detailsDocument(input(objects, { kind: 'pod', namespace: 'default', name: 'web-a', events: many })).text).filter((l) => /^#   2026/.test(l));
    assert.equal(shown.length, maxEvents);
    assert.match(shown[0]!, /R5 /);
    assert.ok(comments(detailsDocument(input(objects, { kind: 'pod', namespace: 'default', name: 'web-a', events: undefined })).text).includes('# Events: being listed…'));
    assert.ok(comments(detailsDocument(input(objects, { kind: 'pod', namespace: 'default', name: 'web-a', eventsProblem: 'events is forbidden' })).text).includes('# Events: not shown (events is forbidden).'));
    const lastSeen = objects.pod('default', 'web-a')!;
    const gone = detailsDocument({ ...input(objects, { kind: 'pod', namespace: 'default', name: 'web-a' }), object: undefined, lastSeen });
    assert.equal(comments(gone.text)[1], '# It is gone from the cluster (deleted or evicted); below is what was last seen.');
    assert.equal(parse(gone.text).metadata.name, 'web-a');
  });

  it('a budget not processed yet says so, and selecting nothing says so', () => {
    const objects = walkthrough();
    objects.apply({ resource: 'pdb', type: 'added', object: { ...pdb('none-pdb', 'nothing', {}), status: undefined } });
    const lines = comments(detailsDocument(input(objects, { kind: 'pdb', namespace: 'default', name: 'none-pdb' })).text);
    assert.deepEqual(lines.slice(1, 3), ['# minAvailable 2; not processed by the disruption controller yet.', '# Selects no pod.']);
  });
});
