import type { Request } from 'express';
import twilio from 'twilio';
import { BENCH_AUTH_TOKEN } from './payloads.js';

/**
 * What the bench's hand-written peers (`bare-express.ts`, `by-hand-web.ts`) do first, as a user
 * writes it: the form Express parsed, if `twilio.validateRequest` accepts its signature over
 * `publicBaseUrl` + the path; undefined when it does not.
 */
export function peerSignedParams(
  req: Request,
  publicBaseUrl: string,
): Record<string, string> | undefined {
  const signature = req.get('x-twilio-signature') ?? '';
  const params = (req.body ?? {}) as Record<string, string>;
  return twilio.validateRequest(
    BENCH_AUTH_TOKEN,
    signature,
    publicBaseUrl + req.originalUrl,
    params,
  )
    ? params
    : undefined;
}
