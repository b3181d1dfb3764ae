import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishScenario } from './support/finish-scenario.js';
import { sendCallbacks } from './support/send-callbacks.js';
import { ANSWER_LIMIT_MS, startFaultStack, type FaultStack } from './support/start-fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ webs: 1, workers: 1, redisProxy: true });
});
afterAll(async () => {
  await stack?.close();
});

const COUNT = 200;
const RATE = 25;
const SLOW_FROM = 50;
/** Fast again from this callback on: 3 s of traffic with every Redis reply 0.5–3 s late. */
const SLOW_UNTIL = 125;
const DELAY = { minMs: 500, maxMs: 3000 };

describe('fault (h): Redis slow (every reply chunk 0.5–3 s late, through a TCP proxy)', () => {
  it('when each Redis reply to the web and the worker is held back 0.5–3 s, then every callback is still answered within CALLBACK_BUDGET_MS and no reservation is lost', async () => {
    const proxy = stack.proxy;
    if (!proxy) {
      throw new Error('the stack was started without its Redis proxy');
    }
    let slowFrom = 0;
    let slowUntil = 0;
    const sent = await sendCallbacks({
      sim: stack.sim,
      webUrls: stack.webUrls,
      count: COUNT,
      perSecond: RATE,
      onSent: (cb) => {
        if (cb.index === SLOW_FROM) {
          proxy.setDelay(DELAY);
          slowFrom = Date.now();
        } else if (cb.index === SLOW_UNTIL) {
          proxy.setDelay(null);
          slowUntil = Date.now();
        }
      },
    });
    proxy.setDelay(null);
    const during = sent.filter((c) => c.sentAt >= slowFrom && c.sentAt < slowUntil);
    const result = await finishScenario(stack, '(h) Redis slow 0.5–3 s', sent, (a) => {
      return (
        `every Redis reply chunk to web and worker held back ${DELAY.minMs}–${DELAY.maxMs} ms for ` +
        `${slowUntil - slowFrom} ms (${proxy.stats.delayed} chunks, longest ${proxy.stats.maxMs} ms); ` +
        `${during.length} callbacks meanwhile, ${during.filter((c) => c.inline).length} answered inline; ` +
        `${a.row.updated} updated over REST`
      );
    });

    expect(result.problems).toEqual([]);
    expect(result.row.lost).toBe(0);
    expect(proxy.stats.delayed).toBeGreaterThan(0);
    // The invariant the budget exists for (fails before CALLBACK_BUDGET_MS is implemented).
    expect(result.row.maxAnswerMs).toBeLessThan(ANSWER_LIMIT_MS);
  });
});
