/**
 * The whole service in this process for a rehearsal: the web app on an ephemeral port and the
 * worker, on Redis under a key prefix of its own, with the simulator (local credentials) as
 * TaskRouter and the scenario's callbacks pointed at the app.
 */
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { DestinationStream } from 'pino';
import { createInfrastructure } from '../compose/create-infrastructure.js';
import { createWebProcess } from '../compose/create-web-process.js';
import { createWorkerProcess } from '../compose/create-worker-process.js';
import { keyPrefixOf } from '../compose/key-prefix.js';
import { startLocalTaskRouter, type LocalTaskRouter } from '../local/start-local-taskrouter.js';
import type { RulesInForce } from '../rules/rules-in-force.js';
import { createMetrics } from '../shared/create-metrics.js';
import { createRedis } from '../shared/create-redis.js';
import { createLogger } from '../shared/logger.js';
import { shutdownWithin, type ShutdownStep } from '../shared/shutdown-within.js';
import { listen } from '../simulator/http/listen.js';
import type { Scenario } from '../simulator/scenario/compile-scenario.js';
import type { SimClock } from '../simulator/types.js';

/** Service settings a rehearsal takes from the environment; everything else is its own. */
const TUNING = [
  'LOG_LEVEL',
  'WORKER_CONCURRENCY',
  'HTTP_TIMEOUT_MS',
  'RETRY_BASE_MS',
  'RETRY_MAX_MS',
  'REDIS_TLS_REJECT_UNAUTHORIZED',
] as const;
const DEFAULT_DEADLINE_MARGIN_MS = 1000;

export interface RehearsalStack extends LocalTaskRouter {
  /** The key prefix (`{rehearse-…}`) every key of this rehearsal is under. */
  readonly keyPrefix: string;
  /** Stops the web app and the worker (the simulator and Redis stay, for reading). */
  stopService(): Promise<void>;
  /** Stops the service if still running, deletes the rehearsal's keys, stops the simulator and a private Redis. */
  dispose(): Promise<void>;
}

/** The environment the service runs with: local credentials, its own Redis prefix, `rulesPath`. */
function serviceEnv(
  env: Readonly<Record<string, string | undefined>>,
  opts: { rulesPath: string; serviceUrl: string; speed: number },
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { LOG_LEVEL: 'error' };
  for (const key of TUNING) {
    out[key] = env[key] ?? out[key];
  }
  // The margin covers network latency at TaskRouter's pace; compressed like the timeouts.
  const margin = Number(env.DEADLINE_MARGIN_MS ?? DEFAULT_DEADLINE_MARGIN_MS);
  return {
    ...out,
    REDIS_URL: env.REDIS_URL,
    PUBLIC_BASE_URL: opts.serviceUrl,
    REDIS_PREFIX: `rehearse-${randomUUID().slice(0, 8)}`,
    RULES_PATH: opts.rulesPath,
    DEADLINE_MARGIN_MS: String(Math.ceil((Number.isFinite(margin) ? margin : 1000) / opts.speed)),
  };
}

async function deleteKeys(stack: LocalTaskRouter, keyPrefix: string): Promise<void> {
  const { url, tlsRejectUnauthorized } = stack.config.redis;
  // A rehearsal runs on one local Redis (never a cluster), so SCAN sees every key.
  const redis = createRedis(url, 'worker', 'rehearse', { tlsRejectUnauthorized }) as Redis;
  try {
    for await (const keys of redis.scanStream({ match: `${keyPrefix}*`, count: 500 })) {
      if ((keys as string[]).length > 0) {
        await redis.unlink(...(keys as string[]));
      }
    }
  } finally {
    redis.disconnect();
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts the stack; `rules` is given the simulator's clock, so rules can be compressed to it.
 * The service's logs go to `logTo`.
 */
export async function startRehearsalStack(opts: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly rulesPath: string;
  readonly rules: (clock: SimClock) => RulesInForce;
  readonly scenario: Scenario;
  readonly logTo: DestinationStream;
}): Promise<RehearsalStack> {
  const server = createServer();
  const { url: serviceUrl } = await listen(server, 0, '127.0.0.1');
  const { speed } = opts.scenario;
  const env = serviceEnv(opts.env, { rulesPath: opts.rulesPath, serviceUrl, speed });
  const local = await startLocalTaskRouter({ env, serviceUrl, scenario: opts.scenario }).catch(
    async (err: unknown) => {
      await closeServer(server);
      throw err;
    },
  );
  const { config } = local;
  const log = createLogger({ level: config.logLevel, destination: opts.logTo });
  const metrics = createMetrics();
  const inForce = opts.rules(local.sim.clock);
  const infra = createInfrastructure({ config, metrics, log, now: Date.now });
  const web = createWebProcess({ config, infra, rules: { current: () => inForce }, metrics, log });
  server.on('request', web.app);
  const worker = createWorkerProcess({ config, infra, metrics, log });
  const keyPrefix = keyPrefixOf(config);
  const steps: ShutdownStep[] = [
    ...worker.shutdownSteps,
    { name: 'http', run: () => closeServer(server) },
    ...web.shutdownSteps,
    infra.close,
  ];
  let stopping: Promise<unknown> | undefined;
  const stopService = async () => {
    stopping ??= shutdownWithin(config.shutdownGraceMs, steps, log, Date.now);
    await stopping;
  };
  return {
    ...local,
    keyPrefix,
    stopService,
    async dispose() {
      await stopService();
      await deleteKeys(local, keyPrefix).catch(() => undefined);
      await local.stop();
    },
  };
}
