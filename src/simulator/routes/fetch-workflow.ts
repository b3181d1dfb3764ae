import type { WorkflowSettings } from '../types.js';
import { notFound } from './not-found.js';
import { renderWorkflow, type RenderWorkflowDeps } from './render-workflow.js';
import type { RouteHandler } from './types.js';

/**
 * FetchWorkflow, shaped as `taskrouter.v1.workspace.workflow`: what the service reads is
 * `task_reservation_timeout`. Unknown workflows are 404 / 20404.
 */
export function createFetchWorkflow(
  deps: RenderWorkflowDeps & { readonly workflows: ReadonlyMap<string, WorkflowSettings> },
): RouteHandler {
  return ({ path, pathParams }) => {
    const sid = pathParams.Sid ?? '';
    const wf = deps.workflows.get(sid);
    if (!wf) {
      return notFound(path);
    }
    return { status: 200, body: renderWorkflow(deps, pathParams.WorkspaceSid ?? '', sid, wf) };
  };
}
