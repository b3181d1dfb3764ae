import { randomBytes } from 'node:crypto';

/** A fresh, well-formed Twilio SID with the given two-letter prefix. */
export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}
