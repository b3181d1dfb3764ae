import type { ReservationBook } from '../reservations/create-reservation-book.js';
import { renderReservationList } from '../reservations/render-reservation.js';
import type { ReservationStatus } from '../types.js';
import type { RouteHandler } from './types.js';

/**
 * ListTaskReservation / ListWorkerReservation with the `ReservationStatus` and `WorkerSid`
 * filters, oldest first. A `PageSize` only shows in `meta`: the resource does not paginate.
 */
export function createListReservations(
  deps: { readonly book: ReservationBook; readonly baseUrl: () => string },
  scope: 'task' | 'worker',
): RouteHandler {
  return ({ path, pathParams, query }) => {
    const status = query.ReservationStatus?.[0] as ReservationStatus | undefined;
    const workerSid = pathParams.WorkerSid ?? query.WorkerSid?.[0];
    const found = deps.book.list({
      workspaceSid: pathParams.WorkspaceSid ?? '',
      ...(pathParams.TaskSid !== undefined && { taskSid: pathParams.TaskSid }),
      ...(workerSid !== undefined && { workerSid }),
      ...(status !== undefined && { status }),
    });
    const pageSize = Number(query.PageSize?.[0] ?? 50);
    const baseUrl = deps.baseUrl();
    return {
      status: 200,
      body: renderReservationList(found, baseUrl + path, pageSize, baseUrl, scope),
    };
  };
}
