import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultSummary, finishScenario } from './support/finish-scenario.js';
import { sendCallbacks } from './support/send-callbacks.js';
import type { ExitInfo, ServiceProcess } from './support/spawn-service.js';
import { startFaultStack, type FaultStack } from './support/start-fault-stack.js';

const GRACE_MS = 3000;
/** Process exit after the grace period: the last shutdown step, the exit itself, scheduling. */
const EXIT_SLACK_MS = 2000;

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({
    webs: 1,
    workers: 2,
    // HTTP timeout above the slow answers: a job in flight may outlast the grace period.
    env: { SHUTDOWN_GRACE_MS: String(GRACE_MS), HTTP_TIMEOUT_MS: '5000' },
  });
});
afterAll(async () => {
  await stack?.close();
});

const appliedUpdates = (s: FaultStack) =>
  s.sim.requests.filter((e) => e.applied === true && e.operation?.startsWith('Update')).length;

describe('fault (f): a worker is shut down (SIGTERM) under load', () => {
  it('when SIGTERM arrives with updates in flight, then it exits 0 within the grace period and another worker finishes the rest', async () => {
    // Some answers are slower than the grace period, so the shutdown cannot wait for them all.
    stack.sim.faults.set({
      kind: 'slow',
      rate: 0.15,
      delayMs: 4000,
      seed: 11,
      operations: ['update'],
    });
    const [leaving, staying] = stack.workers as [ServiceProcess, ServiceProcess];
    let signalledAt = 0;
    let exit: ExitInfo | undefined;
    const shutdown = (async () => {
      await stack.sim.waitFor(() => appliedUpdates(stack) >= 100, {
        timeoutMs: 60_000,
        description: '100 updates',
      });
      signalledAt = Date.now();
      leaving.signal('SIGTERM');
      exit = await leaving.exited;
    })();
    const sent = await sendCallbacks({
      sim: stack.sim,
      webUrls: stack.webUrls,
      count: 300,
      perSecond: 25,
    });
    await shutdown;
    const exitAfterMs = (exit?.at ?? 0) - signalledAt;
    const stopped = leaving.logs.find((l) => l.msg === 'stopped');
    const finishedBy = (w: ServiceProcess, after: number) =>
      w.logs.filter(
        (l) =>
          typeof l.msg === 'string' &&
          l.msg.startsWith('reservation ') &&
          (l.time as number) > after,
      ).length;
    const result = await finishScenario(
      stack,
      '(f) worker SIGTERM',
      sent,
      () =>
        `SIGTERM after 100 updates; exit code ${exit?.code} after ${exitAfterMs} ms (grace ${GRACE_MS} ms, shutdown ${String(stopped?.outcome)}); ` +
        `${stack.stalled.length} jobs it left in flight taken over; the other worker finished ${finishedBy(staying, exit?.at ?? 0)} reservations after the exit; ` +
        `faults: ${faultSummary(stack)}`,
    );

    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exitAfterMs).toBeLessThanOrEqual(GRACE_MS + EXIT_SLACK_MS);
    expect(stopped).toBeDefined();
    expect(finishedBy(staying, exit?.at ?? 0)).toBeGreaterThan(0);
    expect(result.problems).toEqual([]);
    expect(result.row.lost).toBe(0);
    expect(result.row.expired).toBe(0);
    expect(result.row.updated).toBe(sent.length);
  });
});
