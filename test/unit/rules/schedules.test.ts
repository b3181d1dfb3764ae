import { describe, expect, it } from 'vitest';
import { parseScheduleSpec, MINUTES_PER_WEEK } from '../../../src/rules/schedules/schedule-spec.js';
import { createClockCache, createZoneClock } from '../../../src/rules/schedules/zone-clock.js';
import { errorsOf, evaluate, problemsOf, ruleSetOf, factsOf } from '../../support/rules.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Whether `spec` is open on `day` at `time` (week-minute arithmetic, no time zones). */
function openAt(spec: string, day: string, time: string): boolean {
  const result = parseScheduleSpec(spec);
  if (!result.ok) {
    throw new Error(result.message);
  }
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return result.week[DAYS.indexOf(day) * 1440 + hours * 60 + minutes] === 1;
}

describe('parseScheduleSpec', () => {
  it.each([
    ['Mon-Fri 09:00-17:00', 'Mon', '09:00', true],
    ['Mon-Fri 09:00-17:00', 'Mon', '08:59', false],
    ['Mon-Fri 09:00-17:00', 'Fri', '16:59', true],
    ['Mon-Fri 09:00-17:00', 'Fri', '17:00', false],
    ['Mon-Fri 09:00-17:00', 'Sat', '10:00', false],
    ['Sat,Sun', 'Sat', '00:00', true],
    ['Sat,Sun', 'Sun', '23:59', true],
    ['Sat,Sun', 'Mon', '00:00', false],
    ['sat, SUN', 'Sun', '12:00', true],
    ['09:00-17:00', 'Wed', '12:00', true],
    ['09:00-17:00', 'Sun', '12:00', true],
    ['09:00-17:00', 'Sun', '18:00', false],
    ['Fri 22:00-02:00', 'Fri', '22:00', true],
    ['Fri 22:00-02:00', 'Fri', '21:59', false],
    ['Fri 22:00-02:00', 'Sat', '01:59', true],
    ['Fri 22:00-02:00', 'Sat', '02:00', false],
    ['Fri 22:00-02:00', 'Thu', '23:00', false],
    ['Fri 22:00-02:00', 'Fri', '01:00', false],
    ['Sun 22:00-02:00', 'Mon', '01:00', true],
    ['Sun 22:00-02:00', 'Sun', '01:00', false],
    ['Fri-Mon', 'Sun', '12:00', true],
    ['Fri-Mon', 'Mon', '12:00', true],
    ['Fri-Mon', 'Tue', '12:00', false],
    ['Mon-Fri 09:00-12:00,13:00-17:00', 'Tue', '12:30', false],
    ['Mon-Fri 09:00-12:00, 13:00-17:00', 'Tue', '13:30', true],
    ['Mon 09:00-10:00; Tue 11:00-12:00', 'Tue', '11:30', true],
    ['Mon 09:00-10:00; Tue 11:00-12:00', 'Tue', '09:30', false],
    ['daily 00:00-24:00', 'Thu', '23:59', true],
    ['Daily', 'Thu', '03:00', true],
    ['monday-Friday 9:00 - 17:00', 'Wed', '09:00', true],
    ['Sat 20:00-24:00', 'Sat', '23:59', true],
    ['Sat 20:00-24:00', 'Sun', '00:00', false],
    ['Wed 23:00-00:00', 'Wed', '23:59', true],
    ['Wed 23:00-00:00', 'Thu', '00:00', false],
  ])('when the spec is %j, then %s %s open is %s', (spec, day, time, expected) => {
    expect(openAt(spec, day, time)).toBe(expected);
  });

  it('when all day every day, then every minute of the week is open', () => {
    const result = parseScheduleSpec('daily');
    expect(result.ok && result.week.every((minute) => minute === 1)).toBe(true);
    expect(result.ok && result.week.length).toBe(MINUTES_PER_WEEK);
  });

  it.each([
    ['Mnday 09:00-10:00', "unknown day 'Mnday'", 'days are Mon, Tue, Wed, Thu, Fri, Sat, Sun'],
    ['Mom 09:00-10:00', "unknown day 'Mom'", "did you mean 'Mon'?"],
    ['Mon-Tue-Wed', "malformed day range 'Mon-Tue-Wed'", 'write a range as Mon-Fri'],
    ['Mon 25:00-26:00', "malformed time '25:00'", undefined],
    ['Mon 09:60-10:00', "malformed time '09:60'", undefined],
    ['Mon 24:00-01:00', "malformed time '24:00'", undefined],
    ['Mon 24:30', "malformed time range '24:30'", 'write a range as 09:00-17:00'],
    ['Mon 09:00', "malformed time range '09:00'", undefined],
    ['Mon 09:00-10:00-11:00', "malformed time range '09:00-10:00-11:00'", undefined],
    ['Mon 9-17', "malformed time '9'", undefined],
    [
      'Mon 09:00-09:00',
      "empty time range '09:00-09:00'",
      'for a whole day leave the times out or write 00:00-24:00',
    ],
    ['', 'empty schedule spec', 'e.g. "Mon-Fri 09:00-17:00"'],
    [' ; ', 'empty schedule spec', undefined],
  ])('when the spec is %j, then it fails with %s', (spec, message, hint) => {
    const result = parseScheduleSpec(spec);
    expect(result).toMatchObject({ ok: false, message });
    if (hint !== undefined) {
      expect(result).toMatchObject({ hint });
    }
  });
});

