import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishScenario } from './support/finish-scenario.js';
import { oneShot } from './support/one-shot.js';
import { sendCallbacks } from './support/send-callbacks.js';
import {
  ANSWER_LIMIT_MS,
  CALLBACK_BUDGET_MS,
  startFaultStack,
  type FaultStack,
} from './support/start-fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ webs: 1, workers: 1 });
});
afterAll(async () => {
  await stack?.close();
});

const COUNT = 200;
const RATE = 25;
const FREEZE_AT = 50;
/** Thawed when this callback is sent: 3 s of traffic at 25/s, longer than the budget. */
const THAW_AT = 125;

describe('fault (g): Redis frozen (SIGSTOP) mid-traffic, then SIGCONT', () => {
  it('when redis-server stops answering with its connections open, then every callback is still answered within CALLBACK_BUDGET_MS and no reservation is lost', async () => {
    const freeze = oneShot();
    const thaw = oneShot();
    let frozenAt = 0;
    let thawedAt = 0;
    const outage = (async () => {
      await freeze.promise;
      stack.freezeRedis();
      frozenAt = Date.now();
      await thaw.promise;
      stack.thawRedis();
      thawedAt = Date.now();
    })();
    const sent = await sendCallbacks({
      sim: stack.sim,
      webUrls: stack.webUrls,
      count: COUNT,
      perSecond: RATE,
      onSent: (cb) => {
        if (cb.index === FREEZE_AT) {
          freeze.resolve();
        } else if (cb.index === THAW_AT) {
          thaw.resolve();
        }
      },
    });
    // However the traffic went, Redis answers again before the checks read it.
    freeze.resolve();
    thaw.resolve();
    await outage;
    const during = sent.filter((c) => c.sentAt >= frozenAt && c.sentAt < thawedAt);
    const result = await finishScenario(stack, '(g) Redis frozen (SIGSTOP)', sent, (a) => {
      const slowest = Math.max(0, ...during.map((c) => (c.answers[0]?.at ?? c.sentAt) - c.sentAt));
      return (
        `Redis frozen ${thawedAt - frozenAt} ms (SIGSTOP, connections open; then SIGCONT); ` +
        `${during.length} callbacks meanwhile, ${during.filter((c) => c.inline).length} answered inline, ` +
        `slowest answer among them ${slowest} ms (budget ${CALLBACK_BUDGET_MS} ms); ` +
        `${a.row.updated} updated over REST`
      );
    });

    expect(result.problems).toEqual([]);
    expect(result.row.lost).toBe(0);
    expect([...stack.webs, ...stack.workers].map((p) => p.running)).toEqual([true, true]);
    // The invariant the budget exists for (fails before CALLBACK_BUDGET_MS is implemented).
    expect(result.row.maxAnswerMs).toBeLessThan(ANSWER_LIMIT_MS);
  });
});
