import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Metrics } from '../shared/create-metrics.js';
import type { ErrorCode } from '../shared/errors.js';
import type { AssignmentResult } from '../assignment/handle-assignment.js';
import { toAppError } from './error-handler.js';
import {
  parseAssignmentCallback,
  type AssignmentCallback,
} from '../assignment/parse-assignment-callback.js';

export const ASSIGNMENT_PATH = '/taskrouter/assignment';

const HEADER_SAFE = /^[\x20-\x7e]*$/;

/** Express glue around the handler: parse, decide, answer 200 with JSON. */
export function assignmentRoute(
  handle: (cb: AssignmentCallback) => Promise<AssignmentResult>,
  metrics: Metrics,
): RequestHandler {
  return async function assignment(req, res) {
    const end = metrics.callbackSeconds.startTimer({ route: 'assignment' });
    const cb = parseAssignmentCallback(req.body);
    const { answer, rule } = await handle(cb);
    // Rule names are free text; a header carries only what HTTP allows.
    if (rule !== null) {
      res.setHeader('X-Assigner-Rule', HEADER_SAFE.test(rule) ? rule : encodeURIComponent(rule));
    }
    // TaskRouter ignores a response without exactly this content type (error 40000). Written
    // directly: `res.send` would hash the body for an ETag no one revalidates.
    const json = JSON.stringify(answer);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(json));
    res.end(json);
    end();
  };
}

const REFUSAL_OUTCOMES: Partial<Record<ErrorCode, string>> = {
  ERR_SIGNATURE_INVALID: 'refused_signature',
  ERR_SIGNATURE_MISSING: 'refused_signature',
  ERR_RATE_LIMITED: 'refused_rate',
  ERR_CALLBACK_STALE: 'refused_stale',
};

/** Counts refused callbacks by reason before the app's error handler answers them. */
export function countRefusals(metrics: Metrics): ErrorRequestHandler {
  return function countRefusals(err: unknown, _req, _res, next) {
    const { code } = toAppError(err);
    const outcome =
      REFUSAL_OUTCOMES[code] ?? (code.startsWith('ERR_BODY') ? 'refused_body' : 'error');
    metrics.callbacks.inc({ outcome });
    next(err);
  };
}
