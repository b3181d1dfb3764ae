import type { WorkflowSettings } from '../types.js';
import { notFound } from './not-found.js';
import { renderWorkflow, type RenderWorkflowDeps } from './render-workflow.js';
import type { RouteHandler } from './types.js';

/**
 * UpdateWorkflow: the callback URLs, the name and `TaskReservationTimeout` (given in real
 * seconds, kept on the simulator's clock). Other fields pass the conformance check and are kept
 * as they were.
 */
export function createUpdateWorkflow(
  deps: RenderWorkflowDeps & { readonly workflows: Map<string, WorkflowSettings> },
): RouteHandler {
  return ({ path, pathParams, form }) => {
    const sid = pathParams.Sid ?? '';
    const wf = deps.workflows.get(sid);
    if (!wf) {
      return notFound(path);
    }
    const field = (name: string) => form[name]?.[0];
    const timeout = field('TaskReservationTimeout');
    const assignment = field('AssignmentCallbackUrl');
    const fallback = field('FallbackAssignmentCallbackUrl');
    const name = field('FriendlyName');
    const updated: WorkflowSettings = {
      ...wf,
      ...(timeout !== undefined && { taskReservationTimeout: Number(timeout) * deps.speed }),
      ...(assignment !== undefined && { assignmentCallbackUrl: assignment }),
      ...(fallback !== undefined && { fallbackAssignmentCallbackUrl: fallback }),
      ...(name !== undefined && { friendlyName: name }),
    };
    deps.workflows.set(sid, updated);
    return {
      status: 200,
      body: renderWorkflow(deps, pathParams.WorkspaceSid ?? '', sid, updated),
      applied: true,
    };
  };
}
