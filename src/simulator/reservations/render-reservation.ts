import type { ReservationView } from '../types.js';

/** Twilio's date format in resources: ISO 8601 to the second, UTC. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The reservation resource as the OpenAPI schema `taskrouter.v1.workspace.task.task_reservation`
 * (or `…worker.worker_reservation` with `scope: 'worker'`) shapes it, with URLs on `baseUrl`.
 */
export function renderReservation(
  r: ReservationView,
  baseUrl: string,
  scope: 'task' | 'worker' = 'task',
): Record<string, unknown> {
  const workspace = `${baseUrl}/v1/Workspaces/${r.workspaceSid}`;
  const task = `${workspace}/Tasks/${r.taskSid}`;
  const worker = `${workspace}/Workers/${r.workerSid}`;
  return {
    account_sid: r.accountSid,
    date_created: isoSeconds(r.createdAt),
    date_updated: isoSeconds(r.updatedAt),
    links: { task, worker, workspace },
    reservation_status: r.status,
    sid: r.sid,
    task_sid: r.taskSid,
    url: `${scope === 'task' ? task : worker}/Reservations/${r.sid}`,
    worker_name: r.workerName,
    worker_sid: r.workerSid,
    workspace_sid: r.workspaceSid,
  };
}

/**
 * The list envelope `{ reservations, meta }`. One page holds everything: the document says the
 * resource does not paginate, so `next_page_url` is always null.
 */
export function renderReservationList(
  reservations: readonly ReservationView[],
  listUrl: string,
  pageSize: number,
  baseUrl: string,
  scope: 'task' | 'worker',
): Record<string, unknown> {
  const first = `${listUrl}?PageSize=${pageSize}&Page=0`;
  return {
    reservations: reservations.map((r) => renderReservation(r, baseUrl, scope)),
    meta: {
      first_page_url: first,
      key: 'reservations',
      next_page_url: null,
      page: 0,
      page_size: pageSize,
      previous_page_url: null,
      url: first,
    },
  };
}
