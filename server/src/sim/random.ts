// Names and identifiers the way the API server and controllers make them,
// from a seeded generator so that a scenario plays out the same every run.
// Sources: apimachinery/pkg/util/rand/rand.go (String, SafeEncodeString),
// apiserver/pkg/storage/names/generate.go (SimpleNameGenerator),
// pkg/controller/controller_utils.go (ComputeHash).

// utilrand's alphabet: no vowels (no accidental words) and no 0, 1, 3 (no confusion with o, l, e).
const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** mulberry32: small, fast and good enough for names; deterministic for a seed. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `utilrand.String(n)`. */
  string(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphanums[Math.floor(this.next() * alphanums.length)];
    return s;
  }

  /** An RFC 4122 version 4 UUID, as the API server gives every object. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** Lower-case hex, for container IDs and image digests. */
  hex(n: number): string {
    return Array.from({ length: n }, () => Math.floor(this.next() * 16).toString(16)).join('');
  }
}

/** `names.SimpleNameGenerator`: generateName plus five random characters, the base cut to fit 63. */
export function generateName(random: SeededRandom, base: string): string {
  const maxGeneratedNameLength = 63 - 5;
  return `${base.length > maxGeneratedNameLength ? base.slice(0, maxGeneratedNameLength) : base}${random.string(5)}`;
}

/** `rand.SafeEncodeString`: each character mapped into the alphabet, so a hash never spells a word. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += alphanums[s.charCodeAt(i) % alphanums.length];
  return out;
}

/** FNV-1a, 32 bits. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(text, 'utf8');
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * `controller.ComputeHash`: the pod-template-hash of a Deployment's
 * ReplicaSets (and the revision hash of StatefulSets and DaemonSets).
 * Upstream hashes the Go dump of the template; this hashes its canonical
 * JSON, so the values differ from a real cluster's but keep their shape
 * (`7d9c6b5f4`) and their stability.
 */
export function computeHash(template: unknown, collisionCount = 0): string {
  let h = fnv32a(canonicalJson(template));
  if (collisionCount) h = fnv32a(`${h}:${collisionCount}`);
  return safeEncodeString(String(h));
}

/** JSON with object keys sorted, so equal objects hash equally. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
