import type { ReservationBook } from '../reservations/create-reservation-book.js';
import type { WorkflowSettings } from '../types.js';
import { createFetchReservation } from './fetch-reservation.js';
import { createFetchWorkflow } from './fetch-workflow.js';
import { createListReservations } from './list-reservations.js';
import type { AutoCreateOptions } from './lookup-reservation.js';
import type { RouteHandler } from './types.js';
import { createUpdateReservation } from './update-reservation.js';

export interface RouteDeps {
  readonly book: ReservationBook;
  readonly autoCreate: AutoCreateOptions | null;
  readonly workflows: ReadonlyMap<string, WorkflowSettings>;
  readonly accountSid: string;
  /** The simulator's own URL (known once it listens), for `url` and `links` in resources. */
  readonly baseUrl: () => string;
  readonly startedAt: number;
  readonly speed: number;
}

/** The operations the simulator implements, by OpenAPI operationId. */
export function createRoutes(deps: RouteDeps): ReadonlyMap<string, RouteHandler> {
  return new Map([
    ['FetchTaskReservation', createFetchReservation(deps, 'task')],
    ['FetchWorkerReservation', createFetchReservation(deps, 'worker')],
    ['UpdateTaskReservation', createUpdateReservation(deps, 'task')],
    ['UpdateWorkerReservation', createUpdateReservation(deps, 'worker')],
    ['ListTaskReservation', createListReservations(deps, 'task')],
    ['ListWorkerReservation', createListReservations(deps, 'worker')],
    ['FetchWorkflow', createFetchWorkflow(deps)],
  ]);
}
