/**
 * The `workflows` section: per-Workflow settings by WorkflowSid, merged across files.
 */
import type { DocumentSections } from './read-fields.js';
import { claimSetting, type SettingClaims } from './merge-setting.js';
import { keyOf, readEntries, readFields, type Field } from './read-fields.js';
import { readTimeout } from './read-timeout.js';
import type { Reporter } from './reporter.js';
import type { WorkflowSettings } from '../types.js';

const WORKFLOW_SID = /^WW[0-9a-fA-F]{32}$/;

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

/** Every document's workflow settings, as a prototype-less frozen object. */
export function compileWorkflows(
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