describe('zone clock', () => {
  it('when the zone is valid, then the minute of the week is local wall-clock time', () => {
    const clock = createZoneClock('Asia/Tokyo');
    // 2024-01-15 is a Monday; 20:30 UTC is Tuesday 05:30 in Tokyo (UTC+9).
    expect(clock.ok && clock.clock.minuteOfWeek(Date.UTC(2024, 0, 15, 20, 30))).toBe(
      1440 + 5 * 60 + 30,
    );
  });

  it('when asked twice within a minute, then the answer is the same; a new minute is recomputed', () => {
    const clock = createZoneClock('UTC');
    const at = Date.UTC(2024, 0, 15, 0, 0, 10);
    expect(
      clock.ok && [
        clock.clock.minuteOfWeek(at),
        clock.clock.minuteOfWeek(at + 30_000),
        clock.clock.minuteOfWeek(at + 60_000),
      ],
    ).toEqual([0, 0, 1]);
  });

  it('when it is midnight, then the hour is 0, not 24', () => {
    const clock = createZoneClock('America/New_York');
    // Monday 2024-01-15 05:00 UTC is Monday 00:00 in New York (UTC-5).
    expect(clock.ok && clock.clock.minuteOfWeek(Date.UTC(2024, 0, 15, 5, 0))).toBe(0);
  });

  it('when the zone is unknown, then the problem suggests the closest zone', () => {
    expect(createZoneClock('Europe/Berln')).toEqual({
      ok: false,
      message: "unknown time zone 'Europe/Berln'",
      hint: "did you mean 'Europe/Berlin'?",
    });
    expect(createZoneClock('Nowhere')).toMatchObject({
      ok: false,
      hint: 'use an IANA name such as Europe/Berlin or America/New_York',
    });
  });

  it('when the cache is asked for the same zone twice, then it returns the same clock', () => {
    const cache = createClockCache();
    expect(cache('UTC')).toBe(cache('UTC'));
    expect(cache('UTC')).not.toBe(cache('Europe/Paris'));
  });
});

