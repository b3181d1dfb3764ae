import type { WorkflowView } from '../../taskrouter/create-workspace-client.js';
import type { CallbackTargets } from '../shared/callback-targets.js';
import { fail, ok, type CheckResult } from './check-result.js';

/** What the service's deadline needs from a reservation's lifetime (config in ms). */
export interface TimeoutBudget {
  readonly deadlineMarginMs: number;
  readonly httpTimeoutMs: number;
  readonly retryBaseMs: number;
  /** Seconds the rules files give per Workflow (they win over TaskRouter's). */
  readonly rulesTimeouts: Readonly<Record<string, number | undefined>>;
}

/** Each Workflow's Assignment Callback URL is this service's. */
export function checkWorkflowCallbacks(
  workspaceSid: string,
  workflows: readonly WorkflowView[],
  targets: CallbackTargets,
): CheckResult[] {
  return workflows.map((wf) => {
    const name = `Workflow ${wf.sid} (${wf.friendlyName}) callbacks go here`;
    return wf.assignmentCallbackUrl === targets.assignmentUrl
      ? ok(name, wf.assignmentCallbackUrl)
      : fail(
          name,
          `AssignmentCallbackUrl is ${wf.assignmentCallbackUrl ?? '(unset)'}, not ${targets.assignmentUrl}`,
          `run \`taskrouter-assigner connect --workspace ${workspaceSid} --workflow ${wf.sid} --apply\``,
        );
  });
}

/**
 * Each Workflow's TaskReservationTimeout leaves room, after the deadline margin, for an update
 * that times out, a backoff and a second attempt; a rules-file timeout longer than TaskRouter's
 * would put the deadline after TaskRouter gave up.
 */
export function checkReservationTimeouts(
  workflows: readonly WorkflowView[],
  budget: TimeoutBudget,
): CheckResult[] {
  const neededMs = budget.deadlineMarginMs + 2 * budget.httpTimeoutMs + budget.retryBaseMs;
  return workflows.map((wf) => {
    const name = `Workflow ${wf.sid} TaskReservationTimeout`;
    const fromRules = budget.rulesTimeouts[wf.sid];
    if (fromRules !== undefined && fromRules > wf.taskReservationTimeout) {
      return fail(
        name,
        `the rules file says ${fromRules} s, TaskRouter ${wf.taskReservationTimeout} s: the service would act after TaskRouter gave up`,
        `set workflows.${wf.sid}.reservationTimeout to ${wf.taskReservationTimeout} or less in the rules file`,
      );
    }
    const seconds = fromRules ?? wf.taskReservationTimeout;
    return seconds * 1000 >= neededMs
      ? ok(name, `${seconds} s (needs ${neededMs / 1000} s)`)
      : fail(
          name,
          `${seconds} s leaves no room for DEADLINE_MARGIN_MS (${budget.deadlineMarginMs}) + 2 × HTTP_TIMEOUT_MS (${budget.httpTimeoutMs}) + RETRY_BASE_MS (${budget.retryBaseMs}) = ${neededMs / 1000} s`,
          `raise the Workflow's TaskReservationTimeout to at least ${Math.ceil(neededMs / 1000)} s, or lower HTTP_TIMEOUT_MS / DEADLINE_MARGIN_MS`,
        );
  });
}
