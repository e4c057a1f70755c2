import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getScaledValueFromIntOrPercent } from '../../../server/src/k8s/intstr';

const cases: [number | string, number, boolean, number | string][] = [
  [2, 3, true, 2],
  ['50%', 3, true, 2],
  ['50%', 3, false, 1],
  ['67%', 3, true, 3],
  ['66%', 3, true, 2],
  ['0%', 5, true, 0],
  ['100%', 7, true, 7],
  ['33%', 10, true, 4],
  ['5', 3, true, 'invalid value for IntOrString: invalid type: string is not a percentage'],
  ['x%', 3, true, 'invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax'],
];
for (const [v, total, roundUp, want] of cases) {
  test(`${JSON.stringify(v)} of ${total} (roundUp ${roundUp})`, () => {
    const r = getScaledValueFromIntOrPercent(v, total, roundUp);
    if (typeof want === 'number') assert.deepEqual(r, { ok: true, value: want });
    else assert.deepEqual(r, { ok: false, error: want });
  });
}
