import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  createRedisReservationStore,
  RECORD_GRACE_MS,
} from '../../src/state/create-redis-reservation-store.js';
import type { ReservationRecord } from '../../src/state/reservation-record.js';
import type { ReservationStore } from '../../src/state/reservation-store.js';
import { createRedisTimeline } from '../../src/state/timeline/create-redis-timeline.js';
import type { AttemptMark } from '../../src/state/timeline/timeline-mark.js';
import { pino } from 'pino';
import { startRedisServer } from '../../src/local/start-redis-server.js';
import { newSid } from '../support/sids.js';

let redis: Redis;
let store: ReservationStore;
let prefix: string;

beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(() => {
  prefix = `{test-${randomUUID()}}`;
  store = createRedisReservationStore({ redis, keyPrefix: prefix, now: () => 1_000 });
});

function record(overrides: Partial<ReservationRecord> = {}): ReservationRecord {
  return {
    reservationSid: newSid('WR'),
    taskSid: newSid('WT'),
    workerSid: newSid('WK'),
    workspaceSid: newSid('WS'),
    workflowSid: newSid('WW'),
    taskQueueSid: newSid('WQ'),
    state: 'decided',
    mode: 'async',
    rule: 'r1',
    instruction: 'accept',
    rulesVersion: 'abc',
    receivedAt: 1_000,
    deadline: Date.now() + 60_000,
    deliveries: 1,
    attempts: 0,
    updatedAt: 1_000,
    ...overrides,
  };
}

describe('redis reservation store', () => {
  it('when a record is claimed, then it reads back whole, with a TTL a little past its deadline', async () => {
    const rec = record({ rule: null, instruction: 'leave' });
    expect(await store.claim(rec)).toEqual({ claimed: true });
    expect(await store.get(rec.reservationSid)).toEqual(rec);
    const ttl = await redis.pttl(`${prefix}:res:${rec.reservationSid}`);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(60_000 + RECORD_GRACE_MS);
  });

  it('when fifty deliveries race, then exactly one claims and the rest see the count', async () => {
    const rec = record();
    const results = await Promise.all(Array.from({ length: 50 }, () => store.claim(rec)));
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect((await store.get(rec.reservationSid))?.deliveries).toBe(50);
  });

  it('when a record is terminal, then a live patch cannot revive it, and it leaves the in-flight list', async () => {
    const rec = record();
    await store.claim(rec);
    expect((await store.listInFlight()).map((r) => r.reservationSid)).toEqual([rec.reservationSid]);
    expect(await store.patch(rec.reservationSid, { state: 'skipped', reason: 'event' })).toBe('ok');
    expect(await store.patch(rec.reservationSid, { state: 'updating' }, { live: true })).toBe(
      'skipped',
    );
    expect((await store.get(rec.reservationSid))?.state).toBe('skipped');
    expect(await store.listInFlight()).toEqual([]);
  });

  it('when there is no record, then a patch reports missing and creates nothing', async () => {
    const sid = newSid('WR');
    expect(await store.patch(sid, { state: 'done' })).toBe('missing');
    expect(await store.get(sid)).toBeNull();
  });

  it('when listing in flight, then records come soonest deadline first and filter by state', async () => {
    const later = record({ deadline: Date.now() + 90_000, state: 'queued' });
    const sooner = record({ deadline: Date.now() + 30_000 });
    await store.claim(later);
    await store.claim(sooner);
    expect((await store.listInFlight()).map((r) => r.reservationSid)).toEqual([
      sooner.reservationSid,
      later.reservationSid,
    ]);
    expect((await store.listInFlight({ state: 'queued' })).map((r) => r.reservationSid)).toEqual([
      later.reservationSid,
    ]);
  });

  // The sweeper asks every 10 s from every worker: before, it read up to 2,000 records each time,
  // however few were overdue (issue 13).
  it('when listing with dueBefore, then only records whose deadline is before it are read and returned', async () => {
    const own = await startRedisServer();
    const client = new Redis(own.url);
    try {
      const s = createRedisReservationStore({ redis: client, keyPrefix: prefix, now: () => 1_000 });
      const base = Date.now();
      const overdue = [record({ deadline: base - 20_000 }), record({ deadline: base - 15_000 })];
      const current = Array.from({ length: 50 }, (_, i) => record({ deadline: base + i * 1_000 }));
      await s.claimMany([...current, ...overdue]);
      await client.config('RESETSTAT');
      const listed = await s.listInFlight({ limit: 500, dueBefore: base - 10_000 });
      expect(listed.map((r) => r.reservationSid)).toEqual(overdue.map((r) => r.reservationSid));
      const stats = await client.info('commandstats');
      expect(/cmdstat_hgetall:calls=(\d+)/.exec(stats)?.[1]).toBe('2');
    } finally {
      client.disconnect();
      await own.stop();
    }
  });

  it('when records are claimed together, then each is claimed or counted as one claim would, in order, with its TTL and index entry', async () => {
    const existing = record();
    await store.claim(existing);
    const fresh = record();
    const done = record({ state: 'done', mode: 'inline', finishedAt: 1_000 });
    const results = await store.claimMany([fresh, existing, done, fresh]);
    expect(results[0]).toEqual({ claimed: true });
    expect(results[1]).toMatchObject({ claimed: false, existing: { deliveries: 2 } });
    expect(results[2]).toEqual({ claimed: true });
    // The same reservation twice in one call: the second sees the first.
    expect(results[3]).toMatchObject({ claimed: false, existing: { deliveries: 2 } });
    expect(await store.get(done.reservationSid)).toEqual(done);
    const ttl = await redis.pttl(`${prefix}:res:${done.reservationSid}`);
    expect(ttl).toBeGreaterThan(60_000);
    const inFlight = (await store.listInFlight()).map((r) => r.reservationSid).sort();
    expect(inFlight).toEqual([existing.reservationSid, fresh.reservationSid].sort());
    expect(await store.claimMany([])).toEqual([]);
  });
});

