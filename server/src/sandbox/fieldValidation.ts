// Unknown fields, as the API server's decoder treats them: dropped from what
// is stored, and under the `fieldValidation` query parameter either ignored
// (Ignore), reported as warnings (Warn, the server's default) or refused
// (Strict, what kubectl create, apply, replace and edit send). The fields
// known for each kind are the API's own (knownFields.ts). The sandbox does no
// server-side field management, so `metadata.managedFields` is not kept.
// Sources: apiserver/pkg/endpoints/handlers/{create,update,patch,rest}.go
// (fieldValidation, transformDecodeError, addStrictDecodingWarnings),
// sigs.k8s.io/json (UnmarshalStrict: `unknown field "spec.foo"`),
// apimachinery/pkg/runtime/error.go (NewStrictDecodingError),
// apimachinery/pkg/apis/meta/v1/validation (ValidateFieldValidation),
// apiserver/pkg/endpoints/filters/warning.go and apimachinery/pkg/util/net/http.go
// (the Warning headers, deduplicated and truncated).

import { goQuote } from '../k8s/validation';
import { knownTypes } from './knownFields';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** What ValidateFieldValidation accepts (its sorted set); '' means the default, Warn. */
export const fieldValidationValues = ['', 'Ignore', 'Strict', 'Warn'] as const;

export function fieldValidationOf(value: string): FieldValidation {
  return value === 'Ignore' || value === 'Strict' ? value : 'Warn';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Removes, in place, the fields an object of `kind` does not have, and
 * returns their paths as the strict decoder names them
 * (`spec.template.spec.containers[0].foo`), in the order met. The walk
 * follows the API's types, so it never descends into an unknown field,
 * however deeply that is nested.
 */
export function dropUnknownFields(kind: string, object: Record<string, unknown>): string[] {
  const unknown: string[] = [];
  if (isObject(object.metadata)) delete object.metadata.managedFields;
  const visit = (value: unknown, type: string, path: string) => {
    const fields = knownTypes[type];
    if (!fields || !isObject(value)) return;
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      const field = fields[key];
      if (field === undefined) {
        unknown.push(at);
        delete value[key];
      } else if (field.startsWith('[]')) {
        const items = value[key];
        if (Array.isArray(items)) items.forEach((item, i) => visit(item, field.slice(2), `${at}[${i}]`));
      } else if (field) {
        visit(value[key], field, at);
      }
    }
  };
  visit(object, kind, '');
  return unknown;
}

/** The strict decoder's error for each unknown field. */
export function unknownFieldErrors(paths: readonly string[]): string[] {
  return paths.map((path) => `unknown field ${goQuote(path)}`);
}

/** `runtime.NewStrictDecodingError(errs).Error()`. */
export function strictDecodingError(errors: readonly string[]): string {
  return `strict decoding error: ${errors.join(', ')}`;
}

// warning.go: past 4096 runes of warnings in all, each is cut to 256 runes, and the rest are dropped.
const truncateAtTotalRunes = 4 * 1024;
const truncateItemRunes = 256;

/**
 * The `Warning` header values the API server sends for these texts
 * (`299 - "unknown field \"spec.foo\""`), deduplicated and truncated as its
 * recorder does, so that a body with 100,000 unknown fields gets a few kilobytes of them.
 */
export function warningHeaders(texts: readonly string[]): string[] {
  // NewWarningHeader refuses control characters; the text is quoted with `\` before `"` and `\`.
  const header = (text: string) => `299 - "${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  const unique = [...new Set(texts)].filter((t) => t !== '' && !/[\x00-\x1f\x7f]/.test(t));
  const runes = (t: string) => [...t].length;
  const cut = (t: string) => (runes(t) > truncateItemRunes ? [...t].slice(0, truncateItemRunes).join('') : t);
  let written = 0;
  let truncating = false;
  let out: string[] = [];
  const ordered: string[] = [];
  for (const text of unique) {
    if (truncating && written >= truncateAtTotalRunes) break;
    ordered.push(text);
    const item = truncating ? cut(text) : text;
    if (written + runes(item) <= truncateAtTotalRunes || truncating) {
      written += runes(item);
      out.push(header(item));
      continue;
    }
    // Over the limit: from now on truncating, and what was written is written again, cut short.
    truncating = true;
    out = ordered.map((t) => header(cut(t)));
    written = ordered.reduce((n, t) => n + runes(cut(t)), 0);
  }
  return out;
}
