import { TWILIO_ERRORS, twilioError } from '../twilio-error.js';
import type { RouteResult } from './types.js';

/** Twilio's 404 / 20404 for a path that names nothing. */
export function notFound(path: string): RouteResult {
  const resource = path.replace(/^\/v1/, '');
  return {
    status: 404,
    body: twilioError(
      404,
      TWILIO_ERRORS.notFound,
      `The requested resource ${resource} was not found`,
    ),
  };
}
