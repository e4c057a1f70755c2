// The virtual clock and the driver that runs it against wall time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../../server/src/sim/clock';
import { RealTimeDriver } from '../../../server/src/sim/realTimeDriver';

test('timers run in order of due time, then of scheduling, with now at their due time', () => {
  const clock = new VirtualClock(0);
  const ran: string[] = [];
  clock.schedule(300, () => ran.push(`c@${clock.now()}`));
  clock.schedule(100, () => ran.push(`a@${clock.now()}`));
  clock.schedule(100, () => ran.push(`b@${clock.now()}`));
  const cancelled = clock.schedule(200, () => ran.push('never'));
  clock.cancel(cancelled);
  clock.advance(250);
  assert.deepEqual(ran, ['a@100', 'b@100']);
  assert.equal(clock.now(), 250);
  assert.equal(clock.nextDueAt(), 300);
  clock.advance(1000);
  assert.deepEqual(ran, ['a@100', 'b@100', 'c@300']);
  assert.equal(clock.nextDueAt(), undefined);
});

test('a timer scheduled by a timer within the same advance runs in it; one in the past runs at once on the next advance', () => {
  const clock = new VirtualClock(0);
  const ran: number[] = [];
  clock.schedule(10, () => clock.schedule(20, () => ran.push(clock.now())));
  clock.advance(30);
  assert.deepEqual(ran, [20]);
  clock.schedule(5, () => ran.push(clock.now()));
  clock.advance(0);
  assert.deepEqual(ran, [20, 30]);
});

test('a thousand timers at no wall-clock cost', () => {
  const clock = new VirtualClock(0);
  let count = 0;
  for (let i = 0; i < 1000; i++) clock.schedule(i * 30_000, () => count++);
  clock.advance(1000 * 30_000);
  assert.equal(count, 1000);
});

test('the real-time driver moves the virtual clock by wall time times the speed', () => {
  let wall = 1_000_000;
  const clock = new VirtualClock(0);
  const fired: number[] = [];
  clock.schedule(5000, () => fired.push(clock.now()));
  const driver = new RealTimeDriver(clock, (ms) => clock.advanceTo(ms), { speed: 10, wallNow: () => wall, maxSleepMs: 60_000 });
  driver.start();
  try {
    wall += 400;
    driver.catchUp();
    assert.equal(clock.now(), 4000);
    assert.deepEqual(fired, []);
    wall += 100;
    driver.catchUp();
    assert.equal(clock.now(), 5000);
    assert.deepEqual(fired, [5000]);
  } finally {
    driver.stop();
  }
  wall += 1000;
  driver.catchUp();
  assert.equal(clock.now(), 5000, 'stopped');
});
