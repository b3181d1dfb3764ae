import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENTS_PATH } from '../../src/http/events-route.js';
import { createRedis } from '../../src/shared/create-redis.js';
import { createLogger } from '../../src/shared/logger.js';
import { recordKeyOf, timelineKeyOf } from '../../src/state/redis-keys.js';
import { createRedisTimeline } from '../../src/state/timeline/create-redis-timeline.js';
import type { Timeline } from '../../src/state/timeline/timeline.js';
import { adminRequest } from '../support/admin-client.js';
import { newSid } from '../support/sids.js';
import { startService, type TestService } from '../support/start-service.js';
import { reservationEventForm } from '../support/reservation-event.js';

// Personal data the callback carries: none of it may reach the timeline.
const CUSTOMER = '+15557654321';
const AGENT = 'client:agent-alice';

let svc: TestService;

beforeAll(async () => {
  svc = await startService({ rulesPath: 'test/fixtures/rules/e2e.yaml' });
});
afterAll(async () => {
  await svc.close();
});

async function timelineOf(
  sid: string,
): Promise<{ text: string; body: Record<string, unknown>; timeline: Timeline }> {
  const res = await adminRequest(svc.url, `/admin/reservations/${sid}`);
  expect(res.status).toBe(200);
  const body = res.json as Record<string, unknown>;
  return { text: res.text, body, timeline: body.timeline as Timeline };
}

