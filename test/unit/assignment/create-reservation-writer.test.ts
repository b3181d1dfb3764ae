import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReservationWriter } from '../../../src/assignment/create-reservation-writer.js';
import type { ReservationRecord } from '../../../src/state/reservation-record.js';
import type { ReservationStore } from '../../../src/state/reservation-store.js';
import { createMemoryReservationStore } from '../../support/memory-reservation-store.js';
import { aRecord } from '../../support/reservation-record-fixture.js';
import { newSid } from '../../support/sids.js';

/** Every call the writer makes, in order, over a memory store and a job map. */
function fakes() {
  const store = createMemoryReservationStore();
  const calls: string[] = [];
  const claimStore: Pick<ReservationStore, 'claim' | 'claimMany'> = {
    claim: (r) => (calls.push('claim'), store.claim(r)),
    claimMany: (rs) => (calls.push(`claimMany ${rs.length}`), store.claimMany(rs)),
  };
  return { store, claimStore, calls };
}

const record = (over: Partial<ReservationRecord> = {}) =>
  aRecord({ reservationSid: newSid('WR'), state: 'done', mode: 'inline', ...over });
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createReservationWriter', () => {
  it('when records are written behind within the window, then they go to Redis in one call', async () => {
    const { claimStore, calls, store } = fakes();
    const writer = createReservationWriter({ store: claimStore, windowMs: 2 });
    const records = [record(), record(), record()];
    const written = records.map((r) => writer.writeBehind(r));
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(2);
    expect(await Promise.all(written)).toEqual([
      { claimed: true },
      { claimed: true },
      { claimed: true },
    ]);
    expect(calls).toEqual(['claimMany 3']);
    expect(store.records.size).toBe(3);
  });

  it('when the same reservation is written twice in one gathering, then the second is counted as a delivery', async () => {
    const { claimStore, store } = fakes();
    const writer = createReservationWriter({ store: claimStore, windowMs: 2 });
    const r = record();
    const first = writer.writeBehind(r);
    const second = writer.writeBehind({ ...r, receivedAt: r.receivedAt + 1 });
    await vi.advanceTimersByTimeAsync(2);
    expect(await first).toEqual({ claimed: true });
    expect(await second).toMatchObject({ claimed: false, existing: { deliveries: 2 } });
    expect(store.records.get(r.reservationSid)?.deliveries).toBe(2);
  });

  it('when the window is 0 or a gathering reaches the batch size, then it is sent at once', () => {
    const { claimStore, calls } = fakes();
    const now = createReservationWriter({ store: claimStore, windowMs: 0 });
    void now.writeBehind(record());
    expect(calls).toEqual(['claim']);
    const full = createReservationWriter({
      store: claimStore,
      windowMs: 1000,
      maxBatch: 2,
    });
    void full.writeBehind(record());
    void full.writeBehind(record());
    expect(calls).toEqual(['claim', 'claimMany 2']);
  });

  it('when a gathering fails, then every record in it is told', async () => {
    const failing = {
      claim: () => Promise.reject(new Error('connection lost')),
      claimMany: () => Promise.reject(new Error('connection lost')),
    };
    const writer = createReservationWriter({ store: failing, windowMs: 2 });
    const written = [writer.writeBehind(record()), writer.writeBehind(record())];
    const settled = Promise.allSettled(written);
    await vi.advanceTimersByTimeAsync(2);
    expect((await settled).map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });

  it('when flushed, then what is gathered is sent now and the flush waits for it', async () => {
    const { claimStore, store } = fakes();
    const writer = createReservationWriter({ store: claimStore, windowMs: 60_000 });
    const r = record();
    void writer.writeBehind(r);
    await writer.flush();
    expect(store.records.get(r.reservationSid)).toMatchObject({ state: 'done' });
  });
});
