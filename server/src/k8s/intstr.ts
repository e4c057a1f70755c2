// intstr.IntOrString scaling, as the disruption controller uses it.
// Source: apimachinery/pkg/util/intstr/intstr.go (GetScaledValueFromIntOrPercent).

import type { IntOrString } from './types';

export type Scaled = { ok: true; value: number } | { ok: false; error: string };

/**
 * `GetScaledValueFromIntOrPercent`: an int is used as is; `"N%"` becomes
 * N% of `total`, rounded up when `roundUp` (the disruption controller always
 * rounds up: minAvailable "67%" of 3 is 3, "66%" of 3 is 2). The float
 * arithmetic matches Go's `math.Ceil(float64(v) * float64(total) / 100)`.
 */
export function getScaledValueFromIntOrPercent(v: IntOrString | null | undefined, total: number, roundUp: boolean): Scaled {
  if (v === null || v === undefined) return { ok: false, error: 'nil value for IntOrString' };
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return { ok: false, error: 'invalid value for IntOrString: invalid type: neither int nor percentage' };
    return { ok: true, value: v };
  }
  if (typeof v !== 'string') return { ok: false, error: 'invalid value for IntOrString: invalid type: neither int nor percentage' };
  if (!v.endsWith('%')) return { ok: false, error: 'invalid value for IntOrString: invalid type: string is not a percentage' };
  const digits = v.slice(0, -1);
  // strconv.Atoi accepts an optional sign and decimal digits only.
  if (!/^[+-]?\d+$/.test(digits)) return { ok: false, error: `invalid value for IntOrString: invalid value "${v}": strconv.Atoi: parsing "${digits}": invalid syntax` };
  const percent = Number.parseInt(digits, 10);
  const scaled = (percent * total) / 100;
  return { ok: true, value: roundUp ? Math.ceil(scaled) : Math.floor(scaled) };
}

/** True for a string of the form the API accepts as a percentage (`^[0-9]+%$`). */
export function isValidPercent(v: string): boolean {
  return /^[0-9]+%$/.test(v);
}
