import { decideUpdate } from '../reservations/decide-update.js';
import { renderReservation } from '../reservations/render-reservation.js';
import { TWILIO_ERRORS, twilioError } from '../twilio-error.js';
import { isRouteResult, lookupReservation, type LookupDeps } from './lookup-reservation.js';
import type { RouteHandler } from './types.js';

/**
 * UpdateTaskReservation / UpdateWorkerReservation: `If-Match` first (a stale ETag → 412 / 20412,
 * nothing applied), then the update as `decideUpdate` rules it.
 */
export function createUpdateReservation(
  deps: LookupDeps & { readonly baseUrl: () => string },
  scope: 'task' | 'worker',
): RouteHandler {
  return ({ path, pathParams, form, headers }) => {
    const r = lookupReservation(deps, path, pathParams);
    if (isRouteResult(r)) {
      return r;
    }
    const ifMatch = headers['if-match'];
    if (ifMatch !== undefined && !etagMatches(ifMatch, r.etag)) {
      return {
        status: 412,
        body: twilioError(
          412,
          TWILIO_ERRORS.preconditionFailed,
          `If-Match ${ifMatch} does not match the current ETag of ${r.sid}`,
        ),
        headers: { etag: r.etag },
        reservationSid: r.sid,
        applied: false,
      };
    }
    const outcome = decideUpdate(r, form);
    if (!outcome.ok) {
      return {
        status: outcome.status,
        body: twilioError(outcome.status, outcome.code, outcome.message),
        reservationSid: r.sid,
        applied: false,
      };
    }
    const applied = outcome.instruction !== null;
    const next = applied
      ? deps.book.transition(r.sid, outcome.to, 'rest', outcome.instruction ?? undefined)
      : r;
    return {
      status: 200,
      body: renderReservation(next, deps.baseUrl(), scope),
      headers: { etag: next.etag },
      reservationSid: r.sid,
      applied,
    };
  };
}

/** RFC 9110 If-Match: `*`, or a list of entity tags one of which must match strongly. */
function etagMatches(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === '*' || t === etag);
}
