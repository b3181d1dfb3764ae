import { DelayedError, Queue, RateLimitError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisClient } from '../shared/create-redis.js';
import type { Logger } from '../shared/logger.js';
import { EVENTS_STREAM_MAX_LEN, QUEUE_NAME, type ReservationJobData } from './contract.js';
import {
  processReservationJob,
  type JobOutcome,
  type ProcessorDeps,
} from './process-reservation-job.js';

export interface ReservationWorkerOptions {
  readonly connection: RedisClient;
  /** BullMQ key prefix, hash-tagged like the records' (e.g. `{tra}`). */
  readonly prefix: string;
  readonly queueName?: string;
  readonly concurrency: number;
  /**
   * How long a job stays locked to a worker without a renewal. Reservations time out in tens of
   * seconds, so a dead worker's jobs must come back in seconds, not BullMQ's default 30 s.
   * @defaultValue 5000
   */
  readonly lockDurationMs?: number;
  /** How often stalled (lock-expired) jobs are looked for. @defaultValue 2000 */
  readonly stalledIntervalMs?: number;
  /**
   * Jobs per second the worker may start, across all worker processes. Also what makes
   * BullMQ's manual rate limit (used on a 429) take effect. @defaultValue 5000
   */
  readonly maxPerSecond?: number;
  readonly deps: ProcessorDeps;
  readonly log: Logger;
}

/**
 * The BullMQ machinery around `processReservationJob`: it turns a `retry` outcome into a delayed
 * job and a `rate-limited` one into a queue-wide pause (so a 429 slows every worker, not one job).
 * @example
 * const worker = createReservationWorker({ connection, prefix: '{tra}', concurrency: 50, deps, log });
 */
export function createReservationWorker(opts: ReservationWorkerOptions): {
  worker: Worker<ReservationJobData>;
  close: () => Promise<void>;
} {
  const name = opts.queueName ?? QUEUE_NAME;
  // Queue handle for the queue-wide rate limit; it shares the worker's connection settings.
  const queue = new Queue<ReservationJobData>(name, {
    connection: opts.connection,
    prefix: opts.prefix,
    streams: { events: { maxLen: EVENTS_STREAM_MAX_LEN } },
  });
  queue.on('error', (err) => opts.log.error({ err }, 'queue connection error'));

  const processor = async (job: Job<ReservationJobData>, token?: string): Promise<JobOutcome> => {
    const outcome = await processReservationJob(job.data, opts.deps, job.attemptsStarted);
    if (outcome.kind === 'retry') {
      await job.moveToDelayed(outcome.at, token);
      throw new DelayedError();
    }
    if (outcome.kind === 'rate-limited') {
      await queue.rateLimit(outcome.ms);
      throw new RateLimitError();
    }
    return outcome;
  };

  const worker = new Worker<ReservationJobData, JobOutcome>(name, processor, {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    lockDuration: opts.lockDurationMs ?? 5000,
    stalledInterval: opts.stalledIntervalMs ?? 2000,
    maxStalledCount: 3,
    limiter: { max: opts.maxPerSecond ?? 5000, duration: 1000 },
    autorun: true,
  });
  worker.on('error', (err) => opts.log.error({ err }, 'worker error'));
  worker.on('failed', (job, err) => {
    if (!job) {
      return;
    }
    opts.log.error({ err, jobId: job.id, attemptsMade: job.attemptsMade }, 'job failed');
    // Out of attempts, or failed by BullMQ itself (a job that stalled more than maxStalledCount
    // times fails with an UnrecoverableError): say so on the record rather than leave it in flight.
    if (job.attemptsMade >= (job.opts.attempts ?? 1) || isUnrecoverable(err)) {
      void opts.deps.store
        .patch(
          job.data.reservationSid,
          {
            state: 'failed',
            reason: 'job-failed',
            lastError: err.name,
            finishedAt: opts.deps.now(),
          },
          { live: true },
        )
        .then((result) => {
          if (result === 'ok') {
            opts.deps.metrics.finished.inc({ state: 'failed', reason: 'job-failed' });
          }
        })
        .catch(() => undefined);
    }
  });

  return {
    worker,
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}

/** BullMQ's own test (`Job.shouldRetryJob`): the type, or its name for errors from sandboxes. */
function isUnrecoverable(err: Error): boolean {
  return err instanceof UnrecoverableError || err.name === 'UnrecoverableError';
}
