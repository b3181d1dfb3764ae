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
 * Signs with `twilio.getExpectedTwilioSignature(authToken, url, params)` over exactly the URL
 * and parameters sent, so the service can check `X-Twilio-Signature` with the real validator.
 */
export function createSignedPoster(authToken: string): SignedPoster {
  const agents = {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true }),
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
