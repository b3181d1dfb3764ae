import type { Metrics } from '../shared/create-metrics.js';
import type { Logger } from '../shared/logger.js';
import type { ReservationRecord } from '../state/reservation-record.js';
import type { ReservationTimeline } from '../state/timeline/reservation-timeline.js';
import type { ReservationWriter } from './create-reservation-writer.js';
import { failureReason } from './failure-reason.js';
import { noteLaterDelivery } from './note-later-delivery.js';

/**
 * Writes the record of a decision that needed nothing from Redis to be answered, behind the
 * answer: a failure is logged and counted, never waited for. The claim still counts a second
 * delivery on the record already there.
 */
export function writeRecordBehind(
  record: ReservationRecord,
  log: Logger,
  deps: {
    readonly writer: Pick<ReservationWriter, 'writeBehind'>;
    readonly timeline: Pick<ReservationTimeline, 'note'>;
    readonly metrics: Metrics;
  },
): void {
  deps.writer.writeBehind(record).then(
    (claim) => {
      deps.metrics.degraded.set(0);
      if (!claim.claimed) {
        noteLaterDelivery(claim.existing, record.receivedAt, log, deps.timeline, {
          decidedAgain: true,
        });
      }
    },
    (err: unknown) => {
      deps.metrics.recordWritesLost.inc({ route: 'assignment' });
      deps.metrics.degraded.set(1);
      log.error(
        { err: failureReason(err), rule: record.rule, instruction: record.instruction },
        'reservation record not written (the callback was answered): check that Redis is up',
      );
    },
  );
}
