import type { Logger } from '../shared/logger.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import type { ReservationTimeline } from '../state/timeline/reservation-timeline.js';

/**
 * A later delivery of a reservation already recorded: a mark on its timeline and one log line
 * saying what the record holds (the first decision), plus what the caller adds (`elapsedMs` when
 * the first answer was replayed, `decidedAgain` when an inline one was decided again).
 */
export function noteLaterDelivery(
  existing: ReservationRecord,
  receivedAt: number,
  log: Logger,
  timeline: Pick<ReservationTimeline, 'note'>,
  extra: Readonly<Record<string, unknown>>,
): void {
  timeline.note(existing.reservationSid, { kind: 'delivery', at: receivedAt });
  log.info(
    {
      rule: existing.rule,
      instruction: existing.instruction,
      mode: existing.mode,
      state: existing.state,
      delivery: existing.deliveries,
      ...extra,
    },
    'duplicate callback',
  );
}
