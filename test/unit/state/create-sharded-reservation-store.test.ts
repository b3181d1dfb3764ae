import { describe, expect, it } from 'vitest';
import { shardOf } from '../../../src/shared/shard-of.js';
import { createShardedReservationStore } from '../../../src/state/create-sharded-reservation-store.js';
import type { ReservationRecord } from '../../../src/state/reservation-record.js';
import { createMemoryReservationStore } from '../../support/memory-reservation-store.js';
import { newSid } from '../../support/sids.js';
import { aRecord } from '../../support/reservation-record-fixture.js';

const record = (sid: string, deadline: number): ReservationRecord =>
  aRecord({ reservationSid: sid, state: 'queued', deadline });

describe('createShardedReservationStore', () => {
  it("when records are claimed, then each lives only in its SID's shard, and a second delivery finds the first there", async () => {
    const shards = [
      createMemoryReservationStore(),
      createMemoryReservationStore(),
      createMemoryReservationStore(),
    ];
    const store = createShardedReservationStore(shards);
    const sids = Array.from({ length: 30 }, () => newSid('WR'));
    for (const sid of sids) {
      expect(await store.claim(record(sid, 1000))).toEqual({ claimed: true });
    }
    for (const sid of sids) {
      const home = shardOf(sid, 3);
      shards.forEach((s, i) => expect(s.records.has(sid)).toBe(i === home));
      expect(await store.claim(record(sid, 1000))).toMatchObject({
        claimed: false,
        existing: { deliveries: 2 },
      });
      expect(await store.patch(sid, { state: 'done' }, { live: true })).toBe('ok');
      expect((await store.get(sid))?.state).toBe('done');
    }
    expect(shards.every((s) => s.records.size > 0)).toBe(true);
  });

  it('when the in-flight list is asked for, then every shard is in it, soonest deadline first, cut at the limit', async () => {
    const shards = [
      createMemoryReservationStore(),
      createMemoryReservationStore(),
      createMemoryReservationStore(),
    ];
    const store = createShardedReservationStore(shards);
    const sids = Array.from({ length: 60 }, () => newSid('WR'));
    await Promise.all(sids.map((sid, i) => store.claim(record(sid, 10_000 - i))));
    const listed = await store.listInFlight({ limit: 50 });
    expect(listed).toHaveLength(50);
    expect(listed.map((r) => r.deadline)).toEqual(
      [...listed.map((r) => r.deadline)].sort((a, b) => a - b),
    );
    expect(listed[0]?.deadline).toBe(10_000 - 59);
    expect(new Set(listed.map((r) => shardOf(r.reservationSid, 3))).size).toBe(3);
  });

  it('when there is one shard, then the store is that shard itself', () => {
    const only = createMemoryReservationStore();
    expect(createShardedReservationStore([only])).toBe(only);
  });
});
