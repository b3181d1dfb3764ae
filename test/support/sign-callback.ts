import twilio from 'twilio';

export interface SignedRequest {
  /** The exact bytes to send. */
  readonly body: string;
  readonly signature: string;
}

/**
 * Encodes the params as a form body and signs what that body decodes to, with the twilio
 * library's own function, under the URL TaskRouter would have been configured with.
 */
export function signForm(
  authToken: string,
  url: string,
  params: Record<string, string>,
): SignedRequest {
  const body = new URLSearchParams(params).toString();
  const sent = Object.fromEntries(new URLSearchParams(body));
  return { body, signature: twilio.getExpectedTwilioSignature(authToken, url, sent) };
}
