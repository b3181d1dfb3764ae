import type { ReservationChange } from '../reservations/create-reservation-book.js';
import type { CallbackRecord, SimClock } from '../types.js';
import { buildEventParams, RESERVATION_EVENT_TYPES } from './build-callback-params.js';
import type { SignedPoster } from './create-signed-poster.js';

export interface EventSenderDeps {
  readonly poster: SignedPoster;
  readonly clock: SimClock;
  /** The Workspace `EventCallbackUrl`. */
  readonly url: string;
  readonly workspaceName: string;
  /** Real ms; TaskRouter allows 15 s for an event answer (taskrouter-facts.md §6). */
  readonly timeoutMs: number;
  readonly record: (c: CallbackRecord) => void;
}

/**
 * Posts a signed `reservation.*` Event Callback for each reservation change: creation and every
 * change of status (an instruction that leaves the status as it was sends none).
 * Returns the delivery promise, or null when the change makes no event.
 */
export function createEventSender(
  deps: EventSenderDeps,
): (change: ReservationChange) => Promise<void> | null {
  return ({ reservation: r, from }) => {
    const key = from === null ? 'created' : from === r.status ? undefined : r.status;
    const eventType = key === undefined ? undefined : RESERVATION_EVENT_TYPES[key];
    if (eventType === undefined) {
      return null;
    }
    const sentAt = deps.clock.now();
    const params = buildEventParams(r, eventType, sentAt, deps.workspaceName);
    return deps.poster.post(deps.url, params, deps.timeoutMs).then((res) => {
      const ok = res.status !== null && res.status >= 200 && res.status < 300;
      deps.record({
        kind: 'event',
        url: deps.url,
        reservationSid: r.sid,
        eventType,
        sentAt,
        status: res.status,
        durationMs: res.durationMs,
        outcome: ok ? 'delivered' : 'failed',
        ...(res.error !== undefined && { error: res.error }),
      });
    });
  };
}