describe('within()', () => {
  const office = 'within("Mon-Fri 09:00-17:00", "Europe/Berlin")';

  it.each([
    ['winter, 09:00 CET is 08:00 UTC', Date.UTC(2024, 2, 25, 8, 0), true],
    ['winter, 08:59 CET', Date.UTC(2024, 2, 25, 7, 59), false],
    ['summer, 09:00 CEST is 07:00 UTC', Date.UTC(2024, 3, 1, 7, 0), true],
    ['summer, 08:59 CEST', Date.UTC(2024, 3, 1, 6, 59), false],
    ['summer, 16:59 CEST', Date.UTC(2024, 3, 1, 14, 59), true],
    ['summer, 17:00 CEST', Date.UTC(2024, 3, 1, 15, 0), false],
    ['Saturday', Date.UTC(2024, 3, 6, 10, 0), false],
  ])('when %s, then office hours are %s', (_label, now, expected) => {
    expect(evaluate(office, {}, now)).toBe(expected);
  });

  it.each([NaN, Infinity, -Infinity, 8.64e15 + 1])(
    'when now is %d, then nothing is open and nothing throws',
    (now) => {
      expect(evaluate('within("daily", "UTC")', {}, now)).toBe(false);
      const rules = ruleSetOf(scheduleRules);
      expect(rules.decide(factsOf(), now).rule).toBe('closed');
      expect(rules.explain(factsOf(), now).rules[0]?.failures[0]?.reason).toBe(
        'an invalid time in Europe/Berlin is outside schedule "business-hours"',
      );
    },
  );

  it('when clocks spring forward, then a local hour that never happens is never open', () => {
    const lostHour = 'within("Sun 02:00-03:00", "Europe/Berlin")';
    // 2024-03-31: at 01:00 UTC Berlin jumps from 02:00 CET to 03:00 CEST.
    const day = Array.from(
      { length: 24 * 4 },
      (_, i) => Date.UTC(2024, 2, 30, 22, 0) + i * 15 * 60_000,
    );
    expect(day.filter((now) => evaluate(lostHour, {}, now))).toEqual([]);
  });

  it('when clocks fall back, then a local hour that happens twice is open both times', () => {
    const doubledHour = 'within("Sun 02:00-03:00", "Europe/Berlin")';
    // 2024-10-27: 02:30 CEST is 00:30 UTC and 02:30 CET is 01:30 UTC.
    expect(evaluate(doubledHour, {}, Date.UTC(2024, 9, 27, 0, 30))).toBe(true);
    expect(evaluate(doubledHour, {}, Date.UTC(2024, 9, 27, 1, 30))).toBe(true);
    expect(evaluate(doubledHour, {}, Date.UTC(2024, 9, 27, 2, 30))).toBe(false);
  });

  it('when hours run past midnight, then the early hours of the next day are open', () => {
    const night = 'within("Fri 22:00-06:00", "America/New_York")';
    // Saturday 2024-01-20 04:00 in New York is 09:00 UTC.
    expect(evaluate(night, {}, Date.UTC(2024, 0, 20, 9, 0))).toBe(true);
    expect(evaluate(night, {}, Date.UTC(2024, 0, 20, 11, 0))).toBe(false);
  });

  it('when compared with false, then it reads "outside the hours"', () => {
    expect(evaluate(`${office} == false`, {}, Date.UTC(2024, 3, 6, 10, 0))).toBe(true);
  });

  it.each([
    ['within("Mon-Fry", "Europe/Berlin")', 7, "unknown day 'Fry'", "did you mean 'Fri'?"],
    [
      'within("Mon", "Europe/Berln")',
      14,
      "unknown time zone 'Europe/Berln'",
      "did you mean 'Europe/Berlin'?",
    ],
    [
      'within("Mon")',
      0,
      'within() takes 2 string arguments',
      'e.g. within("Mon-Fri 09:00-17:00", "Europe/Berlin")',
    ],
    ['within("Mon", 5)', 0, 'within() takes 2 string arguments', undefined],
    ['schedule()', 0, 'schedule() takes 1 string argument', 'e.g. schedule("business-hours")'],
    ['schedule("office")', 9, "unknown schedule 'office'", 'define it under schedules:'],
    ['wihtin("Mon", "UTC")', 0, "unknown function 'wihtin'", "did you mean 'within'?"],
    ['toString("x")', 0, "unknown function 'toString'", 'functions are within() and schedule()'],
    ['task.a == 1 AND within("Mon", "Mars/Base")', 30, "unknown time zone 'Mars/Base'", undefined],
  ])('when %s, then the error is at %d: %s', (expression, offset, message, hint) => {
    const [error] = errorsOf(expression);
    expect(error).toMatchObject({ offset, message });
    if (hint !== undefined) {
      expect(error?.hint).toBe(hint);
    }
  });
});

