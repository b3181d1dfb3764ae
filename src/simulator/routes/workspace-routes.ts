import type { WorkspaceState } from '../workspace/create-workspace-state.js';
import { renderWorkspace } from './render-workspace.js';
import type { RouteHandler } from './types.js';

interface WorkspaceRouteDeps {
  readonly workspace: WorkspaceState;
  readonly accountSid: string;
  readonly baseUrl: () => string;
  readonly startedAt: number;
}

/** FetchWorkspace: the simulated Workspace, under whatever WS sid the path names. */
export function createFetchWorkspace(deps: WorkspaceRouteDeps): RouteHandler {
  return ({ pathParams }) => ({
    status: 200,
    body: renderWorkspace(deps, pathParams.Sid ?? '', deps.workspace.get()),
  });
}

/**
 * UpdateWorkspace: `EventCallbackUrl`, `EventsFilter` and `FriendlyName` take effect (events go
 * to the new URL, filtered); the other fields pass the conformance check and change nothing.
 */
export function createUpdateWorkspace(deps: WorkspaceRouteDeps): RouteHandler {
  return ({ pathParams, form }) => {
    const field = (name: string) => form[name]?.[0];
    const url = field('EventCallbackUrl');
    const filter = field('EventsFilter');
    const name = field('FriendlyName');
    const updated = {
      ...deps.workspace.get(),
      ...(url !== undefined && { eventCallbackUrl: url }),
      ...(filter !== undefined && { eventsFilter: filter }),
      ...(name !== undefined && { friendlyName: name }),
    };
    deps.workspace.set(updated);
    return {
      status: 200,
      body: renderWorkspace(deps, pathParams.Sid ?? '', updated),
      applied: true,
    };
  };
}
