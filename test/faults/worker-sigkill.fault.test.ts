import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultSummary, finishScenario } from './support/finish-scenario.js';
import { sendCallbacks } from './support/send-callbacks.js';
import type { ServiceProcess } from './support/spawn-service.js';
import { startFaultStack, type FaultStack } from './support/start-fault-stack.js';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ webs: 1, workers: 2 });
});
afterAll(async () => {
  await stack?.close();
});

const appliedUpdates = (s: FaultStack) =>
  s.sim.requests.filter((e) => e.applied === true && e.operation?.startsWith('Update')).length;

describe('fault (b): a worker is SIGKILLed three times during the run', () => {
  it('when workers die mid-update, then their jobs are resumed by another worker before the deadline and nothing is updated twice', async () => {
    // Slow answers keep updates in flight, so each kill interrupts some (and some still land).
    stack.sim.faults.set({
      kind: 'slow',
      rate: 0.3,
      delayMs: 1500,
      seed: 7,
      operations: ['update'],
    });
    const live: ServiceProcess[] = [...stack.workers];
    const kills: string[] = [];
    const killer = (async () => {
      for (const [k, threshold] of [60, 140, 220].entries()) {
        await stack.sim.waitFor(() => appliedUpdates(stack) >= threshold, {
          timeoutMs: 60_000,
          description: `${threshold} updates`,
        });
        const victim = live[k % 2] as ServiceProcess;
        victim.signal('SIGKILL');
        const exit = await victim.exited;
        kills.push(`${victim.name} ${exit.signal ?? exit.code}`);
        live[k % 2] = await stack.startWorker();
      }
    })();
    const sent = await sendCallbacks({
      sim: stack.sim,
      webUrls: stack.webUrls,
      count: 300,
      perSecond: 25,
    });
    await killer;
    const result = await finishScenario(stack, '(b) worker SIGKILL ×3', sent, (a) => {
      const stalled = new Set(stack.stalled);
      const margins = sent
        .filter((c) => stalled.has(c.reservationSid))
        .map((c) => {
          const applied = stack.sim.updatesFor(c.reservationSid)[0];
          const deadline = a.records.get(c.reservationSid)?.deadline;
          return applied && deadline ? deadline - applied.at : Infinity;
        });
      const reconciled = [...a.records.values()].filter((r) => r?.reason === 'reconciled').length;
      return (
        `killed ${kills.join(', ')}; ${stalled.size} jobs taken over from dead workers (${reconciled} found already applied by a fetch), ` +
        `smallest margin to the deadline among them ${Math.round(Math.min(...margins) / 100) / 10} s; faults: ${faultSummary(stack)}`
      );
    });

    expect(kills).toHaveLength(3);
    expect(kills.every((k) => k.endsWith('SIGKILL'))).toBe(true);
    // The kills did interrupt work: BullMQ reported jobs stalled, and another worker finished them.
    expect(stack.stalled.length).toBeGreaterThan(0);
    expect(result.problems).toEqual([]);
    expect(result.row.lost).toBe(0);
    expect(result.row.expired).toBe(0);
    expect(result.row.updated).toBe(sent.length);
  });
});
