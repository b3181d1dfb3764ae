import type { Server } from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminRouter, presentRecord } from '../../../src/http/admin-routes.js';
import { createErrorHandler } from '../../../src/http/error-handler.js';
import type { ReservationRecord } from '../../../src/state/reservation-record.js';
import type {
  ListFilters,
  ReservationSnapshot,
  TaskRouterGateway,
} from '../../../src/taskrouter/types.js';
import { createMemoryTimeline } from '../../support/memory-timeline.js';
import { createRulesSource } from '../../../src/rules/rules-in-force.js';
import { ruleSetOf } from '../../support/rules.js';
import { createMemoryReservationStore } from '../../support/memory-reservation-store.js';

const hex = (c: string) => c.repeat(32);
const WR = `WR${hex('1')}`;
const WT = `WT${hex('2')}`;
const WK = `WK${hex('3')}`;
const WS = `WS${hex('4')}`;
const NOW = 1_700_000_000_000;

function record(overrides: Partial<ReservationRecord> = {}): ReservationRecord {
  return {
    reservationSid: WR,
    taskSid: WT,
    workerSid: WK,
    workspaceSid: WS,
    workflowSid: `WW${hex('5')}`,
    taskQueueSid: `WQ${hex('6')}`,
    state: 'queued',
    mode: 'async',
    rule: 'r',
    instruction: 'accept',
    rulesVersion: 'v1',
    receivedAt: NOW - 1000,
    deadline: NOW + 59_000,
    deliveries: 1,
    attempts: 0,
    updatedAt: NOW - 1000,
    ...overrides,
  };
}

const snapshot = (sid: string, status = 'pending'): ReservationSnapshot => ({
  sid,
  taskSid: WT,
  workerSid: WK,
  workerName: 'alice',
  reservationStatus: status,
  dateUpdated: '2024-01-01T00:00:00.000Z',
  etag: '"e1"',
});

let server: Server | undefined;
let store = createMemoryReservationStore();
let gatewayCalls: { op: string; args: unknown[] }[] = [];
let nextAnswer: () => Promise<ReservationSnapshot[]> = () => Promise.resolve([]);

const gateway: Pick<TaskRouterGateway, 'fetchReservation' | 'listReservations'> = {
  fetchReservation: async (ref, opts) => {
    gatewayCalls.push({ op: 'fetch', args: [ref, opts] });
    const [first] = await nextAnswer();
    return first ?? snapshot(ref.reservationSid);
  },
  listReservations: (workspaceSid: string, taskSid: string, filters: ListFilters, opts) => {
    gatewayCalls.push({ op: 'list', args: [workspaceSid, taskSid, filters, opts] });
    return nextAnswer();
  },
};

