// resource.Quantity parsing, for the scheduler's fit check.
// Source: apimachinery/pkg/api/resource/quantity.go (suffixes, MilliValue/Value round up).

const binary: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimal: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value of a quantity such as `250m`, `1.5`, `128Mi`, `1e3`; `undefined` when it does not parse. */
export function parseQuantity(q: string | number | null | undefined): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  const suffix = m[3] ?? '';
  return n * (binary[suffix] ?? decimal[suffix]);
}

/** `Quantity.MilliValue()`: thousandths, rounded up (cpu is compared in millicores). */
export function milliValue(q: string | number | null | undefined): number | undefined {
  const v = parseQuantity(q);
  return v === undefined ? undefined : Math.ceil(Math.round(v * 1e9) / 1e6);
}

/** `Quantity.Value()`: rounded up to a whole unit (memory is compared in bytes). */
export function wholeValue(q: string | number | null | undefined): number | undefined {
  const v = parseQuantity(q);
  return v === undefined ? undefined : Math.ceil(Math.round(v * 1e6) / 1e6);
}
