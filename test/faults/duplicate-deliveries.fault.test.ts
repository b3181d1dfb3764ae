import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishScenario, updateRequests } from './support/finish-scenario.js';
import type { Assessment } from './support/assess-run.js';
import { sendCallbacks } from './support/send-callbacks.js';
import { startFaultStack, type FaultStack } from './support/start-fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  // Two web processes: the fallback delivery lands on the other one, so the claim is raced
  // across processes, not only within one.
  stack = await startFaultStack({ webs: 2, workers: 1 });
});
afterAll(async () => {
  await stack?.close();
});

/** Second deliveries the claim counted (a record's `deliveries` beyond the first). */
const absorbed = (a: Assessment) =>
  [...a.records.values()].reduce((n, r) => n + Math.max(0, (r?.deliveries ?? 1) - 1), 0);

describe('fault (d): every callback is delivered twice (primary and fallback URL)', () => {
  it('when both deliveries arrive, at once or one after the other, then each reservation gets one job and one update', async () => {
    const sent = await sendCallbacks({
      sim: stack.sim,
      webUrls: stack.webUrls,
      count: 200,
      perSecond: 20,
      deliveries: 2,
    });
    const result = await finishScenario(stack, '(d) every callback twice', sent, (a) => {
      const concurrent = sent.filter((c) => c.index % 2 === 0).length;
      return (
        `${sent.length * 2} deliveries over two web processes (${concurrent} pairs at once, the rest in sequence); ` +
        `${absorbed(a)} second deliveries absorbed by the claim`
      );
    });

    expect(result.problems).toEqual([]);
    expect(result.row.lost).toBe(0);
    expect(result.row.updated).toBe(sent.length);
    for (const cb of sent) {
      expect(result.records.get(cb.reservationSid)?.deliveries).toBe(2);
      // One update request: the second delivery never became a second job. (A fetch may follow
      // when the machine is loaded enough for an answer to outlast the HTTP timeout.)
      expect(updateRequests(stack, cb.reservationSid)).toHaveLength(1);
      // Both deliveries were answered alike ({} for an async decision).
      expect(cb.answers.map((a) => a.body)).toEqual([{}, {}]);
    }
  });
});
