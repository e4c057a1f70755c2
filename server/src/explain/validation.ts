// The Problems message of a field the API server's validation rejects: first
// a sentence a person reads (the field and what is wrong with it), then the
// API server's own text, exact, with the Go rendering of the bad value it
// carries (`core.Toleration{…}`), for searching and for comparing with what
// `kubectl apply` prints.
import { formatFieldError, type FieldError } from '../k8s/validation';
import { plainText, sentence } from './text';

/** What is wrong, in words: the detail as the API server words it, without its Markdown-like quotes. */
function whatIsWrong(e: FieldError): string {
  const detail = plainText(e.detail);
  switch (e.type) {
    case 'Required':
      return `${e.field} is required${detail ? `: ${detail}` : ''}`;
    case 'Forbidden':
      return `${e.field} is not allowed${detail ? `: ${detail}` : ''}`;
    case 'NotSupported':
      return `${e.field} has a value the API server does not support${detail ? ` (${detail})` : ''}`;
    case 'Duplicate':
      return `${e.field} repeats a value that must be unique${detail ? `: ${detail}` : ''}`;
    case 'TooLong':
      return `${e.field} is too long${detail ? `: ${detail}` : ''}`;
    case 'Invalid':
      return `${e.field}: ${detail || 'invalid value'}`;
  }
}

/** What comes between the sentence and the API server's own text. */
export const apiServerWords = ' The API server rejects it (422): ';

/** `spec: minAvailable and maxUnavailable cannot be both set. The API server rejects it (422): spec: Invalid value: …`. */
export function fieldErrorMessage(e: FieldError): string {
  return `${sentence(whatIsWrong(e))}${apiServerWords}${formatFieldError(e)}`;
}
