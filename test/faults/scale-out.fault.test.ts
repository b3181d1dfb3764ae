import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { finishScenario, updateRequests, waitUntil } from './support/finish-scenario.js';
import { saveRow } from './support/results.js';
import { sendCallbacks } from './support/send-callbacks.js';
import type { ServiceProcess } from './support/spawn-service.js';
import { startFaultStack, type FaultStack } from './support/start-fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ webs: 2, workers: 2 });
});
afterAll(async () => {
  await stack?.close();
});

/** Lines a process logged with this message (pino JSON on stdout, each with the process's pid). */
const linesOf = (p: ServiceProcess, match: (msg: string) => boolean) =>
  p.logs.filter((l) => l.pid === p.pid && match(l.msg)).length;

describe('scale-out: two web and two worker processes share one Redis (issue 5 item 6)', () => {
  it('when callbacks are spread over both web processes, then each reservation is updated exactly once and both workers do work', async () => {
    const sent = await sendCallbacks({
      sim: stack.sim,
      webUrls: stack.webUrls,
      count: 300,
      perSecond: 40,
    });
    const decided = () => stack.webs.map((w) => linesOf(w, (m) => m === 'callback decided'));
    const finished = () =>
      stack.workers.map((w) => linesOf(w, (m) => m.startsWith('reservation ')));
    const result = await finishScenario(stack, 'scale-out 2 web × 2 worker', sent, () => '');
    // A worker logs a reservation's end just after writing its record: let the pipes drain.
    await waitUntil(
      () => finished().reduce((a, b) => a + b, 0) >= sent.length,
      'a finish line per reservation',
    );
    result.row.notes = `callbacks decided per web process ${decided().join(' / ')}; reservations finished per worker process ${finished().join(' / ')}`;
    saveRow(inject('faultsResultsDir'), result.row);

    expect(result.problems).toEqual([]);
    expect(result.row.lost).toBe(0);
    expect(result.row.updated).toBe(sent.length);
    for (const cb of sent) {
      expect(updateRequests(stack, cb.reservationSid)).toHaveLength(1);
    }
    expect(decided()).toEqual([sent.length / 2, sent.length / 2]);
    // Every reservation finished in exactly one worker's log, and each worker took a share.
    expect(finished().reduce((a, b) => a + b, 0)).toBe(sent.length);
    expect(Math.min(...finished())).toBeGreaterThan(0);
  });
});
