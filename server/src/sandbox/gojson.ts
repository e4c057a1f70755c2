// JSON syntax errors worded as Go's encoding/json scanner words them
// (encoding/json/scanner.go), because the API server passes them through to
// clients inside its 400 messages. JSON.parse's own messages differ.

type Context = 'value' | 'objectKey' | 'afterKey' | 'afterValueInObject' | 'afterValueInArray';

/** `quoteChar` in scanner.go. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

class SyntaxError {
  constructor(readonly message: string) {}
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/**
 * The error `json.Unmarshal` gives for malformed input, or undefined when the
 * text is well-formed JSON. Like Go's `checkValid`, it scans the whole input.
 */
export function goJsonSyntaxError(text: string): string | undefined {
  let i = 0;
  const eof = () => new SyntaxError('unexpected end of JSON input');
  const invalid = (c: string, context: string) => new SyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  const skip = () => {
    while (i < text.length && isSpace(text[i])) i++;
  };
  const peek = () => text[i];

  const context: Record<Context, string> = {
    value: 'looking for beginning of value',
    objectKey: 'looking for beginning of object key string',
    afterKey: 'after object key',
    afterValueInObject: 'after object key:value pair',
    afterValueInArray: 'after array element',
  };

  function literal(word: string): void {
    for (let k = 1; k < word.length; k++) {
      const c = text[i + k];
      if (c === undefined) throw eof();
      if (c !== word[k]) {
        i += k;
        throw invalid(c, `in literal ${word} (expecting ${quoteChar(word[k])})`);
      }
    }
    i += word.length;
  }

  function string(): void {
    i++; // opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined) throw eof();
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === undefined) throw eof();
        if (e === 'u') {
          for (let k = 2; k < 6; k++) {
            const h = text[i + k];
            if (h === undefined) throw eof();
            if (!isHex(h)) throw invalid(h, 'in \\u hexadecimal character escape');
          }
          i += 6;
        } else if ('"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          throw invalid(e, 'in string escape code');
        }
      } else if (c < ' ') {
        throw invalid(c, 'in string literal');
      } else {
        i++;
      }
    }
  }

  function number(): void {
    if (peek() === '-') {
      i++;
      if (i >= text.length) throw eof();
      if (!isDigit(peek())) throw invalid(peek(), 'in numeric literal');
    }
    if (peek() === '0') i++;
    else while (isDigit(peek())) i++;
    if (peek() === '.') {
      i++;
      if (i >= text.length) throw eof();
      if (!isDigit(peek())) throw invalid(peek(), 'after decimal point in numeric literal');
      while (isDigit(peek())) i++;
    }
    if (peek() === 'e' || peek() === 'E') {
      i++;
      if (peek() === '+' || peek() === '-') i++;
      if (i >= text.length) throw eof();
      if (!isDigit(peek())) throw invalid(peek(), 'in exponent of numeric literal');
      while (isDigit(peek())) i++;
    }
  }

  // Iterative, with Go's depth limit, so that deeply nested input cannot overflow the stack.
  const maxDepth = 10000;
  function value(): void {
    const stack: ('{' | '[')[] = [];
    for (;;) {
      // A value starts here.
      skip();
      const c = peek();
      if (c === undefined) throw eof();
      if (c === '{' || c === '[') {
        i++;
        if (stack.push(c) > maxDepth) throw invalid(c, 'exceeded max depth');
        skip();
        const close = c === '{' ? '}' : ']';
        if (peek() === close) {
          i++;
          stack.pop();
        } else if (c === '{') {
          objectKey();
          continue;
        } else {
          continue;
        }
      } else if (c === '"') string();
      else if (c === '-' || isDigit(c)) number();
      else if (c === 't') literal('true');
      else if (c === 'f') literal('false');
      else if (c === 'n') literal('null');
      else throw invalid(c, context.value);
      // A value ended: close containers until one continues with a comma.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return;
        skip();
        const sep = peek();
        if (sep === undefined) throw eof();
        i++;
        if (sep === ',') {
          if (top === '{') objectKey();
          break;
        }
        if (sep === (top === '{' ? '}' : ']')) {
          stack.pop();
          continue;
        }
        throw invalid(sep, top === '{' ? context.afterValueInObject : context.afterValueInArray);
      }
    }
  }

  /** A key and its colon; the value follows. */
  function objectKey(): void {
    skip();
    const c = peek();
    if (c === undefined) throw eof();
    if (c !== '"') throw invalid(c, context.objectKey);
    string();
    skip();
    const colon = peek();
    if (colon === undefined) throw eof();
    if (colon !== ':') throw invalid(colon, context.afterKey);
    i++;
  }

  try {
    value();
    skip();
    if (i < text.length) throw invalid(text[i], 'after top-level value');
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxError) return e.message;
    throw e;
  }
}

/** How Go names a JSON value's type in `json: cannot unmarshal X into …`. */
export function goJsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // object, string, number
}

/**
 * `strconv.FormatFloat(f, 'g', -1, 64)`, how `%v` prints a float64: the
 * shortest digits, in exponent form (two exponent digits at least) when the
 * exponent is below -4 or at least 6 (`1e+06`).
 */
function goFloat(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa, exponent] = f.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(f);
}

/**
 * `fmt.Sprintf("%+v", m)` of JSON decoded into `map[string]interface{}`
 * (integers kept as int64): `map[spec:map[replicas:3 x:[a b]]]`, keys sorted.
 */
export function goMapString(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(goMapString).join(' ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${entries.map(([k, v]) => `${k}:${goMapString(v)}`).join(' ')}]`;
}

/** `json.Marshal` of decoded JSON: object keys sorted, compact, `<`, `>` and `&` escaped as Go escapes them. */
export function goJsonMarshal(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  };
  return JSON.stringify(sorted(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
