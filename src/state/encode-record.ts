import {
  RESERVATION_STATES,
  RESERVATION_STATUSES,
  type ReservationPatch,
  type ReservationRecord,
  type ReservationState,
  type ReservationStatus,
} from './reservation-record.js';

const NUMBER_FIELDS = new Set([
  'receivedAt',
  'deadline',
  'deliveries',
  'attempts',
  'updatedAt',
  'finishedAt',
]);

/** Flattens a record or patch into HSET arguments; absent and null values are not written. */
export function encodeFields(fields: Partial<ReservationRecord> | ReservationPatch): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null) {
      out.push(key, String(value));
    }
  }
  return out;
}

/** Rebuilds a record from HGETALL output; returns null for an empty or foreign hash. */
export function decodeRecord(hash: Record<string, string>): ReservationRecord | null {
  const state = hash.state as ReservationState | undefined;
  if (!state || !RESERVATION_STATES.includes(state) || !hash.reservationSid) {
    return null;
  }
  const out: Record<string, unknown> = { rule: null };
  for (const [key, value] of Object.entries(hash)) {
    out[key] = NUMBER_FIELDS.has(key) ? Number(value) : value;
  }
  const status = hash.reservationStatus as ReservationStatus | undefined;
  if (status !== undefined && !RESERVATION_STATUSES.includes(status)) {
    delete out.reservationStatus;
  }
  return out as unknown as ReservationRecord;
}

/** HGETALL through EVAL arrives as a flat [k, v, k, v] list. */
export function pairsToHash(pairs: readonly string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    hash[pairs[i] as string] = pairs[i + 1] as string;
  }
  return hash;
}
