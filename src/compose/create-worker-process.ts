import type { Config } from '../config/env.js';
import { createReservationWorker } from '../queue/create-reservation-worker.js';
import { sweepStaleReservations } from '../queue/sweep-stale-reservations.js';
import type { Metrics } from '../shared/create-metrics.js';
import { createRedis } from '../shared/create-redis.js';
import { createSealer } from '../shared/create-sealer.js';
import type { Logger } from '../shared/logger.js';
import type { ShutdownStep } from '../shared/shutdown-within.js';
import { createRedisReservationStore } from '../state/create-redis-reservation-store.js';
import { createRedisTimeline } from '../state/timeline/create-redis-timeline.js';
import { createTaskRouterGateway } from '../taskrouter/create-taskrouter-gateway.js';
import { keyPrefixOf } from './key-prefix.js';

/** Wires the worker process: Redis (reconnecting), store, gateway, processor, BullMQ worker. */
export function createWorkerProcess(deps: {
  config: Config;
  metrics: Metrics;
  log: Logger;
  now?: () => number;
  random?: () => number;
}): { shutdownSteps: readonly ShutdownStep[]; forceClose: () => Promise<void> } {
  const { config, metrics, log } = deps;
  const keyPrefix = keyPrefixOf(config);
  const redis = createRedis(config.redis.url, 'worker', 'worker', {
    tlsRejectUnauthorized: config.redis.tlsRejectUnauthorized,
    cluster: config.redis.cluster,
  });
  redis.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error'));
  const store = createRedisReservationStore({ redis, keyPrefix, now: deps.now ?? Date.now });
  const gateway = createTaskRouterGateway({
    accountSid: config.twilio.accountSid,
    authToken: config.twilio.authToken,
    apiKey: config.twilio.apiKey,
    baseUrl: config.twilio.taskrouterBaseUrl,
    maxSockets: config.worker.concurrency,
  });
  const { worker, close } = createReservationWorker({
    connection: redis,
    prefix: keyPrefix,
    concurrency: config.worker.concurrency,
    log: log.child({ module: 'worker' }),
    deps: {
      store,
      timeline: createRedisTimeline({ redis, keyPrefix, log: log.child({ module: 'timeline' }) }),
      gateway,
      sealer: createSealer(config.twilio.authToken),
      metrics,
      log: log.child({ module: 'update' }),
      now: deps.now ?? Date.now,
      random: deps.random ?? Math.random,
      policy: {
        httpTimeoutMs: config.worker.httpTimeoutMs,
        baseMs: config.worker.retryBaseMs,
        maxMs: config.worker.retryMaxMs,
        minAttemptMs: 50,
      },
    },
  });
  // Every worker sweeps; the store makes the first patch win.
  const sweeper = setInterval(() => {
    sweepStaleReservations({
      store,
      metrics,
      log: log.child({ module: 'sweeper' }),
      now: deps.now ?? Date.now,
    }).catch((err: Error) => log.warn({ err: err.message }, 'sweep failed; next one in 10 s'));
  }, 10_000);
  sweeper.unref();
  return {
    // Jobs in flight get the grace period to finish; the rest stay locked until their lock
    // lapses (seconds) and another worker takes them.
    shutdownSteps: [
      { name: 'sweeper', run: () => Promise.resolve(clearInterval(sweeper)) },
      { name: 'worker', run: close },
      // QUIT needs a live connection; a Redis that is down is simply dropped.
      {
        name: 'redis',
        run: () =>
          redis.quit().then(
            () => undefined,
            () => redis.disconnect(),
          ),
      },
    ],
    forceClose: async () => {
      await worker.close(true);
      redis.disconnect();
    },
  };
}
