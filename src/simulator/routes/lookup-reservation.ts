import type { ReservationBook } from '../reservations/create-reservation-book.js';
import { createSid } from '../create-sid.js';
import type { ReservationView } from '../types.js';
import { notFound } from './not-found.js';
import type { RouteResult } from './types.js';

/** How reservations that nobody created are made up on first touch (`autoCreateReservations`). */
export interface AutoCreateOptions {
  readonly workerAttributes?: Readonly<Record<string, unknown>>;
  readonly taskAttributes?: Readonly<Record<string, unknown>>;
  readonly workflowSid?: string;
}

export interface LookupDeps {
  readonly book: ReservationBook;
  readonly autoCreate: AutoCreateOptions | null;
}

/**
 * Finds the reservation a `…/Reservations/{Sid}` path names. It must sit under the path's
 * workspace and task (or worker), as it would in TaskRouter; else, or when unknown, the answer is
 * 404 / 20404 — unless auto-creation is on, which makes a pending one for an unknown sid.
 */
export function lookupReservation(
  deps: LookupDeps,
  path: string,
  params: Readonly<Record<string, string>>,
): ReservationView | RouteResult {
  const sid = params.Sid ?? '';
  const found = deps.book.get(sid);
  const belongs =
    found &&
    found.workspaceSid === params.WorkspaceSid &&
    (params.TaskSid === undefined || found.taskSid === params.TaskSid) &&
    (params.WorkerSid === undefined || found.workerSid === params.WorkerSid);
  if (belongs) {
    return found;
  }
  if (!found && deps.autoCreate) {
    const auto = deps.autoCreate;
    return deps.book.create({
      sid,
      workspaceSid: params.WorkspaceSid ?? '',
      taskSid: params.TaskSid ?? createSid('WT'),
      workerSid: params.WorkerSid ?? createSid('WK'),
      ...(auto.workerAttributes && { workerAttributes: auto.workerAttributes }),
      ...(auto.taskAttributes && { taskAttributes: auto.taskAttributes }),
      ...(auto.workflowSid !== undefined && { workflowSid: auto.workflowSid }),
    });
  }
  return notFound(path);
}

/** Narrows a lookup result. */
export function isRouteResult(x: ReservationView | RouteResult): x is RouteResult {
  return 'status' in x && typeof x.status === 'number';
}
