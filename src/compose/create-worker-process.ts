import type { Config } from '../config/env.js';
import { createReservationWorker } from '../queue/create-reservation-worker.js';
import { sweepStaleReservations } from '../queue/sweep-stale-reservations.js';
import type { Metrics } from '../shared/create-metrics.js';
import { createSealer } from '../shared/create-sealer.js';
import type { Logger } from '../shared/logger.js';
import type { ShutdownStep } from '../shared/shutdown-within.js';
import { createRedisReservationStore } from '../state/create-redis-reservation-store.js';
import { createRedisTimeline } from '../state/timeline/create-redis-timeline.js';
import type { Infrastructure } from './create-infrastructure.js';
import { keyPrefixOf } from './key-prefix.js';

/** Wires the worker process: Redis (reconnecting), store, gateway, processor, BullMQ worker. */
export function createWorkerProcess(deps: {
  config: Config;
  infra: Infrastructure;
  metrics: Metrics;
  log: Logger;
  now?: () => number;
  random?: () => number;
}): { shutdownSteps: readonly ShutdownStep[] } {
  const { config, metrics, log } = deps;
  const now = deps.now ?? Date.now;
  const keyPrefix = keyPrefixOf(config);
  const redis = deps.infra.redis('worker', 'worker');
  const store = createRedisReservationStore({ redis, keyPrefix, now });
  const gateway = deps.infra.gateway({ maxSockets: config.worker.concurrency });
  const { close } = createReservationWorker({
    connection: redis,
    prefix: keyPrefix,
    concurrency: config.worker.concurrency,
    log: log.child({ module: 'worker' }),
    deps: {
      store,
      timeline: createRedisTimeline({ redis, keyPrefix, log: log.child({ module: 'timeline' }) }),
      gateway,
      sealer: createSealer(config.sealingSecrets),
      metrics,
      log: log.child({ module: 'update' }),
      now,
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
      now,
    }).catch((err: Error) => log.warn({ err: err.message }, 'sweep failed; next one in 10 s'));
  }, 10_000);
  sweeper.unref();
  return {
    // Jobs in flight get the grace period to finish; the rest stay locked until their lock
    // lapses (seconds) and another worker takes them.
    shutdownSteps: [
      { name: 'sweeper', run: () => Promise.resolve(clearInterval(sweeper)) },
      { name: 'worker', run: close },
    ],
  };
}
