import { TERMINAL_STATES, type ReservationRecord } from '../../src/state/reservation-record.js';
import type { ReservationStore } from '../../src/state/reservation-store.js';
import type { ReservationTimeline } from '../../src/state/timeline/reservation-timeline.js';

/**
 * The ReservationStore contract in memory, for unit tests (the Redis one is tested for real).
 * A patch's timeline mark goes to `timeline` when given, as the Redis store writes it beside the record.
 */
export function createMemoryReservationStore(
  now: () => number = Date.now,
  timeline?: Pick<ReservationTimeline, 'note'>,
): ReservationStore & {
  records: Map<string, ReservationRecord>;
} {
  const records = new Map<string, ReservationRecord>();
  return {
    records,
    claim(record) {
      const existing = records.get(record.reservationSid);
      // Written by the worker before any claim (startAttempt's adopt): filled in, not overwritten.
      if (existing?.deliveries === 0) {
        records.set(record.reservationSid, { ...record, ...existing, deliveries: 1 });
        return Promise.resolve({ claimed: true });
      }
      if (existing) {
        const counted = { ...existing, deliveries: existing.deliveries + 1 };
        records.set(record.reservationSid, counted);
        return Promise.resolve({ claimed: false, existing: counted });
      }
      records.set(record.reservationSid, record);
      return Promise.resolve({ claimed: true });
    },
    async claimMany(batch) {
      const results = [];
      for (const record of batch) {
        results.push(await this.claim(record));
      }
      return results;
    },
    patch(sid, patch, { live = false, mark } = {}) {
      const rec = records.get(sid);
      if (!rec) {
        return Promise.resolve('missing');
      }
      if (mark) {
        timeline?.note(sid, mark);
      }
      if (live && TERMINAL_STATES.has(rec.state)) {
        return Promise.resolve(rec.state);
      }
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      records.set(sid, { ...rec, ...defined });
      return Promise.resolve('ok');
    },
    get: (sid) => Promise.resolve(records.get(sid) ?? null),
    startAttempt(sid, { deadline, minAttemptMs, adopt }) {
      const rec = records.get(sid) ?? null;
      if (!rec && adopt && deadline - now() >= minAttemptMs) {
        // As in Redis, the fields a job does not carry (workerSid…) are absent until a claim.
        records.set(sid, {
          ...adopt,
          state: 'updating',
          attempts: 1,
          deliveries: 0,
          updatedAt: now(),
        } as ReservationRecord);
        return Promise.resolve({ record: null, marked: true });
      }
      const plain =
        rec !== null &&
        !TERMINAL_STATES.has(rec.state) &&
        rec.state !== 'updating' &&
        rec.reason !== 'unconfirmed' &&
        (rec.reservationStatus === undefined || rec.reservationStatus === 'pending') &&
        Math.min(rec.deadline, deadline) - now() >= minAttemptMs;
      if (plain) {
        records.set(sid, {
          ...rec,
          state: 'updating',
          attempts: rec.attempts + 1,
          updatedAt: now(),
        });
      }
      return Promise.resolve({ record: rec, marked: plain });
    },
    listInFlight: ({ state, limit = 100, dueBefore = Infinity } = {}) =>
      Promise.resolve(
        [...records.values()]
          .filter(
            (r) =>
              !TERMINAL_STATES.has(r.state) &&
              (!state || r.state === state) &&
              r.deadline < dueBefore,
          )
          .sort((a, b) => a.deadline - b.deadline)
          .slice(0, limit),
      ),
  };
}
