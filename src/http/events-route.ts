import type { RequestHandler } from 'express';
import type { Metrics } from '../shared/create-metrics.js';
import type { ReservationEvent } from '../assignment/handle-event.js';

export const EVENTS_PATH = '/taskrouter/events';

const RESERVATION_SID = /^WR[0-9a-fA-F]{32}$/;

/**
 * Workspace Event Callbacks: answered 204 with `Content-Type: application/json`, as TaskRouter
 * asks (within 15 s; here, after the record's update or when CALLBACK_BUDGET_MS is spent).
 */
export function eventsRoute(
  handle: (e: ReservationEvent) => Promise<void>,
  metrics: Metrics,
): RequestHandler {
  return async function events(req, res) {
    const end = metrics.callbackSeconds.startTimer({ route: 'events' });
    const form = (req.body ?? {}) as Record<string, unknown>;
    const eventType = typeof form.EventType === 'string' ? form.EventType : '';
    // Reservation events carry the WR sid as ReservationSid, and as ResourceSid.
    const candidate = [form.ReservationSid, form.ResourceSid].find(
      (v): v is string => typeof v === 'string' && RESERVATION_SID.test(v),
    );
    await handle({ eventType, reservationSid: candidate });
    // Node's own response fields, not Express's: this route also runs before Express
    // (route-taskrouter-first.ts). The content type is what `res.type('application/json')` sets.
    res.statusCode = 204;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end();
    end();
  };
}
