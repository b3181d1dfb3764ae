import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMix, faultSummary, finishScenario } from './support/finish-scenario.js';
import { sendCallbacks } from './support/send-callbacks.js';
import { startFaultStack, type FaultStack } from './support/start-fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ webs: 1, workers: 1 });
});
afterAll(async () => {
  await stack?.close();
});

describe('fault (a): TaskRouter answers 20 % of updates and fetches with an error', () => {
  it('when 429 (Retry-After), 500, 503, resets and resets-after-apply hit for 30 s of traffic, then every reservation is updated exactly once before its deadline', async () => {
    // Faults stay on until the run settles, so retries and reconciliations meet them too.
    stack.sim.faults.set(errorMix(0.2));
    const sent = await sendCallbacks({
      sim: stack.sim,
      webUrls: stack.webUrls,
      count: 300,
      perSecond: 10,
    });
    const result = await finishScenario(
      stack,
      '(a) Twilio errors 20 %',
      sent,
      () => `faults injected: ${faultSummary(stack)}`,
    );

    expect(result.problems).toEqual([]);
    expect(result.row.lost).toBe(0);
    // 25 s timeouts leave room for many retries: nothing should run out of time here.
    expect(result.row.expired).toBe(0);
    expect(result.row.updated).toBe(sent.length);
  });
});
