import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** A single Redis or a Redis Cluster: everything here works on both (keys share one hash tag). */
export type RedisClient = Redis | Cluster;

/**
 * `producer` connections fail fast (no offline queue, one try per command) so a callback is never
 * held up waiting for a Redis that is down; `worker` connections wait and reconnect forever, as
 * BullMQ requires (`maxRetriesPerRequest: null`). See bullmq's "Going to production" guide.
 * A `probe` connects only when asked, tries once and never reconnects: a look at start-up.
 */
export type RedisRole = 'producer' | 'worker' | 'probe';

export interface RedisConnectOptions {
  /** False only for hosted Redis with self-signed certificates (rediss://). */
  readonly tlsRejectUnauthorized?: boolean;
  /** `url` is a seed node of a Redis Cluster; the client discovers the rest and follows MOVED. */
  readonly cluster?: boolean;
}

// ioredis 6's constructors take `replyMapping` without `| undefined`; it is left at its default
// ('legacy': RESP2-shaped replies over RESP3), so the options here never carry it.
type ConnectionOptions = Omit<RedisOptions, 'replyMapping'>;

export function createRedis(
  url: string,
  role: RedisRole,
  name = 'taskrouter-assigner',
  connect: RedisConnectOptions = {},
): RedisClient {
  const common: ConnectionOptions = {
    connectionName: `${name}:${role}`,
    // Reconnect quickly and keep trying: Redis restarts are a normal event.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    ...(url.startsWith('rediss://') && connect.tlsRejectUnauthorized === false
      ? { tls: { rejectUnauthorized: false } }
      : {}),
  };
  const opts: ConnectionOptions =
    role === 'producer'
      ? {
          ...common,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          commandTimeout: 2000,
        }
      : role === 'probe'
        ? {
            ...common,
            lazyConnect: true,
            retryStrategy: () => null,
            maxRetriesPerRequest: 0,
            connectTimeout: 2000,
            commandTimeout: 2000,
          }
        : { ...common, maxRetriesPerRequest: null, enableReadyCheck: true };
  if (!connect.cluster) {
    return new Redis(url, opts);
  }
  const seed = new URL(url);
  const { enableOfflineQueue, ...redisOptions } = opts;
  return new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], {
    redisOptions: {
      ...redisOptions,
      ...(seed.password ? { password: decodeURIComponent(seed.password) } : {}),
      ...(seed.username ? { username: decodeURIComponent(seed.username) } : {}),
    },
    ...(enableOfflineQueue === false ? { enableOfflineQueue: false } : {}),
    ...(role === 'probe' ? { lazyConnect: true } : {}),
    clusterRetryStrategy: (times) =>
      role === 'probe' ? null : Math.min(50 * 2 ** Math.min(times, 6), 2000),
  });
}
