import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
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

/** Refusals per client address in a fixed window. */
export interface RefusalCounter {
  /** True once the address has used up its refusals for this window. */
  isOver(req: Request): boolean;
  add(req: Request): void;
}

/**
 * Counts refusals by `req.ip`, which is the socket's address unless `trust proxy` is set: a
 * forged X-Forwarded-For moves a request to another bucket only when the operator said to trust it.
 */
export function createRefusalCounter(opts: RefusalLimiterOptions): RefusalCounter {
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
    isOver(req) {
      roll();
      return (counts.get(req.ip ?? '') ?? 0) >= opts.maxRefusals;
    },
    add(req) {
      roll();
      const key = req.ip ?? '';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
  };
}

/**
 * For the admin routes, where every request is a guess at the token: after `maxRefusals`
 * refusals in a window, that address gets 429 before its credentials are compared, so the token
 * cannot be guessed at speed. (TaskRouter's routes use `limitForgedCallbacks` instead, which never
 * turns away a signed request.)
 */
export function createRefusalLimiter(opts: RefusalLimiterOptions): {
  gate: RequestHandler;
  count: ErrorRequestHandler;
} {
  const counter = createRefusalCounter(opts);
  return {
    gate: function refusalGate(req, _res, next) {
      if (counter.isOver(req)) {
        throw new AppError('ERR_RATE_LIMITED');
      }
      next();
    },
    count: function countRefusal(err: unknown, req, _res, next) {
      const { status, code } = toAppError(err);
      if (status >= 400 && status < 500 && code !== 'ERR_RATE_LIMITED') {
        counter.add(req);
      }
      next(err);
    },
  };
}
