import type { Config } from '../config/env.js';
import { QUEUE_NAME } from '../queue/contract.js';
import type { RedisClient } from '../shared/create-redis.js';
import { AppError } from '../shared/errors.js';
import { RECORD_GRACE_MS } from '../state/create-redis-reservation-store.js';
import type { Infrastructure } from './create-infrastructure.js';
import { shardPrefixesOf } from './key-prefix.js';

/** The BullMQ lists that hold jobs still to run; finished jobs are not work. */
const WORK_LISTS = [
  'wait',
  'active',
  'delayed',
  'prioritized',
  'paused',
  'waiting-children',
] as const;

export interface LayoutFacts {
  /** REDIS_PREFIX, without braces. */
  readonly prefix: string;
  readonly count: number;
  readonly draining: readonly number[];
  readonly now: () => number;
}

/** Work found in a layout this process was not told about. */
export interface ForeignWork {
  readonly shards: number;
  readonly keyPrefix: string;
  readonly jobs: number;
  readonly inFlight: number;
}

/**
 * The set of shard counts ever started with more than one shard, under the deployment's own hash
 * tag. One shard (today's layout) is never registered: it is always checked, so a deployment
 * that never shards writes nothing new.
 */
export function layoutRegistryKey(prefix: string): string {
  return `{${prefix}}:layouts`;
}

/** The layouts to look for work in: every one started before, and the single-shard one, but ours and those draining. */
export function layoutsToCheck(
  registered: readonly number[],
  count: number,
  draining: readonly number[],
): number[] {
  const candidates = new Set([1, ...registered.filter((n) => Number.isInteger(n) && n >= 1)]);
  return [...candidates].filter((n) => n !== count && !draining.includes(n)).sort((a, b) => a - b);
}

/** The start-up message: which layouts hold work and what to do. */
export function foreignLayoutError(found: readonly ForeignWork[], count: number): AppError {
  const where = found
    .map(
      (f) =>
        `${f.keyPrefix} (QUEUE_SHARDS=${f.shards}): ${f.jobs} job list(s) not empty, ${f.inFlight} reservation(s) in flight`,
    )
    .join('; ');
  const counts = [...new Set(found.map((f) => f.shards))].join(',');
  return new AppError(
    'ERR_QUEUE_LAYOUT_FOREIGN',
    `This process has QUEUE_SHARDS=${count}; found ${where}. Set QUEUE_SHARDS_DRAINING=${counts} if processes of that layout are running to drain it.`,
  );
}

/**
 * Looks for unfinished work in every other layout this deployment has used (a few EXISTS and
 * ZCOUNT per shard, no SCAN), then registers this layout's shard count. Each shard's keys
 * share one hash tag, so each look is a single-slot command on a cluster.
 */
export async function findForeignWork(
  redis: RedisClient,
  facts: LayoutFacts,
): Promise<ForeignWork[]> {
  const registry = layoutRegistryKey(facts.prefix);
  const registered = (await redis.smembers(registry)).map(Number);
  const found: ForeignWork[] = [];
  for (const shards of layoutsToCheck(registered, facts.count, facts.draining)) {
    const looks = await Promise.all(
      shardPrefixesOf(facts.prefix, shards).map(async (keyPrefix) => {
        const jobs = await redis.exists(
          ...WORK_LISTS.map((list) => `${keyPrefix}:${QUEUE_NAME}:${list}`),
        );
        // An index entry past its record's lifetime is left over, not work.
        const inFlight = await redis.zcount(
          `${keyPrefix}:inflight`,
          facts.now() - RECORD_GRACE_MS,
          '+inf',
        );
        return { shards, keyPrefix, jobs, inFlight };
      }),
    );
    found.push(...looks.filter((l) => l.jobs > 0 || l.inFlight > 0));
  }
  if (found.length === 0 && facts.count > 1) {
    await redis.sadd(registry, String(facts.count));
  }
  return found;
}

/**
 * The start-up check every process runs: rejects with ERR_QUEUE_LAYOUT_FOREIGN when another
 * layout holds work. A Redis that cannot be reached now is not checked (the processes wait for
 * it and say so), and this start is not refused for it.
 */
export async function refuseForeignLayout(
  infra: Pick<Infrastructure, 'probeRedis'>,
  config: Pick<Config, 'redis' | 'shards'>,
  now: () => number,
): Promise<void> {
  const { count, draining } = config.shards;
  const foreign = await infra.probeRedis((redis) =>
    findForeignWork(redis, { prefix: config.redis.prefix, count, draining, now }),
  );
  if (foreign !== undefined && foreign.length > 0) {
    throw foreignLayoutError(foreign, count);
  }
}
