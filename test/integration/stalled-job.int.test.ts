import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import { QUEUE_NAME, type ReservationJobData } from '../../src/queue/contract.js';
import { createReservationWorker } from '../../src/queue/create-reservation-worker.js';
import { createMetrics } from '../../src/shared/create-metrics.js';
import { createSealer } from '../../src/shared/create-sealer.js';
import { createRedisReservationStore } from '../../src/state/create-redis-reservation-store.js';
import type { ReservationStore } from '../../src/state/reservation-store.js';
import { createRedisTimeline } from '../../src/state/timeline/create-redis-timeline.js';
import { createTaskRouterGateway } from '../../src/taskrouter/create-taskrouter-gateway.js';
import { newSid } from '../support/sids.js';
import { aRecord } from '../support/reservation-record-fixture.js';
import { aJobData } from '../support/reservation-job-fixture.js';

let redis: Redis;
let prefix: string;
let queue: Queue<ReservationJobData>;

beforeEach(() => {
  redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
  prefix = `{stalled-${randomUUID().slice(0, 8)}}`;
  queue = new Queue<ReservationJobData>(QUEUE_NAME, { connection: redis, prefix });
});
afterEach(async () => {
  await queue.obliterate({ force: true });
  await queue.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) {
    await redis.del(...keys);
  }
  await redis.quit();
});

it('when BullMQ fails a job that stalled more than maxStalledCount times, then its record ends failed (known by the error type)', async () => {
  const store = createRedisReservationStore({ redis, keyPrefix: prefix, now: Date.now });
  const sid = newSid('WR');
  const now = Date.now();
  await store.claim(
    aRecord({ reservationSid: sid, receivedAt: now, deadline: now + 60_000, updatedAt: now }),
  );
  await queue.add(
    'reservation',
    aJobData({ reservationSid: sid, receivedAt: now, deadline: now + 60_000 }),
    { jobId: sid, attempts: 5 },
  );
  // What BullMQ's moveStalledJobsToWait script writes once a job stalled more than
  // maxStalledCount times; the next worker to take it fails it with an UnrecoverableError.
  await redis.hset(
    `${prefix}:${QUEUE_NAME}:${sid}`,
    'defa',
    'job stalled more than allowable limit',
  );

  // Resolves when the worker writes `failed` on the record: the event, not a poll, is waited on.
  let markedFailed!: () => void;
  const failedWritten = new Promise<void>((resolve) => (markedFailed = resolve));
  const watched: ReservationStore = {
    ...store,
    patch: async (reservationSid, patch, opts) => {
      const result = await store.patch(reservationSid, patch, opts);
      if (patch.state === 'failed') {
        markedFailed();
      }
      return result;
    },
  };
  const metrics = createMetrics();
  const { close } = createReservationWorker({
    connection: redis,
    prefix,
    concurrency: 1,
    log: pino({ level: 'silent' }),
    deps: {
      store: watched,
      timeline: createRedisTimeline({ redis, keyPrefix: prefix, log: pino({ level: 'silent' }) }),
      // Never called: the job fails before it is processed.
      gateway: createTaskRouterGateway({
        accountSid: `AC${'a'.repeat(32)}`,
        authToken: 't',
        baseUrl: 'http://127.0.0.1:9',
      }),
      sealer: createSealer('t'),
      metrics,
      log: pino({ level: 'silent' }),
      now: Date.now,
      random: Math.random,
      policy: { httpTimeoutMs: 1000, baseMs: 20, maxMs: 1000, minAttemptMs: 50 },
    },
  });
  try {
    await failedWritten;
    expect(await store.get(sid)).toMatchObject({
      state: 'failed',
      reason: 'job-failed',
      lastError: 'UnrecoverableError',
    });
    expect((await metrics.finished.get()).values).toMatchObject([
      { labels: { state: 'failed', reason: 'job-failed' }, value: 1 },
    ]);
  } finally {
    await close();
  }
});
