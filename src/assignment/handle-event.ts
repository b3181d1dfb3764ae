import type { Metrics } from '../shared/create-metrics.js';
import type { Logger } from '../shared/logger.js';
import type { ReservationStatus } from '../state/reservation-record.js';
import type { ReservationStore } from '../state/reservation-store.js';
import { failureReason } from './failure-reason.js';
import { settleWithin } from './settle-within.js';

/** Reservation events and the status each one means (taskrouter-facts.md §6). */
export const RESERVATION_EVENTS: Readonly<Record<string, ReservationStatus>> = {
  'reservation.accepted': 'accepted',
  'reservation.rejected': 'rejected',
  'reservation.timeout': 'timeout',
  'reservation.canceled': 'canceled',
  'reservation.rescinded': 'rescinded',
  'reservation.completed': 'completed',
  'reservation.wrapup': 'wrapping',
};

// After these, nothing this service could send would take effect.
const SETTLING = new Set<ReservationStatus>(['canceled', 'rescinded', 'timeout']);

export interface EventDeps {
  /** Its patch also notes each event of a known reservation on the reservation's timeline. */
  readonly store: ReservationStore;
  /** Drops the job of a reservation that can no longer be updated; no-op when it is running. */
  readonly dropJob: (reservationSid: string) => Promise<void>;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly now: () => number;
  /** `CALLBACK_BUDGET_MS`: the most the route waits before its 204; the work goes on behind it. */
  readonly budgetMs: number;
}

export interface ReservationEvent {
  readonly eventType: string;
  readonly reservationSid: string | undefined;
}

/**
 * Records what TaskRouter says happened to a reservation. Events of other kinds, and events for
 * reservations this service has no record of, are counted and dropped. Resolves when the record
 * is written or the budget is spent, whichever comes first, and never rejects: a write that
 * fails (now or behind the answer) is logged and counted, as TaskRouter does not retry events.
 */
export function createEventHandler(deps: EventDeps) {
  const record = createEventRecorder(deps);
  return async function handleEvent(event: ReservationEvent): Promise<void> {
    const status = RESERVATION_EVENTS[event.eventType];
    if (!status || !event.reservationSid) {
      deps.metrics.events.inc({ type: status ? event.eventType : 'other', known: 'false' });
      return;
    }
    const sid = event.reservationSid;
    const work = record(sid, event.eventType, status).catch((err: unknown) => {
      deps.metrics.recordWritesLost.inc({ route: 'events' });
      deps.log.error(
        { reservationSid: sid, eventType: event.eventType, err: failureReason(err) },
        'reservation event not recorded: check that Redis is up',
      );
    });
    await settleWithin(work, deps.budgetMs - Math.min(100, Math.floor(deps.budgetMs / 10)));
  };
}

function createEventRecorder(deps: EventDeps) {
  return async function recordEvent(sid: string, eventType: string, status: ReservationStatus) {
    // The timeline's mark rides on the patch (stored only beside an existing record).
    const mark = { kind: 'event', at: deps.now(), eventType } as const;
    const result = await deps.store.patch(
      sid,
      { reservationStatus: status, lastEvent: eventType },
      { mark },
    );
    deps.metrics.events.inc({ type: eventType, known: result === 'missing' ? 'false' : 'true' });
    if (result === 'missing' || !SETTLING.has(status)) {
      return;
    }
    const settled = await deps.store.patch(
      sid,
      { state: 'skipped', reason: 'event', finishedAt: deps.now() },
      { live: true },
    );
    if (settled === 'ok') {
      deps.metrics.finished.inc({ state: 'skipped', reason: 'event' });
      await deps.dropJob(sid);
      deps.log.info(
        { reservationSid: sid, eventType },
        'reservation settled by TaskRouter; update dropped',
      );
    }
  };
}
