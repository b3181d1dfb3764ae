import type { ReservationBook } from '../reservations/create-reservation-book.js';
import type { WorkflowSettings } from '../types.js';
import type { WorkspaceState } from '../workspace/create-workspace-state.js';
import { createFetchReservation } from './fetch-reservation.js';
import { createFetchWorkflow } from './fetch-workflow.js';
import { createListReservations } from './list-reservations.js';
import { createListWorkflows } from './list-workflows.js';
import type { AutoCreateOptions } from './lookup-reservation.js';
import type { RouteHandler } from './types.js';
import { createUpdateReservation } from './update-reservation.js';
import { createUpdateWorkflow } from './update-workflow.js';
import { createFetchWorkspace, createUpdateWorkspace } from './workspace-routes.js';

export interface RouteDeps {
  readonly book: ReservationBook;
  readonly autoCreate: AutoCreateOptions | null;
  readonly workflows: Map<string, WorkflowSettings>;
  readonly workspace: WorkspaceState;
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
    ['ListWorkflow', createListWorkflows(deps)],
    ['UpdateWorkflow', createUpdateWorkflow(deps)],
    ['FetchWorkspace', createFetchWorkspace(deps)],
    ['UpdateWorkspace', createUpdateWorkspace(deps)],
  ]);
}
