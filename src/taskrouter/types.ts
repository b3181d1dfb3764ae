import type { Instruction } from '../rules/types.js';

/** Where a reservation lives in the REST API. */
export interface ReservationRef {
  readonly workspaceSid: string;
  readonly taskSid: string;
  readonly reservationSid: string;
}

/** The part of the Reservation resource this service acts on. */
export interface ReservationSnapshot {
  readonly sid: string;
  readonly taskSid: string;
  readonly workerSid: string;
  readonly workerName: string;
  readonly reservationStatus: string;
  readonly dateUpdated: string | null;
  /** ETag of the response, for `If-Match` on the next update. */
  readonly etag: string | undefined;
}

export interface CallOptions {
  /** Give up waiting after this long; never more than the time left before the deadline. */
  readonly timeoutMs: number;
  /** Send `If-Match` so TaskRouter refuses the update if the reservation changed since. */
  readonly ifMatch?: string;
}

export interface ListFilters {
  readonly workerSid?: string;
  readonly reservationStatus?: string;
}

/**
 * The TaskRouter REST calls this service makes, over the `twilio` library. The seam tests use
 * by pointing the library at a simulator; the library itself is never replaced.
 */
export interface TaskRouterGateway {
  updateReservation(
    ref: ReservationRef,
    instruction: Instruction,
    opts: CallOptions,
  ): Promise<ReservationSnapshot>;
  fetchReservation(ref: ReservationRef, opts: CallOptions): Promise<ReservationSnapshot>;
  listReservations(
    workspaceSid: string,
    taskSid: string,
    filters: ListFilters,
    opts: CallOptions,
  ): Promise<ReservationSnapshot[]>;
  /** The Workflow's `task_reservation_timeout`, in seconds. */
  fetchWorkflowReservationTimeout(
    workspaceSid: string,
    workflowSid: string,
    opts: CallOptions,
  ): Promise<number>;
}
