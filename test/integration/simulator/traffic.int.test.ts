import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../../src/simulator/create-manual-clock.js';
import type { Scenario } from '../../../src/simulator/scenario/compile-scenario.js';
import { parseScenario } from '../../../src/simulator/scenario/load-scenario.js';
import { startSimulator, type Simulator } from '../../../src/simulator/start-simulator.js';
import { simulatorOptionsFromScenario } from '../../../src/simulator/traffic/simulator-options-from-scenario.js';
import { startTraffic, type Traffic } from '../../../src/simulator/traffic/start-traffic.js';
import {
  startCallbackReceiver,
  type CallbackAnswer,
  type ReceivedCallback,
} from '../../support/callback-receiver.js';
import { ACCOUNT_SID, AUTH_TOKEN, clientFor } from '../../support/simulator-client.js';

type Receiver = Awaited<ReturnType<typeof startCallbackReceiver>>;

/** How the stand-in service treats one Assignment Callback. */
type Behaviour = (
  task: Record<string, unknown>,
  worker: Record<string, unknown>,
) =>
  { inline: Record<string, unknown>; rule?: string } | { rest: Record<string, unknown> } | 'ignore';

describe('simulator traffic', () => {
  let sim: Simulator | undefined;
  let receiver: Receiver | undefined;
  let traffic: Traffic | undefined;
  afterEach(async () => {
    traffic?.stop();
    await sim?.close();
    await receiver?.close();
    sim = receiver = traffic = undefined;
  });

  /**
   * Starts a receiver acting as the service (inline answers, or `{}` plus a REST update through the
   * real twilio library), a simulator on a manual clock, and the scenario's traffic.
   */
  async function run(yaml: (url: string) => string, behaviour: Behaviour) {
    const rest: Promise<unknown>[] = [];
    // The receiver starts before the simulator whose URL the client needs.
    const service: { client?: twilio.Twilio } = {};
    receiver = await startCallbackReceiver((cb: ReceivedCallback): CallbackAnswer => {
      if (cb.path === '/events') {
        return { status: 204, body: '' };
      }
      const task = JSON.parse(cb.params.TaskAttributes ?? '{}') as Record<string, unknown>;
      const worker = JSON.parse(cb.params.WorkerAttributes ?? '{}') as Record<string, unknown>;
      const b = behaviour(task, worker);
      if (b !== 'ignore' && 'inline' in b) {
        return {
          body: JSON.stringify(b.inline),
          headers: b.rule ? { 'x-assigner-rule': b.rule } : {},
        };
      }
      if (b !== 'ignore' && service.client) {
        const api = service.client.taskrouter.v1
          .workspaces(cb.params.WorkspaceSid!)
          .tasks(cb.params.TaskSid!);
        rest.push(
          api
            .reservations(cb.params.ReservationSid!)
            .update(b.rest)
            .catch((e: unknown) => e),
        );
      }
      return {};
    });
    const scenario: Scenario = parseScenario(yaml(receiver.url), 'test.yaml');
    const clock: ManualClock = createManualClock(Date.UTC(2026, 0, 1));
    sim = await startSimulator(
      simulatorOptionsFromScenario(scenario, {
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        clock,
      }),
    );
    service.client = clientFor(sim);
    traffic = startTraffic(sim, scenario);
    const s = sim;
    /** Lets everything that the last clock step set off finish: dispatches, callbacks, REST updates. */
    const settle = async () => {
      for (let i = 0; i < 100; i += 1) {
        await new Promise((r) => setImmediate(r));
        const pending = rest.splice(0);
        await Promise.all([s.drainCallbacks(), ...pending]);
        if (pending.length === 0 && rest.length === 0) {
          await new Promise((r) => setImmediate(r));
          await s.drainCallbacks();
          if (rest.length === 0) {
            return;
          }
        }
      }
    };
    const advance = async (seconds: number, stepSeconds = 1) => {
      for (let t = 0; t < seconds; t += stepSeconds) {
        clock.advance(stepSeconds * 1000);
        await settle();
      }
    };
    await settle();
    return { sim: s, scenario, receiver, advance, clock };
  }

  const base = (url: string, extra = '') => `
version: 1
seed: 3
durationSeconds: 20
drainSeconds: 60
callbacks: { assignmentUrl: "${url}/assignment", eventsUrl: "${url}/events" }
rejectCooldownSeconds: 2
timeoutCooldownSeconds: 5
workflows:
  main: { taskReservationTimeout: 30 }
workers:
  - name: alice
    attributes: { contact_uri: "client:alice", level: senior }
  - name: trainee
    count: 2
    attributes: { contact_uri: "client:trainee", level: trainee }
${extra}`;

  it('when a scenario runs against a service, then every task is offered, handled and summarised', async () => {
    const { sim, receiver, advance } = await run(
      (url) => `${base(url)}
taskTypes:
  - name: voice
    workflow: main
    arrivalsPerSecond: 0.5
    handlingSeconds: { min: 2, max: 6 }
    wrapupSeconds: 1
    attributes:
      vip: { $pick: [true, false], $weights: [1, 1] }
      call_sid: { $sid: CA }
`,
      (task, worker) =>
        task.vip === true && worker.level === 'trainee'
          ? { inline: { instruction: 'reject' }, rule: 'vip-not-for-trainees' }
          : task.vip === true
            ? { rest: { instruction: 'conference', from: '+18001234567' } }
            : { inline: { instruction: 'accept' } },
    );
    await advance(80);
    await traffic!.done;
    const summary = sim.summary();
    const arrived = summary.tasks?.arrived ?? -1;
    expect(summary.tasks).toMatchObject({ waiting: 0, reserved: 0, assigned: 0 });
    expect(arrived).toBeGreaterThan(0);
    expect(summary.tasks!.completed).toBe(arrived);
    expect(summary.reservations.byStatus.pending ?? 0).toBe(0);
    expect(summary.reservations.byStatus.completed).toBe(arrived);
    expect(summary.rejections.total).toBe(summary.reservations.byStatus.rejected ?? 0);
    expect(summary.settlement.count).toBe(summary.reservations.total);
    if (summary.rejections.total > 0) {
      expect(Object.keys(summary.rejections.byRule)).toEqual(['vip-not-for-trainees']);
    }
    expect((summary.byInstruction.accept ?? 0) + (summary.byInstruction.conference ?? 0)).toBe(
      arrived,
    );
    const assignments = receiver.received.filter((cb) => cb.path === '/assignment');
    const signed = (cb: ReceivedCallback) =>
      twilio.validateRequest(
        AUTH_TOKEN,
        String(cb.headers['x-twilio-signature']),
        `${receiver.url}/assignment`,
        cb.params,
      );
    expect(assignments.every(signed)).toBe(true);
    const events = receiver.received
      .filter((cb) => cb.path === '/events')
      .map((cb) => cb.params.EventType);
    expect(events.filter((e) => e === 'reservation.completed')).toHaveLength(arrived);
    expect(sim.violations).toEqual([]);
  });

  it('when the service lets a reservation time out, then the task is offered again as a new reservation', async () => {
    let offers = 0;
    const { sim, advance } = await run(
      (url) => `${base(url)}
taskTypes:
  - name: once
    workflow: main
    arrivalsPerSecond: 0.06
    arrivalPattern: uniform
    handlingSeconds: 1
    workers: [alice, trainee-1]
`,
      () => (++offers === 1 ? 'ignore' : { inline: { instruction: 'accept' } }),
    );
    await advance(20);
    const [first] = sim.reservations();
    expect(first).toBeDefined();
    await advance(40);
    const mine = sim.reservations({ taskSid: first!.taskSid });
    expect(mine.map((r) => r.status)).toEqual(['timeout', 'completed']);
    expect(mine[1]!.workerSid).not.toBe(mine[0]!.workerSid);
  });

  it('when multi-reservation is on, then the other pending reservations are rescinded once one is accepted', async () => {
    let seen = 0;
    const { sim, receiver, advance } = await run(
      (url) => `${base(url, 'multiReservation: { enabled: true, maxReservedWorkers: 3 }')}
taskTypes:
  - name: chat
    workflow: main
    arrivalsPerSecond: 0.06
    arrivalPattern: uniform
    handlingSeconds: 1
`,
      () => (++seen === 2 ? { inline: { instruction: 'accept' } } : 'ignore'),
    );
    await advance(25);
    const first = sim.reservations({ taskSid: sim.reservations()[0]!.taskSid });
    expect(first.map((r) => r.status).sort()).toEqual(['completed', 'rescinded', 'rescinded']);
    const events = receiver.received
      .filter((cb) => cb.path === '/events')
      .map((cb) => cb.params.EventType);
    expect(events.filter((e) => e === 'reservation.rescinded').length).toBeGreaterThanOrEqual(2);
  });

  it('when a task waits past cancelAfterSeconds, then it is canceled and its pending reservation too', async () => {
    const { sim, advance } = await run(
      (url) => `${base(url)}
taskTypes:
  - name: doomed
    workflow: main
    arrivalsPerSecond: 0.06
    arrivalPattern: uniform
    cancelAfterSeconds: 10
    workers: [alice]
`,
      () => 'ignore',
    );
    await advance(40);
    const [r] = sim.reservations();
    expect(r?.status).toBe('canceled');
    expect(sim.summary().tasks).toMatchObject({ canceled: 1, completed: 0 });
  });
});
