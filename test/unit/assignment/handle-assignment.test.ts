import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReservationTimeouts } from '../../../src/assignment/create-reservation-timeouts.js';
import {
  createAssignmentHandler,
  type AssignmentDeps,
  type AssignmentResult,
} from '../../../src/assignment/handle-assignment.js';
import { parseAssignmentCallback } from '../../../src/assignment/parse-assignment-callback.js';
import type { ReservationJobData } from '../../../src/queue/contract.js';
import { createRulesSource } from '../../../src/rules/rules-in-force.js';
import { createMetrics, type Metrics } from '../../../src/shared/create-metrics.js';
import type { RedisClient } from '../../../src/shared/create-redis.js';
import { createSealer } from '../../../src/shared/create-sealer.js';
import { RedisUnavailableError } from '../../../src/shared/redis-unavailable-error.js';
import type { ReservationTimeouts } from '../../../src/assignment/create-reservation-timeouts.js';
import type { ReservationRecord } from '../../../src/state/reservation-record.js';
import type { ReservationStore } from '../../../src/state/reservation-store.js';
import { createMemoryTimeline } from '../../support/memory-timeline.js';
import { createMemoryReservationStore } from '../../support/memory-reservation-store.js';
import { ruleSetOf } from '../../support/rules.js';

const WR = `WR${'1'.repeat(32)}`;
const WW = `WW${'3'.repeat(32)}`;
/** The budget every test configures; the handler keeps 100 ms of it back for sending the answer. */
const BUDGET_MS = 2000;
const WAIT_MS = 1900;
const T0 = 1_700_000_000_000;

const RULES = `
version: 1
defaults: { mode: async, reservationTimeout: 30, onNoMatch: leave }
rules:
  - name: ring
    when: task.ring == true
    instruction: call
    params: { from: "+18005550100", url: "https://twiml.example.com/a" }
  - name: inline-accept
    when: task.inline == true
    mode: inline
    instruction: accept
  - name: inline-ring
    when: task.inlineRing == true
    mode: inline
    instruction: call
    params: { from: "+18005550100", url: "https://twiml.example.com/a", accept: true }
  - name: accept-async
    when: task.nomatch != true
    instruction: accept
`;
const REJECT_ON_NO_MATCH = `
version: 1
defaults: { mode: async, reservationTimeout: 30, onNoMatch: reject }
rules:
  - name: never
    when: task.never == true
    instruction: accept
`;

const never = <T>() => new Promise<T>(() => undefined);
const notSent = () =>
  new RedisUnavailableError(false, { cause: new Error("Stream isn't writeable") });
const mayHaveRun = () => new RedisUnavailableError(true, { cause: new Error('Command timed out') });

interface Setup {
  readonly handle: (cb: ReturnType<typeof callback>) => Promise<AssignmentResult>;
  readonly store: ReturnType<typeof createMemoryReservationStore>;
  readonly jobs: Map<string, ReservationJobData>;
  readonly metrics: Metrics;
}

/** The handler over in-memory fakes of our store and producer; each seam can be made to fail or hang. */
function setup(
  opts: {
    rules?: string;
    claim?: ReservationStore['claim'];
    enqueue?: AssignmentDeps['producer']['enqueue'];
    timeouts?: ReservationTimeouts;
  } = {},
): Setup {
  const store = createMemoryReservationStore();
  const jobs = new Map<string, ReservationJobData>();
  const metrics = createMetrics();
  const handle = createAssignmentHandler({
    rules: createRulesSource(ruleSetOf(opts.rules ?? RULES)),
    store: { ...store, claim: opts.claim ?? ((r) => store.claim(r)) },
    timeline: createMemoryTimeline(),
    producer: {
      enqueue:
        opts.enqueue ??
        ((data) => {
          // BullMQ's jobId dedupe: a second add of the same id is a no-op.
          if (!jobs.has(data.reservationSid)) {
            jobs.set(data.reservationSid, data);
          }
          return Promise.resolve();
        }),
    },
    timeouts: opts.timeouts ?? { known: () => 30, resolve: () => Promise.resolve(30) },
    sealer: createSealer('token'),
    metrics,
    log: pino({ level: 'silent' }),
    now: () => Date.now(),
    deadlineMarginMs: 1000,
    budgetMs: BUDGET_MS,
  });
  return { handle, store, jobs, metrics };
}

