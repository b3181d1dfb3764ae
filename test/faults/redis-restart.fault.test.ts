import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishScenario } from './support/finish-scenario.js';
import { sendCallbacks } from './support/send-callbacks.js';
import { startFaultStack, type FaultStack } from './support/start-fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ webs: 1, workers: 1 });
});
afterAll(async () => {
  await stack?.close();
});

const COUNT = 400;
const KILL_AT = 100;
/**
 * Redis stays down until this many callbacks were answered in degraded mode: about 6 s at this
 * rate, longer than the worker's 5 s job lock, so jobs active at the crash come back stalled.
 */
const DEGRADED_BEFORE_RESTART = 150;

/** A promise with its resolve function, for one-shot conditions met by callbacks. */
function signal() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('fault (c): Redis is killed and restarted once during the run', () => {
  it('when Redis dies (SIGKILL, AOF always) and comes back on the same port and dir, then callbacks are answered in degraded mode meanwhile and no queued job is lost', async () => {
    // Slow answers keep updates in flight when Redis dies.
    stack.sim.faults.set({
      kind: 'slow',
      rate: 0.3,
      delayMs: 1500,
      seed: 3,
      operations: ['update'],
    });
    const reachedKill = signal();
    const enoughDegraded = signal();
    let degraded = 0;
    let killedAt = 0;
    let restartedAt = 0;
    const outage = (async () => {
      await reachedKill.promise;
      await stack.stopRedis({ hard: true });
      killedAt = Date.now();
      await enoughDegraded.promise;
      await stack.startRedis();
      restartedAt = Date.now();
    })();
    const sent = await sendCallbacks({
      sim: stack.sim,
      webUrls: stack.webUrls,
      count: COUNT,
      perSecond: 25,
      onSent: (cb) => (cb.index === KILL_AT ? reachedKill.resolve() : undefined),
      onAnswered: (cb) => {
        if (cb.inline && killedAt > 0 && (degraded += 1) >= DEGRADED_BEFORE_RESTART) {
          enoughDegraded.resolve();
        }
      },
    });
    // Should degraded mode fail outright, the traffic's end still brings Redis back for the checks.
    enoughDegraded.resolve();
    await outage;
    const afterRestart = sent.filter((c) => c.sentAt >= restartedAt);
    const result = await finishScenario(stack, '(c) Redis SIGKILL + restart', sent, (a) => {
      const inlineAfter = afterRestart.filter((c) => c.inline).length;
      // A callback whose enqueue reached Redis just as it died is answered inline AND has a job;
      // after the restart that job finds the reservation settled (a fetch) and sends nothing more.
      const both = sent.filter(
        (c) => c.inline && a.records.get(c.reservationSid)?.reason === 'reconciled',
      ).length;
      return (
        `Redis down ${restartedAt - killedAt} ms (SIGKILL; restarted on the same port and AOF dir); ` +
        `${a.row.inline} callbacks answered inline meanwhile (${inlineAfter} after the restart, while the web reconnected; ` +
        `${both} whose job had reached Redis before it died and was reconciled after the restart); ` +
        `${afterRestart.length - inlineAfter} callbacks after the restart queued and updated as usual; ` +
        `${stack.stalled.length} jobs active at the crash came back stalled and were finished`
      );
    });

    expect(result.problems).toEqual([]);
    // The same web and worker processes rode the outage out: none crashed or was restarted.
    expect([...stack.webs, ...stack.workers].map((p) => p.running)).toEqual([true, true]);
    expect(result.row.lost).toBe(0);
    expect(result.row.expired).toBe(0);
    // Degraded mode did answer (every instruction of these rules has an exact inline form) ...
    expect(result.row.inline).toBeGreaterThanOrEqual(DEGRADED_BEFORE_RESTART);
    // ... every other callback was queued before or after the outage and updated over REST ...
    expect(result.row.updated + result.row.inline).toBe(sent.length);
    // ... and by the end of the run the web was back to queueing (the worker took those jobs).
    expect(
      sent
        .slice(-25)
        .every((c) => !c.inline && result.outcomes.get(c.reservationSid) === 'updated'),
    ).toBe(true);
  });
});
