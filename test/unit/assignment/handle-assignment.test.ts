import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRulesSource } from '../../../src/rules/rules-in-force.js';
import { createAssignmentHandler } from '../../../src/assignment/handle-assignment.js';
import { parseAssignmentCallback } from '../../../src/assignment/parse-assignment-callback.js';
import { createMetrics } from '../../../src/shared/create-metrics.js';
import { createSealer } from '../../../src/shared/create-sealer.js';
import { createMemoryReservationStore } from '../../support/memory-reservation-store.js';
import { createMemoryTimeline } from '../../support/memory-timeline.js';
import { ruleSetOf } from '../../support/rules.js';

const WR = `WR${'1'.repeat(32)}`;
const RULES = `
version: 1
defaults: { mode: async, reservationTimeout: 30, onNoMatch: leave }
rules:
  - name: accept-all
    instruction: accept
`;

const CALL_RULES = `
version: 1
defaults: { mode: async, reservationTimeout: 30, onNoMatch: leave }
rules:
  - name: ring
    when: task.ring == true
    instruction: call
    params: { from: "+18005550100", url: "https://twiml.example.com/a" }
  - name: accept-all
    instruction: accept
`;

function handlerWith(rules: string, enqueue: () => Promise<void>, claimFails = false) {
  const store = createMemoryReservationStore();
  const claim = store.claim.bind(store);
  return createAssignmentHandler({
    rules: createRulesSource(ruleSetOf(rules)),
    store: {
      ...store,
      claim: (r) =>
        claimFails
          ? Promise.reject(
              new Error("Stream isn't writeable and enableOfflineQueue options is false"),
            )
          : claim(r),
    },
    timeline: createMemoryTimeline(),
    producer: { enqueue },
    timeouts: { resolve: () => Promise.resolve(30) },
    sealer: createSealer('token'),
    metrics: createMetrics(),
    log: pino({ level: 'silent' }),
    now: () => 1_000,
    deadlineMarginMs: 1000,
  });
}

const callback = (taskAttributes = '{}') =>
  parseAssignmentCallback({
    AccountSid: `AC${'a'.repeat(32)}`,
    WorkspaceSid: `WS${'2'.repeat(32)}`,
    WorkflowSid: `WW${'3'.repeat(32)}`,
    TaskQueueSid: `WQ${'4'.repeat(32)}`,
    WorkerSid: `WK${'5'.repeat(32)}`,
    TaskSid: `WT${'6'.repeat(32)}`,
    ReservationSid: WR,
    TaskAttributes: taskAttributes,
    WorkerAttributes: '{}',
  });

describe('handleAssignment', () => {
  it('when the worker takes the job before the callback is answered, then the web leaves its state alone', async () => {
    const store = createMemoryReservationStore();
    const handle = createAssignmentHandler({
      rules: createRulesSource(ruleSetOf(RULES)),
      store,
      timeline: createMemoryTimeline(),
      // The worker picks the job up at once and marks its attempt, before enqueue() even returns.
      producer: {
        enqueue: async (data) =>
          void (await store.patch(
            data.reservationSid,
            { state: 'updating', attempts: 1 },
            { live: true },
          )),
      },
      timeouts: { resolve: () => Promise.resolve(30) },
      sealer: createSealer('token'),
      metrics: createMetrics(),
      log: pino({ level: 'silent' }),
      now: () => 1_000,
      deadlineMarginMs: 1000,
    });
    expect(await handle(callback())).toEqual({ answer: {}, rule: 'accept-all' });
    // A `queued` written after the enqueue would hide the attempt in flight from the next run.
    expect(store.records.get(WR)).toMatchObject({
      state: 'updating',
      attempts: 1,
      deadline: 30_000,
    });
  });

  describe('degraded mode (Redis unavailable)', () => {
    const neverSent = () =>
      Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
    const timedOut = () => Promise.reject(new Error('Command timed out'));

    it('when Redis refused the claim unsent, then the instruction is answered inline', async () => {
      const handle = handlerWith(CALL_RULES, neverSent, true);
      expect((await handle(callback('{"ring":true}'))).answer).toEqual({
        instruction: 'call',
        from: '+18005550100',
        url: 'https://twiml.example.com/a',
      });
    });

    it('when the enqueue may have reached Redis, then a repeatable instruction is still answered inline', async () => {
      const handle = handlerWith(CALL_RULES, timedOut);
      expect((await handle(callback())).answer).toEqual({ instruction: 'accept' });
    });

    it('when the enqueue may have reached Redis and the instruction is a call without accept, then {} (no second ring)', async () => {
      const handle = handlerWith(CALL_RULES, timedOut);
      expect((await handle(callback('{"ring":true}'))).answer).toEqual({});
    });
  });
});
