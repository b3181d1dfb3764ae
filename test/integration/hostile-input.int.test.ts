import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ASSIGNMENT_PATH } from '../../src/http/assignment-route.js';
import { RECORD_GRACE_MS } from '../../src/state/create-redis-reservation-store.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { signForm } from '../support/sign-callback.js';
import {
  ADMIN_TOKEN,
  AUTH_TOKEN,
  PUBLIC_BASE_URL,
  startService,
  type TestService,
} from '../support/start-service.js';

const RULES = 'test/fixtures/rules/e2e.yaml';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let svc: TestService;
beforeEach(async () => {
  svc = await startService({
    rulesPath: RULES,
    worker: false,
    env: { MAX_REFUSALS_PER_MINUTE: '1000' },
  });
});
afterEach(async () => {
  await svc.close();
});

/** Log lines at error level or above, or with a stack: what a client must never be able to cause. */
const crashLines = () =>
  svc.logLines.filter((l) => /"level":(50|60)/.test(l) || l.includes('"stack"'));

async function callbacksBy(outcome: string): Promise<number> {
  const { samples } = parsePrometheusText(await svc.metrics.registry.metrics());
  return (
    samples.find((s) => s.name === 'tra_callbacks_total' && s.labels.outcome === outcome)?.value ??
    0
  );
}

describe('the smaller holes of issue 10, row 8', () => {
  it.each<[string, Record<string, string>, Buffer | string]>([
    ['a garbage gzip body', { 'content-encoding': 'gzip' }, Buffer.from('definitely not gzip')],
    ['a garbage deflate body', { 'content-encoding': 'deflate' }, 'not deflate either'],
    ['an unknown Content-Encoding', { 'content-encoding': 'x-rot13' }, 'a=b'],
  ])(
    'when a callback arrives with %s, then 400 ERR_BODY_ENCODING, counted refused_body, and nothing logged as a crash',
    async (_name, headers, body) => {
      const res = await fetch(svc.url + ASSIGNMENT_PATH, {
        method: 'POST',
        headers: { ...FORM, 'x-twilio-signature': 'x', ...headers },
        body,
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: string; message: string };
      expect(json.error).toBe('ERR_BODY_ENCODING');
      expect(JSON.stringify(json)).not.toMatch(/at \w+ \(|node:internal/);
      expect(await callbacksBy('refused_body')).toBe(1);
      expect(await callbacksBy('error')).toBe(0);
      expect(crashLines()).toEqual([]);
    },
  );

  it('when a signed callback is sent gzipped (well-formed), then it is decided as usual', async () => {
    const { body, signature } = signForm(
      AUTH_TOKEN,
      PUBLIC_BASE_URL + ASSIGNMENT_PATH,
      svc.callback({ taskAttributes: { flow: 'accept', inline: true } }),
    );
    const res = await fetch(svc.url + ASSIGNMENT_PATH, {
      method: 'POST',
      headers: { ...FORM, 'x-twilio-signature': signature, 'content-encoding': 'gzip' },
      body: gzipSync(body),
    });
    expect(res.status).toBe(200);
  });

  it.each([
    '/admin/reservations/%E0%A4%A',
    '/admin/tasks/%E0%A4%A/reservations',
    '/admin/reservations/%ZZ',
  ])(
    'when GET %s is sent with the admin token, then 400 ERR_URL_MALFORMED, not 500',
    async (path) => {
      const res = await fetch(svc.url + path, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'ERR_URL_MALFORMED' });
      expect(crashLines()).toEqual([]);
    },
  );

  it('when an old signed callback is replayed after its record would have expired, then it is refused 403 and nothing is decided or written', async () => {
    const sentAt = Date.now() - RECORD_GRACE_MS - 60_000;
    const params = svc.callback({
      taskAttributes: { flow: 'accept' },
      extra: { Timestamp: String(Math.floor(sentAt / 1000)) },
    });
    const res = await svc.postSigned(params);
    expect(res).toMatchObject({ status: 403, json: { error: 'ERR_CALLBACK_STALE' } });
    expect(await svc.record(params.ReservationSid as string)).toBeNull();
    expect(await svc.queue.getJob(params.ReservationSid as string)).toBeUndefined();
    expect(await callbacksBy('refused_stale')).toBe(1);
    expect(await callbacksBy('decided')).toBe(0);
  });

  it('when a callback is replayed inside the window, then its record absorbs it as a duplicate', async () => {
    const params = svc.callback({ taskAttributes: { flow: 'accept' } });
    expect((await svc.postSigned(params)).status).toBe(200);
    expect((await svc.postSigned(params)).status).toBe(200);
    expect(await callbacksBy('duplicate')).toBe(1);
    expect((await svc.queue.getJobCounts()).waiting).toBe(1);
  });

  it('when the Timestamp is not a time this service can read, then the callback is let through (Twilio does not document its format)', async () => {
    const params = svc.callback({
      taskAttributes: { flow: 'accept', inline: true },
      extra: { Timestamp: 'opaque-value' },
    });
    expect((await svc.postSigned(params)).status).toBe(200);
  });
});
