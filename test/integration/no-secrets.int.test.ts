import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { keyPrefixOf } from '../../src/compose/key-prefix.js';
import { ASSIGNMENT_PATH } from '../../src/http/assignment-route.js';
import { EVENTS_PATH } from '../../src/http/events-route.js';
import { adminRequest } from '../support/admin-client.js';
import { signForm } from '../support/sign-callback.js';
import { newSid } from '../support/sids.js';
import {
  ACCOUNT_SID,
  ADMIN_TOKEN,
  AUTH_TOKEN,
  PUBLIC_BASE_URL,
  WS,
  startService,
  type TestService,
} from '../support/start-service.js';

/**
 * One run of everything the service does (inline and async decisions whose params are templated
 * from phone numbers and contact URIs, retries, a not-pending update, duplicates, forged and
 * tampered callbacks, events, every admin route and the dashboard), logging at `trace`, with
 * REST calls authenticated by the auth token (no API key). Then the log, Redis and /metrics are
 * searched for every secret and every piece of contact data that passed through.
 */
const CUSTOMER = '+14155550111';
const CALLER = '+442071838750';
const AGENT_PHONE = '+14155550122';
const SIP = 'sip:alice@pbx.example.com';
const CLIENT = 'client:bob_the_agent';
const FIXED_FROM = '+18001231234'; // written in the rules file itself
const CALL_SID = `CA${'7'.repeat(32)}`;

const SECRETS: Record<string, string> = {
  'auth token': AUTH_TOKEN,
  'admin token': ADMIN_TOKEN,
  'REST Basic credentials': Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64'),
  'dashboard Basic credentials': Buffer.from(`ops:${ADMIN_TOKEN}`).toString('base64'),
};
const CONTACT_DATA = [CUSTOMER, CALLER, AGENT_PHONE, SIP, CLIENT, FIXED_FROM];
/** Each value, also as it looks URL-encoded or without its leading `+` or scheme. */
const variants = (v: string) => [
  v,
  encodeURIComponent(v),
  v.replace(/^\+/, ''),
  v.replace(/^[a-z]+:/, ''),
];

let svc: TestService;
const signatures: string[] = [];
const sids: string[] = [];

beforeAll(async () => {
  svc = await startService({
    rulesPath: 'test/fixtures/rules/e2e.yaml',
    env: { LOG_LEVEL: 'trace' },
  });
  expect(svc.config.twilio.apiKey).toBeUndefined();
  await runEverything();
}, 60_000);
afterAll(async () => {
  await svc.close();
});

async function post(
  params: Record<string, string>,
  path = ASSIGNMENT_PATH,
  token = AUTH_TOKEN,
  tamper = false,
) {
  const { body, signature } = signForm(token, PUBLIC_BASE_URL + path, params);
  signatures.push(signature);
  return svc.post(path, tamper ? body.replace('conference', 'accept') : body, {
    'content-type': 'application/x-www-form-urlencoded',
    'x-twilio-signature': signature,
  });
}

