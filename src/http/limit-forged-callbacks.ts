import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../shared/errors.js';
import { toAppError } from './error-handler.js';
import type { RefusalCounter } from './limit-refusals.js';
import { signatureVerified } from './verify-twilio-signature.js';

/**
 * Limits whoever keeps sending TaskRouter's routes requests that are not TaskRouter's, without
 * ever being a way to get TaskRouter itself refused:
 *
 * - `gate` (before the body is read) turns away only requests with no X-Twilio-Signature header
 *   from an address over its limit. TaskRouter signs every callback, so this costs it nothing,
 *   whoever shares its address (a proxy without `TRUST_PROXY`, a forged X-Forwarded-For).
 * - A request that carries a signature has its body read (64 KiB at most) and the signature
 *   checked first: a check costs microseconds, and a valid one is never limited or counted.
 * - `count` (an error handler) counts a refusal only for a request whose signature was not
 *   verified, and answers 429 instead once the address is over its limit.
 */
export function limitForgedCallbacks(counter: RefusalCounter): {
  gate: RequestHandler;
  count: ErrorRequestHandler;
} {
  return {
    gate: function forgedCallbackGate(req, _res, next) {
      if (req.get('x-twilio-signature') === undefined && counter.isOver(req)) {
        throw new AppError('ERR_RATE_LIMITED');
      }
      next();
    },
    count: function countForgedCallback(err: unknown, req, res, next) {
      const { status, code } = toAppError(err);
      if (signatureVerified(res) || status < 400 || status > 499 || code === 'ERR_RATE_LIMITED') {
        next(err);
        return;
      }
      const over = counter.isOver(req);
      counter.add(req);
      next(over ? new AppError('ERR_RATE_LIMITED', undefined, { cause: err }) : err);
    },
  };
}
