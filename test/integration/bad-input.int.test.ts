import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSIGNMENT_PATH } from '../../src/http/assignment-route.js';
import { startService, type TestService } from '../support/start-service.js';

let svc: TestService;

beforeEach(async () => {
  svc = await startService({
    rulesPath: 'test/fixtures/rules/e2e.yaml',
    worker: false,
    env: { MAX_REFUSALS_PER_MINUTE: '1000' },
  });
});
afterEach(async () => {
  await svc.close();
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function keysWritten(): Promise<number> {
  return (await svc.store.listInFlight()).length + ((await svc.queue.getJobCounts()).waiting ?? 0);
}

describe('bad input gets a 4xx with a reason, costs no Redis write and never crashes the process', () => {
  it.each<[string, number, string, () => Promise<{ status: number; json: unknown }>]>([
    [
      'a JSON body',
      415,
      'ERR_BODY_CONTENT_TYPE',
      () =>
        svc.post(ASSIGNMENT_PATH, '{"ReservationSid":"WR1"}', {
          'content-type': 'application/json',
          'x-twilio-signature': 'x',
        }),
    ],
    [
      'no content type',
      415,
      'ERR_BODY_CONTENT_TYPE',
      () => svc.post(ASSIGNMENT_PATH, 'a=b', { 'x-twilio-signature': 'x' }),
    ],
    [
      'a body over 64 KiB',
      413,
      'ERR_BODY_TOO_LARGE',
      () =>
        svc.post(ASSIGNMENT_PATH, `TaskAttributes=${'a'.repeat(70_000)}`, {
          ...FORM,
          'x-twilio-signature': 'x',
        }),
    ],
    [
      'too many parameters',
      413,
      'ERR_BODY_TOO_LARGE',
      () =>
        svc.post(ASSIGNMENT_PATH, Array.from({ length: 300 }, (_, i) => `p${i}=1`).join('&'), {
          ...FORM,
          'x-twilio-signature': 'x',
        }),
    ],
    ['no signature', 400, 'ERR_SIGNATURE_MISSING', () => svc.post(ASSIGNMENT_PATH, 'a=b', FORM)],
  ])('when the request has %s, then %i %s', async (_name, status, code, send) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ error: code, message: expect.any(String) });
    expect(await keysWritten()).toBe(0);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a missing ReservationSid', { ReservationSid: '' }, /ReservationSid/],
    ['a non-SID WorkerSid', { WorkerSid: 'alice' }, /WorkerSid must be a WK SID/],
    [
      'TaskAttributes that are not JSON',
      { TaskAttributes: '{"type": voice}' },
      /TaskAttributes must be a JSON object/,
    ],
    [
      'WorkerAttributes that are not an object',
      { WorkerAttributes: '"alice"' },
      /WorkerAttributes must be a JSON object/,
    ],
    [
      'oversized TaskAttributes',
      { TaskAttributes: JSON.stringify({ notes: 'x'.repeat(17_000) }) },
      /TaskAttributes must be at most 16384 characters/,
    ],
  ])('when a signed callback has %s, then 400 names the field', async (_name, change, reason) => {
    const params = {
      ...svc.callback({ taskAttributes: { flow: 'accept' }, createInSimulator: false }),
      ...change,
    };
    const res = await svc.postSigned(params);
    expect(res.status).toBe(400);
    expect((res.json as { error: string; message: string }).error).toBe('ERR_BODY_INVALID');
    expect((res.json as { message: string }).message).toMatch(reason);
    expect(await keysWritten()).toBe(0);
  });

  it('when the headers are flooded, then the server answers 431 and keeps serving', async () => {
    const res = await fetch(svc.url + ASSIGNMENT_PATH, {
      method: 'POST',
      headers: { ...FORM, 'x-flood': 'a'.repeat(20_000) },
      body: 'a=b',
    });
    expect(res.status).toBe(431);
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });
});

describe('the refusal limiter', () => {
  let limited: TestService;
  beforeEach(async () => {
    limited = await startService({
      rulesPath: 'test/fixtures/rules/e2e.yaml',
      worker: false,
      env: { MAX_REFUSALS_PER_MINUTE: '3' },
    });
  });
  afterEach(async () => {
    await limited.close();
  });

  it('when one address keeps sending refused requests, then it gets 429 before anything is read', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await limited.post(ASSIGNMENT_PATH, 'a=b', FORM)).status).toBe(400);
    }
    const res = await limited.post(ASSIGNMENT_PATH, 'a=b', FORM);
    expect(res).toMatchObject({ status: 429, json: { error: 'ERR_RATE_LIMITED' } });
    // Health and metrics are never limited.
    expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
  });

  it('when callbacks are valid, then they never count toward the limit', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect(
        (
          await limited.postSigned(
            limited.callback({ taskAttributes: { flow: 'accept', inline: true } }),
          )
        ).status,
      ).toBe(200);
    }
  });
});
