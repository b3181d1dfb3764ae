import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReservationJobData } from '../../../src/queue/contract.js';
import {
  processReservationJob,
  type ProcessorDeps,
} from '../../../src/queue/process-reservation-job.js';
import type { InstructionKind, InstructionParams } from '../../../src/rules/types.js';
import { createMetrics } from '../../../src/shared/create-metrics.js';
import { createSealer } from '../../../src/shared/create-sealer.js';
import type { ReservationRecord } from '../../../src/state/reservation-record.js';
import type { ReservationSnapshot, TaskRouterGateway } from '../../../src/taskrouter/types.js';
import { createMemoryReservationStore } from '../../support/memory-reservation-store.js';
import { createMemoryTimeline } from '../../support/memory-timeline.js';
import { aRecord } from '../../support/reservation-record-fixture.js';

const WR = `WR${'1'.repeat(32)}`;
const sealer = createSealer('token');

type Step = { ok: string } | { err: Record<string, unknown> };

/** A gateway answering from scripts; this is the seam below which the real client is tested. */
function scriptedGateway(updates: Step[], fetches: Step[] = []) {
  const calls: { op: 'update' | 'fetch'; ifMatch?: string | undefined; timeoutMs: number }[] = [];
  const answer = (step: Step | undefined): Promise<ReservationSnapshot> => {
    if (!step) {
      throw new Error('unexpected call');
    }
    if ('err' in step) {
      return Promise.reject(Object.assign(new Error('rest'), step.err));
    }
    return Promise.resolve({
      sid: WR,
      taskSid: 'WT',
      workerSid: 'WK',
      workerName: 'w',
      reservationStatus: step.ok,
      dateUpdated: null,
      etag: `"e-${step.ok}"`,
    });
  };
  const gateway: TaskRouterGateway = {
    updateReservation: (_ref, _i, o) => {
      calls.push({ op: 'update', ifMatch: o.ifMatch, timeoutMs: o.timeoutMs });
      return answer(updates.shift());
    },
    fetchReservation: (_ref, o) => {
      calls.push({ op: 'fetch', timeoutMs: o.timeoutMs });
      return answer(fetches.shift());
    },
    listReservations: () => Promise.reject(new Error('unused')),
    fetchWorkflowReservationTimeout: () => Promise.reject(new Error('unused')),
  };
  return { gateway, calls };
}

function record(overrides: Partial<ReservationRecord> = {}): ReservationRecord {
  return aRecord({ reservationSid: WR, state: 'queued', rulesVersion: 'v1', ...overrides });
}

function job(
  kind: InstructionKind = 'accept',
  params: InstructionParams = {},
  deadline = 60_000,
): ReservationJobData {
  return {
    reservationSid: WR,
    taskSid: 'WT',
    workspaceSid: 'WS',
    kind,
    rule: 'r',
    sealedParams: sealer.seal(params),
    receivedAt: 0,
    deadline,
  };
}

let clock = 1000;
let timeline = createMemoryTimeline();
let store = createMemoryReservationStore(() => clock, timeline);

function deps(gateway: TaskRouterGateway): ProcessorDeps {
  return {
    store,
    timeline,
    gateway,
    sealer,
    metrics: createMetrics(),
    log: pino({ level: 'silent' }),
    now: () => clock,
    random: () => 0.5,
    policy: { httpTimeoutMs: 5000, baseMs: 200, maxMs: 5000, minAttemptMs: 50 },
  };
}

beforeEach(() => {
  clock = 1000;
  timeline = createMemoryTimeline();
  store = createMemoryReservationStore(() => clock, timeline);
  store.records.set(WR, record());
});

