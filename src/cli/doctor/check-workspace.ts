import type { WorkspaceView } from '../../taskrouter/create-workspace-client.js';
import { missingEvents, type CallbackTargets } from '../shared/callback-targets.js';
import { fail, ok, type CheckResult } from './check-result.js';

const CONNECT = (ws: string) => `run \`taskrouter-assigner connect --workspace ${ws} --apply\``;

/** The Workspace sends its events here, and its EventsFilter lets through what the service uses. */
export function checkWorkspaceEvents(ws: WorkspaceView, targets: CallbackTargets): CheckResult[] {
  const url = ws.eventCallbackUrl;
  const name = `Workspace ${ws.sid} events`;
  const where =
    url === targets.eventsUrl
      ? ok(`${name} go here`, url)
      : fail(
          `${name} go here`,
          `EventCallbackUrl is ${url ?? '(unset)'}, not ${targets.eventsUrl}: queued updates of reservations already settled are not dropped`,
          CONNECT(ws.sid),
        );
  const missing = missingEvents(ws.eventsFilter);
  const filter =
    missing.length === 0
      ? ok(
          `${name} filter`,
          ws.eventsFilter === null ? 'no filter: every event is sent' : ws.eventsFilter,
        )
      : fail(`${name} filter`, `EventsFilter leaves out ${missing.join(', ')}`, CONNECT(ws.sid));
  return [where, filter];
}
