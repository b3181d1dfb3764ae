/**
 * The `schedules:` section: named opening hours, used in expressions as `schedule("name")`.
 *
 * ```yaml
 * schedules:
 *   business-hours:
 *     zone: Europe/Berlin
 *     hours: ["Mon-Fri 09:00-17:00", "Sat 10:00-14:00"]
 * ```
 */
import type { DocumentSections } from '../compile/read-fields.js';
import { claimSetting, type SettingClaims } from '../compile/merge-setting.js';
import {
  describeValue,
  keyOf,
  readEntries,
  readFields,
  type Field,
} from '../compile/read-fields.js';
import type { Reporter } from '../compile/reporter.js';
import { createSchedule, type Schedule } from './schedule.js';
import type { ZoneResult } from './zone-clock.js';

const NEVER_OPEN: Schedule = Object.freeze({
  zone: 'UTC',
  hours: [],
  isOpen: () => false,
  describe: () => 'a schedule with errors',
});

function readHours(reporter: Reporter, field: Field): string[] | undefined {
  const { value } = field;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) {
    return value;
  }
  const hint =
    typeof value === 'string' ? `write a list: ["${value}"]` : 'e.g. ["Mon-Fri 09:00-17:00"]';
  reporter.report(field.path, `expected a list of hours specs but found ${describeValue(value)}`, {
    hint,
  });
  return undefined;
}

function readSchedule(
  reporter: Reporter,
  entry: Field,
  clock: (zone: string) => ZoneResult,
): Schedule | undefined {
  const fields = readFields(reporter, entry.value, entry.path, ['zone', 'hours']);
  const zone = fields?.get('zone');
  const hours = fields?.get('hours');
  if (fields === undefined || zone === undefined || hours === undefined) {
    if (fields !== undefined) {
      reporter.report(entry.path, `schedule '${keyOf(entry)}' needs both zone and hours`);
    }
    return undefined;
  }
  const specs = readHours(reporter, hours);
  const zoneClock = clock(typeof zone.value === 'string' ? zone.value : '');
  if (!zoneClock.ok) {
    reporter.report(zone.path, zoneClock.message, { hint: zoneClock.hint });
    return undefined;
  }
  const compiled = specs && createSchedule(specs, zoneClock.clock);
  if (compiled !== undefined && !compiled.ok) {
    reporter.report([...hours.path, compiled.index], compiled.message, { hint: compiled.hint });
    return undefined;
  }
  return compiled?.schedule;
}

/** Every document's schedules by name; a name defined twice must be defined the same way. */
export function compileSchedules(
  documents: readonly DocumentSections[],
  claims: SettingClaims,
  clock: (zone: string) => ZoneResult,
): ReadonlyMap<string, Schedule> {
  const schedules = new Map<string, Schedule>();
  for (const { reporter, sections } of documents) {
    const section = sections.get('schedules');
    for (const entry of (section && readEntries(reporter, section)) ?? []) {
      if (!claimSetting(claims, reporter, entry) || schedules.has(keyOf(entry))) {
        continue;
      }
      // A broken schedule (already reported) stays known, so rules using it get no second error.
      schedules.set(keyOf(entry), readSchedule(reporter, entry, clock) ?? NEVER_OPEN);
    }
  }
  return schedules;
}
