import { afterEach, describe, expect, it } from 'vitest';
import { ASSIGNMENT_PATH } from '../../src/http/assignment-route.js';
import { EVENTS_PATH } from '../../src/http/events-route.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { signForm } from '../support/sign-callback.js';
import {
  AUTH_TOKEN,
  PUBLIC_BASE_URL,
  startService,
  type TestService,
} from '../support/start-service.js';

const RULES = 'test/fixtures/rules/e2e.yaml';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** The default MAX_REFUSALS_PER_MINUTE, and the 125 refused requests of issue 10, row 3. */
const LIMIT = 120;
const FLOOD = 125;

let svc: TestService;
afterEach(async () => {
  await svc.close();
});

/** Sends `n` unsigned POSTs, one after the other, with the given headers; returns the statuses. */
async function flood(n: number, headers: Record<string, string> = {}): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i += 1) {
    statuses.push((await svc.post(ASSIGNMENT_PATH, 'a=b', { ...FORM, ...headers })).status);
  }
  return statuses;
}

function postSignedWith(
  params: Record<string, string>,
  headers: Record<string, string>,
  path = ASSIGNMENT_PATH,
) {
  const { body, signature } = signForm(AUTH_TOKEN, PUBLIC_BASE_URL + path, params);
  return svc.post(path, body, { ...FORM, 'x-twilio-signature': signature, ...headers });
}

async function callbacksBy(outcome: string): Promise<number> {
  const { samples } = parsePrometheusText(await svc.metrics.registry.metrics());
  return (
    samples.find((s) => s.name === 'tra_callbacks_total' && s.labels.outcome === outcome)?.value ??
    0
  );
}

describe('nobody can get TaskRouter refused (issue 10, row 3)', () => {
  it("when 125 unsigned POSTs came from TaskRouter's address, then its next signed callbacks are still answered 200", async () => {
    svc = await startService({ rulesPath: RULES, worker: false });
    const statuses = await flood(FLOOD);
    expect(statuses.slice(0, LIMIT).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(LIMIT).every((s) => s === 429)).toBe(true);
    for (let i = 0; i < 3; i += 1) {
      const res = await svc.postSigned(
        svc.callback({ taskAttributes: { flow: 'accept', inline: true } }),
      );
      expect(res.status).toBe(200);
    }
    const event = await postSignedWith(
      { EventType: 'reservation.accepted', ResourceSid: 'WR0' },
      {},
      EVENTS_PATH,
    );
    expect(event.status).toBe(204);
  });

  it('when forged signatures flood past the limit, then they get 429 counted as refused_rate (not error) and signed callbacks still pass', async () => {
    svc = await startService({
      rulesPath: RULES,
      worker: false,
      env: { MAX_REFUSALS_PER_MINUTE: '3' },
    });
    const forged = { ...svc.callback({ taskAttributes: { flow: 'accept', inline: true } }) };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (
          await svc.post(ASSIGNMENT_PATH, new URLSearchParams(forged).toString(), {
            ...FORM,
            'x-twilio-signature': 'Zm9yZ2Vk',
          })
        ).status,
      );
    }
    expect(statuses).toEqual([403, 403, 403, 429, 429]);
    expect(await callbacksBy('refused_rate')).toBe(2);
    expect(await callbacksBy('refused_signature')).toBe(3);
    expect(await callbacksBy('error')).toBe(0);
    expect((await svc.postSigned(forged)).status).toBe(200);
  });

  it("when TRUST_PROXY is set and X-Forwarded-For is forged to TaskRouter's address, then TaskRouter's signed callback is still answered", async () => {
    svc = await startService({
      rulesPath: RULES,
      worker: false,
      env: { MAX_REFUSALS_PER_MINUTE: '3', TRUST_PROXY: 'true' },
    });
    const taskrouter = { 'x-forwarded-for': '54.172.60.1' };
    expect(await flood(5, taskrouter)).toEqual([400, 400, 400, 429, 429]);
    const res = await postSignedWith(
      svc.callback({ taskAttributes: { flow: 'accept', inline: true } }),
      taskrouter,
    );
    expect(res.status).toBe(200);
  });

  it('when TRUST_PROXY is unset, then X-Forwarded-For is not believed: rotating it does not escape the limit', async () => {
    svc = await startService({
      rulesPath: RULES,
      worker: false,
      env: { MAX_REFUSALS_PER_MINUTE: '3' },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(...(await flood(1, { 'x-forwarded-for': `203.0.113.${i}` })));
    }
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });
});
