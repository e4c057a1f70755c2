// Status objects as the API server writes them (apimachinery/pkg/api/errors/errors.go).
// Clients match on reason, code and message, so these reproduce them exactly.

import type { Status, StatusCause, StatusDetails } from './types';
import { goQuote } from './validation';

// Field order on the wire is kind, apiVersion, metadata, status, message, reason, details, code.
function failure(code: number, message: string, reason?: string, details?: StatusDetails): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, ...(reason ? { reason } : {}), ...(details ? { details } : {}), code };
}

/** `group` and `resource` in the form errors.go prints them: `pods`, `poddisruptionbudgets.policy`. */
function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

function detailsFor(name: string, group: string, kind: string, extra?: Partial<StatusDetails>): StatusDetails {
  return { name, ...(group ? { group } : {}), kind, ...extra };
}

/** The create handler's success answer for an eviction: 201 with no message. */
export function success(code = 201): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
}

export function notFound(resource: string, group: string, name: string): Status {
  return failure(404, `${qualified(resource, group)} ${goQuote(name)} not found`, 'NotFound', detailsFor(name, group, resource));
}

export function alreadyExists(resource: string, group: string, name: string): Status {
  return failure(409, `${qualified(resource, group)} ${goQuote(name)} already exists`, 'AlreadyExists', detailsFor(name, group, resource));
}

/** `errors.NewConflict`; the eviction code passes `Pod` as the resource, hence `on Pod "web-a"`. */
export function conflict(resource: string, group: string, name: string, reason: string): Status {
  return failure(409, `Operation cannot be fulfilled on ${qualified(resource, group)} ${goQuote(name)}: ${reason}`, 'Conflict', detailsFor(name, group, resource));
}

export function forbidden(resource: string, group: string, name: string, reason: string, causes?: StatusCause[]): Status {
  const subject = name ? `${qualified(resource, group)} ${goQuote(name)}` : qualified(resource, group);
  return failure(403, `${subject} is forbidden: ${reason}`, 'Forbidden', detailsFor(name, group, resource, causes ? { causes } : undefined));
}

export function badRequest(message: string): Status {
  return failure(400, message, 'BadRequest');
}

export function unauthorized(message = 'Unauthorized'): Status {
  return failure(401, message, 'Unauthorized');
}

export function methodNotAllowed(): Status {
  return failure(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed', {});
}

export function tooManyRequests(message: string, retryAfterSeconds: number, causes?: StatusCause[]): Status {
  const details: StatusDetails = {};
  if (causes?.length) details.causes = causes;
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds;
  return failure(429, message, 'TooManyRequests', details);
}

/** A plain Go error returned from a handler: 500 with no reason (StatusReasonUnknown is ""). */
export function unknownError(message: string): Status {
  return failure(500, message);
}

export function internalError(message: string): Status {
  return failure(500, `Internal error occurred: ${message}`, 'InternalError', { causes: [{ message }] });
}

export function requestEntityTooLarge(limit: number): Status {
  return failure(413, `Request entity too large: limit is ${limit}`, 'RequestEntityTooLarge');
}

export function unsupportedMediaType(contentType: string, accepted: readonly string[]): Status {
  return failure(415, `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, 'UnsupportedMediaType', {
    causes: [{ reason: 'UnexpectedServerResponse', message: contentType }],
  });
}

/** `errors.NewResourceExpired`: 410, e.g. a watch from a resourceVersion the server no longer keeps. */
export function resourceExpired(message: string): Status {
  return failure(410, message, 'Expired');
}

/** `errors.NewTimeoutError`: 504 with a retry hint, e.g. a watch from a resourceVersion the server has not reached. */
export function serverTimeout(message: string, retryAfterSeconds: number, causes?: StatusCause[]): Status {
  return failure(504, `Timeout: ${message}`, 'Timeout', { ...(causes ? { causes } : {}), retryAfterSeconds });
}

/** Seconds a client should wait before retrying, from a Status or a Retry-After header. */
export function retryAfterSeconds(status: Status | undefined): number | undefined {
  const s = status?.details?.retryAfterSeconds;
  return typeof s === 'number' && s > 0 ? s : undefined;
}
