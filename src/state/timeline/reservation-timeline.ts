import type { StoredMarks, TimelineMark } from './timeline-mark.js';

/**
 * Where timeline marks live. One implementation: Redis (`create-redis-timeline.ts`), beside the
 * reservation record, bounded and expiring with it.
 */
export interface ReservationTimeline {
  /**
   * Adds a mark when the reservation has a record, without being waited for: callers are on a
   * callback's answer path or between a worker's REST calls, and a lost mark costs a line on a
   * page, never an update. Never throws.
   */
  note(reservationSid: string, mark: TimelineMark): void;
  /** The marks kept, oldest first. */
  read(reservationSid: string): Promise<StoredMarks>;
}
