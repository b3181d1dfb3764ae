import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../../src/http/twilio-webhooks.js';

describe('twilio-webhooks (the library’s webhook module, without its REST client)', () => {
  it('when imported, then validateRequest is the very function the library exports', () => {
    expect(validateRequest).toBe(twilio.validateRequest);
  });

  it('when given a signature the library computed, then it accepts it, and refuses it for another URL', () => {
    const params = { ReservationSid: 'WR0123', TaskSid: 'WT0123' };
    const url = 'https://assigner.example.com/taskrouter/assignment';
    const signature = twilio.getExpectedTwilioSignature('token', url, params);
    expect(validateRequest('token', signature, url, params)).toBe(true);
    expect(validateRequest('token', signature, `${url}/`, params)).toBe(false);
  });
});
