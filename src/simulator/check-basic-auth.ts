import { timingSafeEqual } from 'node:crypto';

/** A username/password pair the simulator accepts: AccountSid + AuthToken, or API key + secret. */
export interface Credential {
  readonly username: string;
  readonly password: string;
}

/**
 * Checks an `Authorization: Basic …` header against the configured credentials, as Twilio's REST
 * API does (security scheme `accountSid_authToken` of the OpenAPI document).
 */
export function createBasicAuthCheck(
  credentials: readonly Credential[],
): (header: string | undefined) => boolean {
  const expected = credentials.map((c) => Buffer.from(`${c.username}:${c.password}`));
  return (header) => {
    const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!m?.[1]) {
      return false;
    }
    const given = Buffer.from(m[1], 'base64');
    return expected.some((e) => e.length === given.length && timingSafeEqual(e, given));
  };
}
