import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSIGNMENT_PATH } from '../../src/http/assignment-route.js';
import { signForm } from '../support/sign-callback.js';
import { newSid } from '../support/sids.js';
import {
  AUTH_TOKEN,
  PUBLIC_BASE_URL,
  startService,
  type TestService,
} from '../support/start-service.js';

const CALL_SID = `CA${'7'.repeat(32)}`;
const CUSTOMER = '+14155550111';
const AGENT = 'client:alice';
const task = (flow: string, inline = false) => ({ flow, inline, to: CUSTOMER, call_sid: CALL_SID });
const worker = { contact_uri: AGENT };

let svc: TestService;

beforeEach(async () => {
  svc = await startService({ rulesPath: 'test/fixtures/rules/e2e.yaml' });
});
afterEach(async () => {
  expect(svc.sim.violations).toEqual([]);
  await svc.close();
});

describe('async mode: a signed callback leads to exactly one REST update', () => {
  it.each([
    ['accept', { ReservationStatus: 'accepted' }, 'accepted'],
    [
      'reject',
      { ReservationStatus: 'rejected', WorkerActivitySid: 'WA00000000000000000000000000000001' },
      'rejected',
    ],
    [
      'conference',
      {
        Instruction: 'conference',
        From: CUSTOMER,
        To: AGENT,
        Timeout: '20',
        Record: 'true',
        EndConferenceOnExit: 'true',
        EarlyMedia: 'false',
        Beep: 'onEnter',
        StatusCallback: 'https://hooks.example.com/leg',
        StatusCallbackEvent: ['initiated', 'completed'],
        ConferenceStatusCallback: 'https://hooks.example.com/conference',
        ConferenceStatusCallbackEvent: ['start', 'end', 'join', 'leave'],
        ConferenceRecord: 'record-from-start',
        MaxParticipants: '10',
      },
      'accepted',
    ],
    [
      'dequeue',
      {
        Instruction: 'dequeue',
        DequeueFrom: '+18001231234',
        DequeueTo: AGENT,
        DequeuePostWorkActivitySid: 'WA00000000000000000000000000000002',
        DequeueRecord: 'record-from-answer',
        DequeueTimeout: '30',
        DequeueStatusCallbackUrl: 'https://hooks.example.com/dequeue',
        DequeueStatusCallbackEvent: ['answered', 'completed'],
      },
      'accepted',
    ],
    [
      'call',
      {
        Instruction: 'call',
        CallFrom: '+18001231234',
        CallUrl: 'https://twiml.example.com/agent',
        CallTo: AGENT,
        CallAccept: 'true',
        CallRecord: 'record-from-answer',
        CallTimeout: '15',
        CallStatusCallbackUrl: 'https://hooks.example.com/call',
      },
      'accepted',
    ],
    [
      'redirect',
      {
        Instruction: 'redirect',
        RedirectCallSid: CALL_SID,
        RedirectUrl: 'https://twiml.example.com/redirect',
        RedirectAccept: 'true',
      },
      'accepted',
    ],
  ])(
    'when the rules say %s, then the update carries exactly the documented form fields',
    async (flow, form, status) => {
      const params = svc.callback({ taskAttributes: task(flow), workerAttributes: worker });
      const res = await svc.postSigned(params);
      expect(res).toMatchObject({ status: 200, json: {} });
      expect(res.contentType).toMatch(/^application\/json/);

      await svc.jobFinished(params.ReservationSid!);
      const updates = svc.sim.updatesFor(params.ReservationSid!);
      expect(updates).toHaveLength(1);
      expect(updates[0]?.form).toEqual(form);
      expect(svc.sim.reservation(params.ReservationSid!)?.status).toBe(status);
      expect(await svc.record(params.ReservationSid!)).toMatchObject({
        state: 'done',
        rule: `async-${flow}`,
        instruction: flow,
        mode: 'async',
        reservationStatus: status,
        attempts: 1,
        deliveries: 1,
      });
    },
  );
});

