import { describe, expect, it } from 'vitest';
import type { ReservationRecord } from '../../../src/state/reservation-record.js';
import { buildTimeline } from '../../../src/state/timeline/build-timeline.js';
import { summarizeOutcome } from '../../../src/state/timeline/summarize-outcome.js';
import {
  attemptMark,
  decodeMark,
  type TimelineMark,
} from '../../../src/state/timeline/timeline-mark.js';
import { aRecord } from '../../support/reservation-record-fixture.js';

const T0 = 1_700_000_000_000;

function record(overrides: Partial<ReservationRecord> = {}): ReservationRecord {
  return aRecord({
    reservationSid: `WR${'1'.repeat(32)}`,
    rulesVersion: 'v1',
    receivedAt: T0,
    deadline: T0 + 10_000,
    updatedAt: T0,
    ...overrides,
  });
}

const refused503 = attemptMark('update', T0 + 100, T0 + 150, {
  httpStatus: 503,
  twilioCode: '20503',
  label: 'twilio:20503 (HTTP 503)',
});
const reset = attemptMark('update', T0 + 400, T0 + 2400, {
  httpStatus: undefined,
  twilioCode: '',
  label: 'ECONNRESET',
});
const fetched = attemptMark('fetch', T0 + 2500, T0 + 2520, { httpStatus: 200 });
const taken = attemptMark('update', T0 + 3000, T0 + 3040, { httpStatus: 200 });

describe('attemptMark and decodeMark', () => {
  it('when an attempt is marked, then it keeps when, how long, the status and Twilio code as numbers, and reads back the same', () => {
    expect(refused503).toEqual({
      kind: 'attempt',
      at: T0 + 100,
      operation: 'update',
      durationMs: 50,
      httpStatus: 503,
      twilioCode: 20503,
      error: 'twilio:20503 (HTTP 503)',
    });
    expect(reset).toMatchObject({ httpStatus: null, twilioCode: null, error: 'ECONNRESET' });
    for (const mark of [
      refused503,
      reset,
      { kind: 'event', at: 5, eventType: 'reservation.accepted' },
      { kind: 'delivery', at: 7 },
    ] as TimelineMark[]) {
      expect(decodeMark(JSON.stringify(mark))).toEqual(mark);
    }
  });

  it('when a stored mark is not one (garbage, another shape), then it is skipped, not thrown', () => {
    for (const text of [
      '',
      '{',
      'null',
      '{"kind":"attempt","at":1}',
      '{"kind":"event","at":"x","eventType":"e"}',
      '{"kind":"other","at":1}',
    ]) {
      expect(decodeMark(text)).toBeNull();
    }
  });
});

