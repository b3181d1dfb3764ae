import type { RequestHandler } from 'express';
import twilio from 'twilio';
import { AppError } from '../shared/errors.js';

export interface VerifySignatureOptions {
  readonly authToken: string;
  /**
   * `PUBLIC_BASE_URL`: the prefix TaskRouter was configured to call. The request's own path and
   * query are appended; the scheme and host never come from Host or X-Forwarded-* headers, which
   * a TLS-terminating proxy rewrites and a forger controls.
   */
  readonly publicBaseUrl: string;
}

/**
 * Express middleware that lets a request through only when its X-Twilio-Signature matches the
 * form parameters received (every one of them, unknown ones included) under the configured URL.
 * Runs after `express.urlencoded({ extended: false })`.
 */
export function verifyTwilioSignature(opts: VerifySignatureOptions): RequestHandler {
  return function verifyTwilioSignature(req, _res, next) {
    const signature = req.get('x-twilio-signature');
    if (!signature) {
      throw new AppError('ERR_SIGNATURE_MISSING');
    }
    const url = opts.publicBaseUrl + req.originalUrl;
    const params = (req.body ?? {}) as Record<string, string>;
    if (!twilio.validateRequest(opts.authToken, signature, url, params)) {
      throw new AppError('ERR_SIGNATURE_INVALID');
    }
    next();
  };
}
