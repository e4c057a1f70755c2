// Label selectors: the structured form (`metav1.LabelSelector`) used by PDBs
// and workloads, and the string form (`app=web,tier in (a,b)`) used by
// `?labelSelector=` and `kubectl drain --pod-selector`.
// Sources: apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector),
// apimachinery/pkg/labels/selector.go (Requirement.Matches, Parse),
// apimachinery/pkg/apis/meta/v1/validation/validation.go (ValidateLabelSelector).

import type { LabelSelector, Labels } from './types';
import { fieldErrors, goQuote, isQualifiedName, isValidLabelValue, validateLabels, type FieldError } from './validation';

export type SelectorOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

/**
 * A compiled selector. `nothing` is what a `null` selector (or one that cannot
 * be converted) becomes; an empty requirement list selects everything.
 */
export type Selector = { kind: 'nothing' } | { kind: 'requirements'; requirements: Requirement[] };

export const nothing: Selector = { kind: 'nothing' };
export const everything: Selector = { kind: 'requirements', requirements: [] };

export type SelectorResult = { ok: true; selector: Selector } | { ok: false; error: string };

/** `labels.NewRequirement`: the checks every requirement passes, whatever its source. */
function newRequirement(key: string, operator: SelectorOperator, values: string[]): Requirement | string {
  for (const msg of isQualifiedName(key)) return `key: Invalid value: ${goQuote(key)}: ${msg}`;
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) return 'values: Invalid value: []: for \'in\', \'notin\' operators, values set can\'t be empty';
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) return 'values: Invalid value: []: exact-match compatibility requires one single value';
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) return 'values: Invalid value: []: values set must be empty for exists and does not exist';
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1 || !/^-?\d+$/.test(values[0])) {
        return `values: Invalid value: [${values.join(' ')}]: for 'Gt', 'Lt' operators, exactly one integer value is required`;
      }
      return { key, operator, values };
  }
  for (const v of values) for (const msg of isValidLabelValue(v)) return `values[0]: Invalid value: ${goQuote(v)}: ${msg}`;
  return { key, operator, values };
}

const expressionOperators: Record<string, SelectorOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * `metav1.LabelSelectorAsSelector`: `null`/absent selects nothing, `{}` (no
 * matchLabels and no matchExpressions) selects everything. An unknown
 * operator or an invalid key or value is an error; callers such as the
 * eviction subresource and the disruption controller then treat the selector
 * as selecting nothing.
 */
export function labelSelectorAsSelector(ps: LabelSelector | null | undefined): SelectorResult {
  if (ps === null || ps === undefined) return { ok: true, selector: nothing };
  const matchLabels = ps.matchLabels ?? {};
  const expressions = ps.matchExpressions ?? [];
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(matchLabels)) {
    const r = newRequirement(key, '=', [String(value)]);
    if (typeof r === 'string') return { ok: false, error: r };
    requirements.push(r);
  }
  for (const expr of expressions) {
    const operator = expressionOperators[expr?.operator];
    if (!operator) return { ok: false, error: `${goQuote(String(expr?.operator))} is not a valid label selector operator` };
    const r = newRequirement(String(expr.key ?? ''), operator, (expr.values ?? []).map(String));
    if (typeof r === 'string') return { ok: false, error: r };
    requirements.push(r);
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ok: true, selector: { kind: 'requirements', requirements } };
}

/** The selector a PDB or the eviction subresource uses: a conversion error selects nothing. */
export function selectorOrNothing(ps: LabelSelector | null | undefined): Selector {
  const r = labelSelectorAsSelector(ps);
  return r.ok ? r.selector : nothing;
}

function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(value as string);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value as string)) return false;
      const actual = BigInt(value as string);
      const bound = BigInt(r.values[0]);
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

export function selectorMatches(selector: Selector, labels: Labels | null | undefined): boolean {
  if (selector.kind === 'nothing') return false;
  const l = labels ?? {};
  return selector.requirements.every((r) => requirementMatches(r, l));
}

/** True for the selector that matches every set of labels (`{}` or the empty string). */
export function selectsEverything(selector: Selector): boolean {
  return selector.kind === 'requirements' && selector.requirements.length === 0;
}

/** `Selector.String()`: the string form, as `?labelSelector=` takes it. */
export function selectorToString(selector: Selector): string {
  if (selector.kind === 'nothing') return '';
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.operator} (${[...r.values].sort().join(',')})`;
        case 'gt':
          return `${r.key}>${r.values[0]}`;
        case 'lt':
          return `${r.key}<${r.values[0]}`;
        default:
          return `${r.key}${r.operator}${r.values[0]}`;
      }
    })
    .join(',');
}

// ---- the string form: labels.Parse ----

type Token =
  | { t: 'id'; v: string; pos: number }
  | { t: 'op'; v: '=' | '==' | '!=' | '!' | '>' | '<' | '(' | ')' | ','; pos: number }
  | { t: 'end'; pos: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const special = '!=<>(),';
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '=' && text[i + 1] === '=') {
      tokens.push({ t: 'op', v: '==', pos: i });
      i += 2;
    } else if (c === '!' && text[i + 1] === '=') {
      tokens.push({ t: 'op', v: '!=', pos: i });
      i += 2;
    } else if (special.includes(c)) {
      tokens.push({ t: 'op', v: c as '=' | '!' | '>' | '<' | '(' | ')' | ',', pos: i });
      i++;
    } else {
      const start = i;
      while (i < text.length && !/\s/.test(text[i]) && !special.includes(text[i])) i++;
      tokens.push({ t: 'id', v: text.slice(start, i), pos: start });
    }
  }
  tokens.push({ t: 'end', pos: text.length });
  return tokens;
}

/**
 * `labels.Parse`: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`,
 * `!a`, `a>1`, `a<1`, comma-separated and ANDed. The empty string selects
 * everything.
 */
