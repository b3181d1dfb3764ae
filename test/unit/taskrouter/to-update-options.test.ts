import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import type { Instruction } from '../../../src/rules/types.js';
import { toUpdateOptions } from '../../../src/taskrouter/to-update-options.js';

const WS = `WS${'1'.repeat(32)}`;
const WT = `WT${'2'.repeat(32)}`;
const WR = `WR${'3'.repeat(32)}`;
const WA = `WA${'4'.repeat(32)}`;
const CA = `CA${'5'.repeat(32)}`;

/**
 * The form the twilio library itself would send for these options: its own serialisation runs,
 * only the transport is replaced (the `httpClient` seam), so no network is needed.
 */
async function formSentFor(instruction: Instruction): Promise<Record<string, unknown>> {
  let sent: Record<string, unknown> = {};
  const httpClient = {
    request(opts: { data?: Record<string, unknown> }) {
      sent = opts.data ?? {};
      return Promise.resolve({
        statusCode: 200,
        body: { sid: WR, task_sid: WT, reservation_status: 'accepted' },
        headers: {},
      });
    },
  } as unknown as twilio.RequestClient;
  const client = twilio(`AC${'0'.repeat(32)}`, 'token', { httpClient });
  await client.taskrouter.v1
    .workspaces(WS)
    .tasks(WT)
    .reservations(WR)
    .update(toUpdateOptions(instruction));
  return sent;
}

describe('toUpdateOptions', () => {
  it.each<[string, Instruction, Record<string, unknown>]>([
    ['accept', { kind: 'accept', params: {} }, { ReservationStatus: 'accepted' }],
    ['reject without activity', { kind: 'reject', params: {} }, { ReservationStatus: 'rejected' }],
    [
      'reject with activity',
      { kind: 'reject', params: { activitySid: WA } },
      { ReservationStatus: 'rejected', WorkerActivitySid: WA },
    ],
    [
      'conference',
      {
        kind: 'conference',
        params: {
          from: '+18001231234',
          to: 'client:alice',
          timeout: 20,
          record: true,
          endConferenceOnExit: false,
          postWorkActivitySid: WA,
          statusCallback: 'https://example.com/status',
          statusCallbackEvent: ['initiated', 'completed'],
          conferenceStatusCallbackEvent: ['start', 'end', 'join', 'leave'],
          beep: 'onEnter',
          maxParticipants: 10,
          jitterBufferSize: 'small',
        },
      },
      {
        Instruction: 'conference',
        From: '+18001231234',
        To: 'client:alice',
        Timeout: 20,
        Record: 'true',
        EndConferenceOnExit: 'false',
        PostWorkActivitySid: WA,
        StatusCallback: 'https://example.com/status',
        StatusCallbackEvent: ['initiated', 'completed'],
        ConferenceStatusCallbackEvent: ['start', 'end', 'join', 'leave'],
        Beep: 'onEnter',
        MaxParticipants: 10,
        JitterBufferSize: 'small',
      },
    ],
    [
      'dequeue',
      {
        kind: 'dequeue',
        params: {
          from: '+18001231234',
          to: '+14155550100',
          postWorkActivitySid: WA,
          record: 'record-from-answer',
          timeout: 30,
          statusCallbackUrl: 'https://example.com/dq',
          statusCallbackEvent: ['answered', 'completed'],
        },
      },
      {
        Instruction: 'dequeue',
        DequeueFrom: '+18001231234',
        DequeueTo: '+14155550100',
        DequeuePostWorkActivitySid: WA,
        DequeueRecord: 'record-from-answer',
        DequeueTimeout: 30,
        DequeueStatusCallbackUrl: 'https://example.com/dq',
        DequeueStatusCallbackEvent: ['answered', 'completed'],
      },
    ],
    [
      'call',
      {
        kind: 'call',
        params: {
          from: '+18001231234',
          url: 'https://example.com/twiml',
          to: 'client:bob',
          accept: true,
          record: 'record-from-answer',
          timeout: 15,
          statusCallbackUrl: 'https://example.com/cs',
        },
      },
      {
        Instruction: 'call',
        CallFrom: '+18001231234',
        CallUrl: 'https://example.com/twiml',
        CallTo: 'client:bob',
        CallAccept: 'true',
        CallRecord: 'record-from-answer',
        CallTimeout: 15,
        CallStatusCallbackUrl: 'https://example.com/cs',
      },
    ],
    [
      'redirect',
      { kind: 'redirect', params: { callSid: CA, url: 'https://example.com/r', accept: false } },
      {
        Instruction: 'redirect',
        RedirectCallSid: CA,
        RedirectUrl: 'https://example.com/r',
        RedirectAccept: 'false',
      },
    ],
  ])(
    'when the instruction is %s, then the library sends exactly these form fields',
    async (_name, instruction, form) => {
      expect(await formSentFor(instruction)).toEqual(form);
    },
  );
});
