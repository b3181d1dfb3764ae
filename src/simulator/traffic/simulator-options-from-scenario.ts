import type { Scenario } from '../scenario/compile-scenario.js';
import type { SimulatorOptions } from '../simulator-types.js';
import type { WorkflowSettings } from '../types.js';

/** The simulator settings a scenario implies: its workflows (timeouts, callback URLs), events URL, speed. */
export function simulatorOptionsFromScenario(
  scenario: Scenario,
  base: Pick<SimulatorOptions, 'accountSid' | 'authToken'> & Partial<SimulatorOptions>,
): SimulatorOptions {
  const workflows: Record<string, WorkflowSettings> = {};
  for (const w of scenario.workflows) {
    workflows[w.sid] = {
      taskReservationTimeout: w.taskReservationTimeout,
      friendlyName: w.name,
      ...(w.assignmentUrl !== null && { assignmentCallbackUrl: w.assignmentUrl }),
      ...(w.fallbackUrl !== null && { fallbackAssignmentCallbackUrl: w.fallbackUrl }),
    };
  }
  return {
    workspaceName: scenario.workspace.name,
    speed: scenario.speed,
    ...(scenario.eventsUrl !== null && { eventCallbackUrl: scenario.eventsUrl }),
    ...base,
    workflows: { ...workflows, ...base.workflows },
  };
}
