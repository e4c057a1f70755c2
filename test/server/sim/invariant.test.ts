// A long, seeded run of evictions against a budget: whatever the timing,
// evictions alone never take a workload below its budget's desiredHealthy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knobs } from '../../../server/src/sim/knobs';
import { SeededRandom } from '../../../server/src/sim/random';
import { apply, cluster, deployment, evict, pdb, pdbStatus, pods } from './helpers';
import { watchHealthy } from './invariant';

test('ten minutes of random evictions never breach maxUnavailable 1 over five replicas', () => {
  const c = cluster();
  apply(c, deployment('web', 5, { startupSeconds: 7, annotations: { [knobs.shutdownSeconds]: '4' } }), pdb('web-pdb', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }));
  c.advance(30_000);
  assert.equal(pdbStatus(c).desiredHealthy, 4);
  const healthy = watchHealthy(c, 'web');
  const random = new SeededRandom(42);
  const codes: Record<number, number> = {};
  for (let second = 0; second < 600; second++) {
    // Two clients at the same instant, as kubectl drain does.
    for (let k = 0; k < 2; k++) {
      const candidates = pods(c, 'web');
      const victim = candidates[Math.floor(random.next() * candidates.length)];
      const code = evict(c, victim.metadata!.name!).status.code;
      codes[code] = (codes[code] ?? 0) + 1;
    }
    c.advance(1000);
  }
  assert.ok((codes[201] ?? 0) > 50 && (codes[429] ?? 0) > 50, JSON.stringify(codes));
  assert.ok(healthy.min() >= 4, `healthy fell to ${healthy.min()}`);
  assert.deepEqual(c.diagnostics, []);
});