describe('the reservation timeline (GET /admin/reservations/:sid)', () => {
  it('when an update is refused once (503), retried and accepted, then an event arrives, then the timeline shows each step against the deadline, without personal data', async () => {
    svc.sim.faults.set({ kind: '503', count: 1, operations: ['update'] });
    const params = svc.callback({
      taskAttributes: { flow: 'conference', to: CUSTOMER },
      workerAttributes: { contact_uri: AGENT },
    });
    const sid = params.ReservationSid!;
    expect((await svc.postSigned(params)).status).toBe(200);
    await svc.jobFinished(sid);
    expect(
      (
        await svc.postSigned(
          reservationEventForm('reservation.accepted', sid, params.TaskSid),
          EVENTS_PATH,
        )
      ).status,
    ).toBe(204);

    const { text, body, timeline } = await timelineOf(sid);
    expect(body.timelineUrl).toBe(`/admin/reservations/${sid}/timeline`);
    expect(timeline.entries.map((e) => e.kind)).toEqual([
      'callback',
      'decision',
      'attempt',
      'attempt',
      'outcome',
      'event',
    ]);
    const [callback, decision, refused, accepted, outcome, accepted_event] = timeline.entries;
    expect(callback).toMatchObject({ kind: 'callback', atMs: 0, delivery: 1 });
    expect(decision).toMatchObject({
      kind: 'decision',
      rule: 'async-conference',
      instruction: 'conference',
      mode: 'async',
      rulesChanged: false,
      match: {
        rule: 'async-conference',
        outcome: 'chosen',
        when: 'task.flow == …',
        conditions: [{ left: 'task.flow', operator: '==', right: '…' }],
        source: { file: expect.stringMatching(/e2e\.yaml$/), line: expect.any(Number) },
      },
    });
    expect(refused).toMatchObject({
      kind: 'attempt',
      operation: 'update',
      httpStatus: 503,
      twilioCode: 20503,
      error: 'twilio:20503 (HTTP 503)',
    });
    expect(accepted).toMatchObject({
      kind: 'attempt',
      operation: 'update',
      httpStatus: 200,
      twilioCode: null,
      error: null,
    });
    expect(outcome).toMatchObject({ kind: 'outcome', state: 'done', reason: 'updated' });
    expect(accepted_event).toMatchObject({ kind: 'event', eventType: 'reservation.accepted' });
    // In time order, each measured against the deadline (120 s less the margin: all well before it).
    const times = timeline.entries.map((e) => e.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const e of timeline.entries) {
      expect(e.toDeadlineMs).toBe(timeline.deadlineMs - e.atMs);
      expect(e.toDeadlineMs).toBeGreaterThan(0);
    }
    expect(refused!.atMs + (refused as { durationMs: number }).durationMs).toBeLessThanOrEqual(
      accepted!.atMs,
    );
    expect(timeline.outcome).toMatchObject({
      state: 'done',
      finished: true,
      reason: 'updated',
      reservationStatus: 'accepted',
    });
    expect(timeline.outcome.summary).toMatch(/^TaskRouter took the update \(HTTP 200\)/);
    expect(timeline.spent.beforeFirstAttemptMs).toBe(refused!.atMs);
    expect(timeline.dropped).toBe(0);
    // What the simulator saw is what the timeline says.
    const seen = svc.sim.requests.filter((r) => r.reservationSid === sid).map((r) => r.status);
    expect(seen).toEqual([503, 200]);
    for (const secret of [CUSTOMER, AGENT, 'agent-alice', '5557654321']) {
      expect(text).not.toContain(secret);
    }
  });

  it('when the reservation is no longer pending, then the refused update (400, Twilio code) and the fetch that explains it are both on the timeline', async () => {
    const params = svc.callback({ taskAttributes: { flow: 'accept' } });
    const sid = params.ReservationSid!;
    svc.sim.setReservationStatus(sid, 'timeout');
    await svc.postSigned(params);
    await svc.jobFinished(sid);
    const { timeline } = await timelineOf(sid);
    const attempts = timeline.entries.filter((e) => e.kind === 'attempt');
    expect(attempts.map((a) => `${a.operation}:${a.httpStatus}`)).toEqual([
      'update:400',
      'fetch:200',
    ]);
    expect(attempts[0]!.twilioCode).toEqual(expect.any(Number));
    expect(timeline.outcome).toMatchObject({
      state: 'skipped',
      reason: 'not-pending',
      reservationStatus: 'timeout',
    });
    expect(timeline.outcome.summary).toContain('no longer pending (status timeout)');
  });

  it('when a callback is answered inline and delivered twice, then the timeline shows both deliveries, the rule and no REST call', async () => {
    const params = svc.callback({ taskAttributes: { flow: 'accept', inline: true } });
    await svc.postSigned(params);
    await svc.postSigned(params);
    // An inline answer goes out before its record and marks are written (written behind it), so
    // wait for the second delivery's mark to land rather than read at once.
    const { timeline } = await vi.waitFor(
      async () => {
        const read = await timelineOf(params.ReservationSid!);
        expect(read.timeline.entries).toHaveLength(4);
        return read;
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(timeline.entries.map((e) => e.kind)).toEqual([
      'callback',
      'decision',
      'outcome',
      'callback',
    ]);
    expect(timeline.entries[3]).toMatchObject({ kind: 'callback', delivery: 2 });
    expect(timeline.entries[1]).toMatchObject({
      rule: 'inline-accept',
      mode: 'inline',
      match: { when: 'task.flow == … AND task.inline == …' },
    });
    expect(timeline.outcome).toMatchObject({ state: 'done', reason: 'inline' });
  });

  it('when a reservation is in flight, then the list links to its timeline page', async () => {
    const params = svc.callback({ taskAttributes: { flow: 'delayed' } });
    await svc.postSigned(params);
    const res = await adminRequest(svc.url, '/admin/reservations');
    const listed = (res.json as { reservations: { reservationSid: string; timelineUrl: string }[] })
      .reservations;
    const row = listed.find((r) => r.reservationSid === params.ReservationSid);
    expect(row?.timelineUrl).toBe(`/admin/reservations/${params.ReservationSid}/timeline`);
    const { timeline } = await timelineOf(params.ReservationSid!);
    expect(timeline.outcome.finished).toBe(false);
    expect(timeline.entries.map((e) => e.kind)).toEqual(['callback', 'decision']);
  });
});

describe('the timeline page (GET /admin/reservations/:sid/timeline)', () => {
  it('when asked with the admin token, then it is HTML under a CSP that loads nothing, and holds no personal data', async () => {
    const params = svc.callback({
      taskAttributes: { flow: 'conference', to: CUSTOMER },
      workerAttributes: { contact_uri: AGENT },
    });
    await svc.postSigned(params);
    await svc.jobFinished(params.ReservationSid!);
    for (const auth of ['bearer', { basic: 'integration-admin-token-0123456789' }] as const) {
      const res = await adminRequest(
        svc.url,
        `/admin/reservations/${params.ReservationSid}/timeline`,
        { auth },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(
        /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
      );
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.text).toContain('id="deadline-marker"');
      for (const secret of [CUSTOMER, AGENT, 'agent-alice']) {
        expect(res.text).not.toContain(secret);
      }
      // Nothing is fetched from anywhere: no script, no link, no src.
      expect(res.text).not.toMatch(/<script|<link|\ssrc=|url\(/i);
    }
  });

  it('when asked without the token, then 401 with a Basic challenge; for an unknown reservation 404; for a malformed SID 400', async () => {
    const sid = newSid('WR');
    const none = await adminRequest(svc.url, `/admin/reservations/${sid}/timeline`, {
      auth: 'none',
    });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect((await adminRequest(svc.url, `/admin/reservations/${sid}/timeline`)).status).toBe(404);
    const bad = await adminRequest(svc.url, '/admin/reservations/WR123/timeline');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: 'ERR_ADMIN_REQUEST_INVALID' });
  });
});

describe('timeline storage', () => {
  it('when more marks are noted than the bound, then only the last are kept and the rest counted; the marks expire with the record; a reservation without a record gets none', async () => {
    const redis = createRedis(svc.config.redis.url, 'worker', 'timeline-test');
    try {
      const prefix = `test-tl-${newSid('XX').slice(2, 10)}`;
      const timeline = createRedisTimeline({
        redis,
        keyPrefix: prefix,
        log: createLogger({ level: 'silent' }),
        maxMarks: 3,
      });
      const sid = newSid('WR');
      await redis.hset(recordKeyOf(prefix, sid), 'state', 'decided');
      await redis.pexpire(recordKeyOf(prefix, sid), 60_000);
      for (let i = 1; i <= 5; i += 1) {
        timeline.note(sid, { kind: 'event', at: i, eventType: `reservation.e${i}` });
      }
      const stored = await timeline.read(sid);
      expect(stored.marks.map((m) => m.at)).toEqual([3, 4, 5]);
      expect(stored.dropped).toBe(2);
      const [recordTtl, timelineTtl] = await Promise.all([
        redis.pttl(recordKeyOf(prefix, sid)),
        redis.pttl(timelineKeyOf(prefix, sid)),
      ]);
      expect(timelineTtl).toBeGreaterThan(0);
      // Both keys share one absolute expiry; two PTTL readings of it may differ by the millisecond
      // Redis rounds to.
      expect(timelineTtl).toBeLessThanOrEqual(recordTtl + 1);
      expect(recordTtl - timelineTtl).toBeLessThan(5_000);

      const orphan = newSid('WR');
      timeline.note(orphan, { kind: 'event', at: 1, eventType: 'reservation.accepted' });
      expect(await timeline.read(orphan)).toEqual({ marks: [], dropped: 0 });
      expect(await redis.exists(timelineKeyOf(prefix, orphan))).toBe(0);
      await redis.del(recordKeyOf(prefix, sid), timelineKeyOf(prefix, sid));
    } finally {
      await redis.quit();
    }
  });
});
