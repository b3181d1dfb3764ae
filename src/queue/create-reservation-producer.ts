import { Queue } from 'bullmq';
import type { RedisClient } from '../shared/create-redis.js';
import type { Logger } from '../shared/logger.js';
import { RedisUnavailableError, toRedisUnavailable } from '../shared/redis-unavailable-error.js';
import {
  EVENTS_STREAM_MAX_LEN,
  FINISHED_JOBS_KEPT,
  JOB_NAME,
  QUEUE_NAME,
  type ReservationJobData,
} from './contract.js';

/**
 * What the web process needs of the queue. Every operation fails at once with a
 * RedisUnavailableError while the connection is not ready: BullMQ would otherwise wait for a
 * first `ready` that may never come (a web process started while Redis is down).
 */
export interface ReservationProducer {
  /**
   * Adds the job with `jobId = ReservationSid`; adding it again while the job exists is a no-op,
   * so a second delivery of the same callback cannot create a second update.
   */
  enqueue(data: ReservationJobData, opts?: { delayMs?: number }): Promise<void>;
  /** Drops a reservation's job; a job that is running holds a lock and stays (its processor sees the event). */
  dropJob(reservationSid: string): Promise<void>;
  /** BullMQ's Prometheus text for the queue: job counts by state, each sample with `labels` added. */
  exportMetrics(labels?: Record<string, string>): Promise<string>;
  /** The BullMQ queue itself, for the bull-board dashboard only; nothing on the callback path uses it. */
  queueForDashboard(): Queue<ReservationJobData>;
  close(): Promise<void>;
}

export interface ReservationProducerOptions {
  /** A fail-fast connection (`createRedis(url, 'producer')`): a callback must not wait on a dead Redis. */
  readonly connection: RedisClient;
  readonly prefix: string;
  readonly queueName?: string;
  readonly log: Logger;
}

/** @example const producer = createReservationProducer({ connection, prefix: '{tra}', log }); */
export function createReservationProducer(opts: ReservationProducerOptions): ReservationProducer {
  const queue = new Queue<ReservationJobData>(opts.queueName ?? QUEUE_NAME, {
    connection: opts.connection,
    prefix: opts.prefix,
    defaultJobOptions: {
      // Retries of TaskRouter calls are the processor's (deadline-aware); these attempts only
      // cover the processor failing outright, e.g. Redis dropping mid-job.
      attempts: 5,
      backoff: { type: 'exponential', delay: 100 },
      // The reservation record keeps the outcome and stops a duplicate's job from updating again
      // (the worker finds the record terminal), so finished jobs are kept only for the dashboard:
      // a few, not an hour's worth that Redis must index, age out and hold in memory.
      removeOnComplete: { count: FINISHED_JOBS_KEPT },
      removeOnFail: { age: 7 * 24 * 3600, count: 10 * FINISHED_JOBS_KEPT },
    },
    streams: { events: { maxLen: EVENTS_STREAM_MAX_LEN } },
  });
  // Without a listener an 'error' event would throw; Redis trouble is handled per call instead.
  queue.on('error', (err) => opts.log.warn({ err: err.message }, 'queue connection error'));
  let initialised = false;
  queue.waitUntilReady().then(
    () => {
      initialised = true;
    },
    () => undefined,
  );

  // Nothing is sent unless BullMQ has finished its start-up and the connection is ready now.
  async function run<T>(op: () => Promise<T>): Promise<T> {
    if (!initialised || opts.connection.status !== 'ready') {
      throw new RedisUnavailableError(false);
    }
    try {
      return await op();
    } catch (err) {
      throw toRedisUnavailable(err);
    }
  }

  return {
    enqueue: (data, { delayMs = 0 } = {}) =>
      run(async () => {
        await queue.add(JOB_NAME, data, {
          jobId: data.reservationSid,
          ...(delayMs > 0 ? { delay: delayMs } : {}),
        });
      }),
    dropJob: (sid) =>
      run(async () => {
        await queue.remove(sid);
      }),
    exportMetrics: (labels) => run(() => queue.exportPrometheusMetrics(labels)),
    queueForDashboard: () => queue,
    close: () => queue.close(),
  };
}
