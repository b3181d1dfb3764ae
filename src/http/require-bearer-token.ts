import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../shared/errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

export interface AdminAuthOptions {
  /**
   * Also accept HTTP Basic credentials (any user name, the token as password) and challenge with
   * `WWW-Authenticate: Basic`, so a browser asks for them. For the queue dashboard.
   * @defaultValue false
   */
  readonly basic?: boolean;
  /** @defaultValue 'taskrouter-assigner admin' */
  readonly realm?: string;
}

/**
 * Lets a request through only with `Authorization: Bearer <token>` (or, with `basic`, Basic
 * credentials whose password is the token). Both sides are hashed first so the comparison is
 * constant-time whatever the lengths. A refusal is 401 with a `WWW-Authenticate` challenge
 * (RFC 6750 §3 for Bearer, RFC 7617 for Basic).
 */
export function requireBearerToken(token: string, opts: AdminAuthOptions = {}): RequestHandler {
  const expected = digest(token);
  const realm = opts.realm ?? 'taskrouter-assigner admin';
  const challenge = opts.basic
    ? `Basic realm="${realm}", charset="UTF-8"`
    : `Bearer realm="${realm}"`;
  return function requireBearerToken(req, res, next) {
    const presented = presentedSecret(req.get('authorization') ?? '', opts.basic === true);
    // Always compare, even with nothing presented, so a refusal costs the same either way.
    const ok = timingSafeEqual(digest(presented ?? ''), expected) && presented !== undefined;
    if (!ok) {
      res.set('WWW-Authenticate', challenge);
      throw new AppError('ERR_ADMIN_UNAUTHORIZED');
    }
    next();
  };
}

/** The secret in an Authorization header: a bearer token, or a Basic password when allowed. */
function presentedSecret(header: string, basic: boolean): string | undefined {
  const bearer = /^Bearer +(\S+) *$/i.exec(header);
  if (bearer?.[1]) {
    return bearer[1];
  }
  const credentials = basic ? /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header) : null;
  if (!credentials?.[1]) {
    return undefined;
  }
  const decoded = Buffer.from(credentials[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}