const callback = (task: Record<string, unknown> = {}) =>
  parseAssignmentCallback({
    AccountSid: `AC${'a'.repeat(32)}`,
    WorkspaceSid: `WS${'2'.repeat(32)}`,
    WorkflowSid: WW,
    TaskQueueSid: `WQ${'4'.repeat(32)}`,
    WorkerSid: `WK${'5'.repeat(32)}`,
    TaskSid: `WT${'6'.repeat(32)}`,
    ReservationSid: WR,
    TaskAttributes: JSON.stringify(task),
    WorkerAttributes: '{}',
  });

async function counter(
  metrics: Metrics,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const sample = (metric?.values ?? []).find((v) =>
    Object.entries(labels).every(([k, val]) => v.labels[k] === val),
  );
  return sample?.value ?? 0;
}

/** Runs the handler, letting fake time pass only as far as `advanceMs`; undefined if still waiting. */
async function answerBy(promise: Promise<AssignmentResult>, advanceMs: number) {
  let result: AssignmentResult | undefined;
  void promise.then((r) => (result = r));
  await vi.advanceTimersByTimeAsync(advanceMs);
  return result;
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('handleAssignment: nothing to queue (answered without Redis)', () => {
  it('when the rule is inline, then the instruction is answered at once and the record is written behind it', async () => {
    const { handle, store } = setup();
    expect(await answerBy(handle(callback({ inline: true })), 0)).toEqual({
      answer: { instruction: 'accept' },
      rule: 'inline-accept',
    });
    expect(store.records.get(WR)).toMatchObject({
      state: 'done',
      reason: 'inline',
      mode: 'inline',
    });
  });

  it('when the store never answers, then an inline rule is still answered with no time passing', async () => {
    const { handle } = setup({ claim: never });
    expect(await answerBy(handle(callback({ inline: true })), 0)).toEqual({
      answer: { instruction: 'accept' },
      rule: 'inline-accept',
    });
  });

  it('when writing the record fails, then the answer is unchanged and the lost write is counted', async () => {
    const { handle, metrics } = setup({ claim: () => Promise.reject(mayHaveRun()) });
    expect((await handle(callback({ inline: true }))).answer).toEqual({ instruction: 'accept' });
    await vi.advanceTimersByTimeAsync(0);
    expect(await counter(metrics, 'tra_record_writes_lost_total', { route: 'assignment' })).toBe(1);
    expect(await counter(metrics, 'tra_degraded', {})).toBe(1);
  });

  it('when an inline callback comes a second time, then it is decided again and the record counts the delivery', async () => {
    const { handle, store } = setup();
    await handle(callback({ inline: true }));
    expect((await handle(callback({ inline: true }))).answer).toEqual({ instruction: 'accept' });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.records.get(WR)?.deliveries).toBe(2);
  });

  it('when no rule matches and onNoMatch is leave, then {} is answered without waiting and the record says no-match', async () => {
    const { handle, store, jobs } = setup({ claim: never });
    expect(await answerBy(handle(callback({ nomatch: true })), 0)).toEqual({
      answer: {},
      rule: null,
    });
    expect(jobs.size).toBe(0);
    const written = setup();
    await written.handle(callback({ nomatch: true }));
    expect(written.store.records.get(WR)).toMatchObject({
      state: 'skipped',
      reason: 'no-match',
      instruction: 'leave',
    });
    expect(store.records.size).toBe(0);
  });

  it('when no rule matches and onNoMatch is reject in async mode, then the reject is queued and {} answered', async () => {
    const { handle, jobs } = setup({ rules: REJECT_ON_NO_MATCH });
    expect(await handle(callback())).toEqual({ answer: {}, rule: null });
    expect(jobs.get(WR)).toMatchObject({ kind: 'reject', rule: null });
  });
});

