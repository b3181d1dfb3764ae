import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminRequest, type AdminAuth } from '../support/admin-client.js';
import { newSid } from '../support/sids.js';
import { ADMIN_TOKEN, WS, startService, type TestService } from '../support/start-service.js';

const RULES = 'test/fixtures/rules/e2e.yaml';

// The worker is off: async reservations stay `decided` (claimed, job waiting), so the in-flight list is stable.
let svc: TestService;
beforeEach(async () => {
  svc = await startService({ rulesPath: RULES, worker: false });
});
afterEach(async () => {
  expect(svc.sim.violations).toEqual([]);
  await svc.close();
});

const get = (path: string, auth?: AdminAuth) => adminRequest(svc.url, path, auth ? { auth } : {});
/** What the admin routes asked of TaskRouter (a callback's one Workflow fetch left out). */
const adminCalls = () => svc.sim.requests.filter((r) => r.operation !== 'FetchWorkflow');

/** A decided callback; returns its parameters. */
async function decided(taskAttributes: Record<string, unknown>) {
  const params = svc.callback({ taskAttributes });
  expect((await svc.postSigned(params)).status).toBe(200);
  return params as Record<string, string> & {
    ReservationSid: string;
    TaskSid: string;
    WorkerSid: string;
  };
}

describe('admin authentication', () => {
  it.each([
    ['no Authorization header', 'none' as const],
    ['a wrong bearer token', { bearer: 'not-the-admin-token-at-all' }],
    ['the token as a Basic password (the API takes bearer only)', { basic: ADMIN_TOKEN }],
  ])('when a request has %s, then 401 with a Bearer challenge and no data', async (_n, auth) => {
    await decided({ flow: 'accept' });
    for (const path of [
      '/admin/reservations',
      `/admin/reservations/${newSid('WR')}`,
      `/admin/tasks/${newSid('WT')}/reservations?workspaceSid=${WS}`,
    ]) {
      const res = await get(path, auth);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
      expect(res.json).toMatchObject({ error: 'ERR_ADMIN_UNAUTHORIZED' });
    }
    expect(adminCalls()).toEqual([]);
  });

  it('when the right bearer token is sent, then 200, not to be cached', async () => {
    const res = await get('/admin/reservations');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('when ADMIN_TOKEN is unset, then every admin route, the dashboard included, is a plain 404', async () => {
    const off = await startService({ rulesPath: RULES, worker: false, env: { ADMIN_TOKEN: '' } });
    try {
      for (const path of [
        '/admin/reservations',
        `/admin/reservations/${newSid('WR')}`,
        '/admin/queues',
        '/admin/queues/api/queues',
      ]) {
        const res = await adminRequest(off.url, path);
        expect(res.status).toBe(404);
        expect(res.json).toMatchObject({ error: 'ERR_NOT_FOUND' });
        expect(res.headers.get('www-authenticate')).toBeNull();
      }
    } finally {
      await off.close();
    }
  });
});

describe('GET /admin/reservations', () => {
  it('when reservations are in flight, then it lists them soonest deadline first with rule, instruction, deadline and time left', async () => {
    const a = await decided({ flow: 'accept' });
    const b = await decided({ flow: 'reject' });
    await decided({ flow: 'accept', inline: true }); // done at once: not in flight
    await decided({ flow: 'nothing-matches' }); // skipped: not in flight

    const res = await get('/admin/reservations');
    expect(res.status).toBe(200);
    const body = res.json as {
      count: number;
      state: null;
      limit: number;
      reservations: Record<string, unknown>[];
    };
    expect(body).toMatchObject({ count: 2, state: null, limit: 100 });
    expect(body.reservations.map((r) => r.reservationSid)).toEqual([
      a.ReservationSid,
      b.ReservationSid,
    ]);
    expect(body.reservations[0]).toMatchObject({
      reservationSid: a.ReservationSid,
      taskSid: a.TaskSid,
      workerSid: a.WorkerSid,
      workspaceSid: WS,
      state: 'decided',
      rule: 'async-accept',
      instruction: 'accept',
      mode: 'async',
      attempts: 0,
    });
    for (const r of body.reservations) {
      expect(r.timeLeftMs).toBeGreaterThan(100_000);
      expect(r.deadlineAt).toBe(new Date(r.deadline as number).toISOString());
      expect(Object.keys(r).filter((k) => k.startsWith('sealed'))).toEqual([]);
    }
  });

  it('when filtered by state or limited, then only those are listed', async () => {
    for (let i = 0; i < 3; i += 1) {
      await decided({ flow: 'accept' });
    }
    expect((await get('/admin/reservations?state=decided')).json).toMatchObject({
      state: 'decided',
      count: 3,
    });
    expect((await get('/admin/reservations?state=updating')).json).toMatchObject({
      state: 'updating',
      count: 0,
      reservations: [],
    });
    expect((await get('/admin/reservations?limit=2')).json).toMatchObject({ limit: 2, count: 2 });
    expect((await get('/admin/reservations?state=decided&limit=1')).json).toMatchObject({
      count: 1,
    });
  });

  it.each([
    ['state=bogus', /state must be one of received, decided, queued, updating/],
    ['state=done', /state done is terminal/],
    ['state=queued&state=decided', /state must be given once/],
    ['limit=0', /limit must be a whole number from 1 to 1000/],
    ['limit=1001', /limit must be a whole number/],
    ['limit=ten', /limit must be a whole number/],
    ['status=queued', /unknown query parameter "status"; known: state, limit/],
  ])('when the query is %s, then 400 naming the problem', async (query, reason) => {
    const res = await get(`/admin/reservations?${query}`);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'ERR_ADMIN_REQUEST_INVALID' });
    expect((res.json as { message: string }).message).toMatch(reason);
  });
});

