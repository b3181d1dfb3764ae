import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/simulator/start-simulator.js';
import type { SimulatorOptions } from '../../../src/simulator/simulator-types.js';
import {
  startCallbackReceiver,
  type CallbackAnswer,
  type ReceivedCallback,
} from '../../support/callback-receiver.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  WA,
  WK,
  WS,
  WT,
  WW,
  clientFor,
  reservationApi,
} from '../../support/simulator-client.js';

const ASSIGNMENT_PARAMS = [
  'Timestamp',
  'AccountSid',
  'WorkspaceSid',
  'WorkflowSid',
  'TaskQueueSid',
  'WorkerSid',
  'WorkerAttributes',
  'TaskSid',
  'TaskAttributes',
  'TaskAge',
  'TaskPriority',
  'ReservationSid',
].sort();

const json = (body: unknown, extra: Partial<CallbackAnswer> = {}): CallbackAnswer => ({
  body: JSON.stringify(body),
  ...extra,
});

describe('simulator callbacks', () => {
  let sim: Simulator | undefined;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>> | undefined;
  afterEach(async () => {
    await sim?.close();
    await receiver?.close();
    sim = undefined;
    receiver = undefined;
  });

  async function setup(
    answer: (cb: ReceivedCallback) => CallbackAnswer,
    extra: (receiverUrl: string) => Partial<SimulatorOptions> = () => ({}),
  ) {
    receiver = await startCallbackReceiver(answer);
    sim = await startSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      workflows: {
        [WW]: {
          taskReservationTimeout: 60,
          assignmentCallbackUrl: `${receiver.url}/taskrouter/assignment`,
          fallbackAssignmentCallbackUrl: `${receiver.url}/fallback`,
        },
      },
      ...extra(receiver.url),
    });
    return { sim, receiver };
  }
  const reserve = (
    s: Simulator,
    extra: {
      workerAttributes?: Record<string, unknown>;
      taskAttributes?: Record<string, unknown>;
    } = {},
  ) =>
    s.createReservation({
      workspaceSid: WS,
      taskSid: WT,
      workerSid: WK,
      workflowSid: WW,
      taskPriority: 5,
      ...extra,
    });
  const isValid = (cb: ReceivedCallback, url: string) =>
    twilio.validateRequest(AUTH_TOKEN, String(cb.headers['x-twilio-signature']), url, cb.params);

  it('when a reservation is created, then its Assignment Callback carries the twelve parameters, signed', async () => {
    const { sim, receiver } = await setup(() => json({}));
    const wr = reserve(sim, {
      workerAttributes: { contact_uri: 'client:alice' },
      taskAttributes: { type: 'voice' },
    });
    await sim.waitFor(() => sim.callbacks.length === 1);
    const [cb] = receiver.received;
    expect(Object.keys(cb!.params).sort()).toEqual(ASSIGNMENT_PARAMS);
    expect(cb!.params).toMatchObject({
      AccountSid: ACCOUNT_SID,
      WorkspaceSid: WS,
      WorkflowSid: WW,
      WorkerSid: WK,
      TaskSid: WT,
      ReservationSid: wr.sid,
      TaskPriority: '5',
      TaskAge: '0',
      WorkerAttributes: '{"contact_uri":"client:alice"}',
      TaskAttributes: '{"type":"voice"}',
    });
    expect(cb!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(isValid(cb!, `${receiver.url}/taskrouter/assignment`)).toBe(true);
    expect(sim.callbacks).toMatchObject([{ kind: 'assignment', status: 200, outcome: 'deferred' }]);
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
  });

  it.each([
    ['accept', { instruction: 'accept' }, 'accepted'],
    ['reject', { instruction: 'reject', activity_sid: WA }, 'rejected'],
    [
      'conference',
      {
        instruction: 'conference',
        to: 'client:bob',
        from: '+18001234567',
        end_conference_on_exit: true,
        conference_status_callback_event: 'start,end',
      },
      'accepted',
    ],
    [
      'dequeue without from (taken from the task)',
      { instruction: 'dequeue', post_work_activity_sid: WA },
      'accepted',
    ],
    [
      'call without accept',
      { instruction: 'call', from: '+15558675309', url: 'https://example.com/agent' },
      'pending',
    ],
    [
      'redirect with accept',
      {
        instruction: 'redirect',
        call_sid: `CA${'6'.repeat(32)}`,
        url: 'https://example.com/r',
        accept: true,
      },
      'accepted',
    ],
  ])(
    'when the answer holds an inline %s, then TaskRouter carries it out',
    async (_name, body, status) => {
      const { sim } = await setup(() => json(body));
      const wr = reserve(sim, {
        workerAttributes: { contact_uri: 'client:alice' },
        taskAttributes: { to: '+18005550000' },
      });
      await sim.waitFor(() => sim.callbacks.length === 1);
      expect(sim.callbacks[0]).toMatchObject({
        outcome: 'instruction',
        instruction: body.instruction,
      });
      expect(sim.reservation(wr.sid)).toMatchObject({
        status,
        cause: status === 'pending' ? 'created' : 'callback-response',
      });
      expect(sim.requests).toEqual([]);
    },
  );

  it('when an inline instruction lacks a required key, then it fails with its code and the reservation stays pending', async () => {
    const { sim } = await setup(() => json({ instruction: 'call', from: '+15558675309' }));
    const wr = reserve(sim, { workerAttributes: { contact_uri: 'client:alice' } });
    await sim.waitFor(() => sim.callbacks.length === 1);
    expect(sim.callbacks[0]).toMatchObject({ outcome: 'instruction-failed', code: 40112 });
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
  });

  it.each([
    ['no instruction key', json({ hello: 1 }), 40005],
    ['an unknown instruction', json({ instruction: 'transfer' }), 55555],
    ['broken JSON', { body: '{"instruction":' }, 40001],
  ])(
    'when the answer has %s, then it is a warning and no fallback is called',
    async (_name, answer, code) => {
      const { sim, receiver } = await setup(() => answer);
      reserve(sim);
      await sim.waitFor(() => sim.callbacks.length === 1);
      expect(sim.callbacks[0]).toMatchObject({ outcome: 'warning', code });
      expect(receiver.received).toHaveLength(1);
    },
  );

  it.each([
    ['a non-200 status', { status: 500 }],
    ['a missing JSON content type', { headers: { 'content-type': 'text/plain' } }],
  ])(
    'when the first answer has %s, then the fallback URL gets the same parameters, signed for itself',
    async (_name, bad) => {
      const { sim, receiver } = await setup((cb) =>
        cb.path === '/fallback' ? json({ instruction: 'accept' }) : { ...bad },
      );
      const wr = reserve(sim);
      await sim.waitForStatus(wr.sid, 'accepted');
      const [first, fallback] = receiver.received;
      expect(fallback!.path).toBe('/fallback');
      expect(fallback!.params).toEqual(first!.params);
      expect(isValid(fallback!, `${receiver.url}/fallback`)).toBe(true);
      expect(sim.callbacks.map((c) => [c.kind, c.outcome])).toEqual([
        ['assignment', 'failed'],
        ['fallback', 'instruction'],
      ]);
    },
  );

  it('when the first answer is slower than the limit, then the fallback is called and the late answer is ignored', async () => {
    let release!: () => void;
    const late = new Promise<void>((r) => (release = r));
    const { sim } = await setup(
      (cb) =>
        cb.path === '/fallback' ? json({}) : json({ instruction: 'accept' }, { after: late }),
      () => ({ assignmentCallbackTimeoutMs: 1000 }),
    );
    const wr = reserve(sim);
    await sim.waitFor(() => sim.callbacks.length === 2);
    release();
    expect(sim.callbacks.map((c) => [c.kind, c.outcome, c.status])).toEqual([
      ['assignment', 'failed', null],
      ['fallback', 'deferred', 200],
    ]);
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
  });

  it('when a callback is delivered again, then the same reservation is offered twice and the second instruction fails', async () => {
    const { sim, receiver } = await setup(() => json({ instruction: 'accept' }));
    const wr = reserve(sim);
    await sim.waitForStatus(wr.sid, 'accepted');
    await sim.resendAssignmentCallback(wr.sid);
    expect(receiver.received.map((c) => c.params.ReservationSid)).toEqual([wr.sid, wr.sid]);
    expect(sim.callbacks.map((c) => [c.outcome, c.code])).toEqual([
      ['instruction', undefined],
      ['instruction-failed', 20001],
    ]);
  });

  it('when a REST update names its rule, then the summary counts the rejection under it', async () => {
    const { sim } = await setup(() => json({}));
    const wr = reserve(sim);
    await sim.waitFor(() => sim.callbacks.length === 1);
    const res = await fetch(`${sim.url}/v1/Workspaces/${WS}/Tasks/${WT}/Reservations/${wr.sid}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        'x-assigner-rule': 'after-hours',
      },
      body: `ReservationStatus=rejected&WorkerActivitySid=${WA}`,
    });
    expect(res.status).toBe(200);
    reserve(sim); // rejected by REST without naming a rule
    await sim.waitFor(() => sim.callbacks.length === 2);
    await reservationApi(clientFor(sim), sim.reservations()[1]!.sid).update({
      reservationStatus: 'rejected',
    });
    expect(sim.summary().rejections).toEqual({
      total: 2,
      byRule: { 'after-hours': 1, '(no rule, REST update)': 1 },
    });
  });

  it('when an event URL is set, then every reservation change is posted as a signed event', async () => {
    const { sim, receiver } = await setup(
      () => ({ status: 204, body: '' }),
      (url) => ({ eventCallbackUrl: `${url}/events`, workspaceName: 'Test WS' }),
    );
    const eventsUrl = `${receiver.url}/events`;
    const wr = sim.createReservation({
      workspaceSid: WS,
      taskSid: WT,
      workerSid: WK,
      workerName: 'alice',
    });
    await reservationApi(clientFor(sim), wr.sid).update({ reservationStatus: 'accepted' });
    sim.setReservationStatus(wr.sid, 'wrapping');
    sim.setReservationStatus(wr.sid, 'completed');
    await sim.waitFor(() => sim.callbacks.length === 4);
    const events = receiver.received.map((r) => r.params);
    expect(events.map((e) => e.EventType).sort()).toEqual(
      [
        'reservation.accepted',
        'reservation.completed',
        'reservation.created',
        'reservation.wrapup',
      ].sort(),
    );
    expect(events.find((e) => e.EventType === 'reservation.created')).toMatchObject({
      ResourceType: 'Reservation',
      ResourceSid: wr.sid,
      ReservationSid: wr.sid,
      TaskSid: WT,
      WorkerSid: WK,
      WorkerName: 'alice',
      WorkspaceName: 'Test WS',
      AccountSid: ACCOUNT_SID,
      TaskAssignmentStatus: 'reserved',
    });
    expect(receiver.received.every((cb) => isValid(cb, eventsUrl))).toBe(true);
    expect(sim.callbacks.every((c) => c.kind === 'event' && c.outcome === 'delivered')).toBe(true);
  });

  it('when the service names its rule, then the summary counts rejections by rule', async () => {
    const { sim } = await setup(() =>
      json({ instruction: 'reject' }, { headers: { 'x-assigner-rule': 'vip-not-for-trainees' } }),
    );
    reserve(sim);
    reserve(sim);
    await sim.waitFor(() => sim.callbacks.length === 2);
    const res = await fetch(`${sim.url}/summary`);
    const summary = (await res.json()) as ReturnType<Simulator['summary']>;
    expect(summary.rejections).toEqual({ total: 2, byRule: { 'vip-not-for-trainees': 2 } });
    expect(summary.reservations).toEqual({ total: 2, byStatus: { rejected: 2 } });
    expect(summary.byInstruction).toEqual({ reject: 2 });
    expect(summary.settlement.count).toBe(2);
    expect(summary.callbacks).toMatchObject({ assignment: 2, inline: 2 });
  });
});
