/**
 * Wall-clock weekday and time in an IANA time zone, through `Intl.DateTimeFormat` (ECMAScript's
 * own tz database access): daylight saving is the zone's business, not ours. One formatting per
 * zone per minute; later calls within the same minute reuse it.
 */
import { DAY_NAMES, MINUTES_PER_DAY } from './schedule-spec.js';
import { didYouMean } from '../compile/suggest-name.js';

/** Wall-clock time in one IANA zone. */
export interface ZoneClock {
  readonly zone: string;
  /** Minutes since Monday 00:00 local time in the zone, at `now` (epoch ms); -1 for an invalid time. */
  minuteOfWeek(now: number): number;
}

/** A clock, or why the zone is not valid. */
export type ZoneResult =
  | { readonly ok: true; readonly clock: ZoneClock }
  | { readonly ok: false; readonly message: string; readonly hint?: string };

const MS_PER_MINUTE = 60_000;
/** The largest epoch-ms value a Date can hold (ECMAScript time range). */
const MAX_TIME = 8.64e15;

function createFormatter(zone: string): Intl.DateTimeFormat | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      // h23, not hour12: false, which renders midnight as 24 in some engines.
      hourCycle: 'h23',
    });
  } catch {
    return undefined;
  }
}

function readMinuteOfWeek(formatter: Intl.DateTimeFormat, now: number): number {
  let day = 0;
  let minutes = 0;
  for (const part of formatter.formatToParts(now)) {
    if (part.type === 'weekday') {
      day = (DAY_NAMES as readonly string[]).indexOf(part.value);
    } else if (part.type === 'hour') {
      minutes += Number(part.value) * 60;
    } else if (part.type === 'minute') {
      minutes += Number(part.value);
    }
  }
  return day * MINUTES_PER_DAY + minutes;
}

/** A clock for `zone`, or a problem when the zone is not a valid IANA time zone. */
export function createZoneClock(zone: string): ZoneResult {
  const formatter = createFormatter(zone);
  if (formatter === undefined) {
    const hint =
      didYouMean(zone, Intl.supportedValuesOf('timeZone')) ??
      'use an IANA name such as Europe/Berlin or America/New_York';
    return { ok: false, message: `unknown time zone '${zone}'`, hint };
  }
  let cachedMinute = NaN;
  let cachedValue = 0;
  const clock: ZoneClock = {
    zone,
    minuteOfWeek(now) {
      if (!(Math.abs(now) <= MAX_TIME)) {
        return -1; // NaN, ±Infinity or beyond Date's range: no wall-clock time, never open
      }
      const minute = Math.floor(now / MS_PER_MINUTE);
      if (minute !== cachedMinute) {
        cachedValue = readMinuteOfWeek(formatter, now);
        cachedMinute = minute;
      }
      return cachedValue;
    },
  };
  return { ok: true, clock };
}

/** A memoised `createZoneClock`, so every rule in one zone shares one clock (and its cache). */
export function createClockCache(): (zone: string) => ZoneResult {
  const clocks = new Map<string, ZoneResult>();
  return (zone) => {
    const known = clocks.get(zone);
    if (known !== undefined) {
      return known;
    }
    const created = createZoneClock(zone);
    clocks.set(zone, created);
    return created;
  };
}
