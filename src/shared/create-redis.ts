import { Redis, type RedisOptions } from 'ioredis';

/**
 * `producer` connections fail fast (no offline queue, one try per command) so a callback is never
 * held up waiting for a Redis that is down; `worker` connections wait and reconnect forever, as
 * BullMQ requires (`maxRetriesPerRequest: null`). See bullmq's "Going to production" guide.
 */
export type RedisRole = 'producer' | 'worker';

export function createRedis(
  url: string,
  role: RedisRole,
  name = 'taskrouter-assigner',
  tlsOpts: { tlsRejectUnauthorized?: boolean } = {},
): Redis {
  const common: RedisOptions = {
    // rediss:// turns TLS on; hosted Redis with self-signed certificates needs the check off.
    ...(url.startsWith('rediss://') && tlsOpts.tlsRejectUnauthorized === false
      ? { tls: { rejectUnauthorized: false } }
      : {}),
    connectionName: `${name}:${role}`,
    // Reconnect quickly and keep trying: Redis restarts are a normal event.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
  };
  const opts: RedisOptions =
    role === 'producer'
      ? { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }
      : { ...common, maxRetriesPerRequest: null, enableReadyCheck: true };
  return new Redis(url, opts);
}
