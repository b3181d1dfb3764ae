import { describe, expect, it } from 'vitest';
import type { Instruction } from '../../../src/rules/types.js';
import { toInlineResponse } from '../../../src/taskrouter/to-inline-response.js';

const WA = `WA${'4'.repeat(32)}`;
const CA = `CA${'5'.repeat(32)}`;

describe('toInlineResponse', () => {
  it.each<[string, Instruction, Record<string, unknown>, boolean]>([
    ['accept', { kind: 'accept', params: {} }, { instruction: 'accept' }, true],
    [
      'reject',
      { kind: 'reject', params: { activitySid: WA } },
      { instruction: 'reject', activity_sid: WA },
      true,
    ],
    [
      'dequeue',
      {
        kind: 'dequeue',
        params: {
          from: '+18001231234',
          to: '+14155550100',
          postWorkActivitySid: WA,
          timeout: 30,
          statusCallbackUrl: 'https://e.x/s',
          statusCallbackEvent: ['initiated', 'completed'],
          record: 'record-from-answer',
        },
      },
      {
        instruction: 'dequeue',
        from: '+18001231234',
        to: '+14155550100',
        post_work_activity_sid: WA,
        timeout: 30,
        status_callback_url: 'https://e.x/s',
        status_callback_events: 'initiated,completed',
        record: 'record-from-answer',
      },
      true,
    ],
    [
      'call',
      {
        kind: 'call',
        params: {
          from: '+1800',
          url: 'https://e.x/a',
          to: 'client:joey',
          accept: true,
          statusCallbackUrl: 'https://e.x/c',
        },
      },
      {
        instruction: 'call',
        from: '+1800',
        url: 'https://e.x/a',
        to: 'client:joey',
        accept: true,
        status_callback_url: 'https://e.x/c',
      },
      true,
    ],
    [
      'redirect',
      { kind: 'redirect', params: { callSid: CA, url: 'https://e.x/r', accept: true } },
      { instruction: 'redirect', call_sid: CA, url: 'https://e.x/r', accept: true },
      true,
    ],
    [
      'conference with documented keys',
      {
        kind: 'conference',
        params: { to: 'client:alice', from: '+1800', postWorkActivitySid: WA, timeout: 20 },
      },
      {
        instruction: 'conference',
        to: 'client:alice',
        from: '+1800',
        post_work_activity_sid: WA,
        timeout: 20,
      },
      true,
    ],
    [
      'conference with participant options',
      {
        kind: 'conference',
        params: {
          from: '+1800',
          endConferenceOnExit: true,
          conferenceStatusCallbackEvent: ['start', 'end'],
        },
      },
      {
        instruction: 'conference',
        from: '+1800',
        end_conference_on_exit: true,
        conference_status_callback_event: 'start,end',
      },
      false,
    ],
  ])(
    'when the instruction is %s, then the body has TaskRouter snake_case keys',
    (_n, instruction, body, exact) => {
      const result = toInlineResponse(instruction);
      expect(result.body).toEqual(body);
      expect(result.exact).toBe(exact);
    },
  );
});
