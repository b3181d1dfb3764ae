import type { InstructionKind } from '../rules/types.js';

/** The one thing producer and consumer share: the queue's name and the job's shape. */
export const QUEUE_NAME = 'reservations';
export const JOB_NAME = 'update-reservation';

/**
 * A reservation to update. The params are sealed (`shared/create-sealer.ts`): job data is
 * visible in Redis and on the dashboard, and params hold phone numbers and contact URIs.
 */
export interface ReservationJobData {
  readonly reservationSid: string;
  readonly taskSid: string;
  readonly workspaceSid: string;
  readonly kind: InstructionKind;
  readonly rule: string | null;
  /** The instruction's params, sealed; '' when there are none. */
  readonly sealedParams: string;
  /** Epoch ms the callback arrived. */
  readonly receivedAt: number;
  /** Epoch ms after which no update is sent. */
  readonly deadline: number;
}

/**
 * Entries kept in BullMQ's events stream (its default is 10,000): only the dashboard and tests'
 * QueueEvents read it, and each is a few recent events, not a history.
 */
export const EVENTS_STREAM_MAX_LEN = 1000;

/** Completed jobs kept for the dashboard; the records hold every outcome. */
export const FINISHED_JOBS_KEPT = 1000;
