import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from './start-redis-server.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Thrown when local mode finds no Redis and cannot start one. */
export class NoRedisError extends Error {
  constructor() {
    super(
      `No Redis answered on ${DEFAULT_REDIS_URL} and redis-server is not on the PATH.\n` +
        'Install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis),\n' +
        'or set REDIS_URL to a Redis you run.',
    );
    this.name = new.target.name;
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: 500,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Local mode's Redis: `REDIS_URL` if given; else the default port if something answers there;
 * else a private `redis-server` on a free port that lives and dies with the process.
 */
export async function resolveLocalRedis(
  redisUrl: string | undefined,
): Promise<{ url: string; server: RedisServer | undefined }> {
  if (redisUrl) {
    return { url: redisUrl, server: undefined };
  }
  if (await answers(DEFAULT_REDIS_URL)) {
    return { url: DEFAULT_REDIS_URL, server: undefined };
  }
  try {
    const server = await startRedisServer();
    return { url: server.url, server };
  } catch {
    throw new NoRedisError();
  }
}
