// When refused evictions are retried, on a virtual clock.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { EvictionRetries, type RetryPrediction } from '../../../client/src/cluster/evictionRetry';
import { realTimers } from '../../../client/src/cluster/timers';

const timing = { floorMs: 1000, blindRetryMs: 5000, watchedRetryMs: 30_000 };
const pod = (name: string) => ({ namespace: 'default', name });

interface World {
  predictions: Map<string, RetryPrediction>;
  watching: boolean;
}

function setup(world: World) {
  return new EvictionRetries({ predict: (p) => world.predictions.get(p.name) ?? { go: false }, watching: () => world.watching, timers: realTimers }, timing);
}

/** Start a wait and record when (virtual ms) it resolved and with what. */
function track(retries: EvictionRetries, name: string, lastAttemptAt: number, retryAfter?: number, signal = new AbortController().signal) {
  const result: { at?: number; go?: boolean } = {};
  void retries.wait(pod(name), lastAttemptAt, retryAfter, signal).then((go) => {
    result.at = Date.now();
    result.go = go;
  });
  return result;
}

/** Let the promise callbacks run after timers fired. */
const settle = () => new Promise((r) => setImmediate(r));

describe('EvictionRetries', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 }));
  afterEach(() => mock.timers.reset());

  async function advance(ms: number) {
    mock.timers.tick(ms);
    await settle();
  }

  it('without watches, retries blindly after kubectl\'s 5 s', async () => {
    const world: World = { predictions: new Map([['a', { go: 'unknown' }]]), watching: false };
    const r = track(setup(world), 'a', 0);
    await advance(4999);
    assert.equal(r.at, undefined);
    await advance(1);
    assert.deepEqual(r, { at: 5000, go: true });
  });

  it('while watched, retries as soon as the budget allows, but never before the floor', async () => {
    const world: World = { predictions: new Map([['a', { go: true, budget: 'default/web-pdb' }]]), watching: true };
    const retries = setup(world);
    retries.budgetChanged('default/web-pdb', 0, 'default');
    const r = track(retries, 'a', 0);
    await advance(1000);
    assert.equal(r.at, undefined, 'allowance 0: keep waiting');
    await advance(1500);
    retries.budgetChanged('default/web-pdb', 1, 'default');
    await settle();
    assert.deepEqual(r, { at: 2500, go: true });
  });

  it('a budget change before the floor is acted on at the floor', async () => {
    const world: World = { predictions: new Map([['a', { go: true, budget: 'default/web-pdb' }]]), watching: true };
    const retries = setup(world);
    const r = track(retries, 'a', 0);
    await advance(200);
    retries.budgetChanged('default/web-pdb', 1, 'default');
    await advance(799);
    assert.equal(r.at, undefined);
    await advance(1);
    assert.deepEqual(r, { at: 1000, go: true });
  });

  it('hands a budget\'s allowance to that many waiters, oldest first', async () => {
    const names = ['a', 'b', 'c', 'd'];
    const world: World = { predictions: new Map(names.map((n) => [n, { go: true, budget: 'default/web-pdb' }])), watching: true };
    const retries = setup(world);
    retries.budgetChanged('default/web-pdb', 0, 'default');
    const results = names.map((n) => track(retries, n, 0));
    await advance(2000);
    retries.budgetChanged('default/web-pdb', 2, 'default');
    await settle();
    assert.deepEqual(results.map((r) => r.go), [true, true, undefined, undefined]);
    retries.budgetChanged('default/web-pdb', 1, 'default');
    await settle();
    assert.deepEqual(results.map((r) => r.go), [true, true, true, undefined]);
  });

  it('a prediction that spends no budget (no budget, unhealthy pod allowed, pod gone) goes at once', async () => {
    const world: World = { predictions: new Map([['a', { go: false }]]), watching: true };
    const retries = setup(world);
    const r = track(retries, 'a', 0);
    await advance(3000);
    assert.equal(r.at, undefined);
    world.predictions.set('a', { go: true });
    retries.podChanged(pod('a'));
    await settle();
    assert.deepEqual(r, { at: 3000, go: true });
  });

  it('honours Retry-After over the floor and over a budget that allows', async () => {
    const world: World = { predictions: new Map([['a', { go: true }]]), watching: true };
    const r = track(setup(world), 'a', 0, 10);
    await advance(9999);
    assert.equal(r.at, undefined);
    await advance(1);
    assert.deepEqual(r, { at: 10_000, go: true });
  });

  it('while watched and refused, still retries after the watched fallback', async () => {
    const world: World = { predictions: new Map([['a', { go: false }]]), watching: true };
    const r = track(setup(world), 'a', 0);
    await advance(29_999);
    assert.equal(r.at, undefined);
    await advance(1);
    assert.deepEqual(r, { at: 30_000, go: true });
  });

  it('falls back to the blind delay when the watch is lost', async () => {
    const world: World = { predictions: new Map([['a', { go: false }]]), watching: true };
    const retries = setup(world);
    const r = track(retries, 'a', 0);
    await advance(6000);
    assert.equal(r.at, undefined);
    world.watching = false;
    retries.watchingChanged();
    await settle();
    assert.deepEqual(r, { at: 6000, go: true });
  });

  it('an abort ends the wait with false', async () => {
    const world: World = { predictions: new Map(), watching: true };
    const controller = new AbortController();
    const r = track(setup(world), 'a', 0, undefined, controller.signal);
    await advance(1500);
    controller.abort();
    await settle();
    assert.deepEqual(r, { at: 1500, go: false });
  });
});