describe('buildTimeline', () => {
  it('when a reservation was retried and expired, then every step is in time order against the deadline, with where the time went', () => {
    const rec = record({
      state: 'expired',
      reason: 'deadline',
      attempts: 4,
      finishedAt: T0 + 9_950,
      lastError: 'ECONNRESET',
      updatedAt: T0 + 9_950,
    });
    const marks: TimelineMark[] = [
      taken,
      refused503,
      { kind: 'event', at: T0 + 9_990, eventType: 'reservation.timeout' },
      reset,
      fetched,
      { kind: 'delivery', at: T0 + 200 },
    ];
    const t = buildTimeline({
      record: rec,
      stored: { marks, dropped: 3 },
      match: null,
      rulesChanged: true,
      now: T0 + 20_000,
    });
    expect(t.entries.map((e) => `${e.kind}@${e.atMs}`)).toEqual([
      'callback@0',
      'decision@0',
      'attempt@100',
      'callback@200',
      'attempt@400',
      'attempt@2500',
      'attempt@3000',
      'outcome@9950',
      'event@9990',
    ]);
    expect(t.entries[3]).toMatchObject({ kind: 'callback', delivery: 2 });
    expect(t.entries.map((e) => e.toDeadlineMs)).toEqual([
      10_000, 10_000, 9_900, 9_800, 9_600, 7_500, 7_000, 50, 10,
    ]);
    expect(t.entries[1]).toMatchObject({
      kind: 'decision',
      rule: 'r',
      instruction: 'accept',
      mode: 'async',
      match: null,
      rulesChanged: true,
    });
    expect(t).toMatchObject({
      deadlineMs: 10_000,
      endMs: 9_950,
      dropped: 3,
      deadlineAt: new Date(T0 + 10_000).toISOString(),
      receivedAt: new Date(T0).toISOString(),
    });
    expect(t.spent).toEqual({
      beforeFirstAttemptMs: 100,
      inRestCallsMs: 50 + 2000 + 20 + 40,
      betweenAttemptsMs: 3040 - 100 - 2110,
      afterLastAttemptMs: 9_950 - 3040,
    });
    expect(t.outcome).toMatchObject({
      state: 'expired',
      finished: true,
      reason: 'deadline',
      lastError: 'ECONNRESET',
      reservationStatus: null,
    });
    expect(t.outcome.summary).toBe(
      'The deadline passed before an update took effect: 4 update attempts, the last answered HTTP 200.',
    );
  });

  it('when a reservation is still in flight, then there is no outcome entry, the end is now and the summary gives the time left', () => {
    const t = buildTimeline({
      record: record({ state: 'queued', attempts: 1 }),
      stored: { marks: [refused503], dropped: 0 },
      match: null,
      rulesChanged: false,
      now: T0 + 1_000,
    });
    expect(t.entries.map((e) => e.kind)).toEqual(['callback', 'decision', 'attempt']);
    expect(t.endMs).toBe(1_000);
    expect(t.outcome).toMatchObject({ finished: false, state: 'queued' });
    expect(t.outcome.summary).toBe(
      'In flight (queued): 9000 ms left before the deadline; 1 update attempt, the last answered HTTP 503, Twilio 20503.',
    );
    expect(t.spent).toMatchObject({ beforeFirstAttemptMs: 100, afterLastAttemptMs: 850 });
  });

  it('when no REST call was made, then the time before the first call is unknown and all of it is after', () => {
    const t = buildTimeline({
      record: record({ state: 'done', reason: 'inline', mode: 'inline', finishedAt: T0 }),
      stored: { marks: [], dropped: 0 },
      match: null,
      rulesChanged: false,
      now: T0 + 5,
    });
    expect(t.spent).toEqual({
      beforeFirstAttemptMs: null,
      inRestCallsMs: 0,
      betweenAttemptsMs: 0,
      afterLastAttemptMs: 0,
    });
    expect(t.entries.map((e) => e.kind)).toEqual(['callback', 'decision', 'outcome']);
  });
});

describe('summarizeOutcome', () => {
  it.each([
    [{ state: 'done', reason: 'inline' }, [], /^Answered inline/],
    [
      { state: 'done', reason: 'updated', finishedAt: T0 + 3_040, reservationStatus: 'accepted' },
      [taken],
      /^TaskRouter took the update \(HTTP 200\), 6960 ms before the deadline; status accepted\.$/,
    ],
    [
      {
        state: 'done',
        reason: 'reconciled',
        finishedAt: T0 + 2_520,
        reservationStatus: 'accepted',
      },
      [fetched],
      /already taken effect \(status accepted\), 7480 ms/,
    ],
    [{ state: 'skipped', reason: 'no-match' }, [], /No rule matched and onNoMatch is leave/],
    [
      { state: 'skipped', reason: 'event', lastEvent: 'reservation.canceled' },
      [],
      /settled the reservation first \(reservation\.canceled\)/,
    ],
    [
      { state: 'skipped', reason: 'not-pending', reservationStatus: 'timeout' },
      [],
      /no longer pending \(status timeout\)/,
    ],
    [
      { state: 'failed', reason: 'rejected', lastError: 'twilio:20001 (HTTP 400)' },
      [],
      /refused the update while the reservation was pending \(twilio:20001 \(HTTP 400\)\)/,
    ],
    [{ state: 'failed', reason: 'job-failed', lastError: 'Error' }, [], /job failed outright/],
    [
      { state: 'expired', reason: 'swept', attempts: 0 },
      [],
      /sweeper recorded it expired after 0 update attempts\.$/,
    ],
    [{ state: 'queued', attempts: 2 }, [reset], /^Still queued 1000 ms past its deadline/],
  ] as const)('when the record is %o, then the summary says why', (fields, attempts, expected) => {
    const rec = record({
      ...(fields as Partial<ReservationRecord>),
      ...('reason' in fields
        ? { finishedAt: (fields as { finishedAt?: number }).finishedAt ?? T0 + 1 }
        : {}),
    });
    expect(summarizeOutcome(rec, attempts, T0 + 11_000)).toMatch(expected);
  });
});
