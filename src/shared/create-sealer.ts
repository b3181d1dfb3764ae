import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals instruction params (phone numbers, contact URIs, SIP passwords) before they go into job
 * data or a Redis record, so neither holds personal data in the clear; the web and worker
 * processes derive the same key from the auth token they both already hold.
 */
export interface Sealer {
  seal(value: unknown): string;
  open(sealed: string): unknown;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** @example const sealer = createSealer(config.twilio.authToken); */
export function createSealer(secret: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', secret, 'taskrouter-assigner', 'job-params-v1', 32));
  return {
    seal(value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed) {
      const raw = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const body = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
      return JSON.parse(body.toString('utf8')) as unknown;
    },
  };
}
