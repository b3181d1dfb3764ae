import { createSid } from '../create-sid.js';
import {
  compileAttributes,
  type AttributeGenerator,
  type ScenarioIssue,
} from './compile-attributes.js';
import type { Duration, ScenarioFile } from './scenario-schema.js';
import { stableSid } from './stable-sid.js';

/** A scenario ready to run: SIDs assigned, workers expanded, attribute templates compiled. */
export interface Scenario {
  readonly seed: number;
  readonly durationSeconds: number;
  readonly drainSeconds: number;
  readonly speed: number;
  readonly workspace: { readonly sid: string; readonly name: string };
  readonly eventsUrl: string | null;
  readonly multiReservation: { readonly enabled: boolean; readonly maxReservedWorkers: number };
  readonly rejectCooldownSeconds: number;
  readonly timeoutCooldownSeconds: number;
  readonly workflows: readonly ScenarioWorkflow[];
  readonly workers: readonly ScenarioWorker[];
  readonly taskTypes: readonly ScenarioTaskType[];
}

export interface ScenarioWorkflow {
  readonly name: string;
  readonly sid: string;
  readonly taskReservationTimeout: number;
  readonly assignmentUrl: string | null;
  readonly fallbackUrl: string | null;
}

export interface ScenarioWorker {
  readonly sid: string;
  readonly name: string;
  /** The `name` of the `workers` entry it was expanded from. */
  readonly group: string;
  readonly attributes: AttributeGenerator;
}

export interface ScenarioTaskType {
  readonly name: string;
  readonly workflowSid: string;
  readonly taskQueueSid: string;
  readonly arrivalsPerSecond: number;
  readonly arrivalPattern: 'poisson' | 'uniform';
  readonly priority: number;
  readonly handlingSeconds: Duration;
  readonly wrapupSeconds: Duration;
  readonly cancelAfterSeconds: number | null;
  /** Worker names or group names that may get this task; null for everyone. */
  readonly eligible: ReadonlySet<string> | null;
  readonly attributes: AttributeGenerator;
}

const upper = (d: Duration) => (typeof d === 'number' ? d : d.max);

/** Resolves names to SIDs and compiles generators; problems are appended to `issues`. */
export function compileScenario(file: ScenarioFile, issues: ScenarioIssue[]): Scenario {
  const workflows = Object.entries(file.workflows).map(([name, w]) => ({
    name,
    sid: w.sid ?? stableSid('WW', name),
    taskReservationTimeout: w.taskReservationTimeout,
    assignmentUrl: w.assignmentUrl ?? file.callbacks.assignmentUrl ?? null,
    fallbackUrl: w.fallbackUrl ?? file.callbacks.fallbackUrl ?? null,
  }));
  const workers = file.workers.flatMap((w, i) => {
    if (w.count > 1 && w.sid !== undefined) {
      issues.push({
        path: ['workers', i, 'sid'],
        message: 'a sid names one worker; drop it or set count to 1',
      });
    }
    const attributes = compileAttributes(w.attributes, ['workers', i, 'attributes'], issues);
    return Array.from({ length: w.count }, (_, n) => {
      const name = w.count === 1 ? w.name : `${w.name}-${n + 1}`;
      return { sid: w.sid ?? stableSid('WK', name), name, group: w.name, attributes };
    });
  });
  const knownWorkers = new Set(workers.flatMap((w) => [w.name, w.group]));
  const taskTypes = file.taskTypes.map((t, i) => {
    const workflow = workflows.find((w) => w.name === t.workflow);
    if (!workflow) {
      issues.push({
        path: ['taskTypes', i, 'workflow'],
        message: `no workflow named "${t.workflow}" (have: ${workflows.map((w) => w.name).join(', ')})`,
      });
    }
    for (const [j, name] of (t.workers ?? []).entries()) {
      if (!knownWorkers.has(name)) {
        issues.push({ path: ['taskTypes', i, 'workers', j], message: `no worker named "${name}"` });
      }
    }
    return {
      name: t.name,
      workflowSid: workflow?.sid ?? '',
      taskQueueSid: t.taskQueueSid ?? stableSid('WQ', t.name),
      arrivalsPerSecond: t.arrivalsPerSecond,
      arrivalPattern: t.arrivalPattern,
      priority: t.priority,
      handlingSeconds: t.handlingSeconds,
      wrapupSeconds: t.wrapupSeconds,
      cancelAfterSeconds: t.cancelAfterSeconds ?? null,
      eligible: t.workers ? new Set(t.workers) : null,
      attributes: compileAttributes(t.attributes, ['taskTypes', i, 'attributes'], issues),
    };
  });
  const longestTimeout = Math.max(...workflows.map((w) => w.taskReservationTimeout));
  const longestWork = Math.max(
    ...taskTypes.map((t) => upper(t.handlingSeconds) + upper(t.wrapupSeconds)),
  );
  return {
    seed: file.seed,
    durationSeconds: file.durationSeconds,
    drainSeconds: file.drainSeconds ?? longestTimeout + longestWork + 5,
    speed: file.speed,
    workspace: { sid: file.workspace.sid ?? createSid('WS'), name: file.workspace.name },
    eventsUrl: file.callbacks.eventsUrl ?? null,
    multiReservation: file.multiReservation,
    rejectCooldownSeconds: file.rejectCooldownSeconds,
    timeoutCooldownSeconds: file.timeoutCooldownSeconds,
    workflows,
    workers,
    taskTypes,
  };
}
