import type { Config } from '../config/env.js';
import { createReservationWorker } from '../queue/create-reservation-worker.js';
import { sweepStaleReservations } from '../queue/sweep-stale-reservations.js';
import type { Metrics } from '../shared/create-metrics.js';
import { createSealer } from '../shared/create-sealer.js';
import type { Logger } from '../shared/logger.js';
import type { ShutdownStep } from '../shared/shutdown-within.js';
import { createRedisReservationStore } from '../state/create-redis-reservation-store.js';
import { createShardedReservationStore } from '../state/create-sharded-reservation-store.js';
import { createRedisTimeline } from '../state/timeline/create-redis-timeline.js';
import { createShardedTimeline } from '../state/timeline/create-sharded-timeline.js';
import type { Infrastructure } from './create-infrastructure.js';
import { shardPrefixesOf } from './key-prefix.js';

/** Wires the worker process: Redis (reconnecting), store, gateway, processor, a BullMQ worker per served shard. */
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
  const redis = deps.infra.redis('worker', 'worker');
  const shardPrefixes = shardPrefixesOf(config.redis.prefix, config.shards.count);
  // Every shard's store: a job only touches its own shard, but the sweeper looks at them all.
  const store = createShardedReservationStore(
    shardPrefixes.map((keyPrefix) => createRedisReservationStore({ redis, keyPrefix, now })),
  );
  const gateway = deps.infra.gateway({ maxSockets: config.worker.concurrency });
  const processorDeps = {
    store,
    timeline: createShardedTimeline(
      shardPrefixes.map((keyPrefix) =>
        createRedisTimeline({ redis, keyPrefix, log: log.child({ module: 'timeline' }) }),
      ),
    ),
    gateway,
    sealer: createSealer(config.sealingSecrets),
    metrics,
    // The job's lines have fixed keys (SIDs, rule, states, counts, an error's label), none of which
    // a redaction path matches; redaction was a tenth of the worker's CPU per job (issue 11).
    log: log.child({ module: 'update' }, { redact: [] }),
    now,
    random: deps.random ?? Math.random,
    policy: {
      httpTimeoutMs: config.worker.httpTimeoutMs,
      baseMs: config.worker.retryBaseMs,
      maxMs: config.worker.retryMaxMs,
      minAttemptMs: 50,
    },
  };
  // WORKER_CONCURRENCY is the process's total, shared out over the shards it serves.
  const perShard = Math.max(1, Math.ceil(config.worker.concurrency / config.shards.served.length));
  const workers = config.shards.served.map((shard) =>
    createReservationWorker({
      connection: redis,
      prefix: shardPrefixes[shard] as string,
      concurrency: perShard,
      log: log.child({ module: 'worker', ...(shardPrefixes.length > 1 && { shard }) }),
      deps: processorDeps,
    }),
  );
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
      { name: 'worker', run: async () => void (await Promise.all(workers.map((w) => w.close()))) },
    ],
  };
}
