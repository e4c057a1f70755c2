// Field validation errors as the API server formats them, and the name and
// label checks that many validations share.
// Sources: apimachinery/pkg/util/validation/field/errors.go,
// apimachinery/pkg/util/validation/validation.go (v1.32 wording),
// apimachinery/pkg/api/errors/errors.go (NewInvalid).

import type { IntOrString, Status, StatusCause } from './types';

export type FieldErrorType = 'Required' | 'Invalid' | 'Forbidden' | 'NotSupported' | 'Duplicate' | 'TooLong';

/** `field.Error`. `value` is the bad value already rendered the way Go prints it. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  value?: string;
  detail: string;
}

const typeText: Record<FieldErrorType, string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  Forbidden: 'Forbidden',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  TooLong: 'Too long',
};

/** The `metav1.CauseType` each field error type maps to. */
const causeReason: Record<FieldErrorType, string> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  Forbidden: 'FieldValueForbidden',
  NotSupported: 'FieldValueNotSupported',
  Duplicate: 'FieldValueDuplicate',
  TooLong: 'FieldValueTooLong',
};

/** Go's `%q` of a string (strconv.Quote), close enough for manifest text. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** How `field.Invalid` prints an `intstr.IntOrString` bad value (`%#v`). */
export function intOrStringRepr(v: IntOrString): string {
  return typeof v === 'number'
    ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`
    : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
}

/** Renders a plain bad value: strings quoted, numbers and booleans bare. */
export function valueRepr(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  return String(v);
}

/** `field.Error.ErrorBody()`: the text without the field path. */
export function fieldErrorBody(e: FieldError): string {
  let s = typeText[e.type];
  if (e.type !== 'Required' && e.type !== 'Forbidden' && e.type !== 'TooLong' && e.value !== undefined) {
    s += `: ${e.value}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** `field.Error.Error()`. */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

export const fieldErrors = {
  required: (field: string, detail = ''): FieldError => ({ type: 'Required', field, detail }),
  invalid: (field: string, value: string, detail: string): FieldError => ({ type: 'Invalid', field, value, detail }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'Forbidden', field, detail }),
  notSupported: (field: string, value: string, supported: readonly string[]): FieldError => ({
    type: 'NotSupported',
    field,
    value,
    detail: supported.length ? `supported values: ${supported.map(goQuote).join(', ')}` : '',
  }),
  duplicate: (field: string, value: string): FieldError => ({ type: 'Duplicate', field, value, detail: '' }),
};

/**
 * `errors.NewInvalid`: the 422 Status for a rejected object, e.g.
 * `PodDisruptionBudget.policy "web" is invalid: spec: Invalid value: …`.
 * `qualifiedKind` is `Kind.group` (just `Kind` for the core group).
 */
export function invalidStatus(kind: string, group: string, name: string, errors: FieldError[]): Status {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const messages = [...new Set(errors.map(formatFieldError))];
  const aggregate = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  const causes: StatusCause[] = errors.map((e) => ({ reason: causeReason[e.type], message: fieldErrorBody(e), field: e.field }));
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${qualifiedKind} ${goQuote(name)} is invalid: ${aggregate}`,
    reason: 'Invalid',
    details: { name, group, kind, causes },
    code: 422,
  };
}

// validation.RegexError: the examples are joined with "',  or '" (two spaces), as upstream.
export function regexError(msg: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${format}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${format}')`;
}

const maxLenError = (n: number) => `must be no more than ${n} characters`;

const nameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const nameRegexp = new RegExp(`^${nameFmt}$`);
const nameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainRegexp = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const labelValueRegexp = new RegExp(`^(${nameFmt})?$`);
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

const dns1123LabelRegexp = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123LabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

/** `validation.IsDNS1123Label`: namespace names. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRegexp.test(value)) errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'));
  return errs;
}

/** `validation.IsDNS1123Subdomain`: object names of most kinds, and label-key prefixes. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRegexp.test(value)) errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com'));
  return errs;
}

/** `validation.IsQualifiedName` (label keys, taint and toleration keys), v1.32 wording. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      `a qualified name ${regexError(nameErrMsg, nameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!nameRegexp.test(name)) errs.push(`name part ${regexError(nameErrMsg, nameFmt, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** `validation.IsValidLabelValue`. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!labelValueRegexp.test(value)) errs.push(regexError(labelValueErrMsg, `(${nameFmt})?`, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** `metav1validation.ValidateLabels`: every key a qualified name, every value a label value. */
export function validateLabels(labels: Record<string, unknown> | null | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(key)) errs.push(fieldErrors.invalid(field, goQuote(key), msg));
    const text = typeof value === 'string' ? value : String(value);
    for (const msg of isValidLabelValue(text)) errs.push(fieldErrors.invalid(field, goQuote(text), msg));
  }
  return errs;
}