describe('processReservationJob', () => {
  it('when the update succeeds, then the record is done with the status TaskRouter reported', async () => {
    const { gateway, calls } = scriptedGateway([{ ok: 'accepted' }]);
    expect(await processReservationJob(job(), deps(gateway))).toEqual({
      kind: 'finished',
      state: 'done',
      reason: 'updated',
    });
    expect(store.records.get(WR)).toMatchObject({
      state: 'done',
      reservationStatus: 'accepted',
      attempts: 1,
    });
    expect(calls).toEqual([{ op: 'update', ifMatch: undefined, timeoutMs: 5000 }]);
  });

  it('when the deadline has passed, then no call is made and the record is expired', async () => {
    clock = 60_000;
    const { gateway, calls } = scriptedGateway([]);
    expect(await processReservationJob(job(), deps(gateway))).toMatchObject({
      state: 'expired',
      reason: 'deadline',
    });
    expect(calls).toEqual([]);
    expect(store.records.get(WR)?.state).toBe('expired');
  });

  it('when the time left is shorter than the HTTP timeout, then the attempt is bounded by it', async () => {
    clock = 58_000;
    const { gateway, calls } = scriptedGateway([{ ok: 'accepted' }]);
    await processReservationJob(job(), deps(gateway));
    expect(calls[0]?.timeoutMs).toBe(2000);
  });

  it('when TaskRouter answers 429, then the whole worker is slowed for at least Retry-After', async () => {
    const { gateway } = scriptedGateway([
      { err: { status: 429, code: 20429, retryAfterMs: 1500 } },
    ]);
    expect(await processReservationJob(job(), deps(gateway))).toEqual({
      kind: 'rate-limited',
      ms: 1500,
    });
    expect(store.records.get(WR)).toMatchObject({
      state: 'queued',
      lastError: 'twilio:20429 (HTTP 429)',
    });
  });

  it('when TaskRouter answers 503, then a retry is scheduled with jittered backoff and no fetch', async () => {
    const { gateway, calls } = scriptedGateway([{ err: { status: 503, code: 20503 } }]);
    expect(await processReservationJob(job(), deps(gateway))).toEqual({
      kind: 'retry',
      at: 1000 + 100,
    });
    expect(calls.map((c) => c.op)).toEqual(['update']);
  });

  it('when the next retry would land past the deadline, then the record expires instead', async () => {
    clock = 59_900;
    const { gateway } = scriptedGateway([{ err: { status: 503 } }]);
    expect(await processReservationJob(job(), deps(gateway))).toMatchObject({
      state: 'expired',
      reason: 'deadline',
    });
    expect(store.records.get(WR)?.lastError).toBe('HTTP 503');
  });

  it('when a 4xx says not pending, then the reservation is fetched, its status recorded and nothing retried', async () => {
    const { gateway, calls } = scriptedGateway(
      [{ err: { status: 400, code: 40136 } }],
      [{ ok: 'timeout' }],
    );
    expect(
      await processReservationJob(job('conference', { from: '+1' }), deps(gateway)),
    ).toMatchObject({ state: 'skipped', reason: 'not-pending' });
    expect(store.records.get(WR)).toMatchObject({ state: 'skipped', reservationStatus: 'timeout' });
    expect(calls.map((c) => c.op)).toEqual(['update', 'fetch']);
  });

  it('when calls are made, then each is noted on the timeline where it is made: when, how long, status, Twilio code', async () => {
    const { gateway } = scriptedGateway(
      [{ err: { code: 'ECONNRESET' } }],
      [{ err: { status: 503, code: 20503 } }],
    );
    const gatewayTaking = (ms: number): TaskRouterGateway => ({
      ...gateway,
      updateReservation: (...args) => ((clock += ms), gateway.updateReservation(...args)),
      fetchReservation: (...args) => ((clock += ms), gateway.fetchReservation(...args)),
    });
    await processReservationJob(job(), deps(gatewayTaking(30)));
    expect(timeline.marks.get(WR)).toEqual([
      {
        kind: 'attempt',
        at: 1000,
        operation: 'update',
        durationMs: 30,
        httpStatus: null,
        twilioCode: null,
        error: 'ECONNRESET',
      },
      {
        kind: 'attempt',
        at: 1030,
        operation: 'fetch',
        durationMs: 30,
        httpStatus: 503,
        twilioCode: 20503,
        error: 'twilio:20503 (HTTP 503)',
      },
    ]);
    clock = 5000;
    const ok = scriptedGateway([{ ok: 'accepted' }], [{ ok: 'pending' }]).gateway;
    await processReservationJob(job(), deps(ok));
    expect(timeline.marks.get(WR)?.slice(2)).toEqual([
      {
        kind: 'attempt',
        at: 5000,
        operation: 'fetch',
        durationMs: 0,
        httpStatus: 200,
        twilioCode: null,
        error: null,
      },
      {
        kind: 'attempt',
        at: 5000,
        operation: 'update',
        durationMs: 0,
        httpStatus: 200,
        twilioCode: null,
        error: null,
      },
    ]);
  });

  it('when a 4xx comes while the reservation is still pending, then the record fails with the Twilio code', async () => {
    const { gateway } = scriptedGateway(
      [{ err: { status: 400, code: 40100 } }],
      [{ ok: 'pending' }],
    );
    expect(await processReservationJob(job('reject', {}), deps(gateway))).toMatchObject({
      state: 'failed',
      reason: 'rejected',
    });
    expect(store.records.get(WR)?.lastError).toBe('twilio:40100 (HTTP 400)');
  });

  it('when the connection resets after sending and the fetch shows the target status, then it is done without a second update', async () => {
    const { gateway, calls } = scriptedGateway(
      [{ err: { code: 'ECONNRESET' } }],
      [{ ok: 'accepted' }],
    );
    expect(await processReservationJob(job(), deps(gateway))).toMatchObject({
      state: 'done',
      reason: 'reconciled',
    });
    expect(calls.map((c) => c.op)).toEqual(['update', 'fetch']);
  });

  it('when a timeout leaves it pending (confirmed by a fetch), then the next attempt fetches again and updates with If-Match', async () => {
    const { gateway, calls } = scriptedGateway(
      [{ err: { code: 'ETIMEDOUT' } }],
      [{ ok: 'pending' }],
    );
    const first = await processReservationJob(job(), deps(gateway));
    expect(first.kind).toBe('retry');
    expect(calls.map((c) => c.op)).toEqual(['update', 'fetch']);
    // The timed-out request may still land after that fetch; the ETag of a fresh fetch turns
    // such a late landing into a 412 rather than a second update.
    const { gateway: g2, calls: c2 } = scriptedGateway([{ ok: 'accepted' }], [{ ok: 'pending' }]);
    expect(await processReservationJob(job(), deps(g2))).toMatchObject({
      state: 'done',
      reason: 'updated',
    });
    expect(c2).toEqual([
      { op: 'fetch', timeoutMs: 5000 },
      { op: 'update', ifMatch: '"e-pending"', timeoutMs: 5000 },
    ]);
  });

  it('when the timed-out update lands after the fetch, then the If-Match update is refused and the record is reconciled', async () => {
    store.records.set(WR, record({ state: 'queued', attempts: 1, reason: 'unconfirmed' }));
    const { gateway, calls } = scriptedGateway(
      [{ err: { status: 412, code: 20412 } }],
      [{ ok: 'pending' }, { ok: 'accepted' }],
    );
    expect(await processReservationJob(job(), deps(gateway))).toMatchObject({
      state: 'done',
      reason: 'reconciled',
    });
    expect(calls.map((c) => c.op)).toEqual(['fetch', 'update', 'fetch']);
  });

  it('when the fetch after an ambiguous failure fails too, then the next attempt fetches before updating', async () => {
    const { gateway } = scriptedGateway(
      [{ err: { code: 'ECONNRESET' } }],
      [{ err: { code: 'ECONNRESET' } }],
    );
    expect((await processReservationJob(job(), deps(gateway))).kind).toBe('retry');
    expect(store.records.get(WR)?.reason).toBe('unconfirmed');
    const { gateway: g2, calls } = scriptedGateway([{ ok: 'accepted' }], [{ ok: 'pending' }]);
    expect(await processReservationJob(job(), deps(g2))).toMatchObject({ state: 'done' });
    expect(calls).toEqual([
      { op: 'fetch', timeoutMs: 5000 },
      { op: 'update', ifMatch: '"e-pending"', timeoutMs: 5000 },
    ]);
  });

  it('when the fetch before an update keeps failing, then each run waits longer (the backoff grows with runs, not only updates)', async () => {
    store.records.set(WR, record({ state: 'queued', attempts: 1, reason: 'unconfirmed' }));
    const waits: number[] = [];
    for (const run of [2, 3, 4, 5]) {
      const { gateway, calls } = scriptedGateway([], [{ err: { code: 'ECONNRESET' } }]);
      const outcome = await processReservationJob(job(), deps(gateway), run);
      expect(calls.map((c) => c.op)).toEqual(['fetch']);
      waits.push(outcome.kind === 'retry' ? outcome.at - clock : -1);
    }
    // Full jitter at random() = 0.5 of base·2^(run-1): 200, 400, 800, 1600.
    expect(waits).toEqual([200, 400, 800, 1600]);
  });

  it('when a fetch is refused as not found, then the record fails at once with the code and its meaning', async () => {
    store.records.set(WR, record({ state: 'queued', attempts: 1, reason: 'unconfirmed' }));
    const { gateway, calls } = scriptedGateway([], [{ err: { status: 404, code: 20404 } }]);
    expect(await processReservationJob(job(), deps(gateway), 2)).toMatchObject({
      state: 'failed',
      reason: 'not-found',
    });
    expect(calls.map((c) => c.op)).toEqual(['fetch']);
    expect(store.records.get(WR)?.lastError).toMatch(/^twilio:20404 \(HTTP 404\): not found/);
  });

  it('when an update is refused for its credentials, then the record fails at once and nothing is fetched', async () => {
    const { gateway, calls } = scriptedGateway([{ err: { status: 401, code: 20003 } }]);
    expect(await processReservationJob(job(), deps(gateway))).toMatchObject({
      state: 'failed',
      reason: 'credentials',
    });
    expect(calls.map((c) => c.op)).toEqual(['update']);
  });

  it('when an earlier run died mid-update and the update had landed, then a fetch finds it and nothing is sent again', async () => {
    // The worker was killed after sending: the record says updating, attempt 1.
    store.records.set(WR, record({ state: 'updating', attempts: 1 }));
    const { gateway, calls } = scriptedGateway([], [{ ok: 'accepted' }]);
    expect(await processReservationJob(job(), deps(gateway))).toMatchObject({
      state: 'done',
      reason: 'reconciled',
    });
    expect(calls.map((c) => c.op)).toEqual(['fetch']);
  });

  it('when an earlier run died mid-update and the reservation is still pending, then the update is sent with If-Match', async () => {
    store.records.set(WR, record({ state: 'updating', attempts: 1 }));
    const { gateway, calls } = scriptedGateway([{ ok: 'accepted' }], [{ ok: 'pending' }]);
    expect(await processReservationJob(job(), deps(gateway))).toMatchObject({
      state: 'done',
      reason: 'updated',
    });
    expect(calls).toEqual([
      { op: 'fetch', timeoutMs: 5000 },
      { op: 'update', ifMatch: '"e-pending"', timeoutMs: 5000 },
    ]);
    expect(store.records.get(WR)).toMatchObject({ attempts: 2 });
  });

  it('when an event already said the reservation was canceled, then nothing is sent', async () => {
    store.records.set(WR, record({ reservationStatus: 'canceled' }));
    const { gateway, calls } = scriptedGateway([]);
    expect(await processReservationJob(job(), deps(gateway))).toMatchObject({ state: 'skipped' });
    expect(calls).toEqual([]);
  });

  it('when the record is already done (a duplicate job), then nothing is sent', async () => {
    store.records.set(WR, record({ state: 'done' }));
    const { gateway, calls } = scriptedGateway([]);
    expect(await processReservationJob(job(), deps(gateway))).toEqual({
      kind: 'finished',
      state: 'done',
      reason: 'already-finished',
    });
    expect(calls).toEqual([]);
  });
  it('when the job runs before its claim has landed (the add overtook it), then the worker writes the record and the late claim leaves it done', async () => {
    store.records.delete(WR);
    const { gateway, calls } = scriptedGateway([{ ok: 'accepted' }]);
    expect(await processReservationJob(job(), deps(gateway))).toEqual({
      kind: 'finished',
      state: 'done',
      reason: 'updated',
    });
    expect(calls).toHaveLength(1);
    expect(store.records.get(WR)).toMatchObject({ state: 'done', attempts: 1, deliveries: 0 });
    expect(await store.claim(record({ state: 'decided', workerSid: 'WK1' }))).toEqual({
      claimed: true,
    });
    expect(store.records.get(WR)).toMatchObject({
      state: 'done',
      reason: 'updated',
      workerSid: 'WK1',
      deliveries: 1,
    });
  });
});

describe('processReservationJob deadlines', () => {
  it('when the job carries a later deadline than the record (added by a second delivery), then the record wins', async () => {
    store.records.set(WR, record({ deadline: 10_000 }));
    clock = 10_000;
    const { gateway, calls } = scriptedGateway([]);
    expect(await processReservationJob(job('accept', {}, 60_000), deps(gateway))).toMatchObject({
      state: 'expired',
      reason: 'deadline',
    });
    expect(calls).toEqual([]);
  });
});