describe('inline mode: the instruction is the response and no REST call is made', () => {
  it.each([
    ['accept', { instruction: 'accept' }],
    ['reject', { instruction: 'reject', activity_sid: 'WA00000000000000000000000000000001' }],
    [
      'conference',
      {
        instruction: 'conference',
        from: CUSTOMER,
        to: AGENT,
        timeout: 20,
        post_work_activity_sid: 'WA00000000000000000000000000000002',
      },
    ],
    [
      'dequeue',
      {
        instruction: 'dequeue',
        from: '+18001231234',
        post_work_activity_sid: 'WA00000000000000000000000000000002',
        status_callback_events: 'answered,completed',
      },
    ],
    [
      'call',
      {
        instruction: 'call',
        from: '+18001231234',
        url: 'https://twiml.example.com/agent',
        accept: true,
      },
    ],
    [
      'redirect',
      {
        instruction: 'redirect',
        call_sid: CALL_SID,
        url: 'https://twiml.example.com/redirect',
        accept: true,
      },
    ],
  ])('when the rules say %s inline, then the answer is its snake_case JSON', async (flow, body) => {
    const params = svc.callback({ taskAttributes: task(flow, true), workerAttributes: worker });
    const res = await svc.postSigned(params);
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.json).toEqual(body);
    expect(await svc.queue.getJob(params.ReservationSid!)).toBeUndefined();
    expect(svc.sim.requests.filter((r) => r.reservationSid === params.ReservationSid)).toEqual([]);
    expect(await svc.record(params.ReservationSid!)).toMatchObject({
      state: 'done',
      mode: 'inline',
      reason: 'inline',
    });
  });
});

describe('refused callbacks cause nothing', () => {
  it('when the signature was made with another token, then 403 and no record, job or call', async () => {
    const params = svc.callback({ taskAttributes: task('accept') });
    const { body, signature } = signForm(
      'not-the-token',
      PUBLIC_BASE_URL + ASSIGNMENT_PATH,
      params,
    );
    const res = await svc.post(ASSIGNMENT_PATH, body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    });
    expect(res).toMatchObject({ status: 403, json: { error: 'ERR_SIGNATURE_INVALID' } });
    await expectNothingHappened(params.ReservationSid!);
  });

  it('when the signature is missing, then 400', async () => {
    const params = svc.callback({ taskAttributes: task('accept') });
    const res = await svc.post(ASSIGNMENT_PATH, new URLSearchParams(params).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res).toMatchObject({ status: 400, json: { error: 'ERR_SIGNATURE_MISSING' } });
    await expectNothingHappened(params.ReservationSid!);
  });

  it('when the body was changed after signing, then 403', async () => {
    const params = svc.callback({ taskAttributes: task('accept') });
    const { body, signature } = signForm(AUTH_TOKEN, PUBLIC_BASE_URL + ASSIGNMENT_PATH, params);
    const tampered = body.replace('accept', 'reject');
    expect(tampered).not.toBe(body);
    const res = await svc.post(ASSIGNMENT_PATH, tampered, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    });
    expect(res.status).toBe(403);
    await expectNothingHappened(params.ReservationSid!);
  });

  it('when the signature was made for another URL (the Host the server sees), then 403', async () => {
    const params = svc.callback({ taskAttributes: task('accept') });
    const { body, signature } = signForm(AUTH_TOKEN, svc.url + ASSIGNMENT_PATH, params);
    const res = await svc.post(ASSIGNMENT_PATH, body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
    });
    expect(res.status).toBe(403);
    await expectNothingHappened(params.ReservationSid!);
  });

  it('when an unknown extra parameter arrives signed, then it is accepted and part of the signature', async () => {
    const params = svc.callback({
      taskAttributes: task('accept', true),
      extra: { SomeFutureParam: 'x' },
    });
    expect((await svc.postSigned(params)).status).toBe(200);
  });

  async function expectNothingHappened(sid: string) {
    expect(await svc.record(sid)).toBeNull();
    expect(await svc.queue.getJob(sid)).toBeUndefined();
    expect(svc.sim.requests).toEqual([]);
  }
});

