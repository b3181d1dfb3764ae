import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReservationStatus } from '../../src/simulator/types.js';
import { finishScenario } from './support/finish-scenario.js';
import {
  mixedTask,
  postEvent,
  sendCallbacks,
  type Answer,
  type SentCallback,
} from './support/send-callbacks.js';
import { startFaultStack, type FaultStack } from './support/start-fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ webs: 1, workers: 1 });
});
afterAll(async () => {
  await stack?.close();
});

// 40 % of the callbacks match the rules' `held-accept` (delay: 5 s); half of those are canceled
// or rescinded right after their callback, while their job waits.
const held = (i: number) => i % 5 < 2;
const settledWhileHeld = (i: number): ReservationStatus | null =>
  i % 10 === 0 ? 'canceled' : i % 10 === 1 ? 'rescinded' : null;
// A few are canceled before their callback even arrives: the event finds no record.
const settledBeforeCallback = (i: number) => i % 25 === 7;

describe('fault (e): reservation events arrive before the job runs', () => {
  it('when a reservation is canceled or rescinded while its job is delayed, then no REST update is sent and the record is skipped', async () => {
    const eventAnswers: Answer[] = [];
    const settle = async (cb: SentCallback, status: ReservationStatus) => {
      // TaskRouter settles the reservation, then tells the Workspace's event callback.
      stack.sim.setReservationStatus(cb.reservationSid, status);
      eventAnswers.push(await postEvent(stack.webUrls[0] as string, `reservation.${status}`, cb));
    };
    const sent = await sendCallbacks({
      sim: stack.sim,
      webUrls: stack.webUrls,
      count: 300,
      perSecond: 30,
      task: (i) => ({ ...mixedTask(i), hold: held(i) }),
      onSent: async (cb) => {
        if (settledBeforeCallback(cb.index)) {
          await settle(cb, 'canceled');
        }
      },
      onAnswered: async (cb) => {
        const status = settledWhileHeld(cb.index);
        if (status) {
          await settle(cb, status);
        }
      },
    });
    const whileHeld = sent.filter((c) => settledWhileHeld(c.index));
    const before = sent.filter((c) => settledBeforeCallback(c.index));
    const result = await finishScenario(
      stack,
      '(e) events before the job',
      sent,
      () =>
        `${whileHeld.length} reservations canceled/rescinded (signed events) while their job was held back 5 s; ` +
        `${before.length} canceled before their callback arrived (event dropped: no record yet; the job's update was refused and a fetch settled it)`,
    );

    expect(eventAnswers.map((a) => a.status).every((s) => s === 204)).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.row.lost).toBe(0);
    for (const cb of whileHeld) {
      expect(
        stack.sim.requests.filter(
          (e) => e.reservationSid === cb.reservationSid && e.operation?.startsWith('Update'),
        ),
      ).toEqual([]);
      expect(result.records.get(cb.reservationSid)).toMatchObject({
        state: 'skipped',
        reason: 'event',
        reservationStatus: settledWhileHeld(cb.index),
      });
    }
    for (const cb of before) {
      expect(stack.sim.updatesFor(cb.reservationSid)).toEqual([]);
      expect(result.records.get(cb.reservationSid)).toMatchObject({
        state: 'skipped',
        reason: 'not-pending',
        reservationStatus: 'canceled',
      });
    }
    expect(result.row.notPending).toBe(whileHeld.length + before.length);
    expect(result.row.updated).toBe(sent.length - whileHeld.length - before.length);
  });
});
