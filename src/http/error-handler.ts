import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, isAppError, type ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

// body-parser reports its refusals as errors with a `type`; map them onto the catalog.
const BODY_PARSER_TYPES: Readonly<Record<string, ErrorCode>> = {
  'entity.too.large': 'ERR_BODY_TOO_LARGE',
  'parameters.too.many': 'ERR_BODY_TOO_LARGE',
  'encoding.unsupported': 'ERR_BODY_ENCODING',
  'charset.unsupported': 'ERR_BODY_CONTENT_TYPE',
  'entity.parse.failed': 'ERR_BODY_INVALID',
  'request.aborted': 'ERR_BODY_INVALID',
  'request.size.invalid': 'ERR_BODY_INVALID',
};

/** Turns any error into an AppError: catalogued ones as they are, the rest as ERR_INTERNAL. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) {
    return err;
  }
  const type = (err as { type?: unknown }).type;
  const code = typeof type === 'string' ? BODY_PARSER_TYPES[type] : clientFault(err);
  return new AppError(code ?? 'ERR_INTERNAL', undefined, { cause: err });
}

/**
 * Express and body-parser mark the client's own faults with a 4xx `status` but no `type`: a path
 * segment that does not percent-decode (URIError from the router) and a body that does not
 * inflate (zlib's error, passed on). Neither is ours to log as a crash.
 */
function clientFault(err: unknown): ErrorCode | undefined {
  const { status, errno } = err as { status?: unknown; errno?: unknown };
  if (status !== 400) {
    return undefined;
  }
  if (err instanceof URIError) {
    return 'ERR_URL_MALFORMED';
  }
  // zlib's errors carry an errno; body-parser passes them on with status 400.
  return typeof errno === 'number' ? 'ERR_BODY_ENCODING' : undefined;
}

/**
 * The last middleware: answers `{ "error": code, "message": … }` with the catalog's status and
 * no stack. Unexpected errors are logged in full; refusals at debug level only (they are counted).
 */
export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return function errorHandler(err: unknown, req, res, _next) {
    const appErr = toAppError(err);
    if (appErr.code === 'ERR_INTERNAL') {
      log.error(
        { err: appErr.cause ?? err, method: req.method, path: req.path },
        'unhandled error',
      );
    } else {
      log.debug({ code: appErr.code, path: req.path }, 'request refused');
    }
    if (res.headersSent) {
      return;
    }
    res.status(appErr.status).json(errorBody(appErr));
  };
}

/** Every refusal's body: `{ "error": code, "message": … }`, and nothing else but what it exposes. */
export function errorBody(appErr: AppError): Record<string, unknown> {
  // Some errors carry details that are safe to show (a Twilio error code); nothing else is added.
  const expose = (appErr as { expose?: Record<string, unknown> }).expose;
  return { error: appErr.code, message: appErr.message, ...expose };
}

export const notFound: RequestHandler = function notFound() {
  throw new AppError('ERR_NOT_FOUND');
};
