import { newSid } from './sids.js';
import { ACCOUNT_SID, WS } from './start-service.js';

/** A Workspace Event Callback's form for a reservation event, as TaskRouter sends it (taskrouter-facts.md §6). */
export function reservationEventForm(
  type: string,
  reservationSid: string,
  taskSid: string = newSid('WT'),
): Record<string, string> {
  return {
    EventType: type,
    AccountSid: ACCOUNT_SID,
    WorkspaceSid: WS,
    ResourceType: 'Reservation',
    ResourceSid: reservationSid,
    ReservationSid: reservationSid,
    TaskSid: taskSid,
    Timestamp: String(Math.floor(Date.now() / 1000)),
    EventDescription: `Reservation ${reservationSid} ${type}`,
  };
}
