import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createRedisReservationStore, RECORD_GRACE_MS } from '../../src/state/create-redis-reservation-store.js';
import type { ReservationRecord } from '../../src/state/reservation-record.js';
import type { ReservationStore } from '../../src/state/reservation-store.js';
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
    reservationSid: newSid('WR'), taskSid: newSid('WT'), workerSid: newSid('WK'), workspaceSid: newSid('WS'),
    workflowSid: newSid('WW'), taskQueueSid: newSid('WQ'), state: 'decided', mode: 'async', rule: 'r1',
    instruction: 'accept', rulesVersion: 'abc', receivedAt: 1_000, deadline: Date.now() + 60_000,
    deliveries: 1, attempts: 0, updatedAt: 1_000, ...overrides,
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
    expect(await store.patch(rec.reservationSid, { state: 'updating' }, { live: true })).toBe('skipped');
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
    expect((await store.listInFlight()).map((r) => r.reservationSid)).toEqual([sooner.reservationSid, later.reservationSid]);
    expect((await store.listInFlight({ state: 'queued' })).map((r) => r.reservationSid)).toEqual([later.reservationSid]);
  });
});
