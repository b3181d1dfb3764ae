import type { RequestHandler, Response } from 'express';
import { validateRequest } from './twilio-webhooks.js';
import { AppError } from '../shared/errors.js';
import type { NearMissInput } from './find-signature-near-miss.js';

export interface VerifySignatureOptions {
  /**
   * The primary auth token, then the secondary one during a rotation
   * (`TWILIO_AUTH_TOKEN_SECONDARY`): a signature made with either is accepted.
   */
  readonly authTokens: readonly string[];
  /**
   * `PUBLIC_BASE_URL`: the prefix TaskRouter was configured to call. The request's own path and
   * query are appended; the scheme and host never come from Host or X-Forwarded-* headers, which
   * a TLS-terminating proxy rewrites and a forger controls.
   */
  readonly publicBaseUrl: string;
  /** Told about each refused signature, to explain a near miss (see create-near-miss-reporter). */
  readonly onRefused?: (input: NearMissInput) => void;
}

const VERIFIED = 'twilioSignatureVerified';

/** True once `verifyTwilioSignature` has let this request through. */
export function signatureVerified(res: Response): boolean {
  return res.locals[VERIFIED] === true;
}

/**
 * Express middleware that lets a request through only when its X-Twilio-Signature matches the
 * form parameters received (every one of them, unknown ones included) under the configured URL,
 * with one of the auth tokens. Runs after `express.urlencoded({ extended: false })`.
 */
export function verifyTwilioSignature(opts: VerifySignatureOptions): RequestHandler {
  if (opts.authTokens.length === 0) {
    throw new TypeError('verifyTwilioSignature needs at least one auth token');
  }
  return function verifyTwilioSignature(req, res, next) {
    // Node's own header and URL fields, not Express's `req.get`: TaskRouter's routes also run
    // before Express (route-taskrouter-first.ts).
    const header = req.headers['x-twilio-signature'];
    const signature = typeof header === 'string' ? header : undefined;
    if (!signature) {
      throw new AppError('ERR_SIGNATURE_MISSING');
    }
    const url = opts.publicBaseUrl + req.originalUrl;
    const params = (req.body ?? {}) as Record<string, string>;
    if (!opts.authTokens.some((token) => validateRequest(token, signature, url, params))) {
      opts.onRefused?.({
        authTokens: opts.authTokens,
        signature,
        publicBaseUrl: opts.publicBaseUrl,
        originalUrl: req.originalUrl,
        params,
        hosts: [req.headers.host, headerText(req.headers['x-forwarded-host'])],
      });
      throw new AppError('ERR_SIGNATURE_INVALID');
    }
    res.locals[VERIFIED] = true;
    next();
  };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
