import type { Express } from 'express';
import type { Config } from '../config/env.js';
import { createApp } from '../http/create-app.js';
import { createAssignmentHandler } from '../assignment/handle-assignment.js';
import { createEventHandler } from '../assignment/handle-event.js';
import { createReservationProducer } from '../queue/create-reservation-producer.js';
import { createShardedProducer } from '../queue/create-sharded-producer.js';
import type { RulesSource } from '../rules/rules-in-force.js';
import type { Metrics } from '../shared/create-metrics.js';
import { createSealer } from '../shared/create-sealer.js';
import type { Logger } from '../shared/logger.js';
import type { ShutdownStep } from '../shared/shutdown-within.js';
import { createRedisReservationStore } from '../state/create-redis-reservation-store.js';
import { createShardedReservationStore } from '../state/create-sharded-reservation-store.js';
import { createRedisTimeline } from '../state/timeline/create-redis-timeline.js';
import { createShardedTimeline } from '../state/timeline/create-sharded-timeline.js';
import { createReservationTimeouts } from '../assignment/create-reservation-timeouts.js';
import { createReservationWriter } from '../assignment/create-reservation-writer.js';
import type { Infrastructure } from './create-infrastructure.js';
import { keyPrefixOf, shardPrefixesOf } from './key-prefix.js';

export interface WebProcess {
  readonly app: Express;
  /** Closes what the app holds (the queue); the entry closes its HTTP server first, Redis last. */
  readonly shutdownSteps: readonly ShutdownStep[];
  /** Sends the records gathered to be written behind answers and waits for every write sent. */
  flushRecords(): Promise<void>;
}

/** Wires the web process: Redis (fail-fast), store and producer over every shard, rules, handler, app. */
export function createWebProcess(deps: {
  config: Config;
  infra: Infrastructure;
  rules: RulesSource;
  metrics: Metrics;
  log: Logger;
  now?: () => number;
}): WebProcess {
  const { config, metrics, log } = deps;
  const now = deps.now ?? Date.now;
  const keyPrefix = keyPrefixOf(config);
  const redis = deps.infra.redis('producer', 'web');
  const shardPrefixes = shardPrefixesOf(config.redis.prefix, config.shards.count);
  const store = createShardedReservationStore(
    shardPrefixes.map((shardPrefix) =>
      createRedisReservationStore({ redis, keyPrefix: shardPrefix, now }),
    ),
  );
  const timeline = createShardedTimeline(
    shardPrefixes.map((shardPrefix) =>
      createRedisTimeline({
        redis,
        keyPrefix: shardPrefix,
        log: log.child({ module: 'timeline' }),
      }),
    ),
  );
  const producer = createShardedProducer(
    shardPrefixes.map((prefix) => createReservationProducer({ connection: redis, prefix, log })),
  );
  const gateway = deps.infra.gateway();
  const timeouts = createReservationTimeouts({
    redis,
    keyPrefix,
    gateway,
    ttlSeconds: config.workflowCacheTtlSeconds,
    log: log.child({ module: 'workflow-timeouts' }),
    now,
  });
  const sealer = createSealer(config.sealingSecrets);
  const writer = createReservationWriter({ store, windowMs: config.recordGatherMs });
  const handleAssignment = createAssignmentHandler({
    rules: deps.rules,
    store,
    timeline,
    producer,
    writer,
    timeouts,
    sealer,
    metrics,
    log: log.child({ module: 'assignment' }),
    now,
    deadlineMarginMs: config.deadlineMarginMs,
    budgetMs: config.callbackBudgetMs,
  });
  const handleEvent = createEventHandler({
    store,
    // The record already says `skipped`, so a job left behind finds nothing to do.
    dropJob: (sid) => producer.dropJob(sid).catch(() => undefined),
    metrics,
    log: log.child({ module: 'events' }),
    now,
    budgetMs: config.callbackBudgetMs,
  });
  const app = createApp({
    handleEvent,
    publicBaseUrl: config.publicBaseUrl,
    authToken: config.twilio.authToken,
    adminToken: config.admin.token,
    rules: deps.rules,
    store,
    timeline,
    gateway,
    queueMetrics: () => producer.exportMetrics(),
    dashboardQueues: producer.queuesForDashboard(),
    dashboardWrite: config.admin.dashboardWrite,
    restTimeoutMs: config.worker.httpTimeoutMs,
    handleAssignment,
    pingRedis: async () => {
      await redis.ping();
    },
    metrics,
    log,
    now,
    trustProxy: config.trustProxy,
    maxRefusalsPerMinute: config.maxRefusalsPerMinute,
    secondaryAuthToken: config.secondaryAuthToken,
    callbackMaxAgeSeconds: config.callbackMaxAgeSeconds,
  });
  return {
    app,
    // Records and jobs still gathered go out before the queue's connection closes.
    flushRecords: () => writer.flush(),
    shutdownSteps: [
      { name: 'records', run: () => writer.flush() },
      { name: 'queue', run: () => producer.close() },
    ],
  };
}
