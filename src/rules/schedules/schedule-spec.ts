/**
 * Opening-hours specs such as `Mon-Fri 09:00-17:00`, `Sat,Sun`, `Fri 22:00-02:00` or
 * `Mon-Fri 09:00-12:00,13:00-17:00; Sat 10:00-14:00`, compiled into a bitmap of the minutes of
 * a week (Monday 00:00 = 0), so checking a moment is one array read.
 *
 * - Days: `Mon`…`Sun` (or full names, any case), lists `Sat,Sun`, ranges `Mon-Fri` (wrapping:
 *   `Fri-Mon`), or `daily`. No days means every day.
 * - Times: `HH:MM-HH:MM`, comma-separated; `24:00` may end a range. No times means all day.
 * - A range that ends at or before it starts runs past midnight into the next day: `Fri 22:00-02:00`
 *   is Friday 22:00 to Saturday 02:00 (and `Sun 22:00-02:00` runs into Monday).
 */
import { didYouMean } from '../compile/suggest-name.js';

/** Minutes in a day; a week bitmap is seven of them, Monday first. */
export const MINUTES_PER_DAY = 1440;
/** Length of a week bitmap. */
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** Day names as specs and `Intl` (en-US, short) write them, Monday first. */
export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const FULL_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** A week bitmap (1 = open), or what is wrong with the spec. */
export type SpecResult =
  | { readonly ok: true; readonly week: Uint8Array }
  | { readonly ok: false; readonly message: string; readonly hint: string };

class SpecError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

function dayIndex(name: string): number {
  const lower = name.trim().toLowerCase();
  const index = Math.max(
    DAY_NAMES.findIndex((day) => day.toLowerCase() === lower),
    FULL_NAMES.indexOf(lower),
  );
  if (index < 0) {
    throw new SpecError(
      `unknown day '${name.trim()}'`,
      didYouMean(name.trim(), DAY_NAMES) ?? 'days are Mon, Tue, Wed, Thu, Fri, Sat, Sun',
    );
  }
  return index;
}

function parseDays(text: string): number[] {
  if (text === '' || text.toLowerCase() === 'daily') {
    return [0, 1, 2, 3, 4, 5, 6];
  }
  const days: number[] = [];
  for (const item of text.split(',')) {
    const [from, to, extra] = item.split('-');
    if (extra !== undefined) {
      throw new SpecError(`malformed day range '${item.trim()}'`, 'write a range as Mon-Fri');
    }
    const first = dayIndex(from ?? '');
    const last = to === undefined ? first : dayIndex(to);
    for (let day = first; ; day = (day + 1) % 7) {
      days.push(day);
      if (day === last) {
        break;
      }
    }
  }
  return days;
}

function minuteOfDay(text: string, isEnd: boolean): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  const valid =
    match !== null && minutes < 60 && (hours < 24 || (isEnd && hours === 24 && minutes === 0));
  if (!valid) {
    throw new SpecError(
      `malformed time '${text.trim()}'`,
      'times are HH:MM from 00:00 to 23:59; 24:00 may end a range',
    );
  }
  return hours * 60 + minutes;
}

function parseTimes(text: string): Array<[number, number]> {
  if (text === '') {
    return [[0, MINUTES_PER_DAY]];
  }
  return text.split(',').map((range) => {
    const [from, to, extra] = range.split('-');
    if (to === undefined || extra !== undefined) {
      throw new SpecError(`malformed time range '${range.trim()}'`, 'write a range as 09:00-17:00');
    }
    const start = minuteOfDay(from ?? '', false);
    const end = minuteOfDay(to, true);
    if (start === end) {
      throw new SpecError(
        `empty time range '${range.trim()}'`,
        'for a whole day leave the times out or write 00:00-24:00',
      );
    }
    // A range that ends before it starts continues past midnight into the next day.
    return [start, end > start ? end : end + MINUTES_PER_DAY];
  });
}

function markPart(week: Uint8Array, part: string): void {
  const firstDigit = part.search(/\d/);
  const daysText = (firstDigit < 0 ? part : part.slice(0, firstDigit)).trim();
  const timesText = firstDigit < 0 ? '' : part.slice(firstDigit).trim();
  for (const day of parseDays(daysText)) {
    for (const [start, end] of parseTimes(timesText)) {
      for (let minute = start; minute < end; minute += 1) {
        week[(day * MINUTES_PER_DAY + minute) % MINUTES_PER_WEEK] = 1;
      }
    }
  }
}

/** Compiles one spec string (parts separated by `;`) into a week bitmap. */
export function parseScheduleSpec(spec: string, into?: Uint8Array): SpecResult {
  const week = into ?? new Uint8Array(MINUTES_PER_WEEK);
  const parts = spec.split(';').filter((part) => part.trim() !== '');
  if (parts.length === 0) {
    return { ok: false, message: 'empty schedule spec', hint: 'e.g. "Mon-Fri 09:00-17:00"' };
  }
  try {
    parts.forEach((part) => markPart(week, part));
    return { ok: true, week };
  } catch (error) {
    if (error instanceof SpecError) {
      return { ok: false, message: error.message, hint: error.hint };
    }
    throw error;
  }
}