describe("the worker's read and mark (startAttempt)", () => {
  const opts = (deadline: number) => ({ deadline, minAttemptMs: 50 });

  it('when the record is plain, then it is read as it was and marked updating with one more attempt', async () => {
    const rec = record({ attempts: 1 });
    await store.claim(rec);
    expect(await store.startAttempt(rec.reservationSid, opts(rec.deadline))).toEqual({
      record: rec,
      marked: true,
    });
    expect(await store.get(rec.reservationSid)).toMatchObject({
      state: 'updating',
      attempts: 2,
      updatedAt: 1_000,
    });
  });

  it('when twenty runs of the same job start at once, then exactly one marks the record', async () => {
    const rec = record();
    await store.claim(rec);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.startAttempt(rec.reservationSid, opts(rec.deadline))),
    );
    expect(results.filter((r) => r.marked)).toHaveLength(1);
    expect((await store.get(rec.reservationSid))?.attempts).toBe(1);
  });

  it('when the record is terminal, updating, unconfirmed, no longer pending, near its deadline or missing, then it is returned unmarked and unchanged', async () => {
    const cases = [
      record({ state: 'done' }),
      record({ state: 'updating', attempts: 1 }),
      record({ reason: 'unconfirmed', attempts: 1 }),
      record({ reservationStatus: 'canceled' }),
    ];
    for (const rec of cases) {
      await store.claim(rec);
      expect(await store.startAttempt(rec.reservationSid, opts(Date.now() + 60_000))).toEqual({
        record: rec,
        marked: false,
      });
      expect(await store.get(rec.reservationSid)).toEqual(rec);
    }
    // The job's own deadline counts too (a later delivery's job must not outlive the first's).
    const late = record();
    await store.claim(late);
    expect((await store.startAttempt(late.reservationSid, opts(1_000 + 10))).marked).toBe(false);
    // And the record's own, read at a time just short of it.
    const nearly = createRedisReservationStore({
      redis,
      keyPrefix: prefix,
      now: () => late.deadline - 49,
    });
    expect(
      (await nearly.startAttempt(late.reservationSid, opts(late.deadline + 60_000))).marked,
    ).toBe(false);
    expect((await store.get(late.reservationSid))?.state).toBe('decided');
    expect(await store.startAttempt(newSid('WR'), opts(Date.now()))).toEqual({
      record: null,
      marked: false,
    });
  });

  /** What a job carries of its reservation (processReservationJob passes it as `adopt`). */
  const adoptOf = (rec: ReservationRecord) => ({
    reservationSid: rec.reservationSid,
    taskSid: rec.taskSid,
    workspaceSid: rec.workspaceSid,
    mode: rec.mode,
    rule: rec.rule,
    instruction: rec.instruction,
    receivedAt: rec.receivedAt,
    deadline: rec.deadline,
  });

  it('when the job starts before its claim has landed, then the worker writes the record itself, and the late claim fills in what it lacks without reviving it', async () => {
    const rec = record();
    const sid = rec.reservationSid;
    const adopt = adoptOf(rec);
    expect(await store.startAttempt(sid, { ...opts(rec.deadline), adopt })).toEqual({
      record: null,
      marked: true,
    });
    expect(await store.get(sid)).toEqual({
      ...adopt,
      state: 'updating',
      attempts: 1,
      deliveries: 0,
      updatedAt: 1_000,
    });
    // In flight, so the sweeper finds it if this worker dies; kept as long as a claimed record.
    expect((await store.listInFlight()).map((r) => r.reservationSid)).toEqual([sid]);
    const ttl = await redis.pttl(`${prefix}:res:${sid}`);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(60_000 + RECORD_GRACE_MS);

    expect(
      await store.patch(
        sid,
        { state: 'done', reason: 'updated', finishedAt: 1_000 },
        { live: true },
      ),
    ).toBe('ok');
    // The claim that was overtaken lands now: it is the first delivery, and the outcome stays.
    expect(await store.claim(rec)).toEqual({ claimed: true });
    expect(await store.get(sid)).toEqual({
      ...rec,
      state: 'done',
      reason: 'updated',
      finishedAt: 1_000,
      attempts: 1,
      deliveries: 1,
    });
    expect(await store.listInFlight()).toEqual([]);
    // A real second delivery after it is counted and answered from the record, as ever.
    const again = await store.claim(rec);
    expect(again.claimed).toBe(false);
    expect(!again.claimed && again.existing).toMatchObject({ state: 'done', deliveries: 2 });
  });

  it('when a record the worker wrote meets the gathered claims (claimMany), then it is filled in and counted claimed alike', async () => {
    const rec = record();
    await store.startAttempt(rec.reservationSid, { ...opts(rec.deadline), adopt: adoptOf(rec) });
    const other = record();
    expect(await store.claimMany([rec, other])).toEqual([{ claimed: true }, { claimed: true }]);
    expect(await store.get(rec.reservationSid)).toEqual({
      ...rec,
      state: 'updating',
      attempts: 1,
      deliveries: 1,
    });
    expect(await store.get(other.reservationSid)).toEqual(other);
  });

  it('when the job finds no record too near its deadline, then nothing is written', async () => {
    const rec = record({ deadline: 1_000 + 10 });
    expect(
      await store.startAttempt(rec.reservationSid, {
        ...opts(rec.deadline),
        adopt: adoptOf(rec),
      }),
    ).toEqual({ record: null, marked: false });
    expect(await store.get(rec.reservationSid)).toBeNull();
  });

  it('when a patch carries a timeline mark, then the mark is stored beside the record, even if the patch is refused, and never without a record', async () => {
    const timeline = createRedisTimeline({
      redis,
      keyPrefix: prefix,
      log: pino({ level: 'silent' }),
    });
    const mark = (at: number): AttemptMark => ({
      kind: 'attempt',
      at,
      operation: 'update',
      durationMs: 12,
      httpStatus: 200,
      twilioCode: null,
      error: null,
    });
    const rec = record();
    await store.claim(rec);
    expect(
      await store.patch(rec.reservationSid, { state: 'done' }, { live: true, mark: mark(1) }),
    ).toBe('ok');
    // A terminal record refuses the patch; the attempt still happened, so its mark is kept.
    expect(
      await store.patch(rec.reservationSid, { state: 'failed' }, { live: true, mark: mark(2) }),
    ).toBe('done');
    expect(await timeline.read(rec.reservationSid)).toEqual({
      marks: [mark(1), mark(2)],
      dropped: 0,
    });
    const ttl = await redis.pttl(`${prefix}:timeline:${rec.reservationSid}`);
    expect(ttl).toBeGreaterThan(0);

    const none = newSid('WR');
    expect(await store.patch(none, { state: 'done' }, { mark: mark(3) })).toBe('missing');
    expect(await redis.exists(`${prefix}:timeline:${none}`)).toBe(0);
  });

  it('when Redis has forgotten its scripts (a restart, a failover), then the store loads them again and goes on', async () => {
    const rec = record();
    await redis.script('FLUSH');
    expect(await store.claim(rec)).toEqual({ claimed: true });
    await redis.script('FLUSH');
    expect(await store.claim(rec)).toMatchObject({ claimed: false });
    await redis.script('FLUSH');
    expect(
      (await store.startAttempt(rec.reservationSid, { deadline: rec.deadline, minAttemptMs: 50 }))
        .marked,
    ).toBe(true);
    await redis.script('FLUSH');
    expect(await store.patch(rec.reservationSid, { state: 'done' }, { live: true })).toBe('ok');
    expect(await store.get(rec.reservationSid)).toMatchObject({
      state: 'done',
      attempts: 1,
      deliveries: 2,
    });
  });
});
