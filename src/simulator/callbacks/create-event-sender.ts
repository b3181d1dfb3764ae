import type { ReservationChange } from '../reservations/create-reservation-book.js';
import type { CallbackRecord, SimClock, WorkspaceSettings } from '../types.js';
import { buildEventParams, RESERVATION_EVENT_TYPES } from './build-callback-params.js';
import type { SignedPoster } from './create-signed-poster.js';

export interface EventSenderDeps {
  readonly poster: SignedPoster;
  readonly clock: SimClock;
  /** The Workspace as it is now: its `EventCallbackUrl`, `EventsFilter` and name. */
  readonly workspace: () => WorkspaceSettings;
  /** Real ms; TaskRouter allows 15 s for an event answer (taskrouter-facts.md §6). */
  readonly timeoutMs: number;
  readonly record: (c: CallbackRecord) => void;
}

/**
 * Posts a signed `reservation.*` Event Callback for each reservation change: creation and every
 * change of status (an instruction that leaves the status as it was sends none), to the
 * Workspace's `EventCallbackUrl` when it has one and its `EventsFilter` lets the type through.
 * Returns the delivery promise, or null when the change makes no event.
 */
export function createEventSender(
  deps: EventSenderDeps,
): (change: ReservationChange) => Promise<void> | null {
  return ({ reservation: r, from }) => {
    const key = from === null ? 'created' : from === r.status ? undefined : r.status;
    const eventType = key === undefined ? undefined : RESERVATION_EVENT_TYPES[key];
    const ws = deps.workspace();
    const url = ws.eventCallbackUrl;
    if (eventType === undefined || url === undefined || !passesFilter(ws.eventsFilter, eventType)) {
      return null;
    }
    const sentAt = deps.clock.now();
    const params = buildEventParams(r, eventType, sentAt, ws.friendlyName);
    return deps.poster.post(url, params, deps.timeoutMs).then((res) => {
      const ok = res.status !== null && res.status >= 200 && res.status < 300;
      deps.record({
        kind: 'event',
        url,
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

function passesFilter(filter: string | undefined, eventType: string): boolean {
  if (filter === undefined || filter.trim() === '') {
    return true;
  }
  return filter.split(',').some((t) => t.trim() === eventType);
}
