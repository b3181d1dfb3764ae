import { randomBytes } from 'node:crypto';

/** A Twilio-shaped SID: two-letter prefix and 32 hex digits (`^WR[0-9a-fA-F]{32}$`). */
export function createSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}
