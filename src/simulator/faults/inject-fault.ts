import type { RouteResult } from '../routes/types.js';
import { TWILIO_ERRORS, twilioError } from '../twilio-error.js';
import type { FaultSpec } from '../types.js';

/** What a fault can do to the request it hits. */
export interface FaultTarget {
  /** Answers (and records) the request. */
  readonly answer: (result: RouteResult) => void;
  /** Destroys the socket without an answer. */
  readonly reset: () => void;
  /** Real-time wait. */
  readonly delay: (ms: number) => Promise<void>;
}

/**
 * Applies the part of a fault that comes before the operation runs. Resolves true when the
 * request is done with (answered, reset, or left hanging), false when the operation should run
 * (after a `slow` delay; `reset-after-apply` cuts the connection only after it).
 */
export async function injectFault(fault: FaultSpec, target: FaultTarget): Promise<boolean> {
  switch (fault.kind) {
    case '401':
    case '403':
      // Twilio answers both with 20003; a 401 carries the Basic challenge.
      target.answer({
        status: Number(fault.kind),
        body: twilioError(Number(fault.kind), TWILIO_ERRORS.authenticate, 'Authenticate'),
        ...(fault.kind === '401'
          ? { headers: { 'www-authenticate': 'Basic realm="Twilio API"' } }
          : {}),
      });
      return true;
    case '404':
      target.answer({
        status: 404,
        body: twilioError(404, TWILIO_ERRORS.notFound, 'The requested resource was not found'),
      });
      return true;
    case '429':
      target.answer({
        status: 429,
        body: twilioError(429, TWILIO_ERRORS.tooManyRequests, 'Too Many Requests'),
        headers: { 'retry-after': String(fault.retryAfter ?? 1) },
      });
      return true;
    case '500':
      target.answer({
        status: 500,
        body: twilioError(500, TWILIO_ERRORS.internalError, 'Internal Server Error'),
      });
      return true;
    case '503':
      target.answer({
        status: 503,
        body: twilioError(503, TWILIO_ERRORS.serviceUnavailable, 'Service Unavailable'),
      });
      return true;
    case 'reset':
      target.reset();
      return true;
    case 'hang':
      // Never answered: the client's own timeout (or the simulator closing) ends it.
      return true;
    case 'slow':
      await target.delay(fault.delayMs ?? 1000);
      return false;
    case 'reset-after-apply':
      return false;
  }
}
