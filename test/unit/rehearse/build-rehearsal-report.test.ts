import { describe, expect, it } from 'vitest';
import { buildRehearsalReport } from '../../../src/rehearse/build-rehearsal-report.js';
import { classifyTimeout } from '../../../src/rehearse/classify-timeout.js';
import { formatRehearsalReport } from '../../../src/rehearse/format-rehearsal-report.js';
import type { RehearsalReport } from '../../../src/rehearse/rehearsal-report.js';
import { summarize } from '../../../src/simulator/summary/summarize.js';
import type {
  CallbackRecord,
  ReservationStatus,
  ReservationView,
  TransitionCause,
} from '../../../src/simulator/types.js';
import type { ReservationRecord } from '../../../src/state/reservation-record.js';

let n = 0;
function view(
  task: string,
  status: ReservationStatus,
  opts: { at?: number; settledBy?: TransitionCause; settleAfter?: number } = {},
): ReservationView {
  n += 1;
  const createdAt = opts.at ?? n * 1000;
  const settled = status !== 'pending';
  return {
    sid: `WR${String(n).padStart(32, '0')}`,
    accountSid: 'AC',
    workspaceSid: 'WS',
    taskSid: task,
    workerSid: 'WK',
    workerName: 'w',
    workerAttributes: {},
    taskAttributes: {},
    workflowSid: 'WW',
    taskQueueSid: 'WQ',
    taskPriority: 0,
    taskCreatedAt: 0,
    status,
    createdAt,
    updatedAt: createdAt,
    settledAt: settled ? createdAt + (opts.settleAfter ?? 600) : null,
    cause: opts.settledBy ?? 'rest',
    settledBy: settled ? (opts.settledBy ?? 'rest') : null,
    instruction: null,
    version: 1,
    etag: '"1"',
  };
}

function record(v: ReservationView, fields: Partial<ReservationRecord>): ReservationRecord {
  return {
    reservationSid: v.sid,
    taskSid: v.taskSid,
    workerSid: 'WK',
    workspaceSid: 'WS',
    workflowSid: 'WW',
    taskQueueSid: 'WQ',
    state: 'done',
    mode: 'async',
    rule: null,
    instruction: 'accept',
    rulesVersion: 'v',
    receivedAt: 0,
    deadline: 0,
    deliveries: 1,
    attempts: 1,
    updatedAt: 0,
    ...fields,
  };
}

const callback = (v: ReservationView, fields: Partial<CallbackRecord> = {}): CallbackRecord => ({
  kind: 'assignment',
  url: 'http://svc',
  reservationSid: v.sid,
  sentAt: v.createdAt,
  status: 200,
  durationMs: 3,
  outcome: 'deferred',
  ...fields,
});

function report(
  views: ReservationView[],
  records: Map<string, ReservationRecord | null>,
  callbacks: CallbackRecord[],
  speed = 10,
) {
  const summary = summarize({
    reservations: views,
    callbacks,
    requests: [],
    violations: [],
    speed,
    tasks: { offers: views.length },
  });
  return buildRehearsalReport(
    { reservations: views, callbacks, violations: [], records, summary, speed },
    ['vip', 'calls', 'unused'],
  );
}

