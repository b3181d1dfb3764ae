import type { InstructionKind, Mode } from '../rules/types.js';

/**
 * The life of one reservation in this service (design.md §6):
 * received → decided → queued → updating → done | failed | expired | skipped.
 * - decided: claimed with its decision (and, for async, its job enqueued): the worker has not
 *   started on it yet. From the enqueue on, only the worker writes the state.
 * - queued: an attempt failed and a retry is scheduled.
 * - updating: an attempt is in flight; a run that finds this left by a dead worker fetches first.
 * - done: the instruction took effect (REST 200, reconciled to its target, or answered inline).
 * - failed: TaskRouter refused the update while the reservation was pending, or it cannot be sent.
 * - expired: the deadline passed before the update succeeded; no call is made after it.
 * - skipped: nothing to send (no rule matched and `onNoMatch: leave`), or the reservation was
 *   no longer pending (an event or a fetch said so); `reservationStatus` tells which status.
 */
export const RESERVATION_STATES = [
  'received',
  'decided',
  'queued',
  'updating',
  'done',
  'failed',
  'expired',
  'skipped',
] as const;
export type ReservationState = (typeof RESERVATION_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<ReservationState> = new Set([
  'done',
  'failed',
  'expired',
  'skipped',
]);

export { RESERVATION_STATUSES, type ReservationStatus } from '../shared/reservation-status.js';
import type { ReservationStatus } from '../shared/reservation-status.js';

export interface ReservationIdentity {
  readonly reservationSid: string;
  readonly taskSid: string;
  readonly workerSid: string;
  readonly workspaceSid: string;
  readonly workflowSid: string;
  readonly taskQueueSid: string;
}

export interface ReservationRecord extends ReservationIdentity {
  readonly state: ReservationState;
  readonly mode: Mode;
  /** The rule chosen; null when none matched. */
  readonly rule: string | null;
  /** The instruction chosen; `leave` when nothing is to be sent. */
  readonly instruction: InstructionKind | 'leave';
  /** Content hash of the rules set that decided. */
  readonly rulesVersion: string;
  /** Epoch ms the (first) callback arrived. */
  readonly receivedAt: number;
  /** Epoch ms after which no update is attempted. */
  readonly deadline: number;
  /** How many times this callback was delivered (the fallback URL makes 2). */
  readonly deliveries: number;
  /** REST update attempts made. */
  readonly attempts: number;
  readonly updatedAt: number;
  readonly finishedAt?: number;
  /** Why the record ended as it did, in a word (`not-pending`, `event`, `deadline`, `no-match`…). */
  readonly reason?: string;
  /** The last error seen (a Twilio error code and message, or a network error name). */
  readonly lastError?: string;
  /** TaskRouter's view of the reservation, from an update response, a fetch or an event. */
  readonly reservationStatus?: ReservationStatus;
  /** The last reservation event type received (`reservation.accepted`…). */
  readonly lastEvent?: string;
  /** The inline response as sealed JSON, so a second delivery is answered the same way. */
  readonly sealedResponse?: string;
}

type Patchable =
  | 'state'
  | 'attempts'
  | 'finishedAt'
  | 'reason'
  | 'lastError'
  | 'reservationStatus'
  | 'lastEvent'
  | 'sealedResponse';

/** Fields a caller may change after the claim; undefined values are left as they are. */
export type ReservationPatch = { readonly [K in Patchable]?: ReservationRecord[K] | undefined };
