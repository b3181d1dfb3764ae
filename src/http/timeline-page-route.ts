import type { Request, RequestHandler } from 'express';
import { AppError } from '../shared/errors.js';
import type { ReservationStore } from '../state/reservation-store.js';
import { checkSid, readQuery } from './read-admin-query.js';
import { readTimeline, type TimelineSources } from './read-timeline.js';
import { renderTimelinePage, TIMELINE_PAGE_CSP } from './render-timeline-page.js';

/** Where the page is mounted (behind the admin guard). */
export const TIMELINE_PAGE_PATH = '/admin/reservations/:sid/timeline';

/**
 * `GET /admin/reservations/:sid/timeline`: the reservation's timeline drawn as a page, rendered
 * here (no build step, no script) under a CSP that lets it load nothing from anywhere.
 */
export function timelinePageRoute(
  deps: TimelineSources & { readonly store: ReservationStore },
): RequestHandler {
  return async function timelinePage(req: Request, res) {
    const value: unknown = req.params.sid;
    const sid = checkSid(
      'reservation',
      'the reservation SID',
      typeof value === 'string' ? value : '',
    );
    readQuery(req.query, []);
    const record = await deps.store.get(sid);
    if (!record) {
      throw new AppError(
        'ERR_NOT_FOUND',
        `No record of ${sid}; records and their timelines are kept 15 minutes past their deadline.`,
      );
    }
    const html = renderTimelinePage(await readTimeline(deps, record));
    res.set('Content-Security-Policy', TIMELINE_PAGE_CSP);
    res.type('html').send(html);
  };
}
