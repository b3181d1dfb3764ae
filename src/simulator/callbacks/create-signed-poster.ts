import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import twilio from 'twilio';
import { postForm, type PostResult } from './post-form.js';

/** POSTs webhooks signed as Twilio signs them. */
export interface SignedPoster {
  post(
    url: string,
    params: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): Promise<PostResult>;
  /** Drops kept-alive sockets and aborts what is in flight. */
  close(): void;
}

/**
 * How long a pooled connection may sit idle before the simulator closes it itself. TaskRouter
 * keeps connections alive between callbacks; a client that never closes idle ones leaves the
 * server to do it, and a request sent as the server's FIN is in flight dies with ECONNRESET
 * (issue 14). Node's agent also honours a shorter `Keep-Alive: timeout=N` hint (N − 1 s), but
 * only when an idle timeout of its own is set.
 */
export const POOL_IDLE_TIMEOUT_MS = 15_000;

/**
 * Signs with `twilio.getExpectedTwilioSignature(authToken, url, params)` over exactly the URL
 * and parameters sent, so the service can check `X-Twilio-Signature` with the real validator.
 */
export function createSignedPoster(authToken: string): SignedPoster {
  const agents = {
    http: new HttpAgent({ keepAlive: true, timeout: POOL_IDLE_TIMEOUT_MS }),
    https: new HttpsAgent({ keepAlive: true, timeout: POOL_IDLE_TIMEOUT_MS }),
  };
  return {
    post(url, params, timeoutMs) {
      const signature = twilio.getExpectedTwilioSignature(authToken, url, params);
      return postForm({
        url,
        params,
        headers: {
          'x-twilio-signature': signature,
          'user-agent': 'TwilioProxy/1.1 (taskrouter-assigner simulator)',
        },
        timeoutMs,
        agents,
      });
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