/**
 * Go's `%v` of a `*metav1.LabelSelector`, as events quote it: gogo's
 * generated String() (apimachinery/pkg/apis/meta/v1/generated.pb.go), keys
 * sorted, `nil` for none.
 */
export function labelSelectorGoString(ps: LabelSelector | null | undefined): string {
  if (!ps) return 'nil';
  const labels = Object.keys(ps.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${ps.matchLabels![k]},`)
    .join('');
  const requirements = (ps.matchExpressions ?? []).map((r) => `LabelSelectorRequirement{Key:${r.key},Operator:${r.operator},Values:[${(r.values ?? []).join(' ')}],},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${requirements}},}`;
}

export function parseSelector(text: string): SelectorResult {
  const tokens = tokenize(text);
  let p = 0;
  const peek = () => tokens[p];
  const next = () => tokens[p++];
  const fail = (msg: string): SelectorResult => ({ ok: false, error: `unable to parse requirement: ${msg}` });
  const tokenText = (t: Token) => (t.t === 'end' ? '' : t.v);
  // A missing value, as in `app=` or `(a,)`, is the empty string, as in Go.
  const takeValue = () => (peek().t === 'id' ? tokenText(next()) : '');
  const requirements: Requirement[] = [];
  if (peek().t === 'end') return { ok: true, selector: everything };
  for (;;) {
    let tok = next();
    let operator: SelectorOperator | undefined;
    let key: string;
    const values: string[] = [];
    if (tok.t === 'op' && tok.v === '!') {
      tok = next();
      if (tok.t !== 'id') return fail(`found '${tokenText(tok)}', expected: identifier after '!'`);
      key = tok.v;
      operator = '!';
    } else if (tok.t === 'id') {
      key = tok.v;
      const op = peek();
      if (op.t === 'end' || (op.t === 'op' && op.v === ',')) {
        operator = 'exists';
      } else if (op.t === 'id' && (op.v === 'in' || op.v === 'notin')) {
        next();
        operator = op.v;
        const open = next();
        if (!(open.t === 'op' && open.v === '(')) return fail(`found '${tokenText(open)}', expected: '('`);
        for (;;) {
          values.push(takeValue());
          const sep = next();
          if (sep.t === 'op' && sep.v === ')') break;
          if (!(sep.t === 'op' && sep.v === ',')) return fail(`found '${tokenText(sep)}', expected: ',' or ')'`);
        }
      } else if (op.t === 'op' && (op.v === '=' || op.v === '==' || op.v === '!=' || op.v === '>' || op.v === '<')) {
        next();
        operator = op.v === '>' ? 'gt' : op.v === '<' ? 'lt' : op.v;
        values.push(takeValue());
      } else {
        return fail(`found '${tokenText(op)}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    } else {
      return fail(`found '${tokenText(tok)}', expected: !, identifier, or 'end of string'`);
    }
    const r = newRequirement(key, operator, values);
    if (typeof r === 'string') return { ok: false, error: r };
    requirements.push(r);
    const sep = next();
    if (sep.t === 'end') break;
    if (!(sep.t === 'op' && sep.v === ',')) return fail(`found '${tokenText(sep)}', expected: ',' or 'end of string'`);
  }
  requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ok: true, selector: { kind: 'requirements', requirements } };
}

/** `metav1validation.ValidateLabelSelector`, with the server's messages. A `null` selector is valid. */
export function validateLabelSelector(ps: LabelSelector | null | undefined, field: string): FieldError[] {
  if (ps === null || ps === undefined) return [];
  const errs: FieldError[] = validateLabels(ps.matchLabels, `${field}.matchLabels`);
  (ps.matchExpressions ?? []).forEach((expr, i) => {
    const path = `${field}.matchExpressions[${i}]`;
    const values = expr?.values ?? [];
    switch (expr?.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(fieldErrors.required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(fieldErrors.forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(fieldErrors.invalid(`${path}.operator`, goQuote(String(expr?.operator ?? '')), 'not a valid selector operator'));
    }
    const key = String(expr?.key ?? '');
    for (const msg of isQualifiedName(key)) errs.push(fieldErrors.invalid(`${path}.key`, goQuote(key), msg));
    values.forEach((v, j) => {
      for (const msg of isValidLabelValue(String(v))) errs.push(fieldErrors.invalid(`${path}.values[${j}]`, goQuote(String(v)), msg));
    });
  });
  return errs;
}
