/**
 * The `defaults`, `workflows` and `schedules` sections, merged over every file of a rule set.
 */
import { compileSchedules } from './compile-schedules.js';
import type { FunctionContext } from './functions.js';
import type { ZoneResult } from './zone-clock.js';
import { claimSetting, type SettingClaims } from './merge-setting.js';
import {
  describeValue,
  readChoice,
  keyOf,
  readEntries,
  readFields,
  type Field,
} from './read-fields.js';
import type { Reporter } from './reporter.js';
import { MODES, type Mode, type RuleDefaults, type WorkflowSettings } from './types.js';

/** What a rules file's top level holds, per file, as read by `compile-rule-set.ts`. */
export interface DocumentSections {
  readonly reporter: Reporter;
  readonly sections: ReadonlyMap<string, Field>;
}

export interface Settings {
  readonly defaults: RuleDefaults;
  readonly workflows: Readonly<Record<string, WorkflowSettings>>;
  readonly functions: FunctionContext;
}

/** The defaults that apply when a rule set says nothing (design.md §5). */
export const BUILT_IN_DEFAULTS: RuleDefaults = Object.freeze({
  mode: 'async',
  reservationTimeout: 120,
  onNoMatch: 'leave',
});

/** TaskRouter's bounds for a Workflow's TaskReservationTimeout, in seconds. */
const TIMEOUT_RANGE = { min: 1, max: 86_400 } as const;
const WORKFLOW_SID = /^WW[0-9a-fA-F]{32}$/;

/** Reads a timeout in seconds (1…86400), reporting anything else. */
export function readTimeout(reporter: Reporter, field: Field): number | undefined {
  const { value } = field;
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= TIMEOUT_RANGE.min &&
    value <= TIMEOUT_RANGE.max
  ) {
    return value;
  }
  reporter.report(
    field.path,
    `expected whole seconds from ${TIMEOUT_RANGE.min} to ${TIMEOUT_RANGE.max} but found ${describeValue(value)}`,
  );
  return undefined;
}

function readDefaults(documents: readonly DocumentSections[], claims: SettingClaims): RuleDefaults {
  let mode: Mode = BUILT_IN_DEFAULTS.mode;
  let reservationTimeout = BUILT_IN_DEFAULTS.reservationTimeout;
  let onNoMatch: RuleDefaults['onNoMatch'] = BUILT_IN_DEFAULTS.onNoMatch;
  for (const { reporter, sections } of documents) {
    const section = sections.get('defaults');
    const fields =
      section &&
      readFields(reporter, section.value, section.path, [
        'mode',
        'reservationTimeout',
        'onNoMatch',
      ]);
    for (const [name, field] of fields ?? []) {
      if (!claimSetting(claims, reporter, field)) {
        continue;
      }
      if (name === 'mode') {
        mode = readChoice(reporter, field, MODES) ?? mode;
      } else if (name === 'reservationTimeout') {
        reservationTimeout = readTimeout(reporter, field) ?? reservationTimeout;
      } else {
        onNoMatch = readChoice(reporter, field, ['leave', 'reject'] as const) ?? onNoMatch;
      }
    }
  }
  return Object.freeze({ mode, reservationTimeout, onNoMatch });
}

function readWorkflow(
  reporter: Reporter,
  entry: Field,
  claims: SettingClaims,
): WorkflowSettings | undefined {
  const sid = keyOf(entry);
  if (!WORKFLOW_SID.test(sid)) {
    const hint = 'a Workflow SID is WW and 32 hex digits';
    reporter.report(entry.path, `'${sid}' is not a Workflow SID`, { key: true, hint });
    return undefined;
  }
  const timeout = readFields(reporter, entry.value, entry.path, ['reservationTimeout'])?.get(
    'reservationTimeout',
  );
  if (timeout === undefined || !claimSetting(claims, reporter, timeout)) {
    return undefined;
  }
  const seconds = readTimeout(reporter, timeout);
  return seconds === undefined ? undefined : Object.freeze({ reservationTimeout: seconds });
}

function readWorkflows(
  documents: readonly DocumentSections[],
  claims: SettingClaims,
): Readonly<Record<string, WorkflowSettings>> {
  // No prototype: a lookup by an unknown SID such as "constructor" finds nothing.
  const workflows = Object.create(null) as Record<string, WorkflowSettings>;
  for (const { reporter, sections } of documents) {
    const section = sections.get('workflows');
    for (const entry of (section && readEntries(reporter, section)) ?? []) {
      const settings = readWorkflow(reporter, entry, claims);
      if (settings !== undefined) {
        workflows[keyOf(entry)] = settings;
      }
    }
  }
  return Object.freeze(workflows);
}

/** Merges and checks the settings of every document. */
export function compileSettings(
  documents: readonly DocumentSections[],
  clock: (zone: string) => ZoneResult,
): Settings {
  const claims: SettingClaims = new Map();
  return {
    defaults: readDefaults(documents, claims),
    workflows: readWorkflows(documents, claims),
    functions: { schedules: compileSchedules(documents, claims, clock), clock },
  };
}
