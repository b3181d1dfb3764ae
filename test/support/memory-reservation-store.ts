import {
  TERMINAL_STATES,
  type ReservationRecord,
} from '../../src/state/reservation-record.js';
import type { ReservationStore } from '../../src/state/reservation-store.js';

/** The ReservationStore contract in memory, for unit tests (the Redis one is tested for real). */
export function createMemoryReservationStore(): ReservationStore & {
  records: Map<string, ReservationRecord>;
} {
  const records = new Map<string, ReservationRecord>();
  return {
    records,
    claim(record) {
      const existing = records.get(record.reservationSid);
      if (existing) {
        const counted = { ...existing, deliveries: existing.deliveries + 1 };
        records.set(record.reservationSid, counted);
        return Promise.resolve({ claimed: false, existing: counted });
      }
      records.set(record.reservationSid, record);
      return Promise.resolve({ claimed: true });
    },
    patch(sid, patch, { live = false } = {}) {
      const rec = records.get(sid);
      if (!rec) {
        return Promise.resolve('missing');
      }
      if (live && TERMINAL_STATES.has(rec.state)) {
        return Promise.resolve(rec.state);
      }
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      records.set(sid, { ...rec, ...defined });
      return Promise.resolve('ok');
    },
    get: (sid) => Promise.resolve(records.get(sid) ?? null),
    listInFlight: ({ state } = {}) =>
      Promise.resolve(
        [...records.values()]
          .filter((r) => !TERMINAL_STATES.has(r.state) && (!state || r.state === state))
          .sort((a, b) => a.deadline - b.deadline),
      ),
  };
}
