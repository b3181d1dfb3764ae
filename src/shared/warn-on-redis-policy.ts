import type { RedisClient } from './create-redis.js';
import type { Logger } from './logger.js';

/**
 * BullMQ and the reservation records must never be evicted to make room: an evicted job is a lost
 * reservation. Warns (does not refuse to start: managed Redis may hide CONFIG) unless the policy
 * is `noeviction`.
 */
export async function warnOnRedisPolicy(
  redis: RedisClient,
  log: Logger,
): Promise<string | undefined> {
  try {
    const reply = await redis.config('GET', 'maxmemory-policy');
    const policy = reply[1];
    if (policy !== undefined && policy !== 'noeviction') {
      log.warn(
        { policy },
        'Redis maxmemory-policy is not noeviction: queued jobs and reservation records may be evicted under memory pressure; set `maxmemory-policy noeviction`',
      );
    }
    return policy;
  } catch (err) {
    log.info(
      { err: (err as Error).message },
      'could not read Redis maxmemory-policy (CONFIG may be disabled); make sure it is noeviction',
    );
    return undefined;
  }
}
