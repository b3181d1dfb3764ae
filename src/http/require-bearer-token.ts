import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../shared/errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Lets a request through only with `Authorization: Bearer <token>`. Both sides are hashed first
 * so the comparison is constant-time whatever the lengths.
 */
export function requireBearerToken(token: string): RequestHandler {
  const expected = digest(token);
  return function requireBearerToken(req, _res, next) {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      throw new AppError('ERR_ADMIN_UNAUTHORIZED');
    }
    next();
  };
}