describe('GET /admin/reservations/:sid', () => {
  it('when the record exists, then it is shown without its sealed response', async () => {
    const p = await decided({ flow: 'conference', inline: true, to: '+14155550100' });
    const res = await get(`/admin/reservations/${p.ReservationSid}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      reservationSid: p.ReservationSid,
      state: 'done',
      reason: 'inline',
      rule: 'inline-conference',
      timeLeftMs: expect.any(Number),
    });
    expect(res.text).not.toContain('sealed');
    expect(res.text).not.toContain('+14155550100');
    expect(res.json).not.toHaveProperty('live');
    expect(adminCalls()).toEqual([]);
  });

  it('when live=1, then TaskRouter is asked and its view is added as `live`', async () => {
    const p = await decided({ flow: 'accept' });
    const pending = await get(`/admin/reservations/${p.ReservationSid}?live=1`);
    expect(pending.status).toBe(200);
    expect(pending.json).toMatchObject({
      state: 'decided',
      live: {
        sid: p.ReservationSid,
        taskSid: p.TaskSid,
        workerSid: p.WorkerSid,
        reservationStatus: 'pending',
        dateUpdated: expect.any(String),
      },
    });
    expect((pending.json as { live: object }).live).not.toHaveProperty('etag');

    svc.sim.setReservationStatus(p.ReservationSid, 'canceled');
    const canceled = await get(`/admin/reservations/${p.ReservationSid}?live=true`);
    expect(canceled.json).toMatchObject({
      state: 'decided',
      live: { reservationStatus: 'canceled' },
    });
    expect(adminCalls().map((r) => `${r.operation}:${r.status}`)).toEqual([
      'FetchTaskReservation:200',
      'FetchTaskReservation:200',
    ]);
  });

  it('when TaskRouter answers 503, then 503 ERR_TASKROUTER_UNAVAILABLE with the Twilio code', async () => {
    const p = await decided({ flow: 'accept' });
    svc.sim.faults.set({ kind: '503', count: 1, operations: ['fetch'] });
    const res = await get(`/admin/reservations/${p.ReservationSid}?live=1`);
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({
      error: 'ERR_TASKROUTER_UNAVAILABLE',
      twilio: { code: 20503, status: 503 },
    });
    expect((res.json as { message: string }).message).toMatch(/Twilio error 20503 \(HTTP 503\)/);
  });

  it('when TaskRouter does not know the reservation, then 502 ERR_TASKROUTER_REJECTED with the Twilio code', async () => {
    const params = svc.callback({ taskAttributes: { flow: 'accept' }, createInSimulator: false });
    await svc.postSigned(params);
    const res = await get(`/admin/reservations/${params.ReservationSid}?live=1`);
    expect(res.status).toBe(502);
    expect(res.json).toMatchObject({
      error: 'ERR_TASKROUTER_REJECTED',
      twilio: { code: 20404, status: 404 },
    });
  });

  it('when TaskRouter does not answer in time, then 503 with no Twilio code', async () => {
    const slow = await startService({
      rulesPath: RULES,
      worker: false,
      env: { HTTP_TIMEOUT_MS: '200' },
    });
    try {
      const params = slow.callback({ taskAttributes: { flow: 'accept' } });
      await slow.postSigned(params);
      slow.sim.faults.set({ kind: 'hang', count: 1, operations: ['fetch'] });
      const res = await adminRequest(
        slow.url,
        `/admin/reservations/${params.ReservationSid}?live=1`,
      );
      expect(res.status).toBe(503);
      expect(res.json).toMatchObject({
        error: 'ERR_TASKROUTER_UNAVAILABLE',
        twilio: { code: null, status: null },
      });
    } finally {
      await slow.close();
    }
  });

  it.each([
    ['WR123', 400, 'ERR_ADMIN_REQUEST_INVALID', /reservation SID: WR followed by 32 hex digits/],
    [newSid('WT'), 400, 'ERR_ADMIN_REQUEST_INVALID', /reservation SID/],
    [
      `${newSid('WR')}?live=yes`,
      400,
      'ERR_ADMIN_REQUEST_INVALID',
      /live must be one of 1, true, 0, false/,
    ],
    [
      `${newSid('WR')}?verbose=1`,
      400,
      'ERR_ADMIN_REQUEST_INVALID',
      /unknown query parameter "verbose"/,
    ],
    [newSid('WR'), 404, 'ERR_NOT_FOUND', /No record of WR/],
  ])('when asked for %s, then %i %s', async (path, status, error, reason) => {
    const res = await get(`/admin/reservations/${path}`);
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ error });
    expect((res.json as { message: string }).message).toMatch(reason);
    expect(adminCalls()).toEqual([]);
  });
});

describe('GET /admin/tasks/:taskSid/reservations', () => {
  /** One task with three reservations in TaskRouter: the callback's (pending) and two more. */
  async function taskWithThree() {
    const p = await decided({ flow: 'accept' });
    const other = svc.sim.createReservation({
      workspaceSid: WS,
      taskSid: p.TaskSid,
      workerSid: newSid('WK'),
    });
    const rejected = svc.sim.createReservation({
      workspaceSid: WS,
      taskSid: p.TaskSid,
      workerSid: newSid('WK'),
    });
    svc.sim.setReservationStatus(rejected.sid, 'rejected');
    return { p, other, rejected };
  }
  const listRequests = () => svc.sim.requests.filter((r) => r.operation === 'ListTaskReservation');

  it("when asked without filters, then it proxies TaskRouter's list, joined with this service's records", async () => {
    const { p, other, rejected } = await taskWithThree();
    const res = await get(`/admin/tasks/${p.TaskSid}/reservations?workspaceSid=${WS}`);
    expect(res.status).toBe(200);
    const body = res.json as { count: number; reservations: { sid: string; record: unknown }[] };
    expect(body).toMatchObject({
      workspaceSid: WS,
      taskSid: p.TaskSid,
      filters: { WorkerSid: null, ReservationStatus: null },
      count: 3,
    });
    expect(body.reservations.map((r) => r.sid).sort()).toEqual(
      [p.ReservationSid, other.sid, rejected.sid].sort(),
    );
    const mine = body.reservations.find((r) => r.sid === p.ReservationSid);
    expect(mine).toMatchObject({
      reservationStatus: 'pending',
      workerSid: p.WorkerSid,
      record: { state: 'decided', rule: 'async-accept', instruction: 'accept', mode: 'async' },
    });
    expect(body.reservations.find((r) => r.sid === rejected.sid)).toMatchObject({
      reservationStatus: 'rejected',
      record: null,
    });
    expect(listRequests()).toHaveLength(1);
    expect(listRequests()[0]?.query).not.toHaveProperty('Page');
  });

  it('when filtered by WorkerSid and ReservationStatus, then TaskRouter gets exactly those filters and no Page', async () => {
    const { p, rejected } = await taskWithThree();
    const byWorker = await get(
      `/admin/tasks/${p.TaskSid}/reservations?workspaceSid=${WS}&WorkerSid=${p.WorkerSid}`,
    );
    expect(byWorker.json).toMatchObject({
      count: 1,
      filters: { WorkerSid: p.WorkerSid },
      reservations: [{ sid: p.ReservationSid }],
    });
    const byStatus = await get(
      `/admin/tasks/${p.TaskSid}/reservations?workspaceSid=${WS}&ReservationStatus=rejected`,
    );
    expect(byStatus.json).toMatchObject({
      count: 1,
      filters: { ReservationStatus: 'rejected' },
      reservations: [{ sid: rejected.sid }],
    });
    const both = await get(
      `/admin/tasks/${p.TaskSid}/reservations?workspaceSid=${WS}&WorkerSid=${p.WorkerSid}&ReservationStatus=rejected`,
    );
    expect(both.json).toMatchObject({ count: 0, reservations: [] });

    const queries = listRequests().map((r) => r.query);
    expect(queries).toHaveLength(3);
    expect(queries[0]).toMatchObject({ WorkerSid: p.WorkerSid });
    expect(queries[1]).toMatchObject({ ReservationStatus: 'rejected' });
    expect(queries[2]).toMatchObject({ WorkerSid: p.WorkerSid, ReservationStatus: 'rejected' });
    for (const q of queries) {
      expect(
        Object.keys(q)
          .filter((k) => k !== 'PageSize')
          .sort(),
      ).toEqual(['ReservationStatus', 'WorkerSid'].filter((k) => k in q));
    }
  });

  it("when TaskRouter is rate limiting, then 503 with Twilio's 20429", async () => {
    const { p } = await taskWithThree();
    svc.sim.faults.set({ kind: '429', count: 1, operations: ['list'] });
    const res = await get(`/admin/tasks/${p.TaskSid}/reservations?workspaceSid=${WS}`);
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({
      error: 'ERR_TASKROUTER_UNAVAILABLE',
      twilio: { code: 20429, status: 429 },
    });
  });

  const WT = newSid('WT');
  it.each([
    [`/admin/tasks/${WT}/reservations`, /workspaceSid is required/],
    [`/admin/tasks/${WT}/reservations?workspaceSid=WS1`, /workspaceSid must be a workspace SID/],
    [
      `/admin/tasks/WT1/reservations?workspaceSid=${WS}`,
      /task SID must be a task SID: WT followed by 32 hex digits/,
    ],
    [
      `/admin/tasks/${WT}/reservations?workspaceSid=${WS}&WorkerSid=${newSid('WA')}`,
      /WorkerSid must be a worker SID: WK/,
    ],
    [
      `/admin/tasks/${WT}/reservations?workspaceSid=${WS}&ReservationStatus=busy`,
      /ReservationStatus must be one of pending, accepted, rejected, timeout, canceled, rescinded, wrapping, completed/,
    ],
    [
      `/admin/tasks/${WT}/reservations?workspaceSid=${WS}&Page=1`,
      /Page is not accepted: the Reservation list is read whole/,
    ],
    [`/admin/tasks/${WT}/reservations?workspaceSid=${WS}&PageSize=5`, /PageSize is not accepted/],
    [
      `/admin/tasks/${WT}/reservations?workspaceSid=${WS}&workerSid=${newSid('WK')}`,
      /unknown query parameter "workerSid"; known: workspaceSid, WorkerSid, ReservationStatus/,
    ],
  ])(
    'when asked for %s, then 400 naming the problem and TaskRouter is not called',
    async (path, reason) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: 'ERR_ADMIN_REQUEST_INVALID' });
      expect((res.json as { message: string }).message).toMatch(reason);
      expect(adminCalls()).toEqual([]);
    },
  );
});
