import { isoSeconds } from '../reservations/render-reservation.js';
import type { WorkspaceSettings } from '../types.js';

/** The Workspace shaped as `taskrouter.v1.workspace`. */
export function renderWorkspace(
  deps: { readonly accountSid: string; readonly baseUrl: () => string; readonly startedAt: number },
  sid: string,
  ws: WorkspaceSettings,
): Record<string, unknown> {
  const url = `${deps.baseUrl()}/v1/Workspaces/${sid}`;
  const link = (name: string) => `${url}/${name}`;
  return {
    account_sid: deps.accountSid,
    date_created: isoSeconds(deps.startedAt),
    date_updated: isoSeconds(deps.startedAt),
    default_activity_name: 'Offline',
    default_activity_sid: null,
    event_callback_url: ws.eventCallbackUrl ?? null,
    events_filter: ws.eventsFilter ?? null,
    friendly_name: ws.friendlyName,
    multi_task_enabled: true,
    sid,
    timeout_activity_name: 'Offline',
    timeout_activity_sid: null,
    prioritize_queue_order: 'FIFO',
    url,
    links: Object.fromEntries(
      ['activities', 'events', 'tasks', 'task_queues', 'workers', 'workflows', 'statistics'].map(
        (name) => [name, link(name.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase()))],
      ),
    ),
  };
}
