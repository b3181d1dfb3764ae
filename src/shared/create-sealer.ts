import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals instruction params (phone numbers, contact URIs, SIP passwords) before they go into job
 * data or a Redis record, so neither holds personal data in the clear. The web and worker
 * processes derive the same keys from `SEALING_KEYS` (config `sealingSecrets`).
 */
export interface Sealer {
  seal(value: unknown): string;
  open(sealed: string): unknown;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals with the key of the first secret and opens with whichever key's tag matches, so keys
 * rotate without failing the jobs in flight: put the new key first, keep the old one listed until
 * the longest reservation timeout has passed, then drop it. A secret is turned into a key the way
 * earlier versions turned the auth token into one, so listing the old token opens their jobs.
 *
 * @example const sealer = createSealer(config.sealingSecrets);
 */
export function createSealer(secrets: string | readonly string[]): Sealer {
  const keys = (typeof secrets === 'string' ? [secrets] : secrets).map(deriveKey);
  const sealKey = keys[0];
  if (sealKey === undefined) {
    throw new TypeError('createSealer needs at least one secret');
  }
  return {
    seal(value) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed) {
      const raw = Buffer.from(sealed, 'base64url');
      let failure: unknown;
      for (const key of keys) {
        try {
          return openWith(key, raw);
        } catch (err) {
          // GCM's tag check fails for every key but the one that sealed.
          failure = err;
        }
      }
      throw failure;
    },
  };
}

function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'taskrouter-assigner', 'job-params-v1', 32));
}

function openWith(key: Buffer, raw: Buffer): unknown {
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const body = Buffer.concat([
    decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]);
  return JSON.parse(body.toString('utf8')) as unknown;
}
