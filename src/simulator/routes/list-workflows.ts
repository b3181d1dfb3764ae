import type { WorkflowSettings } from '../types.js';
import { renderWorkflow, type RenderWorkflowDeps } from './render-workflow.js';
import type { RouteHandler } from './types.js';

/**
 * ListWorkflow: every configured workflow (the simulator has one Workspace), with the
 * `FriendlyName` filter. A `PageSize` only shows in `meta`: the list is one page.
 */
export function createListWorkflows(
  deps: RenderWorkflowDeps & { readonly workflows: ReadonlyMap<string, WorkflowSettings> },
): RouteHandler {
  return ({ path, pathParams, query }) => {
    const name = query.FriendlyName?.[0];
    const workspaceSid = pathParams.WorkspaceSid ?? '';
    const workflows = [...deps.workflows]
      .filter(([sid, wf]) => name === undefined || (wf.friendlyName ?? sid) === name)
      .map(([sid, wf]) => renderWorkflow(deps, workspaceSid, sid, wf));
    const pageSize = Number(query.PageSize?.[0] ?? 50);
    const first = `${deps.baseUrl()}${path}?PageSize=${pageSize}&Page=0`;
    return {
      status: 200,
      body: {
        workflows,
        meta: {
          first_page_url: first,
          key: 'workflows',
          next_page_url: null,
          page: 0,
          page_size: pageSize,
          previous_page_url: null,
          url: first,
        },
      },
    };
  };
}
