// Resolution of plain scalars by the YAML 1.2 core schema, as the `yaml`
// package resolves them by default, so both readers give the same values.

const nullPattern = /^(?:~|[Nn]ull|NULL)?$/;
const boolPattern = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const intPattern = /^[-+]?[0-9]+$/;
const octPattern = /^0o[0-7]+$/;
const hexPattern = /^0x[0-9a-fA-F]+$/;
const floatPattern = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const infPattern = /^[-+]?\.(?:inf|Inf|INF)$/;
const nanPattern = /^\.(?:nan|NaN|NAN)$/;

export function resolvePlain(source: string): string | number | boolean | null {
  const first = source.charCodeAt(0);
  // Most plain scalars in manifests are names: skip the patterns for them.
  if (source.length > 0 && !(first <= 0x39 || first === 0x7e || first === 0x4e || first === 0x6e || first === 0x54 || first === 0x74 || first === 0x46 || first === 0x66)) {
    return source;
  }
  if (nullPattern.test(source)) return null;
  if (boolPattern.test(source)) return source[0] === 't' || source[0] === 'T';
  if (intPattern.test(source)) return Number(source);
  if (octPattern.test(source)) return parseInt(source.slice(2), 8);
  if (hexPattern.test(source)) return parseInt(source.slice(2), 16);
  if (floatPattern.test(source)) return Number(source);
  if (infPattern.test(source)) return source[0] === '-' ? -Infinity : Infinity;
  if (nanPattern.test(source)) return NaN;
  return source;
}
