/**
 * What a failed REST call means for the next step, decided in one place:
 * - `rate-limited`: 429; not processed (Twilio error 20429 says so); retry after backing off.
 * - `retryable`: worth another try. `applied: 'no'` when the request cannot have taken effect
 *   (503, connection refused); `'unknown'` when it may have (timeout, reset, other 5xx), so the
 *   reservation is fetched before any retry.
 * - `rejected`: a 4xx other than 429; retrying cannot help. Its `refusal` says what was refused:
 *   `credentials` (401/403: every call of this process will fail alike, so nothing is worth a
 *   fetch), `not-found` (404: no such reservation, task or workspace under this account; a fetch
 *   would 404 too) or `request` (any other 4xx: the change asked for, often because the
 *   reservation is no longer pending, which a fetch tells).
 */
export type Failure = FailureCommon &
  (
    | { readonly kind: 'rate-limited'; readonly retryAfterMs: number | undefined }
    | { readonly kind: 'retryable'; readonly applied: 'no' | 'unknown' }
    | { readonly kind: 'rejected'; readonly status: number; readonly refusal: Refusal }
  );

export type Refusal = 'credentials' | 'not-found' | 'request';

interface FailureCommon {
  /** For logs and records: `twilio:40136 (HTTP 400)`, `HTTP 503`, `ECONNRESET`. */
  readonly label: string;
  /** For metrics: `4xx`, `5xx` or `network`. */
  readonly statusClass: '4xx' | '5xx' | 'network';
  /** The Twilio error code as text, or '' when there is none. */
  readonly twilioCode: string;
  /** The answer's HTTP status; undefined when none came (network error, timeout). */
  readonly httpStatus: number | undefined;
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface ErrorLike {
  status?: unknown;
  code?: unknown;
  name?: unknown;
  retryAfterMs?: unknown;
}

/** @param err - a twilio `RestException`, an axios/network error, or a deadline timeout. */
export function classifyFailure(err: unknown): Failure {
  const e = (err ?? {}) as ErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;
  if (status !== undefined) {
    const common = {
      label: code !== undefined ? `twilio:${code} (HTTP ${status})` : `HTTP ${status}`,
      statusClass: status >= 500 ? ('5xx' as const) : ('4xx' as const),
      twilioCode: code !== undefined ? String(code) : '',
      httpStatus: status,
    };
    if (status === 429) {
      const after = typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined;
      return { ...common, kind: 'rate-limited', retryAfterMs: after };
    }
    if (status >= 500) {
      return { ...common, kind: 'retryable', applied: status === 503 ? 'no' : 'unknown' };
    }
    return { ...common, kind: 'rejected', status, refusal: refusalOf(status) };
  }
  const netCode =
    typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'Error';
  return {
    kind: 'retryable',
    applied: NOT_SENT.has(netCode) ? 'no' : 'unknown',
    label: netCode,
    statusClass: 'network',
    twilioCode: '',
    httpStatus: undefined,
  };
}

function refusalOf(status: number): Refusal {
  if (status === 401 || status === 403) {
    return 'credentials';
  }
  return status === 404 ? 'not-found' : 'request';
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
