import { isoSeconds } from '../reservations/render-reservation.js';
import type { WorkflowSettings } from '../types.js';

export interface RenderWorkflowDeps {
  readonly accountSid: string;
  readonly baseUrl: () => string;
  readonly startedAt: number;
  /** Simulated seconds per real second: the timeout is reported in the real time it lasts. */
  readonly speed: number;
}

/** A Workflow shaped as `taskrouter.v1.workspace.workflow`. */
export function renderWorkflow(
  deps: RenderWorkflowDeps,
  workspaceSid: string,
  sid: string,
  wf: WorkflowSettings,
): Record<string, unknown> {
  const url = `${deps.baseUrl()}/v1/Workspaces/${workspaceSid}/Workflows/${sid}`;
  return {
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
    workspace_sid: workspaceSid,
    links: {
      statistics: `${url}/Statistics`,
      real_time_statistics: `${url}/RealTimeStatistics`,
      cumulative_statistics: `${url}/CumulativeStatistics`,
    },
  };
}
