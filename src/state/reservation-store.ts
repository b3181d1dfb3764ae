import type {
  ReservationPatch,
  ReservationRecord,
  ReservationState,
} from './reservation-record.js';

export type ClaimResult =
  { readonly claimed: true } | { readonly claimed: false; readonly existing: ReservationRecord };

/** `ok`; `missing` (no such record, e.g. expired); or the terminal state that blocked the change. */
export type PatchResult = 'ok' | 'missing' | ReservationState;

/** Where reservation records live. One implementation: Redis (`create-redis-reservation-store.ts`). */
export interface ReservationStore {
  /**
   * Creates the record unless one exists for the same ReservationSid; on a second delivery it
   * counts the delivery and returns the existing record instead.
   */
  claim(record: ReservationRecord): Promise<ClaimResult>;
  /**
   * Applies `patch`. With `live: true` a record already in a terminal state is left as it is
   * (so a late worker never overwrites `skipped` or `done`). A patch to a terminal state drops
   * the reservation from the in-flight index.
   */
  patch(sid: string, patch: ReservationPatch, opts?: { live?: boolean }): Promise<PatchResult>;
  get(sid: string): Promise<ReservationRecord | null>;
  /** Reservations not yet in a terminal state, soonest deadline first. */
  listInFlight(opts?: { state?: ReservationState; limit?: number }): Promise<ReservationRecord[]>;
}
