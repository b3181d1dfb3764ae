import { RESERVATION_EVENTS } from '../../assignment/handle-event.js';

/** Where TaskRouter must send its callbacks for this service, from `PUBLIC_BASE_URL`. */
export interface CallbackTargets {
  readonly publicBaseUrl: string;
  readonly assignmentUrl: string;
  readonly eventsUrl: string;
}

/** The Workspace events the service acts on (src/assignment/handle-event.ts). */
export const REQUIRED_EVENTS: readonly string[] = Object.keys(RESERVATION_EVENTS);

export function callbackTargets(publicBaseUrl: string): CallbackTargets {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    publicBaseUrl: base,
    assignmentUrl: `${base}/taskrouter/assignment`,
    eventsUrl: `${base}/taskrouter/events`,
  };
}

/** `EventsFilter` as a list; an empty filter means TaskRouter sends every event. */
export function splitEventsFilter(filter: string | null): string[] {
  return (filter ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** The events of REQUIRED_EVENTS that `filter` leaves out (none when it is empty: all are sent). */
export function missingEvents(filter: string | null): string[] {
  const listed = splitEventsFilter(filter);
  return listed.length === 0 ? [] : REQUIRED_EVENTS.filter((e) => !listed.includes(e));
}

/** Host and port of a URL (`example.com:443` and `example.com` differ only when written so). */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** http:// is acceptable only for a loopback host (local runs, tests). */
export function isHttpsOrLoopback(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.test(u.hostname));
  } catch {
    return false;
  }
}
