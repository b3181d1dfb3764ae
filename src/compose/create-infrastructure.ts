import type { Config } from '../config/env.js';
import type { Metrics } from '../shared/create-metrics.js';
import { createRedis, type RedisClient, type RedisRole } from '../shared/create-redis.js';
import type { Logger } from '../shared/logger.js';
import type { ShutdownStep } from '../shared/shutdown-within.js';
import { createRestObserver } from '../taskrouter/create-rest-observer.js';
import { createTaskRouterGateway } from '../taskrouter/create-taskrouter-gateway.js';
import type { TaskRouterGateway } from '../taskrouter/types.js';

/**
 * What every process connects to, built in one place so REDIS_URL, REDIS_CLUSTER and the TLS
 * settings apply to the web process, the worker and the start-up probe alike, and every
 * TaskRouter call is timed, counted and watched for refused credentials once per process.
 */
export interface Infrastructure {
  /** A Redis connection of `role` (see `RedisRole`), its errors logged; `close` ends it. */
  redis(role: Exclude<RedisRole, 'probe'>, name: string): RedisClient;
  /** A TaskRouter gateway; all of a process's gateways share its metrics and credentials alarm. */
  gateway(opts?: { maxSockets?: number }): TaskRouterGateway;
  /**
   * One look at Redis (e.g. its eviction policy) over a connection that tries once and is
   * dropped after: undefined when Redis cannot be reached now, which is the processes' concern.
   */
  probeRedis<T>(look: (redis: RedisClient) => Promise<T>): Promise<T | undefined>;
  /** QUIT every connection made (a connection to a Redis that is down is dropped). */
  readonly close: ShutdownStep;
}

export function createInfrastructure(deps: {
  config: Config;
  metrics: Metrics;
  log: Logger;
  now: () => number;
  /** How often refused credentials are logged again while they stay refused. @defaultValue 60000 */
  credentialsAlarmIntervalMs?: number;
}): Infrastructure {
  const { config, log } = deps;
  const connect = {
    tlsRejectUnauthorized: config.redis.tlsRejectUnauthorized,
    cluster: config.redis.cluster,
  };
  const connections: RedisClient[] = [];
  const observer = createRestObserver({
    metrics: deps.metrics,
    log: log.child({ module: 'taskrouter' }),
    now: deps.now,
    ...(deps.credentialsAlarmIntervalMs === undefined
      ? {}
      : { credentialsAlarmIntervalMs: deps.credentialsAlarmIntervalMs }),
  });

  return {
    redis(role, name) {
      const redis = createRedis(config.redis.url, role, name, connect);
      // ioredis's message never carries the URL or its password.
      redis.on('error', (err: Error) =>
        log.warn({ err: err.message, connection: name }, 'redis connection error'),
      );
      connections.push(redis);
      return redis;
    },
    gateway(opts = {}) {
      return createTaskRouterGateway({
        accountSid: config.twilio.accountSid,
        authToken: config.twilio.authToken,
        apiKey: config.twilio.apiKey,
        baseUrl: config.twilio.taskrouterBaseUrl,
        observer,
        now: deps.now,
        ...(opts.maxSockets === undefined ? {} : { maxSockets: opts.maxSockets }),
      });
    },
    async probeRedis(look) {
      const probe = createRedis(config.redis.url, 'probe', 'startup', connect);
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return await look(probe);
      } catch {
        return undefined;
      } finally {
        probe.disconnect();
      }
    },
    close: {
      name: 'redis',
      run: async () => {
        await Promise.all(
          connections.map((redis) =>
            redis.quit().then(
              () => undefined,
              () => redis.disconnect(),
            ),
          ),
        );
      },
    },
  };
}
