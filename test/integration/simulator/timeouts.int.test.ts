import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../src/simulator/create-manual-clock.js';
import { startSimulator, type Simulator } from '../../../src/simulator/start-simulator.js';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  WK,
  WS,
  WT,
  WW,
  clientFor,
  rejectionOf,
  reservationApi,
} from '../../support/simulator-client.js';

describe('simulator reservation life cycle', () => {
  let sim: Simulator;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = createManualClock(Date.UTC(2026, 0, 1));
    sim = await startSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      clock,
      workflows: { [WW]: { taskReservationTimeout: 30 } },
    });
  });
  afterEach(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it("when a reservation is not settled within its workflow's timeout, then it becomes timeout", async () => {
    const wr = sim.createReservation({
      workspaceSid: WS,
      taskSid: WT,
      workerSid: WK,
      workflowSid: WW,
    });
    clock.advance(29_999);
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
    clock.advance(1);
    expect(sim.reservation(wr.sid)).toMatchObject({
      status: 'timeout',
      cause: 'timeout',
      settledAt: wr.createdAt + 30_000,
    });
    const err = await rejectionOf(
      reservationApi(clientFor(sim), wr.sid).update({ instruction: 'conference', to: 'client:a' }),
    );
    expect(err).toMatchObject({ status: 400, code: 40136 });
  });

  it('when no workflow is known, then the timeout is the default 120 s', () => {
    const wr = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    clock.advance(119_000);
    expect(sim.reservation(wr.sid)?.status).toBe('pending');
    clock.advance(1_000);
    expect(sim.reservation(wr.sid)?.status).toBe('timeout');
  });

  it('when a reservation is accepted in time, then its timer does not fire later', async () => {
    const wr = sim.createReservation({
      workspaceSid: WS,
      taskSid: WT,
      workerSid: WK,
      workflowSid: WW,
    });
    await reservationApi(clientFor(sim), wr.sid).update({ reservationStatus: 'accepted' });
    expect(clock.pending()).toBe(0);
    clock.advance(60_000);
    expect(sim.reservation(wr.sid)?.status).toBe('accepted');
  });

  it.each(['canceled', 'rescinded', 'timeout', 'completed'] as const)(
    'when the reservation is set to %s from outside, then updates fail as not pending',
    async (status) => {
      const wr = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
      sim.setReservationStatus(wr.sid, status);
      expect(sim.reservation(wr.sid)).toMatchObject({ status, cause: 'external' });
      const err = await rejectionOf(
        reservationApi(clientFor(sim), wr.sid).update({
          instruction: 'dequeue',
          dequeueFrom: '+1800',
          dequeueTo: 'client:a',
        }),
      );
      expect(err).toMatchObject({ status: 400, code: 40135 });
    },
  );

  it('when a test waits for a status, then it resolves on the change, not on a timer', async () => {
    const wr = sim.createReservation({
      workspaceSid: WS,
      taskSid: WT,
      workerSid: WK,
      workflowSid: WW,
    });
    const seen: string[] = [];
    const off = sim.onReservationChange((c) =>
      seen.push(`${c.from ?? 'new'}→${c.reservation.status}`),
    );
    const waiting = sim.waitForStatus(wr.sid, ['accepted', 'timeout']);
    clock.advance(30_000);
    expect((await waiting).status).toBe('timeout');
    off();
    expect(seen).toEqual(['pending→timeout']);
  });

  it('when reset, then requests, violations, faults and reservations are forgotten', async () => {
    const wr = sim.createReservation({
      workspaceSid: WS,
      taskSid: WT,
      workerSid: WK,
      workflowSid: WW,
    });
    await reservationApi(clientFor(sim), wr.sid).fetch();
    sim.faults.set({ kind: '503' });
    sim.reset();
    expect(sim.requests).toEqual([]);
    expect(sim.reservations()).toEqual([]);
    expect(clock.pending()).toBe(0);
    const again = sim.createReservation({ workspaceSid: WS, taskSid: WT, workerSid: WK });
    expect((await reservationApi(clientFor(sim), again.sid).fetch()).reservationStatus).toBe(
      'pending',
    );
  });
});