async function runEverything() {
  const task = (flow: string, inline: boolean) => ({
    flow,
    inline,
    to: CUSTOMER,
    from: CALLER,
    call_sid: CALL_SID,
    caller: { number: CALLER, name: 'Ada' },
  });
  const contacts = [SIP, CLIENT, AGENT_PHONE];
  svc.sim.faults.set({ kind: '503', count: 1, operations: ['update'] });
  for (const [i, flow] of [
    'conference',
    'dequeue',
    'call',
    'redirect',
    'reject',
    'accept',
  ].entries()) {
    for (const inline of [false, true]) {
      const params = svc.callback({
        taskAttributes: task(flow, inline),
        workerAttributes: { contact_uri: contacts[i % 3], phone: AGENT_PHONE },
      });
      sids.push(params.ReservationSid!);
      expect((await post(params)).status).toBe(200);
      if (flow === 'conference') {
        expect((await post(params)).status).toBe(200); // a second delivery: replayed (async) or decided again (inline)
      }
    }
  }
  // An update refused because the reservation is no longer pending.
  const late = svc.callback({
    taskAttributes: task('call', false),
    workerAttributes: { contact_uri: SIP },
  });
  svc.sim.setReservationStatus(late.ReservationSid!, 'timeout');
  sids.push(late.ReservationSid!);
  await post(late);
  for (const sid of sids) {
    const job = await svc.queue.getJob(sid);
    if (job) {
      await svc.jobFinished(sid);
    }
  }

  // Refused callbacks: another token, a tampered body, a garbage signature, none at all.
  const forged = svc.callback({
    taskAttributes: task('conference', false),
    workerAttributes: { contact_uri: SIP },
  });
  expect((await post(forged, ASSIGNMENT_PATH, 'not-the-auth-token')).status).toBe(403);
  expect((await post(forged, ASSIGNMENT_PATH, AUTH_TOKEN, true)).status).toBe(403);
  const garbage = 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=';
  signatures.push(garbage);
  const body = new URLSearchParams(forged).toString();
  expect(
    (
      await svc.post(ASSIGNMENT_PATH, body, {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': garbage,
      })
    ).status,
  ).toBe(403);
  expect(
    (await svc.post(ASSIGNMENT_PATH, body, { 'content-type': 'application/x-www-form-urlencoded' }))
      .status,
  ).toBe(400);

  // Events, signed.
  expect(
    (
      await post(
        {
          EventType: 'reservation.accepted',
          ResourceSid: sids[0]!,
          TaskAttributes: JSON.stringify(task('x', false)),
        },
        EVENTS_PATH,
      )
    ).status,
  ).toBe(204);

  // Every admin route with the token, and the dashboard both ways, and wrong tokens.
  const first = await svc.record(sids[0]!);
  for (const path of [
    '/admin/reservations',
    '/admin/reservations?state=queued',
    `/admin/reservations/${sids[0]}`,
    `/admin/reservations/${sids[0]}?live=1`,
    `/admin/tasks/${first!.taskSid}/reservations?workspaceSid=${WS}`,
    `/admin/tasks/${newSid('WT')}/reservations?workspaceSid=${WS}&Page=2`,
    '/admin/queues',
    '/admin/queues/api/queues?activeQueue=reservations&status=completed',
  ]) {
    expect((await adminRequest(svc.url, path)).status).toBeLessThan(500);
  }
  expect(
    (await adminRequest(svc.url, '/admin/queues', { auth: { basic: ADMIN_TOKEN } })).status,
  ).toBe(200);
  expect(
    (
      await adminRequest(svc.url, '/admin/reservations', {
        auth: { bearer: `${ADMIN_TOKEN}-nope` },
      })
    ).status,
  ).toBe(401);
  expect(
    (await adminRequest(svc.url, '/admin/queues', { auth: { basic: `${AUTH_TOKEN}` } })).status,
  ).toBe(401);
}

function expectClean(text: string, where: string) {
  for (const [name, secret] of Object.entries(SECRETS)) {
    expect(text.includes(secret), `${where} holds the ${name}`).toBe(false);
  }
  for (const value of CONTACT_DATA) {
    for (const v of variants(value)) {
      expect(text.includes(v), `${where} holds ${value} (as ${v})`).toBe(false);
    }
  }
  for (const signature of signatures) {
    expect(text.includes(signature), `${where} holds a signature`).toBe(false);
  }
}

describe('secrets and contact data', () => {
  it('when everything has run at LOG_LEVEL=trace, then no log line holds a token, a signature, a phone number or a contact URI', () => {
    expect(signatures.length).toBeGreaterThan(15);
    // The search itself finds what it looks for.
    for (const planted of [
      AUTH_TOKEN,
      encodeURIComponent(SIP),
      CUSTOMER.slice(1),
      signatures[0]!,
    ]) {
      expect(() => expectClean(`{"x":"${planted}"}`, 'a planted line')).toThrow();
    }
    expect(svc.logLines.length).toBeGreaterThanOrEqual(25);
    expectClean(svc.logLines.join('\n'), 'the log');
  });

  it('when everything has run, then nothing in Redis (records, jobs, events, caches) holds them either', async () => {
    const redis = new Redis(inject('redisUrl'));
    try {
      const keys = await redis.keys(`${keyPrefixOf(svc.config)}*`);
      const dump: string[] = [];
      for (const key of keys) {
        dump.push(key, JSON.stringify(await readAny(redis, key)));
      }
      const text = dump.join('\n');
      // The dump does cover the jobs: their data, with the params sealed.
      expect(text).toContain('sealedParams');
      expect(text).toContain(sids[0]!);
      expectClean(text, 'Redis');
    } finally {
      await redis.quit();
    }
  });

  it('when everything has run, then /metrics holds none of them', async () => {
    expectClean(await (await fetch(`${svc.url}/metrics`)).text(), '/metrics');
  });

  it('when the admin API shows a reservation whose params hold a phone number, then the number is not shown', async () => {
    const text = (await adminRequest(svc.url, `/admin/reservations/${sids[1]}?live=1`)).text;
    expect(text).toContain(sids[1]!);
    expectClean(text, 'the admin API');
  });
});

