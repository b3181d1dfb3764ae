import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventHandler } from '../../../src/assignment/handle-event.js';
import { createMetrics, type Metrics } from '../../../src/shared/create-metrics.js';
import { RedisUnavailableError } from '../../../src/shared/redis-unavailable-error.js';
import type { ReservationRecord } from '../../../src/state/reservation-record.js';
import type { ReservationStore } from '../../../src/state/reservation-store.js';
import { createMemoryReservationStore } from '../../support/memory-reservation-store.js';
import { aRecord } from '../../support/reservation-record-fixture.js';

const WR = `WR${'1'.repeat(32)}`;
const BUDGET_MS = 1000;
/** The handler keeps 100 ms of the budget back for sending the 204. */
const WAIT_MS = 900;

const record: ReservationRecord = aRecord({
  reservationSid: WR,
  taskSid: `WT${'2'.repeat(32)}`,
  workerSid: `WK${'3'.repeat(32)}`,
  workspaceSid: `WS${'4'.repeat(32)}`,
  workflowSid: `WW${'5'.repeat(32)}`,
  taskQueueSid: `WQ${'6'.repeat(32)}`,
});

function setup(patch?: ReservationStore['patch']) {
  const store = createMemoryReservationStore();
  store.records.set(WR, record);
  const dropped: string[] = [];
  const metrics = createMetrics();
  const handle = createEventHandler({
    store: { ...store, patch: patch ?? ((...a) => store.patch(...a)) },
    dropJob: (sid) => Promise.resolve(void dropped.push(sid)),
    metrics,
    log: pino({ level: 'silent' }),
    now: () => Date.now(),
    budgetMs: BUDGET_MS,
  });
  return { handle, store, dropped, metrics };
}

async function lost(metrics: Metrics): Promise<number> {
  const m = (await metrics.registry.getMetricsAsJSON()).find(
    (x) => x.name === 'tra_record_writes_lost_total',
  );
  return m?.values.find((v) => v.labels.route === 'events')?.value ?? 0;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('handleEvent', () => {
  it('when a settling event comes for a known reservation, then the record is skipped and the job dropped before the answer', async () => {
    const { handle, store, dropped } = setup();
    await handle({ eventType: 'reservation.canceled', reservationSid: WR });
    expect(store.records.get(WR)).toMatchObject({
      state: 'skipped',
      reason: 'event',
      reservationStatus: 'canceled',
    });
    expect(dropped).toEqual([WR]);
  });

  it('when the store never answers, then the handler returns once the budget is spent, not before', async () => {
    const { handle } = setup(() => new Promise(() => undefined));
    let done = false;
    void handle({ eventType: 'reservation.accepted', reservationSid: WR }).then(
      () => (done = true),
    );
    await vi.advanceTimersByTimeAsync(WAIT_MS - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('when the write fails, then the handler still resolves and the lost write is counted', async () => {
    const { handle, metrics } = setup(() => Promise.reject(new RedisUnavailableError(false)));
    await expect(
      handle({ eventType: 'reservation.accepted', reservationSid: WR }),
    ).resolves.toBeUndefined();
    expect(await lost(metrics)).toBe(1);
  });

  it('when the write fails after the answer went out, then it is counted all the same', async () => {
    let fail: (err: Error) => void = () => undefined;
    const { handle, metrics } = setup(() => new Promise((_r, reject) => (fail = reject)));
    const answered = handle({ eventType: 'reservation.accepted', reservationSid: WR });
    await vi.advanceTimersByTimeAsync(WAIT_MS);
    await answered;
    fail(new RedisUnavailableError(true));
    await vi.advanceTimersByTimeAsync(0);
    expect(await lost(metrics)).toBe(1);
  });
});
