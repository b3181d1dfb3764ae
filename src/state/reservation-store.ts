import type {
  ReservationPatch,
  ReservationRecord,
  ReservationState,
} from './reservation-record.js';
import type { TimelineMark } from './timeline/timeline-mark.js';

/**
 * What a job knows of its reservation: enough for the worker to write the record itself when it
 * finds none (the job's add overtook the claim; the claim fills in the rest when it lands).
 */
export type AdoptedRecord = Pick<
  ReservationRecord,
  | 'reservationSid'
  | 'taskSid'
  | 'workspaceSid'
  | 'mode'
  | 'rule'
  | 'instruction'
  | 'receivedAt'
  | 'deadline'
>;

export type ClaimResult =
  { readonly claimed: true } | { readonly claimed: false; readonly existing: ReservationRecord };

/** `ok`; `missing` (no such record, e.g. expired); or the terminal state that blocked the change. */
export type PatchResult = 'ok' | 'missing' | ReservationState;

/** What `startAttempt` read, and whether it marked the record `updating` in the same step. */
export interface StartedAttempt {
  /** The record as it was before the mark; null when there is none. */
  readonly record: ReservationRecord | null;
  readonly marked: boolean;
}

/** Where reservation records live. One implementation: Redis (`create-redis-reservation-store.ts`). */
export interface ReservationStore {
  /**
   * Creates the record unless one exists for the same ReservationSid; on a second delivery it
   * counts the delivery and returns the existing record instead. A record the worker wrote before
   * any claim (`startAttempt`'s `adopt`, `deliveries` 0) is not a second delivery: the claim adds
   * the fields it lacks, changes none it has (its state stays the worker's), and counts as claimed.
   */
  claim(record: ReservationRecord): Promise<ClaimResult>;
  /** `claim` for many records in one step (one round trip), results in the records' order. */
  claimMany(records: readonly ReservationRecord[]): Promise<ClaimResult[]>;
  /**
   * Applies `patch`. With `live: true` a record already in a terminal state is left as it is
   * (so a late worker never overwrites `skipped` or `done`). A patch to a terminal state drops
   * the reservation from the in-flight index. A `mark` is added to the reservation's timeline in
   * the same step (whether or not the patch applies), saving the timeline its own round trip.
   */
  patch(
    sid: string,
    patch: ReservationPatch,
    opts?: { live?: boolean; mark?: TimelineMark },
  ): Promise<PatchResult>;
  get(sid: string): Promise<ReservationRecord | null>;
  /**
   * The worker's read of a record and its `updating` mark in one step: marks it (attempts + 1)
   * only in the plain case (not terminal, not already `updating` or `unconfirmed`, no event
   * saying it is no longer pending, at least `minAttemptMs` before the earlier of its and the
   * job's deadline); otherwise returns the record unmarked, for the careful path to decide.
   * With `adopt`, a missing record is written from it, already `updating` (attempts 1,
   * deliveries 0, indexed in flight), and reported marked with `record: null`: the job's add can
   * reach Redis before its claim (a claim resent after a dropped connection), and a record left
   * absent would let the late claim write `decided` over a finished reservation.
   */
  startAttempt(
    sid: string,
    opts: {
      readonly deadline: number;
      readonly minAttemptMs: number;
      readonly adopt?: AdoptedRecord;
    },
  ): Promise<StartedAttempt>;
  /**
   * Reservations not yet in a terminal state, soonest deadline first; with `dueBefore` (epoch
   * ms), only those whose deadline is before it, found by the index's score: the sweeper reads
   * the overdue ones, not every record in flight.
   */
  listInFlight(opts?: {
    state?: ReservationState;
    limit?: number;
    dueBefore?: number;
  }): Promise<ReservationRecord[]>;
}