async function get(path: string) {
  if (!server) {
    const app = express();
    const rules = createRulesSource(
      ruleSetOf('version: 1\nrules:\n  - name: r\n    instruction: accept\n'),
    );
    app.use(
      '/admin',
      createAdminRouter({
        store,
        timeline: createMemoryTimeline(),
        rules,
        gateway,
        now: () => NOW,
        restTimeoutMs: 1234,
      }),
    );
    app.use(createErrorHandler(pino({ level: 'silent' })));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

beforeEach(() => {
  store = createMemoryReservationStore();
  gatewayCalls = [];
  nextAnswer = () => Promise.resolve([]);
});
afterEach(() => {
  server?.close();
  server = undefined;
});

describe('presentRecord', () => {
  it('when a record holds sealed fields, then none is shown, whatever its name', () => {
    const rec = {
      ...record({ sealedResponse: 'v1.secret' }),
      sealedParams: 'v1.other',
    } as ReservationRecord;
    const shown = presentRecord(rec, NOW);
    expect(Object.keys(shown).filter((k) => k.startsWith('sealed'))).toEqual([]);
    expect(shown).toMatchObject({
      timeLeftMs: 59_000,
      deadlineAt: new Date(NOW + 59_000).toISOString(),
    });
  });

  it('when the deadline has passed, then the time left is 0, not negative', () => {
    expect(presentRecord(record({ deadline: NOW - 5 }), NOW).timeLeftMs).toBe(0);
  });
});

describe('admin routes', () => {
  it('when listing with state and limit, then the store is asked for exactly those', async () => {
    await store.claim(record());
    await store.claim(record({ reservationSid: `WR${hex('7')}`, state: 'decided' }));
    const res = await get('/admin/reservations?state=decided&limit=5');
    expect(res.json).toMatchObject({
      state: 'decided',
      limit: 5,
      count: 1,
      reservations: [{ state: 'decided' }],
    });
  });

  it("when live=1, then the fetch goes to the record's workspace and task with the admin timeout, and the ETag is left out", async () => {
    await store.claim(record({ sealedResponse: 'v1.sealed' }));
    const res = await get(`/admin/reservations/${WR}?live=1`);
    expect(res.status).toBe(200);
    expect(gatewayCalls).toEqual([
      {
        op: 'fetch',
        args: [{ workspaceSid: WS, taskSid: WT, reservationSid: WR }, { timeoutMs: 1234 }],
      },
    ]);
    expect(res.json.live).toEqual({
      sid: WR,
      taskSid: WT,
      workerSid: WK,
      workerName: 'alice',
      reservationStatus: 'pending',
      dateUpdated: '2024-01-01T00:00:00.000Z',
    });
    expect(res.text).not.toContain('sealed');
  });

  it('when TaskRouter refuses with a Twilio error, then 502 with its code, status, message and link', async () => {
    await store.claim(record());
    nextAnswer = () =>
      Promise.reject(
        Object.assign(new Error('The requested resource was not found'), {
          status: 404,
          code: 20404,
          moreInfo: 'https://www.twilio.com/docs/errors/20404',
        }),
      );
    const res = await get(`/admin/reservations/${WR}?live=1`);
    expect(res.status).toBe(502);
    expect(res.json).toEqual({
      error: 'ERR_TASKROUTER_REJECTED',
      message: expect.stringMatching(/Twilio error 20404 \(HTTP 404\)\.$/),
      twilio: {
        code: 20404,
        status: 404,
        message: 'The requested resource was not found',
        moreInfo: 'https://www.twilio.com/docs/errors/20404',
      },
    });
  });

  it('when the network fails, then 503 naming the error but not the address it tried', async () => {
    await store.claim(record());
    nextAnswer = () =>
      Promise.reject(
        Object.assign(new Error('connect ECONNREFUSED 10.9.8.7:443'), { code: 'ECONNREFUSED' }),
      );
    const res = await get(`/admin/reservations/${WR}?live=1`);
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({
      error: 'ERR_TASKROUTER_UNAVAILABLE',
      twilio: { code: null, status: null, message: 'ECONNREFUSED' },
    });
    expect(res.text).not.toContain('10.9.8.7');
  });

  it('when TaskRouter answers 500, then 503: it may work on a retry', async () => {
    await store.claim(record());
    nextAnswer = () =>
      Promise.reject(Object.assign(new Error('oops'), { status: 500, code: 20500 }));
    expect((await get(`/admin/reservations/${WR}?live=1`)).json).toMatchObject({
      error: 'ERR_TASKROUTER_UNAVAILABLE',
      twilio: { code: 20500 },
    });
  });

  it("when a task's reservations are listed with filters, then the gateway gets them as the library's options", async () => {
    await store.claim(record());
    nextAnswer = () => Promise.resolve([snapshot(WR), snapshot(`WR${hex('8')}`, 'rejected')]);
    const res = await get(
      `/admin/tasks/${WT}/reservations?workspaceSid=${WS}&WorkerSid=${WK}&ReservationStatus=pending`,
    );
    expect(res.status).toBe(200);
    expect(gatewayCalls).toEqual([
      {
        op: 'list',
        args: [WS, WT, { workerSid: WK, reservationStatus: 'pending' }, { timeoutMs: 1234 }],
      },
    ]);
    expect(res.json).toMatchObject({
      count: 2,
      reservations: [
        { sid: WR, record: { state: 'queued', rule: 'r', instruction: 'accept', mode: 'async' } },
        { sid: `WR${hex('8')}`, reservationStatus: 'rejected', record: null },
      ],
    });
    expect(res.text).not.toContain('etag');
  });

  it('when listed without filters, then the gateway gets none', async () => {
    await get(`/admin/tasks/${WT}/reservations?workspaceSid=${WS}`);
    expect(gatewayCalls[0]?.args[2]).toEqual({});
  });
});
