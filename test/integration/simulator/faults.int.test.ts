import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../src/simulator/start-simulator.js';
import type { ReservationView } from '../../../src/simulator/types.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  WK,
  WS,
  WT,
  clientFor,
  rejectionOf,
  reservationApi,
} from '../../support/simulator-client.js';

describe('simulator fault injection', () => {
  let sim: Simulator;
  let wr: ReservationView;
  const api = (timeout?: number) =>
    reservationApi(clientFor(sim, timeout === undefined ? {} : { timeout }), wr.sid);

  beforeEach(async () => {
    sim = await startSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    wr = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
  });
  afterEach(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it('when a 429 fault with count 1 is set, then the first update gets 429 / 20429 with Retry-After and the retry succeeds', async () => {
    sim.faults.set({ kind: '429', count: 1, retryAfter: 3 });
    const err = await rejectionOf(api().update({ reservationStatus: 'accepted' }));
    expect(err).toMatchObject({ status: 429, code: 20429 });
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
    await api().update({ reservationStatus: 'accepted' });
    expect(sim.reservation(wr.sid)?.status).toBe('accepted');
    expect(sim.requests.map((r) => [r.status, r.fault])).toEqual([
      [429, '429'],
      [200, undefined],
    ]);
    expect(sim.faults.injected).toBe(1);
  });

  it('when a 429 is answered, then its Retry-After header carries the configured seconds', async () => {
    sim.faults.set({ kind: '429', count: 1, retryAfter: 7 });
    const res = await fetch(`${sim.url}/v1/Workspaces/${WS}/Tasks/${WT}/Reservations/${wr.sid}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
      },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it.each([
    ['401', 401, 20003],
    ['403', 403, 20003],
    ['404', 404, 20404],
    ['500', 500, 20500],
    ['503', 503, 20503],
  ] as const)(
    'when a %s fault is set, then the update fails with that status and is not applied',
    async (kind, status, code) => {
      sim.faults.set({ kind, count: 2 });
      for (let i = 0; i < 2; i += 1) {
        expect(await rejectionOf(api().update({ reservationStatus: 'accepted' }))).toMatchObject({
          status,
          code,
        });
      }
      expect(sim.updatesFor(wr.sid)).toEqual([]);
      await api().update({ reservationStatus: 'accepted' });
      expect(sim.updatesFor(wr.sid)).toHaveLength(1);
    },
  );

  it('when faults are limited to updates, then fetches pass untouched', async () => {
    sim.faults.set({ kind: '503', operations: ['update'] });
    expect((await api().fetch()).reservationStatus).toBe('pending');
    expect(await rejectionOf(api().update({ reservationStatus: 'accepted' }))).toMatchObject({
      status: 503,
    });
    sim.faults.clear();
    await api().update({ reservationStatus: 'accepted' });
  });

  it('when a reset fault hits an update, then the client sees a network error and nothing is applied', async () => {
    sim.faults.set({ kind: 'reset', count: 1 });
    const err = await rejectionOf(api().update({ reservationStatus: 'accepted' }));
    expect(err.status).toBeUndefined();
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
    expect(sim.requests).toMatchObject([{ status: null, fault: 'reset' }]);
  });

  it('when a reset-after-apply fault hits an update, then the client sees an error but the update took effect', async () => {
    sim.faults.set({ kind: 'reset-after-apply', count: 1, operations: ['update'] });
    const err = await rejectionOf(api().update({ reservationStatus: 'accepted' }));
    expect(err.status).toBeUndefined();
    expect(sim.reservation(wr.sid)?.status).toBe('accepted');
    expect(sim.updatesFor(wr.sid)).toMatchObject([
      { status: null, applied: true, fault: 'reset-after-apply' },
    ]);
    // The client's retry meets a reservation that is no longer pending.
    expect(await rejectionOf(api().update({ reservationStatus: 'accepted' }))).toMatchObject({
      status: 400,
    });
  });

  it('when a slow fault delays an update, then it is answered normally afterwards', async () => {
    sim.faults.set({ kind: 'slow', delayMs: 20, count: 1 });
    await api().update({ reservationStatus: 'accepted' });
    expect(sim.requests).toMatchObject([{ status: 200, fault: 'slow', applied: true }]);
  });

  it('when a slow update outlasts the client timeout, then the client gives up and the update still lands', async () => {
    // The client's limit only has to outlast the trip to the simulator; the delay outlasts the limit.
    sim.faults.set({ kind: 'slow', delayMs: 1500, count: 1 });
    const err = await rejectionOf(api(1000).update({ reservationStatus: 'accepted' }));
    expect(err.status).toBeUndefined();
    await sim.waitForStatus(wr.sid, 'accepted');
    expect(sim.updatesFor(wr.sid)).toHaveLength(1);
  });

  it('when a hang fault is set, then the request is never answered until the connection ends', async () => {
    sim.faults.set({ kind: 'hang', count: 1 });
    const call = rejectionOf(api().update({ reservationStatus: 'accepted' }));
    await sim.waitFor(() => sim.requests.length === 1);
    expect(sim.requests).toMatchObject([{ status: null, fault: 'hang' }]);
    await sim.close(); // what a client timeout would do, without racing one
    expect((await call).status).toBeUndefined();
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
    expect(sim.updatesFor(wr.sid)).toEqual([]);
  });

  it('when a rate is set, then the same seed injects the same faults into the same traffic', async () => {
    const pattern = async () => {
      sim.faults.set({ kind: '503', rate: 0.5, seed: 42, operations: ['fetch'] });
      const seen: number[] = [];
      for (let i = 0; i < 16; i += 1) {
        seen.push(
          await api()
            .fetch()
            .then(
              () => 200,
              (e: { status: number }) => e.status,
            ),
        );
      }
      return seen;
    };
    const first = await pattern();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await pattern()).toEqual(first);
  });

  it('when a fault spec is malformed, then set() throws a helpful error', () => {
    expect(() => sim.faults.set({ kind: '503', rate: 2 })).toThrow(/rate/);
    expect(() => sim.faults.set({ kind: '503', rate: 0.1, count: 1 })).toThrow(/not both/);
    expect(() => sim.faults.set({ kind: 'boom' as '503' })).toThrow(/unknown fault kind/);
  });
});
