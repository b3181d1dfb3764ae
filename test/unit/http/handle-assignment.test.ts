import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRulesSource } from '../../../src/config/create-rules-source.js';
import { createAssignmentHandler } from '../../../src/http/handle-assignment.js';
import { parseAssignmentCallback } from '../../../src/http/parse-assignment-callback.js';
import { createMetrics } from '../../../src/shared/create-metrics.js';
import { createSealer } from '../../../src/shared/create-sealer.js';
import { createMemoryReservationStore } from '../../support/memory-reservation-store.js';
import { ruleSetOf } from '../../support/rules.js';

const WR = `WR${'1'.repeat(32)}`;
const RULES = `
version: 1
defaults: { mode: async, reservationTimeout: 30, onNoMatch: leave }
rules:
  - name: accept-all
    instruction: accept
`;

const callback = () =>
  parseAssignmentCallback({
    AccountSid: `AC${'a'.repeat(32)}`,
    WorkspaceSid: `WS${'2'.repeat(32)}`,
    WorkflowSid: `WW${'3'.repeat(32)}`,
    TaskQueueSid: `WQ${'4'.repeat(32)}`,
    WorkerSid: `WK${'5'.repeat(32)}`,
    TaskSid: `WT${'6'.repeat(32)}`,
    ReservationSid: WR,
    TaskAttributes: '{}',
    WorkerAttributes: '{}',
  });

describe('handleAssignment', () => {
  it('when the worker takes the job before the callback is answered, then the web leaves its state alone', async () => {
    const store = createMemoryReservationStore();
    const handle = createAssignmentHandler({
      rules: createRulesSource(ruleSetOf(RULES)),
      store,
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
    expect(await handle(callback())).toEqual({});
    // A `queued` written after the enqueue would hide the attempt in flight from the next run.
    expect(store.records.get(WR)).toMatchObject({
      state: 'updating',
      attempts: 1,
      deadline: 30_000,
    });
  });
});
