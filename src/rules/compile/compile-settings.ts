/**
 * The settings sections (`defaults`, `workflows`, `schedules`), merged over every file.
 */
import { compileDefaults } from './compile-defaults.js';
import { compileSchedules } from '../schedules/compile-schedules.js';
import { compileWorkflows } from './compile-workflows.js';
import type { DocumentSections } from './read-fields.js';
import type { FunctionContext } from '../expression/functions.js';
import type { SettingClaims } from './merge-setting.js';
import type { RuleDefaults, WorkflowSettings } from '../types.js';
import type { ZoneResult } from '../schedules/zone-clock.js';

/** Everything a rule compiles against. */
export interface Settings {
  readonly defaults: RuleDefaults;
  readonly workflows: Readonly<Record<string, WorkflowSettings>>;
  /** What `within()` and `schedule()` see: the named schedules and the zone clocks. */
  readonly functions: FunctionContext;
}

/** Merges and checks the settings of every document. */
export function compileSettings(
  documents: readonly DocumentSections[],
  clock: (zone: string) => ZoneResult,
): Settings {
  const claims: SettingClaims = new Map();
  return {
    defaults: compileDefaults(documents, claims),
    workflows: compileWorkflows(documents, claims),
    functions: { schedules: compileSchedules(documents, claims, clock), clock },
  };
}