describe('buildRehearsalReport', () => {
  const accepted = view('WT1', 'completed', { settleAfter: 500 });
  const rejected = view('WT2', 'rejected', { settleAfter: 200 });
  const reOffer = view('WT2', 'accepted', { settleAfter: 300 });
  const leftAlone = view('WT3', 'timeout', { settledBy: 'timeout' });
  const unanswered = view('WT4', 'timeout', { settledBy: 'timeout' });
  const stillPending = view('WT5', 'pending');
  const views = [accepted, rejected, reOffer, leftAlone, unanswered, stillPending];
  const records = new Map<string, ReservationRecord | null>([
    [accepted.sid, record(accepted, { rule: 'calls', instruction: 'dequeue' })],
    [rejected.sid, record(rejected, { rule: 'vip', instruction: 'reject' })],
    [reOffer.sid, record(reOffer, { rule: 'calls', instruction: 'dequeue', mode: 'inline' })],
    [
      leftAlone.sid,
      record(leftAlone, { instruction: 'leave', state: 'skipped', reason: 'no-match' }),
    ],
    [
      stillPending.sid,
      record(stillPending, {
        rule: 'calls',
        instruction: 'dequeue',
        state: 'queued',
        lastError: '503 20503',
      }),
    ],
  ]);
  const callbacks = [
    ...views.map((v) => callback(v)),
    callback(unanswered, { kind: 'fallback', outcome: 'failed', status: null }),
  ];
  const r = report(views, records, callbacks);

  it('when reservations end every way, then each breakdown counts each reservation once', () => {
    expect(r.reservations.total).toBe(6);
    expect(r.reservations.byOutcome).toEqual({
      accepted: 2,
      rejected: 1,
      timeout: 2,
      canceled: 0,
      rescinded: 0,
      pending: 1,
    });
    expect(r.byRule.map((row) => [row.label, row.total])).toEqual([
      ['vip', 1],
      ['calls', 3],
      ['unused', 0],
      ['(no answer recorded)', 1],
      ['(no rule matched)', 1],
    ]);
    expect(r.byRule[1]?.outcomes).toMatchObject({ accepted: 2, pending: 1 });
    expect(r.byInstruction.map((row) => [row.instruction, row.mode, row.total])).toEqual([
      ['(no answer recorded)', null, 1],
      ['dequeue', 'async', 2],
      ['dequeue', 'inline', 1],
      ['leave', null, 1],
      ['reject', 'async', 1],
    ]);
  });

  it('when reservations time out, then each has its cause, and re-offers are counted', () => {
    expect(r.timeouts).toMatchObject({ total: 2, reOffered: 0 });
    expect(r.timeouts.byCause).toMatchObject({ 'no-match-leave': 1, 'callback-failed': 1 });
    expect(r.timeouts.examples['no-match-leave']).toEqual([leftAlone.sid]);
    expect(r.rejections).toEqual({ total: 1, reOffered: 1, byRule: { vip: 1 } });
    expect(r.rest.updateErrors).toEqual({ '503 20503': 1 });
  });

  it('when the service settled reservations, then settle times are real ms (simulated ÷ speed)', () => {
    expect(r.settle).toEqual({ count: 3, p50Ms: 30, p95Ms: 50, p99Ms: 50, maxMs: 50 });
    expect(r.byRule[0]?.settle).toMatchObject({ count: 1, p50Ms: 20 });
  });

  it('when formatted, then the rule table, the causes and the totals are on their lines', () => {
    const full: RehearsalReport = {
      ...r,
      rules: { path: 'rules.yaml', version: 'abc', rules: 3 },
      scenario: {
        path: 's.yaml',
        seed: 7,
        durationSeconds: 60,
        speed: 10,
        workflows: [
          { name: 'support', sid: 'WW', reservationTimeoutSeconds: 30, realTimeoutMs: 3000 },
        ],
      },
      realSeconds: 6.5,
      warnings: ['1 reservations were still pending when the rehearsal stopped'],
    };
    const text = formatRehearsalReport(full);
    expect(text).toContain('60 s of simulated arrivals at speed 10 (seed 7), 6.5 s real');
    expect(text).toMatch(/\n {2}calls +3 +2 +0 +0 +1 {2}30 \/ 50 ms\n/);
    expect(text).toMatch(/\n {2}unused +0 +0 +0 +0 +0 {2}-\n/);
    expect(text).toContain('      1  no rule matched and onNoMatch is leave (e.g. ');
    expect(text).toContain('rejections    1 (task offered again for 1): vip 1');
    expect(text).toContain('warning: 1 reservations were still pending');
  });
});

describe('classifyTimeout', () => {
  const v = view('WT9', 'timeout');
  it.each<[string, ReservationRecord | null, CallbackRecord[], string]>([
    [
      'no record, the callback failed',
      null,
      [callback(v, { outcome: 'failed' })],
      'callback-failed',
    ],
    [
      'no rule matched',
      record(v, { instruction: 'leave', state: 'skipped' }),
      [],
      'no-match-leave',
    ],
    [
      'an inline instruction refused',
      record(v, { mode: 'inline' }),
      [callback(v, { outcome: 'instruction-failed' })],
      'inline-refused',
    ],
    [
      'an inline call without accept',
      record(v, { mode: 'inline', instruction: 'call' }),
      [callback(v, { outcome: 'instruction' })],
      'left-pending',
    ],
    ['a refused update', record(v, { state: 'failed', lastError: '400 20001' }), [], 'rest-failed'],
    [
      'updates retried until the deadline',
      record(v, { state: 'expired', lastError: '503 20503' }),
      [],
      'rest-failed',
    ],
    [
      'a job that never ran',
      record(v, { state: 'skipped', reason: 'event', attempts: 0 }),
      [],
      'expired-in-queue',
    ],
    [
      'a job past its deadline',
      record(v, { state: 'expired', attempts: 0 }),
      [],
      'expired-in-queue',
    ],
    [
      'an applied call without accept',
      record(v, { state: 'done', instruction: 'call' }),
      [],
      'left-pending',
    ],
  ])('when %s, then the cause is as named', (_what, rec, callbacks, cause) => {
    expect(classifyTimeout(rec, callbacks)).toBe(cause);
  });
});