describe('structured logs', () => {
  const lines = () => svc.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('when a callback is decided, then one line says so with the identities, the rule, the instruction, the mode and the timing', () => {
    const decided = lines().filter((l) => l.msg === 'callback decided');
    // The inline conference's second delivery is decided again (TaskRouter did not take the first answer).
    expect(decided).toHaveLength(sids.length + 1);
    for (const line of decided) {
      expect(line).toMatchObject({
        level: 30,
        module: 'assignment',
        reservationSid: expect.stringMatching(/^WR/),
        taskSid: expect.stringMatching(/^WT/),
        workerSid: expect.stringMatching(/^WK/),
        rule: expect.any(String),
        instruction: expect.any(String),
        mode: expect.stringMatching(/^(inline|async)$/),
        delivery: 1,
        deadlineInMs: expect.any(Number),
        elapsedMs: expect.any(Number),
      });
    }
    expect(decided.filter((l) => l.rule === 'inline-conference')).toHaveLength(2);
    expect(lines().filter((l) => l.msg === 'duplicate callback')).toEqual([
      expect.objectContaining({ rule: 'async-conference', mode: 'async', delivery: 2 }),
      expect.objectContaining({
        rule: 'inline-conference',
        mode: 'inline',
        delivery: 2,
        state: 'done',
        decidedAgain: true,
      }),
    ]);
  });

  it('when an update ends, then one line per reservation gives its outcome, attempt and timing; a retry gets a line of its own', () => {
    const ended = lines().filter(
      (l) => typeof l.msg === 'string' && l.msg.startsWith('reservation '),
    );
    const asyncSids = new Set(ended.map((l) => l.reservationSid));
    expect(ended).toHaveLength(asyncSids.size);
    expect(asyncSids.size).toBe(7); // six async flows and the one no longer pending
    for (const line of ended) {
      expect(line).toMatchObject({
        module: 'update',
        mode: 'async',
        reservationSid: expect.stringMatching(/^WR/),
        taskSid: expect.stringMatching(/^WT/),
        workerSid: expect.stringMatching(/^WK/),
        rule: expect.any(String),
        instruction: expect.any(String),
        state: expect.any(String),
        reason: expect.any(String),
        attempt: expect.any(Number),
        msSinceCallback: expect.any(Number),
        msLeft: expect.any(Number),
      });
    }
    expect(ended.filter((l) => l.state === 'skipped')).toEqual([
      expect.objectContaining({ reason: 'not-pending', reservationStatus: 'timeout' }),
    ]);
    expect(lines().filter((l) => l.msg === 'update failed; retrying')).toEqual([
      expect.objectContaining({
        level: 40,
        attempt: 1,
        error: 'twilio:20503 (HTTP 503)',
        retryInMs: expect.any(Number),
        msLeft: expect.any(Number),
      }),
    ]);
  });
});

/** Whatever a key holds, read with the command for its type. */
async function readAny(redis: Redis, key: string): Promise<unknown> {
  switch (await redis.type(key)) {
    case 'string':
      return redis.get(key);
    case 'hash':
      return redis.hgetall(key);
    case 'list':
      return redis.lrange(key, 0, -1);
    case 'set':
      return redis.smembers(key);
    case 'zset':
      return redis.zrange(key, 0, '-1', 'WITHSCORES');
    case 'stream':
      return redis.xrange(key, '-', '+');
    default:
      return null;
  }
}
