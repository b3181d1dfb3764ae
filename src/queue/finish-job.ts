import type { ReservationPatch, ReservationState } from '../state/reservation-record.js';
import type { TimelineMark } from '../state/timeline/timeline-mark.js';
import type { JobContext, JobOutcome } from './job-context.js';

/**
 * Brings the record to a terminal state (unless something else got there first: then that state
 * is the outcome), counts it and logs the one outcome line of the reservation. `mark`, the
 * attempt that led here, goes to the timeline in the same write.
 */
export async function finish(
  ctx: JobContext,
  state: ReservationState,
  reason: string,
  extra: ReservationPatch = {},
  mark?: TimelineMark,
): Promise<JobOutcome> {
  const { deps } = ctx;
  const result = await deps.store.patch(
    ctx.data.reservationSid,
    // Not `{ ...extra, state, … }`: on Node 20 each property written after a spread costs ~1 µs.
    Object.assign({}, extra, { state, reason, finishedAt: deps.now() }),
    mark ? { live: true, mark } : { live: true },
  );
  if (result !== 'ok' && result !== 'missing') {
    return { kind: 'finished', state: result, reason: 'already-finished' };
  }
  deps.metrics.finished.inc({ state, reason });
  const level = state === 'done' || state === 'skipped' ? 'info' : 'warn';
  ctx.log[level](
    {
      state,
      reason,
      attempt: ctx.attempt,
      reservationStatus: extra.reservationStatus,
      lastError: extra.lastError,
      msSinceCallback: deps.now() - ctx.data.receivedAt,
      msLeft: ctx.data.deadline - deps.now(),
    },
    `reservation ${state}`,
  );
  return { kind: 'finished', state, reason };
}
