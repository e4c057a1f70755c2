// The session's history of actions: newest first, a running drain's steps
// and holds, a finished action kept with what opens its explanation, and
// the oldest finished entries dropped past the bound (never a running one).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionHistory, type HistoryEntry } from '../../client/src/history';

describe('ActionHistory', () => {
  it('a drain: started, held with its cause and remedies, released, finished with its explanation; each change told once', () => {
    const told: (number | undefined)[] = [];
    const history = new ActionHistory((entry) => told.push(entry?.id));
    const drain = history.start('prod', 'Drain of node node-2', 'starting');
    const held = { summary: 'web-pdb allows no disruption until 1 more pod is Ready', details: '…', remedies: [{ title: 'Uncordon node-1', command: 'kubeEviction.uncordonNode', argument: { kind: 'node', name: 'node-1' } }] };
    history.update(drain, '1 of 2 pods gone', held);
    history.update(drain, '1 of 2 pods gone', { ...held, remedies: [...held.remedies] });
    assert.deepEqual(drain.held, held);
    history.update(drain, '2 of 2 pods gone', undefined);
    assert.equal(drain.held, undefined, 'released');
    let opened = 0;
    history.finish(drain, 'info', 'node/node-2 drained', () => opened++);
    history.update(drain, 'late progress', held);
    assert.deepEqual([drain.severity, drain.summary, drain.held], ['info', 'node/node-2 drained', undefined], 'a finished action no longer moves');
    drain.open?.();
    assert.equal(opened, 1);
    assert.deepEqual(told, [undefined, drain.id, drain.id, undefined], 'finished: the whole history, whose count of running actions changed');
  });

  it('newest first; past the bound the oldest finished entries go, a running one stays', () => {
    const history = new ActionHistory(undefined, 3);
    const running = history.start('prod', 'Drain of node node-1', 'starting');
    const done: HistoryEntry[] = [1, 2, 3].map((i) => history.record('prod', `Eviction of pod default/web-${i}`, 'info', '201 Created: evicted'));
    assert.deepEqual(history.entries().map((e) => e.title), ['Eviction of pod default/web-3', 'Eviction of pod default/web-2', 'Drain of node node-1']);
    assert.equal(history.entry(done[0]!.id), undefined);
    assert.equal(history.entry(running.id), running);
  });
});
