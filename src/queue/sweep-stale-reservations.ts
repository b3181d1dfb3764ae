import type { Metrics } from '../shared/create-metrics.js';
import type { Logger } from '../shared/logger.js';
import type { ReservationStore } from '../state/reservation-store.js';

export interface SweepDeps {
  readonly store: ReservationStore;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now: () => number;
  /**
   * How long past its deadline a record may stay unfinished before it is swept. A job still
   * running then has already given up: each attempt is bounded by the time left.
   * @defaultValue 10000
   */
  readonly graceMs?: number;
}

/**
 * Finds reservations whose deadline passed without a terminal state — a job BullMQ gave up on, a
 * claim whose enqueue never happened — and records them `expired` (reason `swept`), so none stays
 * silently unfinished. Safe to run from every worker at once: the first patch wins, the others
 * find the record terminal. Returns how many it swept.
 */
export async function sweepStaleReservations(deps: SweepDeps): Promise<number> {
  const cutoff = deps.now() - (deps.graceMs ?? 10_000);
  // Only the overdue ones are read (by the index's score), however many are in flight.
  const overdue = await deps.store.listInFlight({ limit: 500, dueBefore: cutoff });
  let swept = 0;
  for (const record of overdue) {
    const result = await deps.store.patch(
      record.reservationSid,
      { state: 'expired', reason: 'swept', finishedAt: deps.now() },
      { live: true },
    );
    if (result === 'ok') {
      swept += 1;
      deps.metrics.finished.inc({ state: 'expired', reason: 'swept' });
      deps.log.warn(
        {
          reservationSid: record.reservationSid,
          taskSid: record.taskSid,
          rule: record.rule,
          instruction: record.instruction,
          stateWas: record.state,
          attempts: record.attempts,
        },
        'reservation past its deadline without an outcome: recorded expired (swept)',
      );
    }
  }
  return swept;
}
