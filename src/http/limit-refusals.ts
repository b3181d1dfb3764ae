import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../shared/errors.js';
import { toAppError } from './error-handler.js';

export interface RefusalLimiterOptions {
  /** Refused requests one address may make per window before it is turned away unread. */
  readonly maxRefusals: number;
  readonly windowMs: number;
  /** Bounds memory under a flood from many addresses: beyond it, the window starts over. */
  readonly maxAddresses?: number;
  readonly now?: () => number;
}

/**
 * Protects the callback endpoints from whoever keeps sending unsigned, forged or malformed
 * requests: after `maxRefusals` refusals in a window, that address gets 429 before its body is
 * read or its signature computed. Valid callbacks never count, so TaskRouter itself is only
 * limited if its address is shared with the sender of the refusals — behind a proxy set
 * `TRUST_PROXY` so the address is the client's.
 */
export function createRefusalLimiter(opts: RefusalLimiterOptions): {
  gate: RequestHandler;
  count: ErrorRequestHandler;
} {
  const now = opts.now ?? Date.now;
  const maxAddresses = opts.maxAddresses ?? 10_000;
  let windowStart = now();
  let counts = new Map<string, number>();
  const roll = () => {
    if (now() - windowStart >= opts.windowMs || counts.size >= maxAddresses) {
      windowStart = now();
      counts = new Map();
    }
  };
  return {
    gate: function refusalGate(req, _res, next) {
      roll();
      if ((counts.get(req.ip ?? '') ?? 0) >= opts.maxRefusals) {
        throw new AppError('ERR_RATE_LIMITED');
      }
      next();
    },
    count: function countRefusal(err: unknown, req, _res, next) {
      const { status, code } = toAppError(err);
      if (status >= 400 && status < 500 && code !== 'ERR_RATE_LIMITED') {
        const key = req.ip ?? '';
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      next(err);
    },
  };
}
