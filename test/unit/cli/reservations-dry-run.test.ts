import { describe, expect, it } from 'vitest';
import { previewUpdate } from '../../../src/cli/shared/preview-update.js';
import { readCliParams } from '../../../src/cli/reservations/params.js';
import type { Instruction, InstructionKind } from '../../../src/rules/types.js';

const WS = `WS${'1'.repeat(32)}`;
const WT = `WT${'2'.repeat(32)}`;
const WR = `WR${'3'.repeat(32)}`;
const WA = `WA${'5'.repeat(32)}`;
const CA = `CA${'6'.repeat(32)}`;
const REF = { workspaceSid: WS, taskSid: WT, reservationSid: WR };
const BASE = 'https://taskrouter.twilio.com';

const instruction = (kind: InstructionKind, args: string[]): Instruction => ({
  kind,
  params: readCliParams(kind, args, undefined),
});

describe('previewUpdate', () => {
  it.each<[InstructionKind, string[], Record<string, string | string[]>]>([
    ['accept', [], { ReservationStatus: 'accepted' }],
    ['reject', [`activitySid=${WA}`], { ReservationStatus: 'rejected', WorkerActivitySid: WA }],
    [
      'conference',
      ['from=+18001231234', 'timeout=20', 'record=true', 'conferenceStatusCallbackEvent=start,end'],
      {
        Instruction: 'conference',
        From: '+18001231234',
        Timeout: '20',
        Record: 'true',
        ConferenceStatusCallbackEvent: ['start', 'end'],
      },
    ],
    [
      'dequeue',
      ['from=+18001231234', `post_work_activity_sid=${WA}`, 'statusCallbackEvent=completed'],
      {
        Instruction: 'dequeue',
        DequeueFrom: '+18001231234',
        DequeuePostWorkActivitySid: WA,
        DequeueStatusCallbackEvent: ['completed'],
      },
    ],
    [
      'call',
      ['from=+1', 'url=https://example.com/agent', 'accept=true', 'timeout=15'],
      {
        Instruction: 'call',
        CallFrom: '+1',
        CallUrl: 'https://example.com/agent',
        CallAccept: 'true',
        CallTimeout: '15',
      },
    ],
    [
      'redirect',
      [`callSid=${CA}`, 'url=https://example.com/r', 'accept=false'],
      {
        Instruction: 'redirect',
        RedirectCallSid: CA,
        RedirectUrl: 'https://example.com/r',
        RedirectAccept: 'false',
      },
    ],
  ])(
    'when %s is previewed, then the form is the twilio library’s own serialisation',
    async (kind, args, form) => {
      const preview = await previewUpdate(REF, instruction(kind, args), { baseUrl: BASE });
      expect(preview).toMatchObject({
        dryRun: true,
        method: 'POST',
        url: `${BASE}/v1/Workspaces/${WS}/Tasks/${WT}/Reservations/${WR}`,
        headers: {},
      });
      expect(preview.form).toEqual(form);
    },
  );

  it('when a list param is previewed, then the body repeats the field, URL-encoded', async () => {
    const preview = await previewUpdate(
      REF,
      instruction('dequeue', ['from=+1800', 'statusCallbackEvent=ringing,completed']),
      { baseUrl: BASE },
    );
    expect(preview.body).toBe(
      'Instruction=dequeue&DequeueFrom=%2B1800&DequeueStatusCallbackEvent=ringing&DequeueStatusCallbackEvent=completed',
    );
  });

  it('when --if-match is given, then the If-Match header is shown', async () => {
    const preview = await previewUpdate(REF, instruction('accept', []), {
      baseUrl: BASE,
      ifMatch: '"7"',
    });
    expect(preview.headers).toEqual({ 'If-Match': '"7"' });
  });

  it('when a secret param or URL credentials are in play, then they are masked', async () => {
    const preview = await previewUpdate(
      REF,
      instruction('conference', ['sipAuthUsername=agent', 'sipAuthPassword=hunter2']),
      { baseUrl: 'https://user:pw@proxy.example.com' },
    );
    expect(preview.form).toMatchObject({ SipAuthUsername: 'agent', SipAuthPassword: '********' });
    expect(JSON.stringify(preview)).not.toMatch(/hunter2|pw@/);
    expect(preview.url).toMatch(/^https:\/\/proxy\.example\.com\/v1\//);
  });
});
