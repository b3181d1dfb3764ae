import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/simulator/start-simulator.js';
import type { ReservationView } from '../../../src/simulator/types.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CA,
  WA,
  WK,
  WS,
  WT,
  clientFor,
  rejectionOf,
  reservationApi,
} from '../../support/simulator-client.js';

describe('simulator reservation updates', () => {
  let sim: Simulator;
  let wr: ReservationView;
  const api = () => reservationApi(clientFor(sim), wr.sid);
  const lastForm = () => sim.requests.at(-1)?.form;

  beforeEach(async () => {
    sim = await startSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    wr = sim.createReservation({
      workspaceSid: WS,
      taskSid: WT,
      workerSid: WK,
      workerAttributes: { contact_uri: 'client:alice' },
    });
  });
  afterEach(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it('when accepted, then the reservation is accepted and the update is in updatesFor', async () => {
    const res = await api().update({ reservationStatus: 'accepted' });
    expect(res.reservationStatus).toBe('accepted');
    expect(lastForm()).toEqual({ ReservationStatus: 'accepted' });
    expect(sim.updatesFor(wr.sid)).toMatchObject([
      { operation: 'UpdateTaskReservation', status: 200, applied: true },
    ]);
    expect(sim.reservation(wr.sid)).toMatchObject({
      status: 'accepted',
      cause: 'rest',
      instruction: 'accept',
    });
  });

  it('when rejected with an activity, then the reservation is rejected', async () => {
    await api().update({ reservationStatus: 'rejected', workerActivitySid: WA });
    expect(lastForm()).toEqual({ ReservationStatus: 'rejected', WorkerActivitySid: WA });
    expect(sim.reservation(wr.sid)?.status).toBe('rejected');
  });

  it('when a conference instruction carries participant options, then they arrive as their form fields', async () => {
    await api().update({
      instruction: 'conference',
      from: '+15550001111',
      to: 'client:bob',
      timeout: 20,
      record: true,
      endConferenceOnExit: false,
      statusCallback: 'https://example.com/status',
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'completed'],
      conferenceStatusCallbackEvent: ['start', 'end', 'join'],
      conferenceRecord: 'record-from-start',
      beep: 'onEnter',
      postWorkActivitySid: WA,
    });
    expect(lastForm()).toEqual({
      Instruction: 'conference',
      From: '+15550001111',
      To: 'client:bob',
      Timeout: '20',
      Record: 'true',
      EndConferenceOnExit: 'false',
      StatusCallback: 'https://example.com/status',
      StatusCallbackMethod: 'POST',
      StatusCallbackEvent: ['initiated', 'completed'],
      ConferenceStatusCallbackEvent: ['start', 'end', 'join'],
      ConferenceRecord: 'record-from-start',
      Beep: 'onEnter',
      PostWorkActivitySid: WA,
    });
    expect(sim.reservation(wr.sid)).toMatchObject({
      status: 'accepted',
      instruction: 'conference',
    });
  });

  it('when a capitalised Dequeue instruction is sent, then it is accepted like the lower-case one', async () => {
    await api().update({
      instruction: 'Dequeue',
      dequeueFrom: '+18001231234',
      dequeuePostWorkActivitySid: WA,
      dequeueTimeout: 30,
      dequeueStatusCallbackUrl: 'https://example.com/dq',
      dequeueStatusCallbackEvent: ['answered', 'completed'],
    });
    expect(lastForm()).toMatchObject({
      DequeueTimeout: '30',
      DequeueStatusCallbackEvent: ['answered', 'completed'],
    });
    expect(sim.reservation(wr.sid)).toMatchObject({ status: 'accepted', instruction: 'dequeue' });
  });

  it('when a call instruction has no CallAccept, then the reservation stays pending; with it, accepted', async () => {
    await api().update({
      instruction: 'call',
      callFrom: '+15558675309',
      callUrl: 'https://example.com/agent',
    });
    expect(sim.reservation(wr.sid)).toMatchObject({ status: 'pending', instruction: 'call' });
    expect(sim.updatesFor(wr.sid)).toHaveLength(1);
    await api().update({
      instruction: 'Call',
      callFrom: '+15558675309',
      callUrl: 'https://example.com/agent',
      callAccept: true,
    });
    expect(lastForm()).toMatchObject({ CallAccept: 'true' });
    expect(sim.reservation(wr.sid)?.status).toBe('accepted');
  });

  it('when a redirect instruction is sent, then it is accepted only with RedirectAccept=true', async () => {
    await api().update({
      instruction: 'redirect',
      redirectCallSid: CA,
      redirectUrl: 'https://example.com/r',
      redirectAccept: false,
    });
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
    await api().update({
      instruction: 'Redirect',
      redirectCallSid: CA,
      redirectUrl: 'https://example.com/r',
      redirectAccept: true,
    });
    expect(sim.reservation(wr.sid)?.status).toBe('accepted');
  });

  it.each([
    ['conference', { instruction: 'conference' }, 40136],
    ['dequeue', { instruction: 'dequeue', dequeueFrom: '+18001231234' }, 40135],
    ['call', { instruction: 'call', callFrom: '+1555', callUrl: 'https://example.com/a' }, 40114],
    [
      'redirect',
      { instruction: 'redirect', redirectCallSid: CA, redirectUrl: 'https://example.com/r' },
      40123,
    ],
    ['accept', { reservationStatus: 'accepted' }, 20001],
    ['reject', { reservationStatus: 'rejected' }, 20001],
  ] as const)(
    'when a %s update reaches a reservation that is no longer pending, then it fails with 400 / %s',
    async (_name, params, code) => {
      sim.setReservationStatus(wr.sid, 'canceled');
      const err = await rejectionOf(api().update(params));
      expect(err).toMatchObject({ status: 400, code });
      expect(err.message).toMatch(/not currently in a Pending state/);
      expect(sim.updatesFor(wr.sid)).toEqual([]);
      expect(sim.reservation(wr.sid)?.status).toBe('canceled');
    },
  );

  it.each([
    ['dequeue without DequeueFrom', { instruction: 'dequeue' }, 40132],
    ['call without CallFrom', { instruction: 'call', callUrl: 'https://example.com/a' }, 40111],
    ['call without CallUrl', { instruction: 'call', callFrom: '+1555' }, 40112],
    [
      'redirect without RedirectCallSid',
      { instruction: 'redirect', redirectUrl: 'https://example.com/r' },
      40121,
    ],
    ['redirect without RedirectUrl', { instruction: 'redirect', redirectCallSid: CA }, 40120],
    ['an unknown instruction', { instruction: 'DEQUEUE' }, 20001],
  ] as const)(
    'when %s is sent, then it fails with 400 / %s and nothing changes',
    async (_name, params, code) => {
      const err = await rejectionOf(api().update(params));
      expect(err).toMatchObject({ status: 400, code });
      expect(sim.reservation(wr.sid)?.status).toBe('pending');
    },
  );

  it.each([
    [
      'conference',
      { instruction: 'conference' },
      40137,
      { instruction: 'conference', to: 'client:bob' },
    ],
    [
      'dequeue',
      { instruction: 'dequeue', dequeueFrom: '+1800' },
      40131,
      { instruction: 'dequeue', dequeueFrom: '+1800', dequeueTo: 'client:bob' },
    ],
    [
      'call',
      {
        instruction: 'call',
        callFrom: '+1555',
        callUrl: 'https://example.com/a',
        callAccept: true,
      },
      40110,
      {
        instruction: 'call',
        callFrom: '+1555',
        callUrl: 'https://example.com/a',
        callTo: 'client:bob',
        callAccept: true,
      },
    ],
  ] as const)(
    'when a %s instruction has no contact and the worker no contact_uri, then it fails with %s; with one it works',
    async (_name, params, code, withTo) => {
      const bare = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
      const bareApi = reservationApi(clientFor(sim), bare.sid);
      expect(await rejectionOf(bareApi.update(params))).toMatchObject({ status: 400, code });
      await bareApi.update(withTo);
      expect(sim.reservation(bare.sid)?.status).toBe('accepted');
    },
  );

  it('when an accepted reservation is wrapped and completed, then it follows accepted → wrapping → completed', async () => {
    await api().update({ reservationStatus: 'accepted' });
    await api().update({ reservationStatus: 'wrapping' });
    await api().update({ reservationStatus: 'completed' });
    expect(sim.reservation(wr.sid)?.status).toBe('completed');
    expect(sim.updatesFor(wr.sid).map((e) => e.form.ReservationStatus)).toEqual([
      'accepted',
      'wrapping',
      'completed',
    ]);
  });
});
