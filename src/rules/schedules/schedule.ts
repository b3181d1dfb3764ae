/**
 * A compiled set of opening hours in one time zone: the `within(...)` function and the entries
 * of a rules file's `schedules:` section are both one of these.
 */
import {
  DAY_NAMES,
  MINUTES_PER_DAY,
  MINUTES_PER_WEEK,
  parseScheduleSpec,
} from './schedule-spec.js';
import type { ZoneClock } from './zone-clock.js';

/** Opening hours in one time zone. */
export interface Schedule {
  readonly zone: string;
  /** The specs as written. */
  readonly hours: readonly string[];
  /** True when `now` (epoch ms) falls inside the hours, on the zone's wall clock. */
  readonly isOpen: (now: number) => boolean;
  /** The zone's wall-clock time at `now`, e.g. `Sat 10:15 in Europe/Berlin` (for explain). */
  readonly describe: (now: number) => string;
}

/** A schedule, or the problem with one of its specs (by index). */
export type ScheduleResult =
  | { readonly ok: true; readonly schedule: Schedule }
  | {
      readonly ok: false;
      readonly index: number;
      readonly message: string;
      readonly hint: string;
    };

function formatMinuteOfWeek(minuteOfWeek: number): string {
  if (minuteOfWeek < 0) {
    return 'an invalid time';
  }
  const day = DAY_NAMES[Math.floor(minuteOfWeek / MINUTES_PER_DAY)] ?? '?';
  const minute = minuteOfWeek % MINUTES_PER_DAY;
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${day} ${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
}

/** Compiles `hours` (each a spec for `parseScheduleSpec`) on `clock`. */
export function createSchedule(hours: readonly string[], clock: ZoneClock): ScheduleResult {
  const week = new Uint8Array(MINUTES_PER_WEEK);
  for (const [index, spec] of hours.entries()) {
    const result = parseScheduleSpec(spec, week);
    if (!result.ok) {
      return { ok: false, index, message: result.message, hint: result.hint };
    }
  }
  const schedule: Schedule = {
    zone: clock.zone,
    hours: Object.freeze([...hours]),
    isOpen: (now) => week[clock.minuteOfWeek(now)] === 1,
    describe: (now) => `${formatMinuteOfWeek(clock.minuteOfWeek(now))} in ${clock.zone}`,
  };
  return { ok: true, schedule: Object.freeze(schedule) };
}
