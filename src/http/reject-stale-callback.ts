import type { RequestHandler } from 'express';
import { AppError } from '../shared/errors.js';

export interface FreshnessOptions {
  /** `CALLBACK_MAX_AGE_S`; 0 turns the check off. */
  readonly maxAgeSeconds: number;
  readonly now: () => number;
}

/**
 * Refuses a signed callback whose `Timestamp` lies more than `maxAgeSeconds` from this server's
 * clock, either way. A signature never expires, so without this a captured callback could be
 * replayed once its reservation's record has expired and be decided (and updated) again; with it
 * a replay works only inside the window, while the record still absorbs it as a duplicate.
 *
 * Twilio does not document the format (taskrouter-facts.md §1), so epoch seconds, epoch
 * milliseconds and ISO 8601 are read; a missing or unreadable Timestamp is let through, since
 * refusing it could refuse TaskRouter itself.
 */
export function rejectStaleCallback(opts: FreshnessOptions): RequestHandler {
  return function rejectStaleCallback(req, _res, next) {
    if (opts.maxAgeSeconds > 0) {
      const stamp = (req.body as Record<string, unknown> | undefined)?.Timestamp;
      const sentAt = typeof stamp === 'string' ? readTimestamp(stamp) : undefined;
      if (sentAt !== undefined && Math.abs(opts.now() - sentAt) > opts.maxAgeSeconds * 1000) {
        throw new AppError('ERR_CALLBACK_STALE');
      }
    }
    next();
  };
}

/** Epoch milliseconds, or undefined when the value is not a time this can read. */
export function readTimestamp(value: string): number | undefined {
  if (/^\d{1,11}$/.test(value)) {
    return Number(value) * 1000;
  }
  if (/^\d{12,15}$/.test(value)) {
    return Number(value);
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
