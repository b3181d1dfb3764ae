/**
 * The one catalog of error codes: each with its HTTP status, whether retrying can help, and a
 * message that says how to fix the problem. The README's error table lists the same codes
 * (a unit test keeps the two in step).
 */
export const ERROR_CODES = {
  ERR_CONFIG_INVALID: {
    status: 500,
    retryable: false,
    message: 'The configuration is invalid; fix the environment variables listed and restart.',
  },
  ERR_RULES_INVALID: {
    status: 500,
    retryable: false,
    message: 'The rules files are invalid; run `npx taskrouter-assigner rules check` for details.',
  },
  ERR_SIGNATURE_MISSING: {
    status: 400,
    retryable: false,
    message: 'The X-Twilio-Signature header is missing; only TaskRouter may call this endpoint.',
  },
  ERR_SIGNATURE_INVALID: {
    status: 403,
    retryable: false,
    message:
      'The X-Twilio-Signature does not match; check that PUBLIC_BASE_URL is the exact URL configured in TaskRouter and TWILIO_AUTH_TOKEN is the primary token.',
  },
  ERR_BODY_CONTENT_TYPE: {
    status: 415,
    retryable: false,
    message: 'The body must be application/x-www-form-urlencoded, as TaskRouter sends it.',
  },
  ERR_BODY_TOO_LARGE: {
    status: 413,
    retryable: false,
    message: 'The body is larger than a TaskRouter callback can be.',
  },
  ERR_BODY_INVALID: {
    status: 400,
    retryable: false,
    message: 'The callback is malformed.',
  },
  ERR_BODY_ENCODING: {
    status: 400,
    retryable: false,
    message:
      'The body could not be decoded: its Content-Encoding is unsupported or does not match the bytes sent; TaskRouter sends plain form bodies.',
  },
  ERR_URL_MALFORMED: {
    status: 400,
    retryable: false,
    message: 'The URL is malformed (invalid percent-encoding); encode each path segment as UTF-8.',
  },
  ERR_CALLBACK_STALE: {
    status: 403,
    retryable: false,
    message:
      "The callback's Timestamp is outside CALLBACK_MAX_AGE_S of this server's clock: a replayed callback, or a clock out of step (check NTP, or raise CALLBACK_MAX_AGE_S).",
  },
  ERR_RATE_LIMITED: {
    status: 429,
    retryable: true,
    message: 'Too many refused requests from this address; try again later.',
  },
  ERR_ADMIN_UNAUTHORIZED: {
    status: 401,
    retryable: false,
    message: 'Send `Authorization: Bearer <ADMIN_TOKEN>`.',
  },
  ERR_ADMIN_REQUEST_INVALID: {
    status: 400,
    retryable: false,
    message: 'The admin request is invalid:',
  },
  ERR_NOT_FOUND: {
    status: 404,
    retryable: false,
    message: 'No such resource.',
  },
  ERR_REDIS_UNAVAILABLE: {
    status: 503,
    retryable: true,
    message: 'Redis is unreachable; check REDIS_URL and that the server is up.',
  },
  ERR_TASKROUTER_REJECTED: {
    status: 502,
    retryable: false,
    message: 'TaskRouter refused the request; see the Twilio error code for the reason.',
  },
  ERR_TASKROUTER_UNAVAILABLE: {
    status: 503,
    retryable: true,
    message: 'TaskRouter did not answer in time or answered 429/5xx; the request may be retried.',
  },
  ERR_QUEUE_LAYOUT_FOREIGN: {
    status: 500,
    retryable: false,
    message:
      'Redis holds work (jobs or in-flight records) in a shard layout other than QUEUE_SHARDS; let it drain with processes of that layout, or name its shard count in QUEUE_SHARDS_DRAINING while they run beside this one (docs/operations.md, "Changing the shard count").',
  },
  ERR_INTERNAL: {
    status: 500,
    retryable: false,
    message: 'An unexpected error; the details are in the log.',
  },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An operational error: its `code` names a catalog entry; `status` and `retryable` come from it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  /** Extra detail safe to show the caller (never secrets or personal data). */
  readonly detail: string | undefined;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    const entry = ERROR_CODES[code];
    super(detail ? `${entry.message} ${detail}` : entry.message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = entry.status;
    this.retryable = entry.retryable;
    this.detail = detail;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