describe('handleAssignment: async (claim and enqueue inside the budget)', () => {
  it('when a callback is decided async, then its claim is sent before its add, in the same turn', () => {
    const sent: string[] = [];
    const { handle } = setup({
      claim: () => (sent.push('claim'), never()),
      enqueue: () => (sent.push('add'), never()),
    });
    void handle(callback());
    expect(sent).toEqual(['claim', 'add']);
  });

  it('when the claim and the add succeed, then {} is answered, the job carries the deadline and the record is decided', async () => {
    const { handle, store, jobs, metrics } = setup();
    expect(await handle(callback())).toEqual({ answer: {}, rule: 'accept-async' });
    expect(jobs.get(WR)).toMatchObject({
      kind: 'accept',
      deadline: T0 + 30_000 - 1000,
      receivedAt: T0,
    });
    expect(store.records.get(WR)).toMatchObject({ state: 'decided', mode: 'async' });
    expect(await counter(metrics, 'tra_callbacks_total', { outcome: 'decided' })).toBe(1);
  });

  it('when the worker takes the job before the callback is answered, then the web leaves its state alone', async () => {
    const store = createMemoryReservationStore();
    const { handle } = setup({
      claim: (r) => store.claim(r),
      // The worker picks the job up at once and marks its attempt, before enqueue() even returns.
      enqueue: async (data) =>
        void (await store.patch(
          data.reservationSid,
          { state: 'updating', attempts: 1 },
          { live: true },
        )),
    });
    expect(await handle(callback())).toEqual({ answer: {}, rule: 'accept-async' });
    // A `queued` written after the enqueue would hide the attempt in flight from the next run.
    expect(store.records.get(WR)).toMatchObject({ state: 'updating', attempts: 1 });
  });

  it('when the same reservation is delivered again, then the first answer is replayed and no second job is made', async () => {
    const { handle, jobs, metrics, store } = setup();
    await handle(callback());
    const first = jobs.get(WR);
    expect(await handle(callback())).toEqual({ answer: {}, rule: 'accept-async' });
    expect(jobs.get(WR)).toBe(first);
    expect(store.records.get(WR)?.deliveries).toBe(2);
    expect(await counter(metrics, 'tra_callbacks_total', { outcome: 'duplicate' })).toBe(1);
  });

  it('when the existing record holds an inline answer without parameters, then it is not sealed and a second delivery decided async replays it', async () => {
    const { handle, store } = setup();
    await handle(callback({ inline: true }));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.records.get(WR)?.sealedResponse).toBeUndefined();
    expect(await handle(callback())).toEqual({
      answer: { instruction: 'accept' },
      rule: 'inline-accept',
    });
  });
});

describe('handleAssignment: inline answers with parameters', () => {
  it('when an inline answer has parameters, then it is stored sealed (no number in the clear) and a later async delivery replays it whole', async () => {
    const { handle, store } = setup();
    const first = await handle(callback({ inlineRing: true }));
    expect(first.answer).toMatchObject({ instruction: 'call', from: '+18005550100' });
    await vi.advanceTimersByTimeAsync(0);
    const sealed = store.records.get(WR)?.sealedResponse;
    expect(sealed).toBeDefined();
    expect(sealed).not.toContain('18005550100');
    expect(await handle(callback())).toEqual({ answer: first.answer, rule: 'inline-ring' });
  });
});

