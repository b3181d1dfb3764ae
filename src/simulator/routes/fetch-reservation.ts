import { renderReservation } from '../reservations/render-reservation.js';
import { isRouteResult, lookupReservation, type LookupDeps } from './lookup-reservation.js';
import type { RouteHandler } from './types.js';

/** FetchTaskReservation / FetchWorkerReservation: the resource, with its ETag. */
export function createFetchReservation(
  deps: LookupDeps & { readonly baseUrl: () => string },
  scope: 'task' | 'worker',
): RouteHandler {
  return ({ path, pathParams }) => {
    const r = lookupReservation(deps, path, pathParams);
    if (isRouteResult(r)) {
      return r;
    }
    return {
      status: 200,
      body: renderReservation(r, deps.baseUrl(), scope),
      headers: { etag: r.etag },
      reservationSid: r.sid,
    };
  };
}
