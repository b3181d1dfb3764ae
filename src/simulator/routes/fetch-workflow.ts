import { isoSeconds } from '../reservations/render-reservation.js';
import type { WorkflowSettings } from '../types.js';
import { notFound } from './not-found.js';
import type { RouteHandler } from './types.js';

/**
 * FetchWorkflow, shaped as `taskrouter.v1.workspace.workflow`: what the service reads is
 * `task_reservation_timeout`. Unknown workflows are 404 / 20404.
 */
export function createFetchWorkflow(deps: {
  readonly workflows: ReadonlyMap<string, WorkflowSettings>;
  readonly accountSid: string;
  readonly baseUrl: () => string;
  readonly startedAt: number;
  /** Simulated seconds per real second: the timeout is reported in the real time it lasts. */
  readonly speed: number;
}): RouteHandler {
  return ({ path, pathParams }) => {
    const sid = pathParams.Sid ?? '';
    const wf = deps.workflows.get(sid);
    if (!wf) {
      return notFound(path);
    }
    const url = deps.baseUrl() + path;
    return {
      status: 200,
      body: {
        account_sid: deps.accountSid,
        assignment_callback_url: wf.assignmentCallbackUrl ?? null,
        configuration: JSON.stringify({
          task_routing: { filters: [], default_filter: { queue: null } },
        }),
        date_created: isoSeconds(deps.startedAt),
        date_updated: isoSeconds(deps.startedAt),
        document_content_type: 'application/json',
        fallback_assignment_callback_url: wf.fallbackAssignmentCallbackUrl ?? null,
        friendly_name: wf.friendlyName ?? sid,
        sid,
        task_reservation_timeout: Math.max(1, Math.ceil(wf.taskReservationTimeout / deps.speed)),
        url,
        workspace_sid: pathParams.WorkspaceSid,
        links: {
          statistics: `${url}/Statistics`,
          real_time_statistics: `${url}/RealTimeStatistics`,
          cumulative_statistics: `${url}/CumulativeStatistics`,
        },
      },
    };
  };
}
