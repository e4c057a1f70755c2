// metav1.Time on the wire: RFC 3339 at second precision, always UTC
// (apimachinery/pkg/apis/meta/v1/time.go MarshalJSON uses time.RFC3339).

/** `metav1.Time` as the API server writes it, e.g. `2026-01-01T00:00:30Z`. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