describe('handleAssignment: degraded (Redis failing, slow or frozen)', () => {
  it('when the claim and the add were refused unsent, then even a call is answered inline (no job can exist)', async () => {
    const { handle, metrics } = setup({
      claim: () => Promise.reject(notSent()),
      enqueue: () => Promise.reject(notSent()),
    });
    expect((await handle(callback({ ring: true }))).answer).toEqual({
      instruction: 'call',
      from: '+18005550100',
      url: 'https://twiml.example.com/a',
    });
    expect(await counter(metrics, 'tra_callbacks_total', { outcome: 'degraded' })).toBe(1);
  });

  it('when the claim failed but the add may have run, then a call without accept is left to that job ({})', async () => {
    const { handle } = setup({
      claim: () => Promise.reject(notSent()),
      enqueue: () => Promise.reject(mayHaveRun()),
    });
    expect((await handle(callback({ ring: true }))).answer).toEqual({});
  });

  it('when the add may have run, then a repeatable instruction (accept) is still answered inline', async () => {
    const { handle } = setup({
      claim: () => Promise.reject(mayHaveRun()),
      enqueue: () => Promise.reject(mayHaveRun()),
    });
    expect((await handle(callback())).answer).toEqual({ instruction: 'accept' });
  });

  it('when the claim succeeded but the add failed unsent, then the instruction is answered inline', async () => {
    const { handle, store } = setup({ enqueue: () => Promise.reject(notSent()) });
    expect((await handle(callback({ ring: true }))).answer).toMatchObject({ instruction: 'call' });
    expect(store.records.get(WR)).toMatchObject({ state: 'decided' });
  });

  it('when the claim succeeded and the add may have run, then a call is left to the job ({})', async () => {
    const { handle } = setup({ enqueue: () => Promise.reject(mayHaveRun()) });
    expect((await handle(callback({ ring: true }))).answer).toEqual({});
  });

  it('when the claim fails with an untyped error, then the add is presumed to have run (the cautious answer)', async () => {
    const { handle } = setup({
      claim: () => Promise.reject(notSent()),
      enqueue: () => Promise.reject(new Error('odd')),
    });
    expect((await handle(callback({ ring: true }))).answer).toEqual({});
  });

  it('when the store never answers, then the answer comes when the budget is spent, not before, and is the degraded one', async () => {
    const { handle, metrics } = setup({ claim: never, enqueue: never });
    const pending = handle(callback());
    expect(await answerBy(pending, WAIT_MS - 1)).toBeUndefined();
    expect(await answerBy(pending, 1)).toEqual({
      answer: { instruction: 'accept' },
      rule: 'accept-async',
    });
    expect(await counter(metrics, 'tra_callbacks_total', { outcome: 'degraded' })).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('when the claim is done but the add hangs past the budget, then a call is left to the job that may exist ({})', async () => {
    const { handle } = setup({ enqueue: never });
    expect(await answerBy(handle(callback({ ring: true })), WAIT_MS)).toEqual({
      answer: {},
      rule: 'ring',
    });
  });

  it('when the add was refused unsent and the claim hangs, then the call is answered inline at the budget', async () => {
    const { handle } = setup({ claim: never, enqueue: () => Promise.reject(notSent()) });
    const result = await answerBy(handle(callback({ ring: true })), WAIT_MS);
    expect(result?.answer).toMatchObject({ instruction: 'call' });
  });
});

describe('handleAssignment: the Workflow timeout', () => {
  it('when the lookup never answers, then half the budget is given to it, the default applies and the answer is in time', async () => {
    let fetches = 0;
    const redis = {
      get: () => Promise.resolve(null),
      set: () => Promise.resolve('OK'),
    } as unknown as RedisClient;
    const timeouts = createReservationTimeouts({
      redis,
      keyPrefix: '{t}',
      gateway: {
        fetchWorkflowReservationTimeout: () => {
          fetches += 1;
          return never<number>();
        },
      },
      ttlSeconds: 600,
      log: pino({ level: 'silent' }),
      now: () => Date.now(),
    });
    const { handle, jobs } = setup({ timeouts });
    const pending = handle(callback());
    expect(await answerBy(pending, WAIT_MS / 2 - 1)).toBeUndefined();
    expect(await answerBy(pending, 1)).toEqual({ answer: {}, rule: 'accept-async' });
    // The rules' default (30 s) less the margin, from the arrival.
    expect(jobs.get(WR)?.deadline).toBe(T0 + 30_000 - 1000);
    expect(fetches).toBe(1);
  });

  it('when the lookup answers later, then the next callback for the Workflow uses the learnt value at once', async () => {
    let answer: (s: number) => void = () => undefined;
    const redis = {
      get: () => Promise.resolve(null),
      set: () => Promise.resolve('OK'),
    } as unknown as RedisClient;
    const timeouts = createReservationTimeouts({
      redis,
      keyPrefix: '{t}',
      gateway: { fetchWorkflowReservationTimeout: () => new Promise<number>((r) => (answer = r)) },
      ttlSeconds: 600,
      log: pino({ level: 'silent' }),
      now: () => Date.now(),
    });
    const first = setup({ timeouts });
    await answerBy(first.handle(callback()), WAIT_MS / 2);
    answer(90);
    await vi.advanceTimersByTimeAsync(0);
    expect(timeouts.known(WW, createRulesSource(ruleSetOf(RULES)).current())).toBe(90);
  });

  it('when the rule is inline, then no lookup is made at all', async () => {
    const resolve = vi.fn(() => never<number>());
    const { handle } = setup({ timeouts: { known: () => undefined, resolve } });
    expect((await answerBy(handle(callback({ inline: true })), 0))?.answer).toEqual({
      instruction: 'accept',
    });
    expect(resolve).not.toHaveBeenCalled();
  });
});

describe('handleAssignment: records', () => {
  it('when an inline answer is written behind, then the record holds the sealed answer and the deadline from the default', async () => {
    const { handle, store } = setup({ rules: RULES });
    await handle(callback({ inlineRing: true }));
    const rec = store.records.get(WR) as ReservationRecord;
    expect(rec.deadline).toBe(T0 + 30_000 - 1000);
    expect(createSealer('token').open(rec.sealedResponse as string)).toEqual({
      instruction: 'call',
      from: '+18005550100',
      url: 'https://twiml.example.com/a',
      accept: true,
    });
  });
});
