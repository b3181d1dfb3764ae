import { describe, expect, inject, it } from 'vitest';
import { runSoak } from '../../bench/soak.js';
import { saveRow } from './support/results.js';
import { ANSWER_LIMIT_MS } from './support/start-fault-stack.js';

const RATE = 100;
const SECONDS = 60;

describe('fault (j): a short soak (the bench soak at 100/s for a minute, with events)', () => {
  it('when the whole chain runs at a steady rate with event callbacks, then no delivery fails, every reservation settles before its deadline, no answer passes the budget and no RSS rises', async () => {
    const lines: string[] = [];
    const { step, verdict } = await runSoak({
      rate: RATE,
      durationMs: SECONDS * 1000,
      warmupMs: 3000,
      log: (line) => lines.push(line),
    });
    const c = step.summary.callbacks;
    saveRow(inject('faultsResultsDir'), {
      scenario: `(j) soak ${RATE}/s × ${SECONDS} s`,
      callbacks: step.created,
      updated: step.beforeDeadline,
      inline: 0,
      expired: step.byStatus.timeout ?? 0,
      notPending: 0,
      failed: 0,
      duplicatesPrevented: 0,
      lost: step.created - step.beforeDeadline,
      p99Ms: Math.round(step.latencyMs.p99 ?? 0),
      maxAnswerMs: Math.round(step.callbackMs.max ?? 0),
      notes: verdict.line,
    });

    expect(verdict.failures).toEqual({});
    expect(verdict.pass).toBe(true);
    expect(c.events).toBeGreaterThanOrEqual(step.created);
    // The service's default budget: the bench gives its processes no CALLBACK_BUDGET_MS.
    expect(step.callbackMs.max ?? Infinity).toBeLessThan(ANSWER_LIMIT_MS);
  }, 240_000);
});
