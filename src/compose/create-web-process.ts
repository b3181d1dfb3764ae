import type { Express } from 'express';
import type { Config } from '../config/env.js';
import { createApp } from '../http/create-app.js';
import { createAssignmentHandler } from '../assignment/handle-assignment.js';
import { createEventHandler } from '../assignment/handle-event.js';
import { createReservationProducer } from '../queue/create-reservation-producer.js';
import type { RulesSource } from '../rules/rules-in-force.js';
import type { Metrics } from '../shared/create-metrics.js';
import { createSealer } from '../shared/create-sealer.js';
import type { Logger } from '../shared/logger.js';
import type { ShutdownStep } from '../shared/shutdown-within.js';
import { createRedisReservationStore } from '../state/create-redis-reservation-store.js';
import { createRedisTimeline } from '../state/timeline/create-redis-timeline.js';
import { createReservationTimeouts } from '../assignment/create-reservation-timeouts.js';
import type { Infrastructure } from './create-infrastructure.js';
import { keyPrefixOf } from './key-prefix.js';

export interface WebProcess {
  readonly app: Express;
  /** Closes what the app holds (the queue); the entry closes its HTTP server first, Redis last. */
  readonly shutdownSteps: readonly ShutdownStep[];
}

/** Wires the web process: Redis (fail-fast), store, producer, rules, handler, app. */
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
  const store = createRedisReservationStore({ redis, keyPrefix, now });
  const timeline = createRedisTimeline({
    redis,
    keyPrefix,
    log: log.child({ module: 'timeline' }),
  });
  const producer = createReservationProducer({ connection: redis, prefix: keyPrefix, log });
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
  const handleAssignment = createAssignmentHandler({
    rules: deps.rules,
    store,
    timeline,
    producer,
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
    timeline,
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
    dashboardQueue: producer.queueForDashboard(),
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
    shutdownSteps: [{ name: 'queue', run: () => producer.close() }],
  };
}