describe('duplicates, retries and deadlines', () => {
  it('when the same callback is delivered twice, then both are answered and one update is made', async () => {
    const params = svc.callback({ taskAttributes: task('accept') });
    const [a, b] = await Promise.all([svc.postSigned(params), svc.postSigned(params)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await svc.jobFinished(params.ReservationSid!);
    expect(svc.sim.updatesFor(params.ReservationSid!)).toHaveLength(1);
    expect(await svc.record(params.ReservationSid!)).toMatchObject({
      deliveries: 2,
      state: 'done',
    });
  });

  it('when the first delivery claimed the reservation but died before adding its job, then the second delivery adds it', async () => {
    const params = svc.callback({ taskAttributes: task('accept') });
    const now = Date.now();
    // What the first delivery left: its claim (an async record stays decided until the worker's first attempt), no job.
    await svc.store.claim({
      reservationSid: params.ReservationSid!,
      taskSid: params.TaskSid!,
      workerSid: params.WorkerSid!,
      workspaceSid: params.WorkspaceSid!,
      workflowSid: params.WorkflowSid!,
      taskQueueSid: params.TaskQueueSid!,
      state: 'decided',
      mode: 'async',
      rule: 'async-accept',
      instruction: 'accept',
      rulesVersion: 'v0',
      receivedAt: now,
      deadline: now + 60_000,
      deliveries: 1,
      attempts: 0,
      updatedAt: now,
    });
    expect(await svc.queue.getJob(params.ReservationSid!)).toBeUndefined();
    const res = await svc.postSigned(params);
    expect(res.status).toBe(200);
    await svc.jobFinished(params.ReservationSid!);
    expect(svc.sim.updatesFor(params.ReservationSid!)).toHaveLength(1);
    expect(await svc.record(params.ReservationSid!)).toMatchObject({
      deliveries: 2,
      state: 'done',
    });
  });

  it('when an inline callback is delivered twice, then the second gets the same instruction', async () => {
    const params = svc.callback({ taskAttributes: task('reject', true) });
    const first = await svc.postSigned(params);
    const second = await svc.postSigned(params);
    expect(second.json).toEqual(first.json);
  });

  it.each([
    ['429 with Retry-After', { kind: '429' as const, retryAfter: 0 }],
    ['503', { kind: '503' as const }],
  ])(
    'when TaskRouter answers %s once, then the update is retried and succeeds',
    async (_n, fault) => {
      svc.sim.faults.set({ ...fault, count: 1, operations: ['update'] });
      const params = svc.callback({ taskAttributes: task('accept') });
      await svc.postSigned(params);
      await svc.jobFinished(params.ReservationSid!);
      const attempts = svc.sim.requests.filter(
        (r) =>
          r.reservationSid === params.ReservationSid && r.operation === 'UpdateTaskReservation',
      );
      expect(attempts.map((r) => r.status)).toEqual([fault.kind === '429' ? 429 : 503, 200]);
      expect(svc.sim.updatesFor(params.ReservationSid!)).toHaveLength(1);
      expect(await svc.record(params.ReservationSid!)).toMatchObject({
        state: 'done',
        attempts: 2,
      });
    },
  );

  it('when the reservation is no longer pending, then the 400 is not retried and the fetched status is recorded', async () => {
    const params = svc.callback({ taskAttributes: task('conference'), workerAttributes: worker });
    svc.sim.setReservationStatus(params.ReservationSid!, 'timeout');
    await svc.postSigned(params);
    await svc.jobFinished(params.ReservationSid!);
    const ops = svc.sim.requests
      .filter((r) => r.reservationSid === params.ReservationSid)
      .map((r) => `${r.operation}:${r.status}`);
    expect(ops).toEqual(['UpdateTaskReservation:400', 'FetchTaskReservation:200']);
    expect(await svc.record(params.ReservationSid!)).toMatchObject({
      state: 'skipped',
      reason: 'not-pending',
      reservationStatus: 'timeout',
    });
  });
});

describe('a job past its deadline', () => {
  let late: TestService;
  const SHORT = newSid('WW');
  beforeEach(async () => {
    // A one-second Workflow timeout and a one-second margin: the deadline is the arrival itself.
    late = await startService({
      rulesPath: 'test/fixtures/rules/e2e.yaml',
      workflows: { [SHORT]: { taskReservationTimeout: 1 } },
      env: { DEADLINE_MARGIN_MS: '1000' },
    });
  });
  afterEach(async () => {
    await late.close();
  });

  it('when the worker picks it up, then it makes no call and records expired', async () => {
    const params = late.callback({ taskAttributes: task('accept'), workflowSid: SHORT });
    expect((await late.postSigned(params)).status).toBe(200);
    await late.jobFinished(params.ReservationSid!);
    expect(late.sim.requests.filter((r) => r.operation === 'UpdateTaskReservation')).toEqual([]);
    expect(await late.record(params.ReservationSid!)).toMatchObject({
      state: 'expired',
      reason: 'deadline',
    });
  });
});