const scheduleRules = `version: 1
schedules:
  business-hours:
    zone: Europe/Berlin
    hours: ["Mon-Fri 09:00-17:00", "Sat 10:00-14:00"]
rules:
  - name: open
    when: schedule("business-hours")
    instruction: accept
  - name: closed
    instruction: reject
`;

describe('schedules section', () => {
  it('when a rule uses a named schedule, then it matches inside the hours only', () => {
    const rules = ruleSetOf(scheduleRules);
    const facts = factsOf();
    expect(rules.decide(facts, Date.UTC(2024, 3, 6, 9, 0)).rule).toBe('open'); // Sat 11:00 CEST
    expect(rules.decide(facts, Date.UTC(2024, 3, 6, 13, 0)).rule).toBe('closed'); // Sat 15:00 CEST
    expect(rules.decide(facts, Date.UTC(2024, 3, 8, 14, 59)).rule).toBe('open'); // Mon 16:59 CEST
  });

  it('when two files define the same schedule the same way, then that is fine', () => {
    const other =
      'version: 1\nschedules:\n  business-hours:\n    zone: Europe/Berlin\n    hours: ["Mon-Fri 09:00-17:00", "Sat 10:00-14:00"]\n';
    expect(ruleSetOf(scheduleRules, other).rules).toHaveLength(2);
  });

  it('when two files define a schedule differently, then the problem names both places', () => {
    const other = {
      file: 'b.yaml',
      text: 'version: 1\nschedules:\n  business-hours: { zone: UTC, hours: ["Mon"] }\n',
    };
    expect(problemsOf({ file: 'a.yaml', text: scheduleRules }, other)).toEqual([
      {
        file: 'b.yaml',
        line: 3,
        column: 19,
        path: 'schedules.business-hours',
        message:
          'schedules.business-hours is {"zone":"UTC","hours":["Mon"]} here but {"zone":"Europe/Berlin","hours":["Mon-Fri 09:00-17:00","Sat 10:00-14:00"]} at a.yaml:4:5',
        hint: 'set it in one file only',
      },
    ]);
  });

  it.each([
    ['  office: { zone: Europe/Berln, hours: [Mon] }', 3, 19, "unknown time zone 'Europe/Berln'"],
    ['  office: { zone: UTC, hours: [Mon, "Tue 25:00-26:00"] }', 3, 37, "malformed time '25:00'"],
    [
      '  office: { zone: UTC, hours: "Mon" }',
      3,
      31,
      'expected a list of hours specs but found the string "Mon"',
    ],
    ['  office: { zone: UTC }', 3, 11, "schedule 'office' needs both zone and hours"],
    ['  office: { zone: UTC, hours: [Mon], days: [Tue] }', 3, 38, "unknown key 'days'"],
    ['  office: [Mon]', 3, 11, 'expected a mapping but found a list'],
  ])('when the schedule is %j, then %d:%d says %s', (entry, line, column, message) => {
    const text = `version: 1\nschedules:\n${entry}\nrules:\n  - name: r\n    when: schedule("office")\n    instruction: accept\n`;
    expect(problemsOf(text)).toEqual([expect.objectContaining({ line, column, message })]);
  });

  it('when a rule names a schedule that does not exist, then the problem suggests the closest', () => {
    const text = scheduleRules.replace('schedule("business-hours")', 'schedule("busines-hours")');
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        line: 8,
        column: 20,
        rule: 'open',
        message: "unknown schedule 'busines-hours'",
        hint: "did you mean 'business-hours'?",
      }),
    ]);
  });

  it('when rules name a schedule while others exist, then the hint lists the known ones', () => {
    const text = scheduleRules.replace('schedule("business-hours")', 'schedule("xyz")');
    expect(problemsOf(text)).toEqual([expect.objectContaining({ hint: 'known: business-hours' })]);
  });
});
